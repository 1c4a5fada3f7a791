"""Django form pieces that match GOV.UK Design System patterns.

``GovukDateField`` takes a date as three boxes (day, month, year) named ``<field>-day`` and
so on, and gives the Design System's error messages. ``error_list`` turns a form's errors
into the items of an error summary, each linking to its field.
"""

from __future__ import annotations

import datetime

from django import forms


class DateInputWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")]


class GovukDateField(forms.Field):
    widget = DateInputWidget

    def __init__(self, *args, label_lower: str = "date", **kwargs):
        self.label_lower = label_lower
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        day, month, year = (value or ["", "", ""])[:3]
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(f"Enter the {self.label_lower}", code="required")
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"The {self.label_lower} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"The {self.label_lower} must be a real date, like 27 3 2026")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"The {self.label_lower} must be a real date, like 27 3 2026") from None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(f"Enter the {self.label_lower}", code="required")


def parts(form: forms.Form, name: str) -> dict[str, str]:
    """The day, month and year a user typed (or the initial date), for redisplay."""
    if form.is_bound:
        return {p: form.data.get(f"{form.add_prefix(name)}-{p}", "") for p in ("day", "month", "year")}
    value = form.initial.get(name) or form.fields[name].initial
    if callable(value):
        value = value()
    if isinstance(value, datetime.date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    return {"day": "", "month": "", "year": ""}


def error_list(form: forms.Form) -> list[dict[str, str]]:
    items = []
    for name, errors in form.errors.items():
        anchor = name
        if name != "__all__" and isinstance(form.fields.get(name), GovukDateField):
            anchor = f"{name}-day"
        items.append({"text": errors[0], "href": f"#{anchor}" if name != "__all__" else "#main-content"})
    return items


def apply_validation_error(form: forms.Form, error) -> None:
    """Put a service's ValidationError onto the form: on the field it names, or on the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
