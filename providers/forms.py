"""Forms for the directory: search filters, the provider record, programmes, contacts, documents."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms

from core.govuk_forms import GovukDateField
from providers.models import ComplianceDocument, FrameworkStatus, OfstedStatus, Programme, Provider, ProviderContact

YES_NO = [("yes", "Yes"), ("no", "No")]


class GovukMessages:
    """Replace Django's default messages ("This field is required.") with GOV.UK-style ones naming the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.govuk_messages()

    def govuk_messages(self) -> None:
        required = forms.Field.default_error_messages["required"]
        for field in self.fields.values():
            label = str(field.label or "a value").replace(" (optional)", "").split(" (")[0]
            lower = label[0].lower() + label[1:]
            if field.error_messages.get("required") == required:
                field.error_messages["required"] = f"Enter {lower}"
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = f"{label} must be {field.max_length} characters or fewer"
            if "%(value)s" in str(field.error_messages.get("invalid_choice", "")):
                field.error_messages["invalid_choice"] = f"Choose {lower} from the list"
            if "%(pk)s" in str(field.error_messages.get("invalid_pk_value", "")):
                field.error_messages["invalid_pk_value"] = f"Choose {lower} from the list"


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


class PoundsField(forms.CharField):
    """An amount typed in pounds (like 95, 95.00 or £1,250.50), cleaned to integer pence."""

    def __init__(self, *, label_lower: str, **kwargs):
        self.label_lower = label_lower
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value / 100:.2f}"
        return value

    def to_python(self, value):
        text = (value or "").strip().replace(",", "").replace("£", "").replace(" ", "")
        if not text:
            if self.required:
                raise forms.ValidationError(f"Enter the {self.label_lower}")
            return None
        if not re.fullmatch(r"-?\d+(\.\d{1,2})?", text):
            raise forms.ValidationError(f"Enter the {self.label_lower} in pounds, like 95.00")
        try:
            return int((Decimal(text) * 100).to_integral_value())
        except InvalidOperation:
            raise forms.ValidationError(f"Enter the {self.label_lower} in pounds, like 95.00") from None


def whole_number(label_lower: str, **kwargs) -> forms.IntegerField:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    limits = (
        f"from {low} to {high}"
        if low is not None and high is not None
        else f"{low} or more"
        if low is not None
        else f"{high} or less"
    )
    return forms.IntegerField(
        error_messages={
            "invalid": f"Enter the {label_lower} as a whole number",
            "required": f"Enter the {label_lower}",
            "min_value": f"The {label_lower} must be {limits}",
            "max_value": f"The {label_lower} must be {limits}",
        },
        **kwargs,
    )


