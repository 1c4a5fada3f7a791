"""Forms for the funding pages. Money is typed in pounds and handled in integer pence."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from core.govuk_forms import GovukDateField
from funding.models import AgreementStatus, AgreementTerms, EntryKind, FundingModel


class PoundsField(forms.CharField):
    """An amount typed in pounds ("10,000" or "£10000.50"), cleaned to integer pence."""

    def __init__(self, *args, label_lower: str = "amount", **kwargs):
        self.label_lower = label_lower
        kwargs.setdefault("error_messages", {"required": f"Enter the {label_lower}"})
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = (super().to_python(value) or "").replace("£", "").replace(",", "").strip()
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(f"Enter the {self.label_lower} in pounds, like 10000 or 10,000.50") from None
        if not amount.is_finite() or amount.as_tuple().exponent < -2:
            raise forms.ValidationError(
                f"Enter the {self.label_lower} in pounds and pence, with at most 2 decimal places"
            )
        return int(amount * 100)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{Decimal(value) / 100:.2f}"
        return value


def _decimal(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=8,
        decimal_places=3,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a number",
            "max_decimal_places": "Use at most 3 decimal places",
            "max_digits": "That number is too long",
        },
    )


class ArrangementForm(forms.Form):
    effective_from = GovukDateField(label="Takes effect from", label_lower="date the change takes effect")
    funding_models = forms.MultipleChoiceField(
        label="Funding models",
        choices=FundingModel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose one way of holding the money; a tariff, governance of provision and shares of places can be added to it",
        error_messages={"required": "Choose at least one funding model"},
    )
    tariff_pence = PoundsField(
        label="Tariff for each permanent exclusion (£)",
        required=False,
        label_lower="tariff",
        help_text="Only under the tariff model. Leave blank otherwise",
    )
    notes = forms.CharField(
        label="Why the model is changing (optional)", widget=forms.Textarea, required=False, max_length=2000
    )


class FundingYearForm(forms.Form):
    academic_year = forms.IntegerField(
        label="Academic year it starts",
        min_value=2000,
        max_value=2100,
        help_text="2025 means 1 September 2025 to 31 August 2026",
        error_messages={
            "required": "Enter the year the academic year starts, like 2025",
            "invalid": "Enter a year, like 2025",
            "min_value": "Enter a year from 2000 to 2100",
            "max_value": "Enter a year from 2000 to 2100",
        },
    )
    ap_budget_pence = PoundsField(label="AP budget from the high needs block (£)", label_lower="AP budget")
    budget_source = forms.CharField(
        label="Where the budget figure comes from (optional)", required=False, widget=forms.Textarea
    )
    place_rate_pence = PoundsField(
        label="Place funding per commissioned place (£)",
        label_lower="place funding per place",
        help_text="£10,000 for pre-16 AP places",
    )
    commissioned_places = forms.IntegerField(
        label="State-funded AP places (optional)",
        required=False,
        min_value=0,
        help_text="Leave blank to take the places from this year's block commissions of state-funded AP",
        error_messages={"invalid": "Enter the places as a whole number", "min_value": "Places cannot be negative"},
    )
    devolved_percent = _decimal("Share of the rest that is devolved (%)", help_text="100 devolves all of it")
    secondary_weight = _decimal("Weight of a secondary pupil (years 7 to 11)")
    primary_weight = _decimal(
        "Weight of a primary pupil (reception to year 6)", help_text="0 leaves primary schools out"
    )
    pupil_factor_percent = _decimal("Share by pupil numbers (%)")
    fsm_factor_percent = _decimal("Share by free school meals (%)")
    idaci_factor_percent = _decimal("Share by IDACI deprivation (%)", help_text="The three shares add up to 100")
    floor_pence = PoundsField(
        label="Floor: least any school receives (£, optional)", required=False, label_lower="floor"
    )
    protection_percent = _decimal(
        "Year-on-year protection (%, optional)",
        required=False,
        help_text="The most a school's allocation may fall from last year. 2 means no school gets less than 98%",
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["academic_year"]


class TermsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in AgreementTerms.SECTIONS:
            self.fields[name] = forms.CharField(
                label=label, widget=forms.Textarea, error_messages={"required": f"Enter the text for “{label}”"}
            )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Does the school accept the agreement?",
        choices=[
            (AgreementStatus.ACCEPTED.value, "Yes, the school accepts it"),
            (AgreementStatus.DECLINED.value, "No, the school declines it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the school accepts or declines the agreement"},
    )
    note = forms.CharField(
        label="Comments (required if the school declines)", widget=forms.Textarea, required=False, max_length=2000
    )


class InvoiceForm(forms.Form):
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=None,
        empty_label="Choose a provider",
        error_messages={"required": "Choose the provider that sent the invoice"},
    )
    reference = forms.CharField(
        label="Invoice reference", max_length=60, error_messages={"required": "Enter the invoice reference"}
    )
    invoice_date = GovukDateField(label="Invoice date", label_lower="invoice date")
    amount_pence = PoundsField(label="Amount (£)", label_lower="amount")
    description = forms.CharField(
        label="What it is for", max_length=300, error_messages={"required": "Say what the invoice is for"}
    )
    placement = forms.IntegerField(
        label="Placement number (optional)",
        required=False,
        min_value=1,
        help_text="If the invoice is for one placement, its funder pays; otherwise the LA's central budget",
        error_messages={"invalid": "Enter the placement number as a whole number"},
    )

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class ReverseForm(forms.Form):
    entry_date = GovukDateField(label="Date of the correction", label_lower="date of the correction")
    reason = forms.CharField(
        label="Why it is being reversed",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say why the entry is being reversed"},
    )


class PostLedgerForm(forms.Form):
    up_to = GovukDateField(label="Post everything up to", label_lower="date to post up to")


class LedgerFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of entry", required=False)
    organisation = forms.ChoiceField(label="Organisation", required=False)
    date_from = GovukDateField(label="From", label_lower="from date", required=False)
    date_to = GovukDateField(label="To", label_lower="to date", required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind")] + list(EntryKind.choices)
        self.fields["organisation"].choices = [("", "Every organisation")] + [
            (str(pk), name) for pk, name in organisations
        ]
        if not organisations:
            del self.fields["organisation"]


class OnDateForm(forms.Form):
    on = GovukDateField(label="Balances on", label_lower="date", required=False)
