"""Money-level reads: balances, each school's position, shares of places, the forecast and alerts.

Each function runs a fixed number of queries whatever the number of schools or entries.
For the oversight app (measures, fairness, triangulation), these carry no pupil data:

- ``account_balances(on)``: every account's balance on a date (one query).
- ``allocations_by_school(academic_year)``: {school organisation id: allocation pence}.
- ``cost_by_school(start, end)``: {school organisation id: cost of its pupils' AP in pence}.
- ``school_positions(user, funding_year, on)``: allocation, engagement, use and balances per school.
- ``shares_of_places(user, funding_year, on)``: each school's share of the places and its use.
- ``forecast(funding_year, on)``: spend against budget to year end ("spend in line with budget", seed 001 Table 1).
- ``finance_alerts(user, today)``: what the finance officer and strategic lead must act on (home page).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BigIntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.calendar import CalendarError, SchoolCalendar, academic_year_label, academic_year_of
from funding import rules
from funding.models import Account, AccountKind, Allocation, EntryKind, FundingYear, LedgerEntry
from funding.queries import (
    commissioned_places,
    engagement_by_school,
    funding_year_for,
    next_month_to_close,
    schools_for_aggregates,
    viewer,
)

SPEND_ACCOUNTS = (AccountKind.PROVIDER, AccountKind.PLACE_FUNDING)
COST_KINDS = (EntryKind.CHARGE, EntryKind.INVOICE)
SCHOOL_PAYS_KINDS = (EntryKind.RECHARGE, EntryKind.RECHARGE_ADJUSTMENT, EntryKind.TARIFF, EntryKind.RECOVERY)


@dataclass
class AccountBalance:
    account: Account
    balance: int


def _sum_subquery(side: str, on: datetime.date, start: datetime.date | None = None):
    entries = LedgerEntry.objects.filter(**{side: OuterRef("pk")}, entry_date__lte=on)
    if start is not None:
        entries = entries.filter(entry_date__gte=start)
    summed = entries.order_by().values(side).annotate(total=Sum("amount_pence")).values("total")
    return Coalesce(Subquery(summed, output_field=BigIntegerField()), Value(0), output_field=BigIntegerField())


def account_balances(
    on: datetime.date, *, organisation_ids=None, start: datetime.date | None = None
) -> list[AccountBalance]:
    """Each account's balance on a date (credits less debits), in one query; from ``start`` if given."""
    accounts = Account.objects.select_related("organisation").annotate(
        credits=_sum_subquery("credit_account", on, start), debits=_sum_subquery("debit_account", on, start)
    )
    if organisation_ids is not None:
        accounts = accounts.filter(organisation_id__in=list(organisation_ids))
    return [AccountBalance(a, a.credits - a.debits) for a in accounts.order_by("organisation__name", "kind")]


def allocations_by_school(academic_year: int) -> dict[int, int]:
    """{school organisation id: allocation pence} for a year."""
    rows = Allocation.objects.filter(funding_year__academic_year=academic_year).values_list(
        "school__organisation_id", "amount_pence"
    )
    return dict(rows)


def _net_by_school(kinds, start: datetime.date, end: datetime.date) -> dict[tuple[int, str], int]:
    """{(school org, kind): pence} for entries of these kinds about each school, less their reversals."""
    totals: dict[tuple[int, str], int] = defaultdict(int)
    rows = (
        LedgerEntry.objects.filter(entry_date__gte=start, entry_date__lte=end, school__isnull=False)
        .filter(Q(kind__in=kinds) | Q(kind=EntryKind.REVERSAL, reverses__kind__in=kinds))
        .order_by()
        .values_list("school_id", "kind", "reverses__kind")
        .annotate(total=Sum("amount_pence"))
    )
    for school, kind, reversed_kind, total in rows:
        if kind == EntryKind.REVERSAL:
            totals[(school, reversed_kind)] -= total
        else:
            totals[(school, kind)] += total
    return totals


def cost_by_school(start: datetime.date, end: datetime.date) -> dict[int, int]:
    """{school organisation id: pence} charged or invoiced for the AP of each school's pupils, whoever paid."""
    result: dict[int, int] = defaultdict(int)
    for (school, _kind), total in _net_by_school(COST_KINDS, start, end).items():
        result[school] += total
    return dict(result)


@dataclass
class SchoolPosition:
    school: object
    allocation: int | None
    engagement: str
    cost: int = 0
    recharged: int = 0
    tariffs: int = 0
    available: int = 0
    committed: int = 0
    own_budget: int = 0

    @property
    def engagement_label(self) -> str:
        return {"engaged": "Engaged", "not_engaged": "Not engaged", "pending": "Pending", "none": "No allocation"}[
            self.engagement
        ]

    @property
    def overspent(self) -> bool:
        return self.allocation is not None and self.available < 0


