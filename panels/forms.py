import datetime

from django import forms

from accounts.models import Membership, Organisation
from accounts.roles import OrganisationKind
from core.govuk_forms import GovukDateField
from panels.models import Attendance, Cadence, Outcome, PanelRole, PanelType
from pupils.forms import YesNoField
from schools.models import Partnership

ACTION_ROWS = 3


class PanelForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the panel's name"},
        help_text="For example: North Locality Behaviour and Attendance Panel",
    )
    panel_type = forms.ChoiceField(
        label="Type of panel", choices=PanelType.choices, error_messages={"required": "Choose the type of panel"}
    )
    area = forms.ModelChoiceField(
        label="Area",
        queryset=Partnership.objects.select_related("organisation").order_by("organisation__name"),
        required=False,
        empty_label="Whole local authority",
    )
    quorum = forms.IntegerField(
        label="Quorum",
        min_value=1,
        max_value=50,
        help_text="How many voting members with authority to decide must be present for a decision",
        error_messages={"required": "Enter the quorum", "invalid": "Enter the quorum as a whole number, like 3"},
    )
    cadence = forms.ChoiceField(
        label="How often it meets",
        choices=Cadence.choices,
        error_messages={"required": "Choose how often the panel meets"},
    )
    in_spa_rotation = YesNoField(label="Takes a turn at the weekly single point of access")
    rotation_order = forms.IntegerField(
        label="Turn in the rotation (optional)",
        required=False,
        min_value=0,
        max_value=99,
        help_text="Panels take their turn in this order, lowest first",
    )
    active = YesNoField(label="Active")

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["active"]

    def panel_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["rotation_order"] = data.get("rotation_order") or 0
        return data


class MemberForm(forms.Form):
    membership = forms.ModelChoiceField(
        label="Person",
        queryset=Membership.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose the person"},
        help_text="Each person is listed with the organisation they would represent",
    )
    panel_role = forms.ChoiceField(
        label="Role on the panel",
        choices=PanelRole.choices,
        error_messages={"required": "Choose the member's role on the panel"},
    )
    voting = YesNoField(label="Voting member")
    authority_to_decide = YesNoField(label="Has authority to decide for their organisation")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = Membership.objects.select_related("user", "organisation").order_by(
            "user__full_name", "organisation__name"
        )
        self.fields["membership"].label_from_instance = lambda m: (
            f"{m.user.full_name} ({m.get_role_display()}, {m.organisation.name})"
        )


class MeetingForm(forms.Form):
    first_date = GovukDateField(label="Date of the meeting", label_lower="date of the meeting")
    start_time = forms.TimeField(
        label="Start time (optional)",
        required=False,
        input_formats=["%H:%M", "%H.%M"],
        help_text="For example, 09:30",
        error_messages={"invalid": "Enter a time like 09:30"},
    )
    location = forms.CharField(label="Where (optional)", max_length=200, required=False)
    count = forms.IntegerField(
        label="How many meetings to schedule",
        min_value=1,
        max_value=26,
        initial=1,
        help_text="More than 1 schedules a series at the panel's cadence",
        error_messages={"required": "Enter how many meetings to schedule", "invalid": "Enter a whole number, like 6"},
    )


class SpaRotationForm(forms.Form):
    first_date = GovukDateField(label="Date of the first meeting", label_lower="date of the first meeting")
    weeks = forms.IntegerField(
        label="Number of weeks",
        min_value=1,
        max_value=26,
        initial=6,
        error_messages={"required": "Enter the number of weeks", "invalid": "Enter a whole number, like 6"},
    )


class AttendanceForm(forms.Form):
    def __init__(self, *args, members=(), initial_statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_statuses = initial_statuses or {}
        self.members = list(members)
        for member in self.members:
            kind = "voting" if member.voting else "advisory"
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=f"{member.user.full_name}, {member.organisation.name} ({member.get_panel_role_display()}, {kind})",
                choices=Attendance.Status.choices,
                initial=initial_statuses.get(member.pk),
                error_messages={"required": f"Choose whether {member.user.full_name} was present"},
            )

    def statuses(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"member_{m.pk}"] for m in self.members}


