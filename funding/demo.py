"""The demo area's funding: devolved to schools with a tariff, one school that declined its SLA.

``build_demo_funding(*, rng, today, users, ...)`` runs after the area, its term dates, people and
pupils exist (demo.generator). Everything goes through the funding services, as a finance
officer would do it:

1. The arrangement from 1 September of the current academic year: devolved to individual
   schools (Nottinghamshire's model) plus a tariff for each permanent exclusion.
2. The AP budget for the academic year (1 September to 31 August, like term dates and the
   census): DEMO_AP_SHARE_PERCENT of Trafford's published 2023-24 high needs block
   (funding/data/, OGL v3). The share is an assumption for the demo: the DSG tables do not say
   how much of a high needs block an LA spends on AP. If the directory's block-commissioned
   places (place funding and top-ups) need more, the share is raised a point at a time until the
   budget covers them with half as much again, and the budget's source says so.
3. Place funding: the year's block commissions of state-funded AP if the directory has any,
   otherwise DEMO_COMMISSIONED_PLACES places at £10,000. Of the rest, all is devolved except
   what the LA keeps for the block top-ups and a fifth again for placements it commissions.
4. The formula (pupil numbers by phase, FSM and IDACI), confirmed; the SLA issued to each school.
5. Every school accepts except one, which declines (a non-engaging school, as in Nottingham
   City). School leaders with a demo sign-in decide themselves; the other schools' signed
   copies are recorded by the finance officer.
6. An LA-funded placement for a pupil permanently excluded this year by an engaged school,
   made through the placements services (agreed, and started if its start has come).
7. The ledger posted to today, the ended months closed in order, and posted again, so the
   exclusion's placement is recharged to the excluding school's devolved allocation.

Contains public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

import csv
import datetime
import random
from collections import Counter
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core.calendar import CalendarError, SchoolCalendar, academic_year_of
from funding import queries, services
from funding.models import AgreementStatus, EntryKind, FundingModel, LedgerEntry
from funding.reconcile import post_ledger
from funding.services_ledger import close_month

DATA_FILE = Path(__file__).resolve().parent / "data" / "trafford_high_needs_block_2023-24.csv"
HIGH_NEEDS_COLUMN = "Total high needs block before deductions (£s)"
DEMO_AP_SHARE_PERCENT = Decimal(10)
DEMO_TARIFF_PENCE = 400_000  # £4,000 for each permanent exclusion: a demo value, set by each LA
DEMO_COMMISSIONED_PLACES = 40
DEMO_SESSION_PRICE_PENCE = 6_000  # £60 a session when the provider's programme has no price
FULL_WEEK = [f"{day}_{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]


def trafford_high_needs_pence() -> int:
    """Trafford's 2023-24 high needs block before deductions, in pence (DfE DSG allocations, July 2024)."""
    with DATA_FILE.open(newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["la_code"] == "358")
    return int(Decimal(row[HIGH_NEEDS_COLUMN]) * 100)


def demo_ap_budget_pence(share_percent: Decimal = DEMO_AP_SHARE_PERCENT) -> int:
    return int((Decimal(trafford_high_needs_pence()) * share_percent / 100).quantize(Decimal(1), ROUND_HALF_UP))


def _people(users: Iterable, role: str) -> list:
    found = []
    for user in users:
        membership = user.memberships.filter(role=role).select_related("organisation").order_by("pk").first()
        if membership is not None:
            user.active_membership = membership
            found.append(user)
    return found


