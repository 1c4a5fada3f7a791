"""Scoped reads of funding. Views read through these; so may the oversight app.

Who sees what (PRODUCT.md H):
- LA finance officer and LA strategic lead: everything.
- School leader: its own ledger lines, its own allocation explanation and SLA, and every
  school's aggregates (allocations and use per school, never another school's pupil rows).
- Partnership chair: its partnership's schools' aggregates and allocation explanations,
  and the partnership's budget.
- Anyone else: nothing (the permissions refuse them first).

Pupil names in ledger lines come only through ``pupil_names_for`` (pupils.queries.pupils_visible_to).
Money-level reads (balances, positions, shares of places, forecast, alerts) are in
funding/queries_money.py; see its docstring for the functions meant for the oversight app.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.predicates import active_organisation_id, active_role
from accounts.roles import Role
from core.calendar import academic_year_of
from funding import rules
from funding.formula import SchoolInput
from funding.ledger import closed_through as closed_through  # re-exported for the views
from funding.ledger import la_organisation as la_organisation  # re-exported for the views
from funding.models import (
    Allocation,
    FundingArrangement,
    FundingYear,
    LedgerEntry,
    MonthClose,
    ServiceLevelAgreement,
)

LA_FINANCE_ROLES = frozenset({Role.LA_FINANCE_OFFICER, Role.LA_STRATEGIC_LEAD})


def today() -> datetime.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Viewer:
    """How a user sees funding: 'la' (everything), 'school' or 'partnership' (its own), or None."""

    kind: str | None
    organisation_id: int | None

    @property
    def is_la(self) -> bool:
        return self.kind == "la"


def viewer(user) -> Viewer:
    role = active_role(user)
    organisation_id = active_organisation_id(user)
    if role in LA_FINANCE_ROLES:
        return Viewer("la", organisation_id)
    if role == Role.SCHOOL_LEADER:
        return Viewer("school", organisation_id)
    if role == Role.PARTNERSHIP_CHAIR:
        return Viewer("partnership", organisation_id)
    return Viewer(None, organisation_id)


def schools_for_aggregates(user):
    """Schools whose aggregates the user may see: all for the LA and school leaders, a chair's partnership's."""
    from schools.models import School

    who = viewer(user)
    schools = School.objects.select_related("organisation", "partnership__organisation").order_by("organisation__name")
    if who.kind in ("la", "school"):
        return schools
    if who.kind == "partnership":
        return schools.filter(partnership__organisation_id=who.organisation_id)
    return schools.none()


# ---------------------------------------------------------------------------------------
# Years, arrangements, allocations, agreements


def funding_years() -> QuerySet[FundingYear]:
    return FundingYear.objects.order_by("-academic_year")


def funding_year_or_404(pk: int) -> FundingYear:
    return get_object_or_404(FundingYear, pk=pk)


def funding_year_for(day: datetime.date) -> FundingYear | None:
    """The funding year a day falls in (academic years run 1 September to 31 August)."""
    return FundingYear.objects.filter(academic_year=academic_year_of(day)).first()


def arrangement_history() -> QuerySet[FundingArrangement]:
    return FundingArrangement.objects.select_related("created_by").order_by("-effective_from")


def allocations_visible_to(user) -> QuerySet[Allocation]:
    """Allocation explanations: the LA all, a school leader its own, a chair its partnership's schools'."""
    who = viewer(user)
    allocations = Allocation.objects.select_related(
        "funding_year", "school__organisation", "school__partnership__organisation"
    )
    if who.is_la:
        return allocations
    if who.kind == "school":
        return allocations.filter(school__organisation_id=who.organisation_id)
    if who.kind == "partnership":
        return allocations.filter(school__partnership__organisation_id=who.organisation_id)
    return allocations.none()


def allocation_or_404(user, pk: int) -> Allocation:
    return get_object_or_404(allocations_visible_to(user), pk=pk)


def year_allocations(funding_year: FundingYear) -> QuerySet[Allocation]:
    """Every school's allocation for a year (aggregates, visible to everyone who may see funding)."""
    return funding_year.allocations.select_related(
        "school__organisation", "school__partnership__organisation"
    ).order_by("school__organisation__name")


def agreements_visible_to(user) -> QuerySet[ServiceLevelAgreement]:
    who = viewer(user)
    agreements = ServiceLevelAgreement.objects.select_related("funding_year", "school__organisation", "decided_by")
    if who.is_la:
        return agreements
    if who.kind == "school":
        return agreements.filter(school__organisation_id=who.organisation_id)
    return agreements.none()


def agreement_or_404(user, pk: int) -> ServiceLevelAgreement:
    return get_object_or_404(agreements_visible_to(user), pk=pk)


def engagement_by_school(funding_year: FundingYear | None) -> dict[int, str]:
    """{school organisation id: 'engaged' | 'not_engaged' | 'pending'} for a year (schools without an SLA are pending)."""
    if funding_year is None:
        return {}
    rows = ServiceLevelAgreement.objects.filter(funding_year=funding_year).values_list(
        "school__organisation_id", "status"
    )
    return {org: rules.engagement_status(status) for org, status in rows}


# ---------------------------------------------------------------------------------------
# Inputs to the formula


