"""Writing to the ledger: accounts, closed months, whose money pays for what, and the one function that posts.

Only services call ``post_entry``. Every writer first takes ``lock_ledger()`` (a row lock on
the LA's organisation), so a month cannot close while an entry dated in it is being posted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import LocalAuthority, Organisation
from accounts.roles import OrganisationKind
from core import audit
from core.calendar import academic_year_of
from funding import rules
from funding.models import (
    Account,
    AccountKind,
    FundingArrangement,
    LedgerEntry,
    MonthClose,
    ServiceLevelAgreement,
)


def la_organisation() -> Organisation:
    """The LA this deployment serves."""
    la = LocalAuthority.objects.select_related("organisation").first()
    if la is None:
        raise ValidationError("No local authority is set up, so there is no AP budget to account for")
    return la.organisation


def lock_ledger() -> Organisation:
    """Serialise ledger writers (call inside transaction.atomic)."""
    organisation = la_organisation()
    Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
    return organisation


def closed_through() -> datetime.date | None:
    """The last day of the latest closed month, or None if no month is closed."""
    latest = MonthClose.objects.order_by("-month").values_list("month", flat=True).first()
    return rules.month_end(latest) if latest else None


def arrangements() -> list[FundingArrangement]:
    return list(FundingArrangement.objects.order_by("effective_from"))


def arrangement_on(day: datetime.date, history: list[FundingArrangement] | None = None) -> FundingArrangement | None:
    """The funding arrangement in force on a day: the latest that took effect on or before it."""
    history = arrangements() if history is None else history
    current = None
    for arrangement in history:
        if arrangement.effective_from <= day:
            current = arrangement
    return current


def check_open(entry_date: datetime.date, closed: datetime.date | None, field_name: str = "entry_date") -> None:
    if closed is not None and entry_date <= closed:
        raise ValidationError(
            {
                field_name: f"{entry_date.day} {entry_date:%B %Y} is in a closed month: the ledger is closed to "
                f"{closed.day} {closed:%B %Y}. Date the entry on or after {(closed + datetime.timedelta(days=1)):%-d %B %Y}"
            }
        )


@dataclass
class Context:
    """What posting needs to know, read once: the LA, arrangements, SLA decisions, partnerships, accounts."""

    la: Organisation
    closed: datetime.date | None
    history: list[FundingArrangement]
    engagement: dict[tuple[int, int], str] = field(default_factory=dict)
    partnership_of: dict[int, int | None] = field(default_factory=dict)
    kind_of: dict[int, str] = field(default_factory=dict)
    accounts: dict[tuple[str, int], Account] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Context:
        from schools.models import School

        context = cls(la=la_organisation(), closed=closed_through(), history=arrangements())
        for year, school_org, status in ServiceLevelAgreement.objects.values_list(
            "funding_year__academic_year", "school__organisation_id", "status"
        ):
            context.engagement[(year, school_org)] = rules.engagement_status(status)
        for school_org, partnership_org in School.objects.values_list(
            "organisation_id", "partnership__organisation_id"
        ):
            context.partnership_of[school_org] = partnership_org
        context.kind_of = dict(Organisation.objects.values_list("pk", "kind"))
        context.accounts = {(a.kind, a.organisation_id): a for a in Account.objects.all()}
        return context

    def arrangement_on(self, day: datetime.date) -> FundingArrangement | None:
        return arrangement_on(day, self.history)

    def engagement_of(self, school_org_id: int, day: datetime.date) -> str:
        return self.engagement.get((academic_year_of(day), school_org_id), "pending")

    def account(self, kind: str, organisation_id: int) -> Account:
        key = (kind, organisation_id)
        if key not in self.accounts:
            self.accounts[key], _ = Account.objects.get_or_create(kind=kind, organisation_id=organisation_id)
        return self.accounts[key]

    def holder_of(self, school_org_id: int, day: datetime.date) -> int:
        """The organisation holding a school's devolved money: its partnership under model 7, else the school."""
        arrangement = self.arrangement_on(day)
        partnership = self.partnership_of.get(school_org_id)
        if arrangement and rules.held_by_partnership(arrangement.funding_models) and partnership:
            return partnership
        return school_org_id

    def school_funds(self, school_org_id: int, day: datetime.date) -> Account | None:
        """The account a school's AP costs come from on a day; None while its SLA decision is awaited."""
        arrangement = self.arrangement_on(day)
        if arrangement is None or not rules.devolves_funding(arrangement.funding_models):
            return self.account(AccountKind.SCHOOL_BUDGET, school_org_id)
        engagement = self.engagement_of(school_org_id, day)
        if engagement == "engaged":
            return self.account(AccountKind.DEVOLVED, self.holder_of(school_org_id, day))
        if engagement == "not_engaged":
            return self.account(AccountKind.RETAINED, school_org_id)
        return None

    def funds_for(self, organisation_id: int, day: datetime.date) -> Account | None:
        """The account an organisation pays from: the LA's central budget, a partnership's or a school's funds."""
        kind = self.kind_of.get(organisation_id)
        if kind == OrganisationKind.SCHOOL:
            return self.school_funds(organisation_id, day)
        if kind == OrganisationKind.PARTNERSHIP:
            return self.account(AccountKind.DEVOLVED, organisation_id)
        return self.account(AccountKind.CENTRAL, self.la.pk)

    def central(self) -> Account:
        return self.account(AccountKind.CENTRAL, self.la.pk)


def post_entry(
    *,
    by,
    kind: str,
    entry_date: datetime.date,
    amount_pence: int,
    debit: Account,
    credit: Account,
    description: str,
    cause_type: str,
    cause_key: str,
    closed: datetime.date | None,
    **links,
) -> LedgerEntry | None:
    """Write one entry (inside the caller's transaction). None if this kind was already posted for this cause."""
    if not isinstance(amount_pence, int) or amount_pence <= 0:
        raise ValidationError({"amount_pence": "The amount must be a whole number of pence greater than 0"})
    if debit.pk == credit.pk:
        raise ValidationError("An entry moves money between two different accounts")
    check_open(entry_date, closed)
    entry = LedgerEntry(
        kind=kind,
        entry_date=entry_date,
        amount_pence=amount_pence,
        debit_account=debit,
        credit_account=credit,
        description=description[:300],
        cause_type=cause_type,
        cause_key=str(cause_key),
        created_by=by,
        **links,
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        if LedgerEntry.objects.filter(kind=kind, cause_type=cause_type, cause_key=str(cause_key)).exists():
            return None
        raise
    audit.record(
        by=by,
        action="create",
        obj=entry,
        pupil_id=entry.pupil_id,
        summary=f"Ledger: {entry.get_kind_display()} {_pounds(amount_pence)} on {entry_date:%-d %B %Y}, {description}",
    )
    return entry


def _pounds(pence: int) -> str:
    from core.jinja2 import pence as format_pence

    return format_pence(pence)