def build_demo_funding(
    *,
    rng: random.Random,
    today: datetime.date,
    users: Iterable,
    ap_share_percent: Decimal = DEMO_AP_SHARE_PERCENT,
    tariff_pence: int = DEMO_TARIFF_PENCE,
) -> Counter:
    """Set up the demo area's funding and post its ledger; returns counts for the demo summary."""
    users = list(users)
    finance = (_people(users, Role.LA_FINANCE_OFFICER) or _people(users, Role.LA_STRATEGIC_LEAD) or [None])[0]
    if finance is None:
        raise ValueError("The funding demo needs an LA finance officer or strategic lead among the users")
    caseworker = (_people(users, Role.LA_INCLUSION_OFFICER) or _people(users, Role.LA_STRATEGIC_LEAD) or [finance])[0]
    leaders = {u.active_membership.organisation_id: u for u in _people(users, Role.SCHOOL_LEADER)}
    start_year = academic_year_of(today)
    counts: Counter = Counter()
    with transaction.atomic():
        services.change_arrangement(
            by=finance,
            effective_from=datetime.date(start_year, 9, 1),
            funding_models=[FundingModel.DEVOLVED_SCHOOLS, FundingModel.TARIFF],
            tariff_pence=tariff_pence,
            notes="Schools agreed to hold the AP budget themselves and pay for the placements of pupils they exclude",
        )
        year = _funding_year(finance, start_year, ap_share_percent)
        services.run_formula(by=finance, funding_year=year)
        services.confirm_funding_year(by=finance, funding_year=year)
        services.save_terms(by=finance, funding_year=year, **services.suggested_terms(year))
        counts["SLAs issued"] = services.issue_agreements(by=finance, funding_year=year)
        decliner = _decide(rng, finance, year, leaders)
        engaged = [
            a.school.organisation_id for a in year.agreements.select_related("school") if a.school_id != decliner
        ]
        preferred = next(iter(leaders), None)
        counts["placements for excluded pupils"] = int(
            _placement_for_exclusion(rng, today, finance, caseworker, engaged, preferred) is not None
        )
        # Placements record agreement at the clock's time; post to whichever is later.
        up_to = max(today, timezone.localdate())
        counts["ledger entries"] += post_ledger(by=finance, up_to=up_to).total
        while (month := queries.next_month_to_close(today)) is not None:
            close_month(by=finance, month=month, today=today)
            counts["months closed"] += 1
        counts["ledger entries"] += post_ledger(by=finance, up_to=up_to).total
    counts["recharges to excluding schools"] = LedgerEntry.objects.filter(kind=EntryKind.RECHARGE).count()
    counts["tariffs"] = LedgerEntry.objects.filter(kind=EntryKind.TARIFF).count()
    counts["schools allocated"] = year.allocations.count()
    return counts


def demo_budget(block_pence: int, share_percent: Decimal = DEMO_AP_SHARE_PERCENT) -> tuple[int, Decimal]:
    """(AP budget in pence, the share of the high needs block used): the documented share, raised a whole
    percentage point at a time until it covers the LA's block-commissioned places (place funding and
    top-ups) with half as much again to share between schools."""
    share = Decimal(share_percent)
    while demo_ap_budget_pence(share) < block_pence * 3 // 2 and share < 100:
        share += 1
    return demo_ap_budget_pence(share), share


