"""Funding: the area's funding model, the formula, service-level agreements and the ledger.

Money is always integer pence. The ledger is double entry in one row: each ``LedgerEntry``
moves ``amount_pence`` out of its ``debit_account`` into its ``credit_account``, so an
account's balance is its credits minus its debits, every entry balances by construction and
the balances of all accounts always sum to zero. Entries are immutable: a correction is a
new reversing entry (see ``LedgerEntry.save``/``delete`` and the database trigger).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from accounts.models import Organisation
from core.models import TimestampedModel

PENCE_PER_PLACE_DEFAULT = 1_000_000  # £10,000 per AP place (standards §5, CONFIRMED); editable per year
PERCENT = [
    MinValueValidator(0, message="Enter a percentage from 0 to 100: it cannot be negative"),
    MaxValueValidator(100, message="Enter a percentage from 0 to 100"),
]
NOT_NEGATIVE = [MinValueValidator(0, message="A weight cannot be negative")]


class FundingModel(models.TextChoices):
    """The continuum of AP models (seed 001, Figure 1), from centralised to shared responsibility."""

    TRADITIONAL = "traditional", "Traditional: the LA holds the funding and pays for excluded pupils"
    TARIFF = "tariff", "Tariff: a school that permanently excludes pays a charge"
    GOVERNANCE = "governance", "Governance of provision: schools sit on the AP provider's management committee"
    DEVOLVED_PREVENTATIVE = (
        "devolved_preventative",
        "Devolved preventative support: part of the budget devolved for prevention",
    )
    DEVOLVED_SCHOOLS = (
        "devolved_schools",
        "Devolved to individual schools: schools pay for the placements of pupils they exclude",
    )
    COLLECTIVE = "collective", "Collective decision-making: schools share the commissioned places"
    DEVOLVED_PARTNERSHIPS = "devolved_partnerships", "Devolved to school partnerships: partnerships hold the funding"


class FundingArrangement(models.Model):
    """The area's funding model from a date. Never changed: a change of model is a new row."""

    effective_from = models.DateField(unique=True)
    funding_models = models.JSONField(default=list, help_text="FundingModel values in force, one or more")
    tariff_pence = models.PositiveIntegerField(default=0, help_text="Charged to a school for each permanent exclusion")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"Funding arrangement from {self.effective_from}"

    @property
    def model_labels(self) -> list[str]:
        return [FundingModel(m).label for m in FundingModel.values if m in self.funding_models]

    def uses(self, model: str) -> bool:
        return model in self.funding_models


class FundingYear(TimestampedModel):
    """One academic year's AP budget (1 September to 31 August) and the settings of its formula."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft: settings and allocations can change"
        CONFIRMED = "confirmed", "Confirmed: allocations are fixed and go to the ledger"

    academic_year = models.PositiveSmallIntegerField(unique=True, help_text="The year it starts: 2025 is 2025/26")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    ap_budget_pence = models.PositiveBigIntegerField(help_text="The AP budget from the high needs block")
    budget_source = models.TextField(blank=True, help_text="Where the budget figure comes from")
    place_rate_pence = models.PositiveIntegerField(default=PENCE_PER_PLACE_DEFAULT, help_text="Place funding per place")
    commissioned_places = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="State-funded AP places; leave blank to take them from the year's block commissions",
    )
    devolved_percent = models.DecimalField(max_digits=5, decimal_places=2, default=100, validators=PERCENT)
    primary_weight = models.DecimalField(max_digits=6, decimal_places=3, default=0, validators=NOT_NEGATIVE)
    secondary_weight = models.DecimalField(max_digits=6, decimal_places=3, default=1, validators=NOT_NEGATIVE)
    pupil_factor_percent = models.DecimalField(max_digits=5, decimal_places=2, default=70, validators=PERCENT)
    fsm_factor_percent = models.DecimalField(max_digits=5, decimal_places=2, default=20, validators=PERCENT)
    idaci_factor_percent = models.DecimalField(max_digits=5, decimal_places=2, default=10, validators=PERCENT)
    floor_pence = models.PositiveIntegerField(null=True, blank=True, help_text="Least any school receives")
    protection_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text="Most a school's allocation may fall from last year, in per cent",
    )
    formula_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-academic_year"]

    def __str__(self) -> str:
        return f"{self.academic_year}/{(self.academic_year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return str(self)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.academic_year, 9, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.academic_year + 1, 8, 31)


class Allocation(models.Model):
    """One school's share of the devolved AP budget for a year, with the calculation line by line."""

    funding_year = models.ForeignKey(FundingYear, on_delete=models.PROTECT, related_name="allocations")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="ap_allocations")
    amount_pence = models.PositiveBigIntegerField()
    weighted_pupils = models.DecimalField(max_digits=12, decimal_places=3)
    share = models.DecimalField(max_digits=12, decimal_places=10, help_text="Fraction of the formula before floors")
    lines = models.JSONField(default=list, help_text="[{'label', 'detail', 'amount_pence'}], summing to the amount")

    class Meta:
        ordering = ["funding_year", "school__organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["funding_year", "school"], name="allocation_one_per_school_year")
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.funding_year}: {self.amount_pence}p"