class DirectoryFilterForm(GovukMessages, forms.Form):
    q = forms.CharField(label="Name, town, postcode, URN or UKPRN", required=False, max_length=100)
    need = forms.ChoiceField(label="Need", required=False)
    vocational_area = forms.ChoiceField(label="Vocational area", required=False)
    accreditation = forms.ChoiceField(label="Accreditation", required=False)
    age = whole_number("age", label="Age of the pupil", required=False, min_value=4, max_value=25)
    locality = forms.ChoiceField(label="Locality", required=False)
    max_price = PoundsField(
        label="Most you can pay a day (£)",
        label_lower="price a day",
        help_text="Day price, or two sessions, or a 190th of the yearly place price",
    )
    available = forms.BooleanField(label="Only providers with free places", required=False)
    english_maths = forms.BooleanField(label="Only programmes that teach English and maths", required=False)
    provider_type = forms.ChoiceField(label="Type of provider", required=False)
    status = forms.ChoiceField(label="Framework status", required=False)

    def __init__(self, *args, needs=(), localities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", "Any need")] + [(n.code, n.label) for n in needs]
        self.fields["vocational_area"].choices = [("", "Any area")] + list(Programme.VocationalArea.choices)
        self.fields["accreditation"].choices = [("", "Any accreditation")] + list(Programme.Accreditation.choices)
        self.fields["locality"].choices = [("", "Anywhere")] + [(str(p.pk), p.organisation.name) for p in localities]
        self.fields["provider_type"].choices = [("", "Any type")] + list(Provider.ProviderType.choices)
        self.fields["status"].choices = [("", "Any status")] + list(FrameworkStatus.choices)


class ProviderForm(GovukMessages, forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the provider's name"})
    provider_type = forms.ChoiceField(
        label="Type of provider",
        choices=Provider.ProviderType.choices,
        error_messages={"required": "Choose the type of provider"},
    )
    urn = forms.CharField(
        label="URN (if it has one)",
        required=False,
        max_length=6,
        help_text="6 digits, from Get Information about Schools",
    )
    ukprn = forms.CharField(
        label="UKPRN (if it has no URN)",
        required=False,
        max_length=8,
        help_text="8 digits, from the UK Register of Learning Providers",
    )
    setting_type = forms.ChoiceField(
        label="AP census setting type (if it has neither)",
        required=False,
        choices=[("", "Not needed: it has a URN or UKPRN")] + list(Provider.SettingType.choices),
    )
    ofsted_status = forms.ChoiceField(
        label="Ofsted status", required=False, choices=[("", "Not recorded")] + list(OfstedStatus.choices)
    )
    ofsted_date = GovukDateField(
        label="Date of the last Ofsted inspection", label_lower="inspection date", required=False
    )
    address_line_1 = forms.CharField(label="Address line 1", required=False, max_length=200)
    address_line_2 = forms.CharField(label="Address line 2 (optional)", required=False, max_length=200)
    town = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode", required=False, max_length=8)
    locality = forms.ModelChoiceField(label="Locality", queryset=None, required=False, empty_label="No locality")
    out_of_area = YesNoField(label="Out of the local authority's area")
    host_local_authority = forms.CharField(
        label="Local authority it is in (if out of area)", required=False, max_length=100
    )
    min_age = whole_number("youngest age", label="Youngest age taken", required=False)
    max_age = whole_number("oldest age", label="Oldest age taken", required=False)
    needs = forms.ModelMultipleChoiceField(label="Needs it specialises in", queryset=None, required=False)
    description = forms.CharField(
        label="The offer",
        widget=forms.Textarea,
        required=False,
        max_length=4000,
        help_text="What the provider offers, its approach and the outcomes it aims for",
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a website address like https://example.org"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=30)

    def __init__(self, *args, localities=None, needs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = localities
        self.fields["needs"].queryset = needs


class StatusForm(GovukMessages, forms.Form):
    to_status = forms.ChoiceField(
        label="New framework status",
        choices=FrameworkStatus.choices,
        error_messages={"required": "Choose the new framework status"},
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea, required=False, max_length=2000)
    conditions = forms.CharField(
        label="Conditions (for a conditional approval)", widget=forms.Textarea, required=False, max_length=2000
    )
    review_on = GovukDateField(label="Review date (optional)", label_lower="review date", required=False)

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s, FrameworkStatus(s).label) for s in FrameworkStatus.values if s in allowed
        ]


class ProgrammeForm(GovukMessages, forms.Form):
    name = forms.CharField(
        label="Name of the programme", max_length=200, error_messages={"required": "Enter the programme's name"}
    )
    description = forms.CharField(
        label="Description (optional)", widget=forms.Textarea, required=False, max_length=2000
    )
    vocational_area = forms.ChoiceField(
        label="Vocational area",
        choices=Programme.VocationalArea.choices,
        error_messages={"required": "Choose the vocational area"},
    )
    accreditation = forms.ChoiceField(
        label="Accreditation offered",
        choices=Programme.Accreditation.choices,
        error_messages={"required": "Choose the accreditation offered"},
    )
    accreditation_detail = forms.CharField(
        label="Qualification and awarding body (optional)", required=False, max_length=200
    )
    teaches_english_and_maths = YesNoField(label="Teaches English and maths")
    delivery_pattern = forms.ChoiceField(
        label="Delivery pattern",
        choices=Programme.DeliveryPattern.choices,
        error_messages={"required": "Choose the delivery pattern"},
    )
    min_age = whole_number("youngest age", label="Youngest age")
    max_age = whole_number("oldest age", label="Oldest age", help_text="For example 11 to 16 for Years 7 to 11")
    places = whole_number("number of places", label="Places", help_text="How many pupils at one time")
    pupils_per_staff = whole_number("staff ratio", label="Pupils per adult (optional)", required=False, min_value=1)
    price_per_place_year_pence = PoundsField(
        label="Price per place a year (£, optional)", label_lower="price per place a year"
    )
    price_per_day_pence = PoundsField(label="Price per day (£, optional)", label_lower="price per day")
    price_per_session_pence = PoundsField(
        label="Price per session (£, optional)",
        label_lower="price per session",
        help_text="A session is a morning or an afternoon",
    )
    active = YesNoField(label="Offered now")


class ContactForm(GovukMessages, forms.Form):
    kind = forms.ChoiceField(
        label="Role", choices=ProviderContact.Kind.choices, error_messages={"required": "Choose the contact's role"}
    )
    name = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter the contact's name"})
    job_title = forms.CharField(label="Job title (optional)", required=False, max_length=150)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=30)


class DocumentForm(GovukMessages, forms.Form):
    kind = forms.ChoiceField(
        label="Document", choices=ComplianceDocument.Kind.choices, error_messages={"required": "Choose the document"}
    )
    title = forms.CharField(label="Description (optional)", required=False, max_length=200)
    named_person = forms.CharField(
        label="Name of the safeguarding lead (for that document)", required=False, max_length=150
    )
    issued_on = GovukDateField(label="Date issued", label_lower="date issued")
    expires_on = GovukDateField(label="Expiry or review date", label_lower="expiry date")
    file = forms.FileField(label="Upload the file", required=False, help_text="PDF, Word (.docx), JPEG or PNG")


class SettingsForm(GovukMessages, forms.Form):
    place_funding_pence = PoundsField(
        label="Place funding per place a year (£)",
        label_lower="place funding",
        required=True,
        help_text="£10,000 under the high needs funding guidance",
    )
    document_warning_days = whole_number("warning period", label="Flag documents this many days before they expire")
    visit_interval_months = whole_number("visit interval", label="Months between annual QA visits")
    full_time_hours = forms.DecimalField(
        label="Hours a week counted as full-time",
        max_digits=4,
        decimal_places=1,
        help_text="Used to warn when a provider appears to need registration as an independent school",
        error_messages={
            "invalid": "Enter the hours as a number, like 18",
            "max_digits": "Enter the hours as a number, like 18",
            "max_decimal_places": "Enter the hours to one decimal place, like 17.5",
        },
    )
    session_hours = forms.DecimalField(
        label="Hours in one session (half day)",
        max_digits=3,
        decimal_places=1,
        error_messages={
            "invalid": "Enter the hours as a number, like 2.5",
            "max_digits": "Enter the hours as a number, like 2.5",
            "max_decimal_places": "Enter the hours to one decimal place, like 2.5",
        },
    )
    reason = forms.CharField(label="Reason for the change", widget=forms.Textarea, required=False, max_length=1000)
