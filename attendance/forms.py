from __future__ import annotations

import datetime

from django import forms

from attendance import rules
from attendance.models import Achievement, TargetArea, Term
from core.govuk_forms import GovukDateField

SCORE_CHOICES = [(str(k), v) for k, v in rules.SCALE.items()]
MAX_CSV_ROWS = 5000


def day_from_query(params, default: datetime.date) -> datetime.date:
    """The day a page is about: ?date=YYYY-MM-DD, or the three GOV.UK date boxes, or ``default``."""
    text = params.get("date", "")
    if text:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return default
    form = DayForm(params)
    if any(params.get(f"day-{p}") for p in ("day", "month", "year")) and form.is_valid():
        return form.cleaned_data["day"]
    return default


class DayForm(forms.Form):
    day = GovukDateField(label="Go to another day", label_lower="day", help_text="For example, 3 11 2025")


class PeriodForm(forms.Form):
    start = GovukDateField(label="From", label_lower="start date")
    end = GovukDateField(label="To", label_lower="end date")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date must be the same as or after the start date")
        return data


class RegisterForm(forms.Form):
    """One select per expected session on the day's register, named c<component>_<AM|PM>."""

    def __init__(self, *args, rows, codebook, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.cells = {}
        for row in rows:
            for cell in row.cells:
                if not cell.expected:
                    continue
                half = "Morning" if cell.session == "AM" else "Afternoon"
                self.fields[cell.field_name] = forms.ChoiceField(
                    label=f"{half} for {row.pupil.full_name}",
                    required=False,
                    choices=[("", "Not marked")] + codebook.choices(day, cell.session),
                    initial=cell.code,
                )
                self.cells[cell.field_name] = (row, cell)

    def marks(self, day: datetime.date) -> tuple[list[dict], list[str]]:
        """The chosen codes as marks for record_marks, with the field name of each."""
        marks, names = [], []
        for name, (row, cell) in self.cells.items():
            code = self.cleaned_data.get(name)
            if code:
                marks.append(
                    {
                        "upn": row.pupil.upn,
                        "component_id": row.component.pk,
                        "date": day,
                        "session": cell.session,
                        "code": code,
                    }
                )
                names.append(name)
        return marks, names


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Columns upn, date, session, code. Dates as YYYY-MM-DD, sessions AM or PM.",
        error_messages={"required": "Choose a CSV file to upload", "empty": "The file is empty"},
    )


class AlertSettingsForm(forms.Form):
    am_deadline = forms.TimeField(
        label="Morning register deadline",
        help_text="Use the 24-hour clock, for example 10:30",
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": "Enter the morning deadline",
            "invalid": "Enter the morning deadline as a time, like 10:30",
        },
    )
    pm_deadline = forms.TimeField(
        label="Afternoon register deadline",
        help_text="Use the 24-hour clock, for example 14:30",
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": "Enter the afternoon deadline",
            "invalid": "Enter the afternoon deadline as a time, like 14:30",
        },
    )


class NoteForm(forms.Form):
    week_of = GovukDateField(
        label="Week beginning", label_lower="week", help_text="The Monday of the week, for example 3 11 2025"
    )
    summary = forms.CharField(
        label="How the week went",
        widget=forms.Textarea,
        max_length=5000,
        help_text="Attendance, engagement, behaviour and learning this week",
        error_messages={"required": "Enter how the week went"},
    )
    concerns = forms.CharField(label="Concerns (optional)", widget=forms.Textarea, max_length=5000, required=False)
    next_steps = forms.CharField(label="Next steps (optional)", widget=forms.Textarea, max_length=5000, required=False)


def term_choices(today: datetime.date, component) -> list[tuple[str, str]]:
    """Terms from the component's start to the current term, newest first, as 'YYYY-term'."""
    from attendance.queries_progress import term_label

    current = rules.term_of(today)
    choices = []
    year, term = rules.term_of(component.start_date)
    order = list(Term.values)
    while rules.term_sort_key(year, term) <= rules.term_sort_key(*current):
        choices.append((f"{year}-{term}", term_label(year, term)))
        index = order.index(term) + 1
        year, term = (year + 1, order[0]) if index == len(order) else (year, order[index])
    return list(reversed(choices))


class TargetsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for area in TargetArea:
            self.fields[f"{area.value}_baseline"] = forms.TypedChoiceField(
                label="At the start of the term",
                choices=[("", "Choose")] + SCORE_CHOICES,
                coerce=int,
                error_messages={"required": f"Choose a baseline score for {area.label.lower()}"},
            )
            self.fields[f"{area.value}_target"] = forms.TypedChoiceField(
                label="Target for the end of the term",
                choices=[("", "Choose")] + SCORE_CHOICES,
                coerce=int,
                error_messages={"required": f"Choose a target for {area.label.lower()}"},
            )
            self.fields[f"{area.value}_outcome"] = forms.TypedChoiceField(
                label="At the end of the term (when known)",
                choices=[("", "Not yet")] + SCORE_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"{area.value}_comment"] = forms.CharField(
                label="Comment (optional)", max_length=500, required=False
            )

    def ratings(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            area.value: {
                "baseline": data.get(f"{area.value}_baseline"),
                "target": data.get(f"{area.value}_target"),
                "outcome": data.get(f"{area.value}_outcome"),
                "comment": data.get(f"{area.value}_comment", ""),
            }
            for area in TargetArea
        }

    def area_fields(self):
        return [
            (area, [self[f"{area.value}_{part}"] for part in ("baseline", "target", "outcome", "comment")])
            for area in TargetArea
        ]


class AchievementForm(forms.Form):
    kind = forms.ChoiceField(
        label="Is it a qualification or a unit?",
        choices=Achievement.Kind.choices,
        error_messages={"required": "Choose whether it is a qualification or a unit"},
    )
    title = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Functional Skills English or Health and safety unit",
        error_messages={"required": "Enter the name of the qualification or unit"},
    )
    awarding_body = forms.CharField(label="Awarding body (optional)", max_length=100, required=False)
    level = forms.ChoiceField(label="Level", choices=Achievement.Level.choices, initial=Achievement.Level.NONE)
    grade = forms.CharField(label="Grade (optional)", max_length=30, required=False)
    achieved_on = GovukDateField(label="Date achieved", label_lower="date achieved")