class AgreementTerms(TimestampedModel):
    """The area's service-level agreement for a year: the headings seed 001 says an SLA covers."""

    funding_year = models.OneToOneField(FundingYear, on_delete=models.PROTECT, related_name="terms")
    aim_and_purpose = models.TextField()
    resources_and_use = models.TextField()
    roles_and_responsibilities = models.TextField()
    reporting_requirements = models.TextField()
    permanent_exclusion = models.TextField()
    registration = models.TextField(help_text="Dual and single registration")
    mid_year_arrivals = models.TextField()
    non_engagement = models.TextField(help_text="What happens if a school does not sign")

    SECTIONS = [
        ("aim_and_purpose", "Aim and purpose"),
        ("resources_and_use", "Resources and how they may be used"),
        ("roles_and_responsibilities", "Roles and responsibilities"),
        ("reporting_requirements", "Reporting requirements"),
        ("permanent_exclusion", "Permanent exclusion"),
        ("registration", "Dual and single registration"),
        ("mid_year_arrivals", "Pupils arriving mid-year"),
        ("non_engagement", "Schools that do not sign"),
    ]

    def __str__(self) -> str:
        return f"Agreement terms {self.funding_year}"


class AgreementStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the school"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ServiceLevelAgreement(TimestampedModel):
    """One school's SLA for a year, as issued; a school leader accepts or declines it."""

    funding_year = models.ForeignKey(FundingYear, on_delete=models.PROTECT, related_name="agreements")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="ap_agreements")
    status = models.CharField(max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.PENDING)
    sections = models.JSONField(default=list, help_text="[[heading, text]] as issued to the school")
    allocation_pence = models.PositiveBigIntegerField(default=0)
    issued_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["funding_year", "school__organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["funding_year", "school"], name="agreement_one_per_school_year"),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False), name="agreement_decision_dated"
            ),
        ]

    def __str__(self) -> str:
        return f"SLA {self.school} {self.funding_year} ({self.status})"


class MonthClose(models.Model):
    """A month closed for posting. Months close in order; entries dated in a closed month are refused."""

    month = models.DateField(unique=True, help_text="The first day of the month")
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-month"]
        constraints = [models.CheckConstraint(condition=Q(month__day=1), name="month_close_first_of_month")]

    def __str__(self) -> str:
        return f"{self.month:%B %Y} closed"


class AccountKind(models.TextChoices):
    HIGH_NEEDS = "high_needs", "High needs block (AP budget received)"
    CENTRAL = "central", "LA central AP budget"
    PLACE_FUNDING = "place_funding", "Place funding for state-funded AP"
    DEVOLVED = "devolved", "Devolved allocation"
    RETAINED = "retained", "Allocation retained by the LA (school not engaged)"
    COMMITTED = "committed", "Committed to agreed placements"
    PROVIDER = "provider", "Payable to the provider"
    SCHOOL_BUDGET = "school_budget", "Paid from the school's own budget"