def school_positions(user, funding_year: FundingYear | None, on: datetime.date) -> list[SchoolPosition]:
    """Every school the user may see with its allocation, engagement, use and balances (five queries)."""
    schools = list(schools_for_aggregates(user))
    ids = [s.organisation_id for s in schools]
    allocations = allocations_by_school(funding_year.academic_year) if funding_year else {}
    engagement = engagement_by_school(funding_year)
    start = funding_year.first_day if funding_year else datetime.date(academic_year_of(on), 9, 1)
    balances = {
        (b.account.kind, b.account.organisation_id): b.balance for b in account_balances(on, organisation_ids=ids)
    }
    kinds = COST_KINDS + SCHOOL_PAYS_KINDS
    net = _net_by_school(kinds, start, on)
    positions = []
    for school in schools:
        org = school.organisation_id
        positions.append(
            SchoolPosition(
                school=school,
                allocation=allocations.get(org),
                engagement=engagement.get(org, "pending" if org in allocations else "none"),
                cost=sum(net.get((org, k), 0) for k in COST_KINDS),
                recharged=net.get((org, EntryKind.RECHARGE), 0) + net.get((org, EntryKind.RECHARGE_ADJUSTMENT), 0),
                tariffs=net.get((org, EntryKind.TARIFF), 0),
                available=balances.get((AccountKind.DEVOLVED, org), 0) + balances.get((AccountKind.RETAINED, org), 0),
                committed=balances.get((AccountKind.COMMITTED, org), 0),
                own_budget=-balances.get((AccountKind.SCHOOL_BUDGET, org), 0),
            )
        )
    return positions


@dataclass
class PartnershipPosition:
    name: str
    organisation_id: int
    schools: int = 0
    allocation: int = 0
    cost: int = 0
    available: int = 0
    committed: int = 0


def partnership_positions(user, positions: list[SchoolPosition], on: datetime.date) -> list[PartnershipPosition]:
    """Partnerships' totals of their schools, plus the money a partnership holds itself (one query)."""
    rows: dict[int, PartnershipPosition] = {}
    for p in positions:
        partnership = p.school.partnership
        if partnership is None:
            continue
        row = rows.setdefault(
            partnership.organisation_id, PartnershipPosition(partnership.organisation.name, partnership.organisation_id)
        )
        row.schools += 1
        row.allocation += p.allocation or 0
        row.cost += p.cost
        row.available += p.available
        row.committed += p.committed
    for balance in account_balances(on, organisation_ids=rows.keys()):
        row = rows[balance.account.organisation_id]
        if balance.account.kind == AccountKind.DEVOLVED:
            row.available += balance.balance
        elif balance.account.kind == AccountKind.COMMITTED:
            row.committed += balance.balance
    return sorted(rows.values(), key=lambda r: r.name)


# ---------------------------------------------------------------------------------------
# Shares of places (the collective model)


@dataclass
class ShareRow:
    name: str
    share: Decimal = Decimal(0)
    places: Decimal = Decimal(0)
    used_places: Decimal = Decimal(0)
    share_days: Decimal = Decimal(0)
    used_days: Decimal = Decimal(0)
    partnership: str = ""

    @property
    def over_share(self) -> bool:
        return self.used_places > self.places


@dataclass
class SharesOfPlaces:
    places: int
    school_days: int
    schools: list[ShareRow] = field(default_factory=list)
    partnerships: list[ShareRow] = field(default_factory=list)
    error: str = ""


def _placement_use(funding_year: FundingYear, on: datetime.date, calendar: SchoolCalendar):
    """{home school org: (FTE of active placements on ``on``, FTE school days used this year to ``on``)} (two queries)."""
    from placements.models import Placement, PlacementStatus

    placements = (
        Placement.objects.filter(status__in=[PlacementStatus.ACTIVE, PlacementStatus.ENDED], start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=funding_year.first_day))
        .only("id", "home_school_id", "start_date", "end_date", "planned_end_date", "status")
        .prefetch_related("components")
    )
    use: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for placement in placements:
        last = min(placement.end_date or on, on)
        for component in placement.components.all():
            fte = rules.fte_of(len(component.sessions or []), component.hours_per_week)
            first = max(component.start_date, placement.start_date, funding_year.first_day)
            end = min(component.end_date or last, last)
            if placement.status == PlacementStatus.ACTIVE and first <= on <= end:
                use[placement.home_school_id][0] += fte
            if end >= first:
                use[placement.home_school_id][1] += fte * calendar.school_days_between(first, end)
    return use


