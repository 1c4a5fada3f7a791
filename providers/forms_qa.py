"""Forms for quality assurance: the framework, visits, actions, notices, concerns, commissioning."""

from __future__ import annotations

from django import forms

from core.calendar import academic_year_label
from core.govuk_forms import GovukDateField
from providers.forms import GovukMessages, PoundsField, YesNoField, whole_number
from providers.models import Concern, NoticeToImprove, Visit, VisitAction

ACTION_SLOTS = 3


def _level_choices(levels):
    return [("", "Choose a judgement")] + [(str(level.pk), level.label) for level in levels]


class JudgementsMixin:
    """One select (the scale) and one commentary box per active domain: fields domain_<id> and comment_<id>."""

    comment_label = "Commentary (optional)"

    def add_domains(self, domains, levels):
        self.domains = list(domains)
        for domain in self.domains:
            self.fields[f"domain_{domain.pk}"] = forms.ChoiceField(
                label=f"Judgement for {domain.name.lower()}",
                choices=_level_choices(levels),
                error_messages={
                    "required": f"Choose a judgement for {domain.name.lower()}",
                    "invalid_choice": f"The judgement for {domain.name.lower()} must be one on the scale",
                },
            )
            self.fields[f"comment_{domain.pk}"] = forms.CharField(
                label=f"{self.comment_label}: {domain.name.lower()}",
                widget=forms.Textarea,
                required=False,
                max_length=2000,
            )

    def judgements(self) -> dict:
        return {
            d.pk: (self.cleaned_data.get(f"domain_{d.pk}"), self.cleaned_data.get(f"comment_{d.pk}", ""))
            for d in self.domains
        }

    def domain_fields(self):
        return [(d, self[f"domain_{d.pk}"], self[f"comment_{d.pk}"]) for d in self.domains]


class VisitScheduleForm(GovukMessages, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of visit", choices=Visit.Kind.choices, error_messages={"required": "Choose the kind of visit"}
    )
    scheduled_for = GovukDateField(label="Date of the visit", label_lower="date of the visit")
    focus = forms.CharField(label="Focus (for a focus visit)", required=False, max_length=300)


class AnnualVisitsForm(GovukMessages, forms.Form):
    scheduled_for = GovukDateField(
        label="Date to schedule the visits for",
        label_lower="date of the visits",
        help_text="You can change each visit's date later by cancelling and rescheduling it",
    )


