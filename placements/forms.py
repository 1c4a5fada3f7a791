"""Forms for placement pages. Each field's GOV.UK component is chosen by ``field_kind``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms

from accounts.models import Organisation
from accounts.roles import OrganisationKind
from core.govuk_forms import GovukDateField
from placements.models import (
    SESSION_KEYS,
    Destination,
    EndReason,
    RegistrationArrangement,
    Respondent,
    Review,
    SurveyResponse,
    Tier,
    session_label,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


class GovukForm(forms.Form):
    """Names the GOV.UK component each field is rendered with (placements/_fields.html)."""

    def field_kind(self, name: str) -> str:
        field = self.fields[name]
        if isinstance(field, GovukDateField):
            return "date"
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.Textarea):
            return "textarea"
        if isinstance(widget, forms.Select):
            return "select"
        return "input"


class PoundsField(forms.CharField):
    """Money typed in pounds (like 45 or £45.50), cleaned to integer pence."""

    def to_python(self, value):
        value = (super().to_python(value) or "").replace("£", "").replace(",", "").strip()
        if not value:
            return None
        if not re.fullmatch(r"\d+(\.\d{1,2})?", value):
            raise forms.ValidationError("Enter the price in pounds, like 45 or 45.50")
        try:
            return int(Decimal(value) * 100)
        except InvalidOperation:
            raise forms.ValidationError("Enter the price in pounds, like 45 or 45.50") from None

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value / 100:.2f}"
        return value


def commissioning_organisations():
    return Organisation.objects.filter(
        kind__in=[OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.SCHOOL, OrganisationKind.PARTNERSHIP]
    ).order_by("kind", "name")


def schools():
    return Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name")


class TermsForm(GovukForm):
    home_school = forms.ModelChoiceField(
        label="Home school",
        queryset=Organisation.objects.none(),
        empty_label="Choose the home school",
        help_text="The school that stays responsible for the pupil",
        error_messages={"required": "Choose the home school"},
    )
    commissioner = forms.ModelChoiceField(
        label="Commissioner",
        queryset=Organisation.objects.none(),
        empty_label="Choose the commissioner",
        help_text="Who arranges the placement and keeps oversight of it",
        error_messages={"required": "Choose the commissioner"},
    )
    funder = forms.ModelChoiceField(
        label="Funder",
        queryset=Organisation.objects.none(),
        empty_label="Choose who pays",
        help_text="Who pays for the placement",
        error_messages={"required": "Choose who pays for the placement"},
    )
    tier = forms.ChoiceField(
        label="Tier of support",
        choices=Tier.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the tier of support"},
    )
    start_date = GovukDateField(label="Start date", label_lower="start date")
    planned_end_date = GovukDateField(
        label="Planned end date (optional)",
        label_lower="planned end date",
        required=False,
        help_text="Leave blank for the default: 12 weeks after the start",
    )
    registration_arrangement = forms.ChoiceField(
        label="Registration",
        choices=RegistrationArrangement.choices,
        widget=forms.RadioSelect,
        help_text="This sets the code the home school marks: K, B or D",
        error_messages={"required": "Choose how the pupil is registered"},
    )
    objectives = forms.CharField(
        label="Objectives",
        widget=forms.Textarea,
        max_length=4000,
        help_text="What the placement should achieve for the pupil",
        error_messages={"required": "Enter the objectives"},
    )
    reintegration_plan = forms.CharField(
        label="Reintegration plan",
        widget=forms.Textarea,
        max_length=4000,
        required=False,
        help_text="How and when the pupil is expected to return. Required for a time-limited placement",
    )

    def __init__(
        self, *args, fixed_school=None, fixed_commissioner=None, funder_choices=None, with_tier=True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if fixed_school is not None:
            del self.fields["home_school"]
        else:
            self.fields["home_school"].queryset = schools()
        if fixed_commissioner is not None:
            del self.fields["commissioner"]
        else:
            self.fields["commissioner"].queryset = commissioning_organisations()
        self.fields["funder"].queryset = funder_choices if funder_choices is not None else commissioning_organisations()
        if not with_tier:
            del self.fields["tier"]


class PlanForm(GovukForm):
    objectives = TermsForm.base_fields["objectives"]
    reintegration_plan = TermsForm.base_fields["reintegration_plan"]


class ComponentForm(GovukForm):
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=None,
        empty_label="Choose a provider",
        help_text="Only providers approved on the framework are listed",
        error_messages={"required": "Choose the provider"},
    )
    programme = forms.ModelChoiceField(
        label="Programme (optional)",
        queryset=None,
        required=False,
        empty_label="No programme: a bespoke package",
        help_text="The price per session comes from the programme",
    )
    sessions = forms.MultipleChoiceField(
        label="Sessions each week",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(key, session_label(key)) for key in SESSION_KEYS],
        help_text="Select every session the pupil attends. Leave blank if the provider works by the hour",
    )
    hours_per_week = forms.DecimalField(
        label="Hours a week (optional)",
        required=False,
        min_value=Decimal("0.5"),
        max_value=40,
        decimal_places=1,
        help_text="For tuition or other provision bought by the hour",
        error_messages={"invalid": "Enter hours a week as a number, like 10 or 7.5"},
    )
    cost_per_session_pence = PoundsField(
        label="Price per session, in pounds (optional)",
        required=False,
        help_text="Leave blank to use the programme's price",
    )
    start_date = GovukDateField(
        label="Start date (optional)",
        label_lower="start date",
        required=False,
        help_text="Leave blank to start with the placement",
    )
    end_date = GovukDateField(
        label="End date (optional)",
        label_lower="end date",
        required=False,
        help_text="Leave blank to run to the end of the placement",
    )

    def __init__(self, *args, providers=None, programmes=None, with_dates=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: f"{p.provider.name}: {p.name}"
        if not with_dates:
            del self.fields["start_date"]
            del self.fields["end_date"]

    def component_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in ComponentForm.base_fields}
        data["sessions"] = list(data.get("sessions") or [])
        return data


COMPONENT_NAMES = ["provider", "programme", "sessions", "hours_per_week", "cost_per_session_pence"]


class LearnerProfileForm(GovukForm):
    strengths = forms.CharField(
        label="Strengths and interests (optional)", widget=forms.Textarea, required=False, max_length=4000
    )
    needs = forms.CharField(
        label="Needs",
        widget=forms.Textarea,
        max_length=4000,
        help_text="Learning, SEND, social and emotional needs",
        error_messages={"required": "Enter the pupil's needs"},
    )
    what_helps = forms.CharField(
        label="What helps", widget=forms.Textarea, max_length=4000, error_messages={"required": "Enter what helps"}
    )
    what_to_avoid = forms.CharField(
        label="What to avoid",
        widget=forms.Textarea,
        max_length=4000,
        help_text="Triggers and approaches that do not work",
        error_messages={"required": "Enter what to avoid"},
    )
    risks = forms.CharField(
        label="Risks and how they are managed",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter the risks and how they are managed"},
    )
    medical = forms.CharField(
        label="Medical needs and medication (optional)", widget=forms.Textarea, required=False, max_length=4000
    )


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is the placement cancelled?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why the placement is cancelled"},
    )


class StartForm(GovukForm):
    start_date = GovukDateField(label="Date the pupil started", label_lower="start date")


class EndForm(GovukForm):
    end_date = GovukDateField(label="Last day of the placement", label_lower="end date")
    end_reason = forms.ChoiceField(
        label="Why did the placement end?",
        choices=EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the placement ended"},
    )
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False, max_length=2000)


class ExtendForm(GovukForm):
    decision = forms.ModelChoiceField(
        label="Panel decision",
        queryset=None,
        empty_label="Choose the panel decision",
        error_messages={"required": "Choose the panel decision to extend the placement"},
    )
    new_planned_end_date = GovukDateField(
        label="New planned end date (optional)",
        label_lower="new planned end date",
        required=False,
        help_text="Leave blank to add the number of weeks the panel decided",
    )

    def __init__(self, *args, decisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = lambda d: (
            f"Decided {d.decided_at:%-d %B %Y}" + (f", {d.placement_weeks} weeks" if d.placement_weeks else "")
        )


class ReviewForm(GovukForm):
    held_on = GovukDateField(label="Date the review was held", label_lower="review date")
    progress = forms.CharField(
        label="Progress against the objectives",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter the progress made against the objectives"},
    )
    young_person_views = forms.CharField(
        label="The young person's views",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter the young person's views, or say why they could not be given"},
    )
    parent_views = forms.CharField(
        label="The parent's or carer's views",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter the parent's or carer's views, or say why they could not be given"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Review.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the review"},
    )
    next_steps = forms.CharField(label="Next steps (optional)", widget=forms.Textarea, required=False, max_length=4000)


class AddReviewForm(GovukForm):
    due_date = GovukDateField(label="Date of the additional review", label_lower="review date")


class ReturnForm(GovukForm):
    school = forms.ModelChoiceField(
        label="School the pupil returns to",
        queryset=None,
        empty_label="Choose the school",
        error_messages={"required": "Choose the school the pupil returns to"},
    )
    return_date = GovukDateField(label="First day back at school", label_lower="return date")
    plan = forms.CharField(
        label="Return plan",
        widget=forms.Textarea,
        max_length=4000,
        help_text="Timetable, support, and who does what",
        error_messages={"required": "Enter the return plan"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools()


class ReturnCheckForm(GovukForm):
    checked_on = GovukDateField(label="Date of the check", label_lower="date of the check")
    held = forms.TypedChoiceField(
        label="Has the return held?",
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        help_text="Is the pupil still attending the school?",
        error_messages={"required": "Select whether the return has held"},
    )
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False, max_length=2000)


class DestinationForm(GovukForm):
    recorded_on = GovukDateField(label="Date the destination was confirmed", label_lower="date")
    outcome = forms.ChoiceField(
        label="Destination",
        choices=Destination.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the destination"},
    )
    detail = forms.CharField(
        label="Details (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="For example the college and course, or the employer",
    )


class SurveyInviteForm(GovukForm):
    respondent = forms.ChoiceField(
        label="Who is the survey for?",
        choices=Respondent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the survey is for"},
    )


class SurveyForm(GovukForm):
    overall = forms.TypedChoiceField(
        label="Overall, how was your time at the provision?",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(str(v), label) for v, label in reversed(SurveyResponse.Rating.choices)],
        error_messages={"required": "Choose how your time at the provision was overall"},
    )
    felt_safe = forms.ChoiceField(
        label="Did you feel safe there?",
        choices=SurveyResponse.Agreement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you felt safe"},
    )
    felt_listened_to = forms.ChoiceField(
        label="Did the staff listen to you?",
        choices=SurveyResponse.Agreement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the staff listened to you"},
    )
    helped = forms.ChoiceField(
        label="Did the placement help?",
        choices=SurveyResponse.Agreement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the placement helped"},
    )
    went_well = forms.CharField(
        label="What went well? (optional)", widget=forms.Textarea, required=False, max_length=4000
    )
    could_be_better = forms.CharField(
        label="What could have been better? (optional)", widget=forms.Textarea, required=False, max_length=4000
    )