class AddCaseForm(forms.Form):
    request = forms.ChoiceField(label="Request", error_messages={"required": "Choose a request to add"})

    def __init__(self, *args, requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = {str(r.pk): r for r in requests}
        self.fields["request"].choices = [
            (
                str(r.pk),
                f"{r.reference}: {r.pupil.full_name}, {r.school.name if r.school else 'no school'} "
                f"({r.get_need_display()}; {r.get_tier_display().lower()})",
            )
            for r in requests
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea, max_length=2000, error_messages={"required": "Enter the reason"}
    )


def school_choices():
    return Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name")


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision", choices=Outcome.choices, error_messages={"required": "Choose the panel's decision"}
    )
    rationale = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Give the reasons for the decision"},
        help_text="For a decline, the reasons the request was declined",
    )
    provider = forms.ModelChoiceField(
        label="Provider (placements, outreach)", queryset=None, required=False, empty_label="No provider"
    )
    placement_weeks = forms.IntegerField(
        label="Length in weeks (time-limited placement or extension)",
        required=False,
        min_value=1,
        max_value=52,
        error_messages={"invalid": "Enter the number of weeks as a whole number"},
    )
    named_school = forms.ModelChoiceField(
        label="Named school (managed move or fair access allocation)",
        queryset=None,
        required=False,
        empty_label="No school",
    )
    return_date = GovukDateField(label="Return date (return to mainstream)", label_lower="return date", required=False)
    extend_placement = forms.ChoiceField(label="Placement to extend", required=False)
    conflicts = forms.MultipleChoiceField(
        label="Other members declaring a conflict of interest (optional)",
        required=False,
        help_text="They are recorded and do not vote on this case",
    )
    conflict_reason = forms.CharField(label="Nature of the conflict (optional)", max_length=200, required=False)

    def __init__(self, *args, providers=None, placements=(), conflict_choices=(), owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["named_school"].queryset = school_choices()
        self.placements = {str(p.pk): p for p in placements}
        self.fields["extend_placement"].choices = [("", "None")] + [
            (str(p.pk), f"{p.start_date:%-d %B %Y} to {p.planned_end_date:%-d %B %Y} ({p.get_status_display()})")
            for p in placements
        ]
        if not placements:
            del self.fields["extend_placement"]
        self.fields["conflicts"].choices = list(conflict_choices)
        self.owner_organisations = {str(o.pk): o for o in owners}
        owner_choices = [("", "Choose who owns it")] + [(str(o.pk), o.name) for o in owners]
        for i in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{i}_description"] = forms.CharField(
                label=f"Action {i} (optional)", max_length=300, required=False
            )
            self.fields[f"action_{i}_owner"] = forms.ChoiceField(
                label=f"Action {i}: who owns it", choices=owner_choices, required=False
            )
            self.fields[f"action_{i}_due"] = GovukDateField(
                label=f"Action {i}: due by", label_lower=f"due date of action {i}", required=False
            )

    def action_rows(self) -> list[dict]:
        rows = []
        for i in range(1, ACTION_ROWS + 1):
            description = (self.cleaned_data.get(f"action_{i}_description") or "").strip()
            owner = self.cleaned_data.get(f"action_{i}_owner") or ""
            due = self.cleaned_data.get(f"action_{i}_due")
            if description or owner or due:
                rows.append({"description": description, "owner": self.owner_organisations.get(owner), "due": due})
        return rows

    def chosen_placement(self):
        return self.placements.get(self.cleaned_data.get("extend_placement") or "")


class ActionForm(forms.Form):
    description = forms.CharField(
        label="What needs doing", max_length=300, error_messages={"required": "Enter what needs doing"}
    )
    owner_organisation = forms.ModelChoiceField(
        label="Who owns it",
        queryset=Organisation.objects.order_by("name"),
        empty_label="Choose who owns it",
        error_messages={"required": "Choose who owns it"},
    )
    due_date = GovukDateField(label="Due by", label_lower="due date")


class DoneForm(forms.Form):
    done_on = GovukDateField(label="Date it was done", label_lower="date it was done", initial=datetime.date.today)


class AdmissionForm(forms.Form):
    admitted_on = GovukDateField(label="Date the pupil was admitted", label_lower="admission date")