class VisitRecordForm(GovukMessages, JudgementsMixin, forms.Form):
    carried_out_on = GovukDateField(label="Date of the visit", label_lower="date of the visit")
    evidence = forms.CharField(
        label="Evidence seen",
        widget=forms.Textarea,
        max_length=6000,
        error_messages={"required": "Enter the evidence seen on the visit"},
        help_text="Sessions observed, documents checked, people spoken to",
    )
    pupil_voice = forms.CharField(
        label="Pupil voice",
        widget=forms.Textarea,
        required=False,
        max_length=4000,
        help_text="What pupils said about the provision. Do not name pupils",
    )
    overall_level = forms.ChoiceField(
        label="Overall judgement",
        error_messages={
            "required": "Choose an overall judgement",
            "invalid_choice": "The overall judgement must be one on the scale",
        },
    )
    summary = forms.CharField(label="Summary", widget=forms.Textarea, required=False, max_length=4000)

    def __init__(self, *args, domains=(), levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        levels = list(levels)
        self.fields["overall_level"].choices = _level_choices(levels)
        self.add_domains(domains, levels)
        for index in range(1, ACTION_SLOTS + 1):
            self.fields[f"action_{index}"] = forms.CharField(
                label=f"Action {index} (optional)", required=False, max_length=300
            )
            self.fields[f"action_{index}_due"] = GovukDateField(
                label=f"Action {index} due by", label_lower=f"due date of action {index}", required=False
            )
        self.govuk_messages()

    def actions(self):
        return [
            (self.cleaned_data.get(f"action_{i}", ""), self.cleaned_data.get(f"action_{i}_due"))
            for i in range(1, ACTION_SLOTS + 1)
        ]

    def action_fields(self):
        return [(f"action_{i}", f"action_{i}_due") for i in range(1, ACTION_SLOTS + 1)]


class SelfAssessmentForm(GovukMessages, JudgementsMixin, forms.Form):
    comment_label = "Evidence"
    summary = forms.CharField(label="Summary (optional)", widget=forms.Textarea, required=False, max_length=4000)

    def __init__(self, *args, domains=(), levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_domains(domains, list(levels))
        self.govuk_messages()


class CancelVisitForm(GovukMessages, forms.Form):
    reason = forms.CharField(
        label="Why is the visit cancelled?", widget=forms.Textarea, required=False, max_length=1000
    )


class ActionForm(GovukMessages, forms.Form):
    description = forms.CharField(label="What the provider must do", max_length=300, required=False)
    due_on = GovukDateField(label="Due by", label_lower="due date")


class CloseActionForm(GovukMessages, forms.Form):
    status = forms.ChoiceField(
        label="Outcome",
        choices=[c for c in VisitAction.Status.choices if c[0] != VisitAction.Status.OPEN],
        error_messages={"required": "Choose whether the action is done or no longer needed"},
    )
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False, max_length=1000)


class NoticeForm(GovukMessages, forms.Form):
    reasons = forms.CharField(
        label="What must improve, and why", widget=forms.Textarea, required=False, max_length=4000
    )
    improve_by = GovukDateField(
        label="Improve by", label_lower="improve-by date", help_text="A follow-up visit is booked for this date"
    )
    arising_from_visit = forms.ModelChoiceField(
        label="Visit that led to the notice (optional)", queryset=None, required=False, empty_label="None"
    )

    def __init__(self, *args, visits=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arising_from_visit"].queryset = visits
        self.fields["arising_from_visit"].label_from_instance = lambda v: (
            f"{v.get_kind_display()} on {v.date:%-d %B %Y}"
        )


class CloseNoticeForm(GovukMessages, forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            (NoticeToImprove.Status.MET, "Improvements made: the provider goes back to approved"),
            (NoticeToImprove.Status.NOT_MET, "Improvements not made: the provider is suspended from the approved list"),
            (NoticeToImprove.Status.WITHDRAWN, "Withdrawn"),
        ],
        error_messages={"required": "Choose the outcome of the notice"},
    )
    note = forms.CharField(label="What the follow-up found", widget=forms.Textarea, required=False, max_length=4000)


class ConcernForm(GovukMessages, forms.Form):
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=None,
        empty_label="Choose a provider",
        error_messages={"required": "Choose the provider"},
    )
    kind = forms.ChoiceField(
        label="Kind of concern", choices=Concern.Kind.choices, error_messages={"required": "Choose the kind of concern"}
    )
    raised_on = GovukDateField(label="Date of the concern", label_lower="date of the concern")
    summary = forms.CharField(label="Summary", required=False, max_length=200)
    details = forms.CharField(
        label="Details",
        widget=forms.Textarea,
        required=False,
        max_length=6000,
        help_text="Do not name pupils. Report a risk to a child through safeguarding procedures first",
    )

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class ConcernUpdateForm(GovukMessages, forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=Concern.Status.choices, error_messages={"required": "Choose the status"}
    )
    response = forms.CharField(label="What has been done", widget=forms.Textarea, required=False, max_length=4000)


class DomainForm(GovukMessages, forms.Form):
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter the domain's name"})
    description = forms.CharField(
        label="Description (optional)", widget=forms.Textarea, required=False, max_length=2000
    )
    sort_order = whole_number("position", label="Position in the framework", min_value=0, max_value=100)
    active = YesNoField(label="In use")


class CriterionForm(GovukMessages, forms.Form):
    text = forms.CharField(label="Criterion", max_length=300, error_messages={"required": "Enter the criterion"})
    sort_order = whole_number("position", label="Position in the domain", min_value=0, max_value=100)
    active = YesNoField(label="In use")


class LevelForm(GovukMessages, forms.Form):
    rank = whole_number("rank", label="Rank", help_text="1 is the strongest judgement")
    label = forms.CharField(label="Label", max_length=60, error_messages={"required": "Enter the judgement's label"})
    description = forms.CharField(label="Description (optional)", required=False, max_length=300)
    prompts_escalation = YesNoField(label="Should lead to a notice to improve")
    active = YesNoField(label="In use")


class BlockCommissionForm(GovukMessages, forms.Form):
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=None,
        empty_label="Choose a provider",
        error_messages={"required": "Choose the provider"},
    )
    academic_year = forms.TypedChoiceField(
        label="Academic year", coerce=int, error_messages={"required": "Choose the academic year"}
    )
    places = whole_number("number of places", label="Places")
    place_funding_pence = PoundsField(
        label="Place funding per place a year (£)",
        label_lower="place funding",
        required=True,
        help_text="For PRUs, AP academies and AP free schools; 0 for other providers",
    )
    top_up_pence = PoundsField(label="Top-up per place a year (£)", label_lower="top-up", required=True)
    joint_commissioners = forms.ModelMultipleChoiceField(
        label="Commissioned jointly with (optional)", queryset=None, required=False
    )
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False, max_length=2000)
    reason = forms.CharField(label="Reason for the change (optional)", required=False, max_length=500)

    def __init__(self, *args, providers=None, years=(), partners=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["academic_year"].choices = [(y, academic_year_label(y)) for y in years]
        self.fields["joint_commissioners"].queryset = partners
        if editing:
            del self.fields["provider"]
        else:
            del self.fields["reason"]
