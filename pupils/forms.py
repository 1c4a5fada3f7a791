from django import forms

from accounts.models import Organisation
from accounts.roles import OrganisationKind
from core import codes
from core.govuk_forms import GovukDateField
from pupils.models import EducationStatus, Pupil, Registration

YES_NO = [("yes", "Yes"), ("no", "No")]


class YesNoField(forms.TypedChoiceField):
    def __init__(self, *, label, **kwargs):
        super().__init__(
            label=label,
            choices=YES_NO,
            coerce=lambda v: v == "yes",
            empty_value=False,
            error_messages={"required": f"Select yes or no: {label.lower()}"},
            **kwargs,
        )

    def prepare_value(self, value):
        return {True: "yes", False: "no"}.get(value, value)


class PupilForm(forms.Form):
    upn = forms.CharField(
        label="UPN (unique pupil number)",
        max_length=20,
        help_text="13 characters, for example A358400120001",
        error_messages={"required": "Enter the pupil's UPN"},
    )
    uln = forms.CharField(
        label="ULN (optional)", max_length=10, required=False, help_text="10 digits, for pupils 14 and over"
    )
    legal_forename = forms.CharField(
        label="Legal first name", max_length=100, error_messages={"required": "Enter the pupil's legal first name"}
    )
    legal_surname = forms.CharField(
        label="Legal last name", max_length=100, error_messages={"required": "Enter the pupil's legal last name"}
    )
    preferred_forename = forms.CharField(label="Preferred first name (optional)", max_length=100, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth", label_lower="date of birth", help_text="For example, 14 3 2012"
    )
    sex = forms.ChoiceField(
        label="Sex", choices=Pupil.Sex.choices, error_messages={"required": "Select the pupil's sex"}
    )
    sen_provision = forms.ChoiceField(
        label="SEN provision",
        choices=Pupil.SENProvision.choices,
        error_messages={"required": "Select the pupil's SEN provision"},
    )
    fsm_eligible = YesNoField(label="Eligible for free school meals")
    looked_after = YesNoField(label="Looked after")
    child_in_need = YesNoField(label="Child in need")

    def pupil_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in PupilForm.base_fields}


class NewPupilForm(PupilForm):
    school = forms.ModelChoiceField(
        label="School",
        queryset=Organisation.objects.none(),
        empty_label="Choose a school",
        error_messages={"required": "Choose the pupil's school"},
    )
    registration_start = GovukDateField(
        label="Date the pupil joined the school roll", label_lower="date the pupil joined the roll"
    )

    def __init__(self, *args, school_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if school_choices is None:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = school_choices


def exclusion_reason_choices():
    return [("", "Not applicable")] + [(c, f"{c} – {label}") for c, label in codes.choices("exclusion-reason")]


class EpisodeForm(forms.Form):
    status = forms.ChoiceField(
        label="Education status",
        choices=EducationStatus.choices,
        error_messages={"required": "Choose the education status"},
    )
    start_date = GovukDateField(label="Start date", label_lower="start date")
    end_date = GovukDateField(
        label="End date (if known)",
        label_lower="end date",
        required=False,
        help_text="The last day, for example 27 3 2026. For a suspension this is required.",
    )
    school = forms.ModelChoiceField(
        label="Responsible school",
        queryset=Organisation.objects.filter(kind=OrganisationKind.SCHOOL),
        required=False,
        empty_label="None",
        help_text="The home school, or the school that excluded the pupil",
    )
    agreed_end_date = GovukDateField(
        label="Agreed end date (part-time timetable only)", label_lower="agreed end date", required=False
    )
    sessions = forms.IntegerField(
        label="Sessions (suspension only)",
        required=False,
        min_value=1,
        max_value=90,
        help_text="Half days. A 3-day suspension is 6 sessions.",
        error_messages={"invalid": "Enter the sessions as a whole number, like 6"},
    )
    provision_start_date = GovukDateField(
        label="Full-time provision started (if it has)", label_lower="date provision started", required=False
    )
    reason_code = forms.ChoiceField(
        label="Exclusion reason (suspension or permanent exclusion)", required=False, choices=()
    )
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_code"].choices = exclusion_reason_choices()


class EndRegistrationForm(forms.Form):
    end_date = GovukDateField(label="Last day on the register", label_lower="end date")


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="School or provider",
        queryset=Organisation.objects.filter(kind__in=[OrganisationKind.SCHOOL, OrganisationKind.PROVIDER]),
        empty_label="Choose a school or provider",
        error_messages={"required": "Choose the school or provider"},
    )
    enrolment_status = forms.ChoiceField(label="Enrolment status", choices=Registration.EnrolmentStatus.choices)
    start_date = GovukDateField(label="Start date", label_lower="start date")


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False)
    school = forms.ChoiceField(label="School", required=False)
    partnership = forms.ChoiceField(label="Partnership or locality", required=False)
    year_group = forms.ChoiceField(label="Year group", required=False)
    sen = forms.ChoiceField(
        label="SEN provision", required=False, choices=[("", "Any")] + list(Pupil.SENProvision.choices)
    )
    flagged = forms.ChoiceField(
        label="Show", required=False, choices=[("", "Everyone on the register"), ("yes", "Only pupils with a flag")]
    )

    def __init__(self, *args, schools=(), partnerships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status")] + [
            (s.value, s.label) for s in EducationStatus if s != EducationStatus.FULL_TIME_MAINSTREAM
        ]
        self.fields["school"].choices = [("", "All schools")] + [(str(o.pk), o.name) for o in schools]
        self.fields["partnership"].choices = [("", "All partnerships and localities")] + [
            (str(p.pk), p.organisation.name) for p in partnerships
        ]
        self.fields["year_group"].choices = [("", "Any year")] + [
            (str(y), "Reception" if y == 0 else f"Year {y}") for y in range(0, 14)
        ]
