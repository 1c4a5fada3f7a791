from django import forms

from accounts.models import Organisation
from accounts.roles import Role


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="Work email address",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.order_by("name"),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation"},
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices, error_messages={"required": "Choose the role"})
    is_safeguarding_lead = forms.BooleanField(
        label="This person is the organisation's designated safeguarding lead", required=False
    )


class MembershipForm(forms.Form):
    organisation = InviteForm.base_fields["organisation"]
    role = InviteForm.base_fields["role"]
    is_safeguarding_lead = InviteForm.base_fields["is_safeguarding_lead"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=500, error_messages={"required": "Enter the reason"})


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label="New password",
        strip=False,
        help_text="At least 12 characters. Three random words work well.",
        error_messages={"required": "Enter a new password"},
    )
    confirm = forms.CharField(
        label="Confirm the new password", strip=False, error_messages={"required": "Confirm the new password"}
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("confirm") and cleaned["password"] != cleaned["confirm"]:
            self.add_error("confirm", "The passwords do not match")
        return cleaned