def place_funding_for(year: FundingYear) -> tuple[int, str, list[tuple[str, int, int]]]:
    """Place funding taken off first: (total pence, words, [(provider name, places, pence)]).

    From the year's ``commissioned_places`` at its place rate when the finance officer entered
    them; otherwise from the providers app's block commissions of state-funded AP for the year.
    """
    if year.commissioned_places is not None:
        total = rules.place_funding_pence(year.commissioned_places, year.place_rate_pence)
        return total, f"{year.commissioned_places} places at {_pounds(year.place_rate_pence)}", []
    from providers.queries import block_commissions
    from providers.rules import STATE_FUNDED_AP

    lines = [
        (c.provider.organisation.name, c.places, rules.place_funding_pence(c.places, c.place_funding_pence))
        for c in block_commissions(year.academic_year).filter(provider__provider_type__in=STATE_FUNDED_AP)
    ]
    places = sum(line[1] for line in lines)
    total = sum(line[2] for line in lines)
    words = (
        f"{places} block-commissioned places at state-funded AP" if lines else "no state-funded AP places commissioned"
    )
    return total, words, lines


def commissioned_places(year: FundingYear) -> int:
    """Places commissioned in AP for the year: entered, or block-commissioned at any provider."""
    if year.commissioned_places is not None:
        return year.commissioned_places
    from providers.queries import block_commissions

    return block_commissions(year.academic_year).aggregate(total=Sum("places"))["total"] or 0


def formula_inputs(year: FundingYear) -> list[SchoolInput]:
    """Each mainstream school's pupils by phase, FSM %, IDACI score and last year's allocation (three queries)."""
    from schools.models import School, SchoolRoll

    schools = [
        s
        for s in School.objects.select_related("organisation").order_by("organisation__name")
        if rules.counts_in_formula(s.phase)
    ]
    pupils: dict[int, dict[str, int]] = defaultdict(lambda: {"primary": 0, "secondary": 0})
    for school_id, year_group, count in SchoolRoll.objects.values_list("school_id", "year_group", "pupils"):
        phase = rules.phase_of_year_group(year_group)
        if phase:
            pupils[school_id][phase] += count
    previous = dict(
        Allocation.objects.filter(funding_year__academic_year=year.academic_year - 1).values_list(
            "school_id", "amount_pence"
        )
    )
    return [
        SchoolInput(
            key=s.pk,
            name=s.organisation.name,
            primary_pupils=pupils[s.pk]["primary"],
            secondary_pupils=pupils[s.pk]["secondary"],
            fsm_percent=s.fsm_percent,
            idaci_score=s.idaci_score,
            previous_pence=previous.get(s.pk),
        )
        for s in schools
    ]


# ---------------------------------------------------------------------------------------
# The ledger


def ledger_entries_visible_to(user) -> QuerySet[LedgerEntry]:
    """Ledger lines: the LA all; a school leader those on its accounts or about its pupils; others none."""
    who = viewer(user)
    entries = LedgerEntry.objects.select_related(
        "debit_account__organisation", "credit_account__organisation", "school", "created_by"
    )
    if who.is_la:
        return entries
    if who.kind == "school":
        org = who.organisation_id
        return entries.filter(
            Q(school_id=org) | Q(debit_account__organisation_id=org) | Q(credit_account__organisation_id=org)
        )
    return entries.none()


def entry_or_404(user, pk: int) -> LedgerEntry:
    return get_object_or_404(ledger_entries_visible_to(user).select_related("reverses", "invoice"), pk=pk)


def pupil_names_for(user, entries) -> dict[int, str]:
    """{pupil id: name} for the pupils in these entries that the user may see (one query)."""
    from pupils.queries import pupils_visible_to

    ids = {e.pupil_id for e in entries if e.pupil_id}
    if not ids:
        return {}
    return {p.pk: p.full_name for p in pupils_visible_to(user).filter(pk__in=ids)}


def month_closes() -> QuerySet[MonthClose]:
    return MonthClose.objects.select_related("closed_by").order_by("-month")


def next_month_to_close(on: datetime.date) -> datetime.date | None:
    """The month the finance officer closes next: the one after the latest closed, or last month."""
    latest = MonthClose.objects.order_by("-month").values_list("month", flat=True).first()
    if latest is not None:
        candidate = rules.month_end(latest) + datetime.timedelta(days=1)
    else:
        first_entry = LedgerEntry.objects.order_by("entry_date").values_list("entry_date", flat=True).first()
        start = first_entry or on
        candidate = start.replace(day=1)
    return candidate if rules.month_end(candidate) < on else None


def ledger_organisations() -> list[tuple[int, str]]:
    """(organisation id, name) of every organisation with a ledger account, for the ledger's filter."""
    from funding.models import Account

    return list(
        Account.objects.values_list("organisation_id", "organisation__name").distinct().order_by("organisation__name")
    )


def terms_for(funding_year: FundingYear):
    """The year's SLA terms, or None if not written yet."""
    from funding.models import AgreementTerms

    return AgreementTerms.objects.filter(funding_year=funding_year).first()


def devolved_total(funding_year: FundingYear) -> int:
    """The sum of a year's allocations."""
    return funding_year.allocations.aggregate(total=Sum("amount_pence"))["total"] or 0


def finance_alerts(user, today: datetime.date):
    """What the LA finance officer and strategic lead should act on, for the home page (see queries_money)."""
    from funding.queries_money import finance_alerts as alerts

    return alerts(user, today)


def placement_for_invoice(pk: int):
    """An agreed placement by number, for linking an invoice; no pupil details are shown from it."""
    from placements.models import Placement

    return (
        Placement.objects.filter(pk=pk, agreed_at__isnull=False)
        .select_related("funder")
        .prefetch_related("components")
        .first()
    )


def _pounds(pence: int) -> str:
    from core.jinja2 import pence as format_pence

    return format_pence(pence)