def shares_of_places(user, funding_year: FundingYear, on: datetime.date) -> SharesOfPlaces:
    """Each school's (and partnership's) share of the commissioned places by formula weight, and its use in places and days."""
    places = commissioned_places(funding_year)
    calendar = SchoolCalendar.load()
    try:
        days = calendar.school_days_between(funding_year.first_day, min(on, funding_year.last_day))
        use = _placement_use(funding_year, on, calendar)
    except CalendarError as exc:
        return SharesOfPlaces(places, 0, error=str(exc))
    shares = dict(Allocation.objects.filter(funding_year=funding_year).values_list("school__organisation_id", "share"))
    result = SharesOfPlaces(places, days)
    by_partnership: dict[str, ShareRow] = {}
    for school in schools_for_aggregates(user):
        org = school.organisation_id
        share = shares.get(org, Decimal(0))
        used = use.get(org, [Decimal(0), Decimal(0)])
        row = ShareRow(
            name=school.organisation.name,
            share=share,
            places=rules.share_of_places(places, share),
            used_places=used[0].quantize(Decimal("0.01")),
            share_days=(rules.share_of_places(places, share) * days),
            used_days=used[1].quantize(Decimal("0.1")),
            partnership=school.partnership.organisation.name if school.partnership else "",
        )
        result.schools.append(row)
        if row.partnership:
            group = by_partnership.setdefault(row.partnership, ShareRow(name=row.partnership))
            for attr in ("share", "places", "used_places", "share_days", "used_days"):
                setattr(group, attr, getattr(group, attr) + getattr(row, attr))
    result.partnerships = sorted(by_partnership.values(), key=lambda r: r.name)
    return result


# ---------------------------------------------------------------------------------------
# Forecast and alerts


@dataclass
class Forecast:
    funding_year: FundingYear
    budget: int
    spent: int
    committed: int
    run_rate: int
    months_elapsed: int
    months_left: int
    projected: int

    @property
    def overspend(self) -> bool:
        return rules.overspend_projected(self.projected, self.budget)

    @property
    def difference(self) -> int:
        return self.projected - self.budget


def forecast(funding_year: FundingYear, on: datetime.date) -> Forecast:
    """Spend against the AP budget to year end: spent, plus outstanding commitments, plus the run rate (three queries)."""
    end = min(on, funding_year.last_day)
    year_balances = account_balances(end, start=funding_year.first_day)
    spent = sum(b.balance for b in year_balances if b.account.kind in SPEND_ACCOUNTS)
    committed = sum(b.balance for b in account_balances(end) if b.account.kind == AccountKind.COMMITTED)
    new_costs = (
        LedgerEntry.objects.filter(
            kind__in=[EntryKind.COMMITMENT, EntryKind.INVOICE],
            entry_date__gte=funding_year.first_day,
            entry_date__lte=end,
        ).aggregate(total=Sum("amount_pence"))["total"]
        or 0
    )
    elapsed = max(1, min(rules.MONTHS_IN_YEAR, (end.year - funding_year.academic_year) * 12 + end.month - 9 + 1))
    left = rules.MONTHS_IN_YEAR - elapsed
    run_rate = rules.monthly_run_rate(new_costs, elapsed)
    return Forecast(
        funding_year,
        funding_year.ap_budget_pence,
        spent,
        committed,
        run_rate,
        elapsed,
        left,
        rules.forecast_year_end(spent, committed, run_rate, left),
    )


@dataclass(frozen=True)
class FinanceAlert:
    text: str
    href: str
    important: bool = False


def finance_alerts(user, today: datetime.date) -> list[FinanceAlert]:
    """What the LA finance officer and strategic lead should act on; nothing for other roles."""
    if not viewer(user).is_la:
        return []
    alerts: list[FinanceAlert] = []
    year = funding_year_for(today)
    if year is None:
        label = academic_year_label(academic_year_of(today))
        return [FinanceAlert(f"There is no AP budget for {label} yet", reverse("funding:years"), True)]
    projection = forecast(year, today)
    if projection.overspend:
        alerts.append(
            FinanceAlert(
                f"Overspend projected for {year}: {_pounds(projection.projected)} against a budget of "
                f"{_pounds(projection.budget)} ({_pounds(projection.difference)} over)",
                reverse("funding:forecast"),
                True,
            )
        )
    over = [p for p in school_positions(user, year, today) if p.overspent]
    if over:
        names = ", ".join(p.school.organisation.name for p in over[:3]) + (
            f" and {len(over) - 3} more" if len(over) > 3 else ""
        )
        alerts.append(
            FinanceAlert(
                f"{len(over)} schools have used more than their allocation: {names}", reverse("funding:balances"), True
            )
        )
    waiting = next_month_to_close(today)
    if waiting is not None:
        alerts.append(FinanceAlert(f"{waiting:%B %Y} has ended and is not closed", reverse("funding:months")))
    pending = year.agreements.filter(status="pending").count()
    if pending:
        alerts.append(
            FinanceAlert(
                f"{pending} schools have not yet accepted or declined the {year} agreement",
                reverse("funding:year", args=[year.pk]),
            )
        )
    return alerts


def _pounds(pence: int) -> str:
    from core.jinja2 import pence as format_pence

    return format_pence(pence)
