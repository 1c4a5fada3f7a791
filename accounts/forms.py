from django import forms
from django.contrib.auth import authenticate


class SignInForm(forms.Form):
    email = forms.EmailField(
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        }
    )
    password = forms.CharField(strip=False, error_messages={"required": "Enter your password"})

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            self.user = authenticate(self.request, username=email.lower(), password=password)
            if self.user is None:
                raise forms.ValidationError({"email": "The email address or password is not right"})
        return cleaned
