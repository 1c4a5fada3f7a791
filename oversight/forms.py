import datetime

from django import forms

from core.calendar import academic_year_label
from core.govuk_forms import GovukDateField
from oversight.models import Comparator, MeasureKey, OversightSettings
from oversight.period import MAX_YEARS, Period, academic_year_to_date


class PeriodForm(forms.Form):
    """The date range of the figures: any range, by default this academic year so far."""

    start = GovukDateField(label="From", label_lower="start date", required=False, help_text="For example, 1 9 2025")
    end = GovukDateField(label="To", label_lower="end date", required=False, help_text="For example, 20 11 2025")

    def __init__(self, *args, today: datetime.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if self.errors:
            return data
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        elif start and end and (end - start).days > 366 * MAX_YEARS:
            self.add_error("end", f"Choose a period of {MAX_YEARS} years or less")
        return data

    def period(self) -> Period:
        """The chosen period, the academic year so far when nothing (or something wrong) was entered."""
        default = academic_year_to_date(self.today)
        if not self.is_bound or not self.is_valid():
            return default
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end:
            return Period(start, end)
        if start:
            return Period(start, max(start, self.today))
        if end:
            return Period(academic_year_to_date(end).start, end)
        return default


class FilterForm(PeriodForm):
    """The period and what the figures are about: the area, a partnership or a school."""

    scope = forms.ChoiceField(label="Area, partnership or school", required=False)

    def __init__(self, *args, scopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [
            (s.key, s.name if s.kind != "partnership" else f"{s.name} (partnership)") for s in scopes
        ]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Academic year", coerce=int, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, academic_year_label(y)) for y in years]


class BenchmarkForm(forms.Form):
    measure = forms.ChoiceField(
        label="Measure",
        choices=MeasureKey.choices,
        error_messages={"required": "Choose the measure the figure is a benchmark for"},
    )
    comparator = forms.ChoiceField(
        label="Whom it describes",
        choices=Comparator.choices,
        error_messages={"required": "Choose whom the figure describes"},
    )
    label = forms.CharField(
        label="Label",
        max_length=150,
        help_text="Shown beside the figure, like 'England' or 'Stockport'",
        error_messages={"required": "Enter who the figure describes"},
    )
    value = forms.DecimalField(
        label="Figure",
        max_digits=9,
        decimal_places=2,
        min_value=0,
        help_text="In the measure's own unit: per 10,000, per 100 or per cent",
        error_messages={"required": "Enter the figure", "invalid": "Enter the figure as a number, like 21.8"},
    )
    period = forms.CharField(
        label="Year or survey",
        max_length=80,
        error_messages={"required": "Enter the year or survey the figure comes from"},
    )
    source = forms.CharField(
        label="Source",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter where the figure was published"},
    )
    derivation = forms.CharField(
        label="How it was worked out (optional)", widget=forms.Textarea, required=False, max_length=2000
    )
    sort_order = forms.IntegerField(
        label="Order among the figures for the same comparison",
        min_value=0,
        max_value=999,
        initial=0,
        error_messages={"invalid": "Enter a whole number, like 10"},
    )
    active = forms.ChoiceField(
        label="Show it beside the measures", choices=[("yes", "Yes"), ("no", "No")], initial="yes"
    )
    reason = forms.CharField(
        label="Why are you making this change?",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Enter why the figure is being added or changed"},
    )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["active"] = data.get("active") == "yes"
        data.pop("reason", None)
        return data


class ThresholdsForm(forms.Form):
    reason = forms.CharField(
        label="Why are you changing the thresholds?",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Enter why the thresholds are changing"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for name in OversightSettings.FIELDS:
            model_field = OversightSettings._meta.get_field(name)
            field = model_field.formfield()
            field.label = model_field.verbose_name[0].upper() + model_field.verbose_name[1:]
            field.error_messages["required"] = f"Enter a value: {model_field.verbose_name}"
            field.error_messages["invalid"] = "Enter a number, like 1.5"
            fields[name] = field
        fields["reason"] = self.fields.pop("reason")
        self.fields = fields