def demo_devolved_percent(budget: int, place_funding: int, top_ups: int) -> Decimal:
    """The share of what is left after place funding that is devolved: all of it except the top-ups of the
    block-commissioned places and a fifth again for the placements the LA commissions one by one."""
    devolvable = budget - place_funding
    if devolvable <= 0:
        return Decimal(0)
    kept = min(devolvable, top_ups * 6 // 5)
    return (Decimal(100) * (devolvable - kept) / devolvable).quantize(Decimal(1), ROUND_HALF_UP)


def _funding_year(finance, start_year: int, share_percent: Decimal):
    from providers.queries import block_commissions
    from providers.rules import STATE_FUNDED_AP

    commissions = list(block_commissions(start_year))
    state = [c for c in commissions if c.provider.provider_type in STATE_FUNDED_AP]
    place_funding = sum(c.places * c.place_funding_pence for c in state) or DEMO_COMMISSIONED_PLACES * 1_000_000
    top_ups = sum(c.places * c.top_up_pence for c in state) + sum(
        c.places * (c.place_funding_pence + c.top_up_pence) for c in commissions if c not in state
    )
    budget, share = demo_budget(place_funding + top_ups, share_percent)
    raised = (
        f" (the demo's {share_percent}% raised to {share}% to cover the block-commissioned places)"
        if share != share_percent
        else ""
    )
    return services.create_funding_year(
        by=finance,
        academic_year=start_year,
        ap_budget_pence=budget,
        budget_source=(
            f"{share}% of Trafford's 2023-24 high needs block before deductions (£40,874,926; DfE DSG allocations, "
            f"July 2024){raised}. The share is a demo assumption. Contains public sector information licensed "
            "under the Open Government Licence v3.0."
        ),
        commissioned_places=None if state else DEMO_COMMISSIONED_PLACES,
        place_rate_pence=1_000_000,
        devolved_percent=demo_devolved_percent(budget, place_funding, top_ups),
        primary_weight=Decimal("0.25"),
        secondary_weight=Decimal(1),
        pupil_factor_percent=Decimal(60),
        fsm_factor_percent=Decimal(25),
        idaci_factor_percent=Decimal(15),
        protection_percent=Decimal(2),
    )


def _decide(rng: random.Random, finance, year, leaders: dict) -> int:
    """Every school accepts but one: the last demo school leader's school if it has an SLA, else a random secondary."""
    agreements = list(year.agreements.select_related("school__organisation").order_by("school__organisation__name"))
    by_org = {a.school.organisation_id: a for a in agreements}
    with_leader = [org for org in leaders if org in by_org]
    if len(with_leader) > 1:
        decliner = by_org[with_leader[-1]].school_id
    else:
        secondaries = [
            a for a in agreements if a.school.phase == "secondary" and a.school.organisation_id not in leaders
        ]
        decliner = rng.choice(secondaries or agreements).school_id
    for agreement in agreements:
        declined = agreement.school_id == decliner
        decision = AgreementStatus.DECLINED if declined else AgreementStatus.ACCEPTED
        note = (
            "The governors want to keep the LA's central arrangements and will not take devolved funding"
            if declined
            else ""
        )
        leader = leaders.get(agreement.school.organisation_id)
        if leader is not None:
            services.decide_agreement(by=leader, agreement=agreement, decision=decision, note=note)
        else:
            services.record_agreement_decision(
                by=finance,
                agreement=agreement,
                decision=decision,
                note=note or "Signed copy received from the head teacher",
            )
    return decliner


def _placement_for_exclusion(rng, today, finance, caseworker, engaged: list[int], preferred: int | None):
    """An LA-funded placement for a pupil excluded this year by an engaged school, unless one exists already."""
    from placements import services as placement_services
    from placements import services_lifecycle
    from placements.models import OPEN_STATUSES, Placement
    from pupils.models import EducationEpisode, EducationStatus

    la = queries.la_organisation()
    episodes = list(
        EducationEpisode.objects.filter(
            status=EducationStatus.PERMANENTLY_EXCLUDED,
            school_id__in=engaged,
            start_date__gte=datetime.date(academic_year_of(today), 9, 1),
            start_date__lte=today,
        )
        .select_related("pupil", "school")
        .order_by("start_date", "id")
    )
    if Placement.objects.filter(funder=la, agreed_at__isnull=False, pupil__in=[e.pupil for e in episodes]).exists():
        return None
    busy = set(Placement.objects.filter(status__in=OPEN_STATUSES).values_list("pupil_id", flat=True))
    episodes = [e for e in episodes if e.pupil_id not in busy]
    if not episodes:
        return None
    calendar = SchoolCalendar.load()

    def sixth_school_day(episode) -> datetime.date:
        try:
            return calendar.nth_school_day_from(episode.start_date, 6)
        except CalendarError:
            return episode.start_date + datetime.timedelta(days=7)

    # The most recent exclusion whose provision has started (so the placement is running), at the first demo school if it has one.
    at_preferred = [e for e in episodes if e.school_id == preferred] or episodes
    started = [e for e in at_preferred if sixth_school_day(e) <= today]
    episode = started[-1] if started else (at_preferred[-1] if at_preferred is not episodes else rng.choice(episodes))
    start = sixth_school_day(episode)
    provider, price = _approved_provider(finance)
    placement = placement_services.create_placement(
        by=caseworker,
        pupil=episode.pupil,
        home_school=episode.school,
        commissioner=la,
        funder=la,
        tier="time_limited",
        start_date=start,
        objectives="Full-time education from the sixth school day; assess needs and plan a return to mainstream",
        reintegration_plan="Review at 6 and 12 weeks with the excluding school and a receiving school",
        components=[{"provider": provider, "sessions": FULL_WEEK, "cost_per_session_pence": price}],
    )
    placement_services.save_learner_profile(
        by=caseworker,
        placement=placement,
        needs="Social, emotional and mental health needs",
        what_helps="Clear routines, a key adult, short tasks",
        what_to_avoid="Public correction",
        risks="Risk of disengagement; shared with the provider's safeguarding lead",
    )
    services_lifecycle.agree_placement(by=caseworker, placement=placement)
    if start <= today:
        services_lifecycle.start_placement(by=caseworker, placement=placement, start_date=start)
    return placement


def _approved_provider(finance):
    """A provider on the framework to place with: an approved PRU if there is one (approving the demo PRU if none is)."""
    from providers import services as provider_services
    from providers.models import Provider
    from providers.queries import approved_providers

    provider = (
        approved_providers().filter(provider_type=Provider.ProviderType.PRU).first() or approved_providers().first()
    )
    if provider is None:
        provider = Provider.objects.filter(provider_type=Provider.ProviderType.PRU).order_by("pk").first()
        provider_services.change_framework_status(
            by=finance,
            provider=provider,
            to_status="approved",
            reason="Quality assured and approved for the demo area",
        )
    programme = provider.programmes.filter(active=True, price_per_session_pence__isnull=False).first()
    return provider, (programme.price_per_session_pence if programme else DEMO_SESSION_PRICE_PENCE)
