from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What will use the token, for example 'Our MIS'",
        error_messages={"required": "Enter a name for the token, like the name of the system that will use it"},
    )
    membership = forms.ChoiceField(
        label="Issued to",
        help_text="The provider manager the token acts as. The audit trail names them.",
        error_messages={"required": "Choose the provider manager the token acts as"},
    )

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.managers = {str(m.pk): m for m in managers}
        self.fields["membership"].choices = [("", "Choose a provider manager")] + [
            (str(m.pk), f"{m.user.full_name} ({m.organisation.name})") for m in managers
        ]

    def clean_membership(self):
        return self.managers[self.cleaned_data["membership"]]
