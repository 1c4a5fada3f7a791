"""What the provider directory reads from placements and requests for support.

Everything that depends on placements (occupancy, providers in use, every placement
commissioned in the area, the independent-school registration check, the pupils to move
when a provider is decommissioned) and on requests (demand for sufficiency) lives here,
so that the rest of the providers app does not reach into apps to its right.
Aggregates carry no pupil detail; the one pupil-level list (pupils to move) goes through
placements.queries.placements_visible_to(user).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from accounts.roles import OrganisationKind
from core.calendar import academic_year_of
from placements.models import Placement, PlacementComponent, PlacementStatus
from placements.queries import placements_visible_to
from providers import rules
from providers.models import COMMISSIONABLE_STATUSES, BlockCommission, DirectorySettings, Need, Programme, Provider
from pupils.rules import national_curriculum_year
from referrals.models import Need as RequestNeed
from referrals.models import Request, Status

HOLDING_STATUSES = (PlacementStatus.AGREED, PlacementStatus.ACTIVE)
OPEN_STATUSES = (PlacementStatus.PROPOSED, PlacementStatus.AGREED, PlacementStatus.ACTIVE)
DEMAND_WINDOW_DAYS = 365


def _running(on: datetime.date, statuses=HOLDING_STATUSES):
    """Components of placements in the given statuses that have not ended by ``on``."""
    return (
        PlacementComponent.objects.filter(placement__status__in=statuses)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .filter(Q(placement__end_date__isnull=True) | Q(placement__end_date__gte=on))
    )


def occupancy_by_provider(on: datetime.date, provider_ids=None) -> dict[int, int]:
    """{provider id: pupils holding a place} from agreed and active placements, in one query."""
    components = _running(on)
    if provider_ids is not None:
        components = components.filter(provider_id__in=list(provider_ids))
    rows = components.values("provider_id").annotate(pupils=Count("placement__pupil", distinct=True))
    return {row["provider_id"]: row["pupils"] for row in rows}


def providers_in_use(on: datetime.date) -> set[int]:
    """Providers with an agreed or active placement, or places block-commissioned for this academic year."""
    placed = set(_running(on).values_list("provider_id", flat=True).distinct())
    blocked = set(
        BlockCommission.objects.filter(academic_year=academic_year_of(on)).values_list("provider_id", flat=True)
    )
    return placed | blocked


def providers_commissioned_by(organisation_id: int | None) -> set[int]:
    """Providers an organisation commissions or has commissioned: as commissioner, funder or home school, or in a block."""
    if organisation_id is None:
        return set()
    placed = PlacementComponent.objects.exclude(placement__status=PlacementStatus.CANCELLED).filter(
        Q(placement__commissioner_id=organisation_id)
        | Q(placement__funder_id=organisation_id)
        | Q(placement__home_school_id=organisation_id)
    )
    blocked = BlockCommission.objects.filter(
        Q(commissioner_id=organisation_id) | Q(joint_commissioners__id=organisation_id)
    )
    return set(placed.values_list("provider_id", flat=True).distinct()) | set(
        blocked.values_list("provider_id", flat=True).distinct()
    )


def pupils_placed_count(provider: Provider, on: datetime.date) -> int:
    """How many pupils have a proposed, agreed or active placement with the provider (no names)."""
    return _running(on, OPEN_STATUSES).filter(provider=provider).values("placement__pupil").distinct().count()


def pupils_to_move(user, provider: Provider, on: datetime.date) -> list[Placement]:
    """Open placements with a component at the provider, as far as this user may see them."""
    at_provider = _running(on, OPEN_STATUSES).filter(provider=provider).values("placement_id")
    return list(
        placements_visible_to(user)
        .filter(pk__in=at_provider)
        .select_related("pupil", "home_school", "commissioner")
        .order_by("pupil__legal_surname", "pupil__legal_forename", "pk")
    )


# ---------------------------------------------------------------------------------------
# The independent-school registration check


def registration_warnings(
    on: datetime.date, settings: DirectorySettings, provider_ids=None
) -> dict[int, rules.RegistrationWarning]:
    """{provider id: warning} for providers not registered as schools whose active placements cross the threshold."""
    components = _running(on, (PlacementStatus.ACTIVE,)).filter(
        provider__provider_type__in=rules.NOT_REGISTERED_AS_SCHOOLS, start_date__lte=on, placement__start_date__lte=on
    )
    if provider_ids is not None:
        components = components.filter(provider_id__in=list(provider_ids))
    rows = components.values_list(
        "provider_id",
        "placement__pupil_id",
        "placement__pupil__date_of_birth",
        "placement__pupil__looked_after",
        "placement__pupil__sen_provision",
        "hours_per_week",
        "sessions",
    )
    hours: dict[tuple[int, int], object] = defaultdict(int)
    pupils: dict[int, tuple] = {}
    for provider_id, pupil_id, born, looked_after, sen, per_week, sessions in rows:
        hours[(provider_id, pupil_id)] += rules.weekly_hours(per_week, sessions, settings.session_hours)
        pupils[pupil_id] = (born, looked_after, sen)
    full_time: dict[int, list[int]] = defaultdict(list)
    for (provider_id, pupil_id), total in hours.items():
        born = pupils[pupil_id][0]
        if rules.is_full_time(total, settings.full_time_hours) and rules.is_compulsory_school_age(born, on):
            full_time[provider_id].append(pupil_id)
    warnings = {}
    for provider_id, ids in full_time.items():
        vulnerable = sum(1 for pid in ids if pupils[pid][1] or pupils[pid][2] == "E")
        warning = rules.independent_school_registration(len(ids), vulnerable)
        if warning:
            warnings[provider_id] = warning
    return warnings


# ---------------------------------------------------------------------------------------
# Every placement commissioned in the area


@dataclass
class CommissionedRow:
    provider: Provider
    pupils: int = 0
    by_la: int = 0
    by_schools: int = 0
    by_others: int = 0
    commissioners: set[str] = field(default_factory=set)

    @property
    def registered(self) -> bool:
        return not rules.registration_rule_applies(self.provider.provider_type)


def commissioned_placements(on: datetime.date) -> list[CommissionedRow]:
    """Agreed and active placements by provider and kind of commissioner (LA, school, other), in two queries."""
    rows = _running(on).values_list(
        "provider_id",
        "placement_id",
        "placement__pupil_id",
        "placement__commissioner__kind",
        "placement__commissioner__name",
    )
    by_provider: dict[int, dict] = defaultdict(lambda: {"placements": {}, "pupils": set(), "names": set()})
    for provider_id, placement_id, pupil_id, kind, name in rows:
        entry = by_provider[provider_id]
        entry["placements"][placement_id] = kind
        entry["pupils"].add(pupil_id)
        entry["names"].add(name)
    providers = Provider.objects.select_related("organisation", "locality__organisation").in_bulk(list(by_provider))
    result = []
    for provider_id, entry in by_provider.items():
        kinds = list(entry["placements"].values())
        result.append(
            CommissionedRow(
                provider=providers[provider_id],
                pupils=len(entry["pupils"]),
                by_la=sum(1 for k in kinds if k == OrganisationKind.LOCAL_AUTHORITY),
                by_schools=sum(1 for k in kinds if k == OrganisationKind.SCHOOL),
                by_others=sum(1 for k in kinds if k not in (OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.SCHOOL)),
                commissioners=entry["names"],
            )
        )
    return sorted(result, key=lambda r: r.provider.name)


# ---------------------------------------------------------------------------------------
# Sufficiency: places against demand by need, phase and locality


PHASE_NAMES = [name for name, _, _ in rules.PHASES]


def phase_of_year_group(year_group: int) -> str:
    if year_group <= 6:
        return "Primary"
    if year_group <= 9:
        return "Key stage 3"
    if year_group <= 11:
        return "Key stage 4"
    return "Post-16"


@dataclass
class SufficiencyRow:
    key: str
    label: str
    demand: int = 0
    providers: int = 0
    places: int = 0
    free: int = 0
    gap: bool = False


@dataclass
class Sufficiency:
    since: datetime.date
    by_need: list[SufficiencyRow]
    by_phase: list[SufficiencyRow]
    by_locality: list[SufficiencyRow]

    @property
    def gaps(self) -> list[tuple[str, SufficiencyRow]]:
        return (
            [("Need", r) for r in self.by_need if r.gap]
            + [("Phase", r) for r in self.by_phase if r.gap]
            + [("Locality", r) for r in self.by_locality if r.gap]
        )


def _demand(on: datetime.date):
    since = on - datetime.timedelta(days=DEMAND_WINDOW_DAYS)
    requests = Request.objects.exclude(status__in=[Status.DRAFT]).filter(
        Q(submitted_at__date__gte=since) | Q(submitted_at__isnull=True, created_at__date__gte=since)
    )
    return since, list(requests.values_list("need", "pupil__date_of_birth", "school__school__partnership_id"))


def sufficiency(on: datetime.date) -> Sufficiency:
    """Demand (requests for support in the last year) against approved places, with the gaps listed."""
    from schools.models import Partnership

    since, demand = _demand(on)
    academic_year = academic_year_of(on)
    providers = list(Provider.objects.filter(framework_status__in=COMMISSIONABLE_STATUSES).prefetch_related("needs"))
    programmes = list(
        Programme.objects.filter(active=True, provider__in=providers).values_list(
            "provider_id", "places", "min_age", "max_age"
        )
    )
    occupancy = occupancy_by_provider(on, [p.pk for p in providers])
    capacity: dict[int, int] = defaultdict(int)
    for provider_id, places, _, _ in programmes:
        capacity[provider_id] += places
    free = {p.pk: max(0, capacity[p.pk] - occupancy.get(p.pk, 0)) for p in providers}

    need_labels = dict(RequestNeed.choices)
    need_labels.update({n.code: n.label for n in Need.objects.filter(active=True)})
    by_need: dict[str, SufficiencyRow] = {}
    for provider in providers:
        for need in provider.needs.all():
            row = by_need.setdefault(need.code, SufficiencyRow(need.code, need.label))
            row.providers += 1
            row.places += capacity[provider.pk]
            row.free += free[provider.pk]
    by_phase = {name: SufficiencyRow(name, name) for name in PHASE_NAMES}
    for _provider_id, places, low, high in programmes:
        for phase in rules.phases_for_ages(low, high):
            by_phase[phase].places += places
    localities = {p.pk: p.organisation.name for p in Partnership.objects.select_related("organisation")}
    by_locality = {pk: SufficiencyRow(str(pk), name) for pk, name in localities.items()}
    for provider in providers:
        if provider.locality_id in by_locality:
            row = by_locality[provider.locality_id]
            row.providers += 1
            row.places += capacity[provider.pk]
            row.free += free[provider.pk]

    for need, born, partnership_id in demand:
        by_need.setdefault(need, SufficiencyRow(need, need_labels.get(need, need))).demand += 1
        by_phase[phase_of_year_group(national_curriculum_year(born, academic_year))].demand += 1
        if partnership_id in by_locality:
            by_locality[partnership_id].demand += 1
    for row in by_need.values():
        row.gap = row.demand > 0 and rules.need_gap(row.providers)
    for row in by_phase.values():
        row.gap = rules.capacity_gap(row.demand, row.places)
    for row in by_locality.values():
        row.gap = rules.capacity_gap(row.demand, row.free)
    return Sufficiency(
        since=since,
        by_need=sorted(by_need.values(), key=lambda r: (-r.demand, r.label)),
        by_phase=list(by_phase.values()),
        by_locality=sorted(by_locality.values(), key=lambda r: r.label),
    )