class Account(models.Model):
    """Where money sits: one account of each kind per organisation."""

    kind = models.CharField(max_length=20, choices=AccountKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="funding_accounts")

    class Meta:
        ordering = ["organisation__name", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "organisation"], name="account_one_per_kind_org")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation.name}"


class EntryKind(models.TextChoices):
    BUDGET = "budget", "AP budget received"
    PLACE_FUNDING = "place_funding", "Place funding"
    TOP_UP = "top_up", "Top-up for block-commissioned places"
    ALLOCATION = "allocation", "Allocation devolved"
    RETAINED = "retained", "Allocation retained (school not engaged)"
    RETAINED_RELEASE = "retained_release", "Retained allocation released (school now engaged)"
    COMMITMENT = "commitment", "Commitment for an agreed placement"
    SETTLEMENT = "settlement", "Commitment settled at the end of a placement"
    CHARGE = "charge", "Charge for sessions delivered"
    INVOICE = "invoice", "Invoice recorded"
    RECHARGE = "recharge", "Placement cost recharged to the excluding school"
    RECHARGE_ADJUSTMENT = "recharge_adjustment", "Recharge adjusted to the placement's actual cost"
    TARIFF = "tariff", "Tariff for a permanent exclusion"
    RECOVERY = "recovery", "Recovery of use beyond a retained allocation"
    REVERSAL = "reversal", "Correction: reversal of an entry"


class Invoice(TimestampedModel):
    """A provider's invoice recorded by the finance officer (costs not charged by the session)."""

    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(
        "placements.Placement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(max_length=60)
    invoice_date = models.DateField()
    amount_pence = models.PositiveIntegerField()
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["-invoice_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "reference"], name="invoice_reference_unique_per_provider"),
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="invoice_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"Invoice {self.reference}"


class LedgerEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Ledger entries cannot be changed. Post a reversing entry instead.")

    def delete(self):
        raise PermissionError("Ledger entries cannot be deleted. Post a reversing entry instead.")


class LedgerEntry(models.Model):
    """Money moved from ``debit_account`` to ``credit_account``, tied to what caused it. Immutable."""

    kind = models.CharField(max_length=30, choices=EntryKind.choices)
    entry_date = models.DateField(db_index=True)
    period = models.DateField(null=True, blank=True, help_text="First day of the month the sessions were delivered")
    amount_pence = models.BigIntegerField()
    debit_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="debit_entries")
    credit_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="credit_entries")
    description = models.CharField(max_length=300)
    # The cause: a type and key, unique per kind for posted entries (so reconciliation posts once) ...
    cause_type = models.CharField(max_length=30)
    cause_key = models.CharField(max_length=80)
    # ... and links to the records behind it, for reading.
    school = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The school this money concerns",
    )
    funding_year = models.ForeignKey(FundingYear, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    allocation = models.ForeignKey(Allocation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(
        "placements.Placement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey("panels.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(
        "pupils.EducationEpisode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pupil = models.ForeignKey("pupils.Pupil", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    block_commission = models.ForeignKey(
        "providers.BlockCommission", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invoice = models.ForeignKey(Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["entry_date", "id"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="ledger_amount_positive"),
            models.CheckConstraint(condition=~Q(debit_account=F("credit_account")), name="ledger_two_accounts"),
            models.UniqueConstraint(fields=["kind", "cause_type", "cause_key"], name="ledger_once_per_cause"),
        ]
        indexes = [
            models.Index(fields=["debit_account", "entry_date"]),
            models.Index(fields=["credit_account", "entry_date"]),
            models.Index(fields=["school", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.entry_date} {self.get_kind_display()} {self.amount_pence}p"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Ledger entries cannot be changed. Post a reversing entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Ledger entries cannot be deleted. Post a reversing entry instead.")
