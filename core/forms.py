"""Forms for the term dates and reference code pages (GOV.UK patterns from core.govuk_forms)."""

from __future__ import annotations

from django import forms

from core.govuk_forms import GovukDateField
from core.models import NonSchoolDay


class TermPeriodForm(forms.Form):
    start_year = forms.IntegerField(
        label="Academic year",
        help_text="The year the academic year starts. For 2025/26, enter 2025.",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year the academic year starts",
            "invalid": "Enter the year the academic year starts as a number, like 2025",
            "min_value": "Enter a year between 2000 and 2100",
            "max_value": "Enter a year between 2000 and 2100",
        },
    )
    name = forms.CharField(
        label="Name",
        help_text="For example, Autumn 1",
        max_length=60,
        error_messages={
            "required": "Enter a name for the term period",
            "max_length": "Name must be 60 characters or fewer",
        },
    )
    start_date = GovukDateField(
        label="First day of the term period", help_text="For example, 3 9 2025", label_lower="start date"
    )
    end_date = GovukDateField(
        label="Last day of the term period", help_text="For example, 24 10 2025", label_lower="end date"
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return cleaned


class NonSchoolDayForm(forms.Form):
    date = GovukDateField(label="Date", help_text="For example, 5 1 2026", label_lower="date")
    kind = forms.ChoiceField(
        label="Kind of day",
        choices=NonSchoolDay.Kind.choices,
        error_messages={"required": "Select the kind of day", "invalid_choice": "Select the kind of day"},
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="For example, Staff training day",
        required=False,
        max_length=200,
        error_messages={"max_length": "Description must be 200 characters or fewer"},
    )


class CodeForm(forms.Form):
    label = forms.CharField(
        label="Label",
        help_text="What the code means, as people will see it",
        max_length=300,
        error_messages={"required": "Enter a label", "max_length": "Label must be 300 characters or fewer"},
    )
    category = forms.ChoiceField(label="Category", required=False, choices=[])
    active = forms.TypedChoiceField(
        label="Is this code in use?",
        help_text="A code not in use cannot be chosen for new records, but older records keep it.",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        error_messages={
            "required": "Select whether the code is in use",
            "invalid_choice": "Select whether the code is in use",
        },
    )
    reason = forms.CharField(
        label="Reason for the change",
        help_text="For example, the DfE's 2025 guidance words this code differently",
        max_length=2000,
        error_messages={
            "required": "Enter a reason for the change",
            "max_length": "Reason must be 2000 characters or fewer",
        },
    )

    def __init__(self, *args, categories: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        field.choices = [(c, c) for c in categories]
        field.required = bool(categories)
        field.error_messages = {"required": "Select a category", "invalid_choice": "Select a category"}
        if not categories:
            del self.fields["category"]

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("category", "")
        return cleaned
