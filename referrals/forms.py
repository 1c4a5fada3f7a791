from django import forms

from core.govuk_forms import GovukDateField
from providers.models import Provider
from referrals.models import Need, ParentAgreement, Route, Tier


class RequestForm(forms.Form):
    need = forms.ChoiceField(
        label="Main need", choices=Need.choices, error_messages={"required": "Choose the pupil's main need"}
    )
    need_detail = forms.CharField(
        label="What the pupil needs",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="Why the school is asking for support now, and what it hopes the support will achieve",
    )
    tier = forms.ChoiceField(
        label="Support asked for",
        choices=Tier.choices,
        error_messages={"required": "Choose the tier of support asked for"},
    )
    child_views = forms.CharField(
        label="The child's views",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="In the child's own words where possible. Needed before you submit.",
    )
    parent_views = forms.CharField(
        label="The parent's or carer's views",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="Needed before you submit.",
    )
    parent_agreement = forms.ChoiceField(
        label="Has the parent or carer been told about this request?",
        choices=ParentAgreement.choices,
        error_messages={"required": "Choose whether the parent or carer has been informed"},
    )
    preferred_providers = forms.ModelMultipleChoiceField(
        label="Preferred providers (optional)",
        queryset=Provider.objects.none(),
        required=False,
        help_text="Approved providers the school thinks could meet the need",
    )
    risks = forms.CharField(
        label="Risks (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="Seen only by the school, LA caseworkers and panel members who need it; never by providers",
    )
    safeguarding = forms.CharField(
        label="Safeguarding notes (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="Seen only by the school's leaders and safeguarding lead, LA caseworkers and panel members who need it",
    )

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_providers"].queryset = providers if providers is not None else Provider.objects.none()

    def request_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in RequestForm.base_fields}


class NewRequestForm(RequestForm):
    upn = forms.CharField(
        label="Pupil's UPN",
        max_length=20,
        help_text="13 characters, for example A358400120001",
        error_messages={"required": "Enter the pupil's UPN"},
    )
    route = forms.ChoiceField(label="Why is this request being made?", choices=Route.choices, initial=Route.SCHOOL)

    field_order = ["upn", "route"]

    def __init__(self, *args, routes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if routes is not None:
            self.fields["route"].choices = [c for c in Route.choices if c[0] in routes]


class GraduatedResponseForm(forms.Form):
    what = forms.CharField(
        label="What the school tried",
        max_length=300,
        error_messages={"required": "Enter what the school tried"},
        help_text="For example: mentoring twice a week, a part-time timetable, an early help assessment",
    )
    started = GovukDateField(label="When it started", label_lower="start date")
    ended = GovukDateField(label="When it ended (if it has)", label_lower="end date", required=False)
    outcome = forms.CharField(
        label="How it went",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter how it went"},
    )


class AttachmentForm(forms.Form):
    upload = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word document (DOCX), JPEG or PNG",
        error_messages={"required": "Choose a file to upload", "empty": "The selected file is empty"},
    )
    description = forms.CharField(
        label="What is it? (optional)",
        max_length=200,
        required=False,
        help_text="For example: educational psychologist's report, March 2026",
    )


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label="What happens next?",
        choices=[("triage", "Accept for a panel"), ("return", "Return to the school for more information")],
        error_messages={"required": "Choose whether to accept the request or return it"},
    )
    notes = forms.CharField(
        label="Notes",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="If you return the request, say what more information the school needs to give",
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why is the request being closed?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say why the request is being closed"},
    )


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from referrals.models import Status

        self.fields["status"].choices = [("", "Any status")] + list(Status.choices)
