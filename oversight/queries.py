"""Aggregate reads behind the measures: counts by school for a scope and a period, no pupil detail.

Each function runs a fixed number of queries however many records there are, and returns
counts keyed by school organisation id (``None`` for records that name no school) so the
same rows give both the scope's figure and its breakdown by school. Who may see pupil rows
is not decided here: see drilldown.py, which reads through the other apps' scoped queries.

What counts (seed 001, Table 1; PRODUCT.md I):
- a pupil is *in AP* in a period when a placement of theirs was active in it (active or
  ended, started by the period's end, not ended before its start) or they had an "in AP"
  education-status episode in it; the placement belongs to its home school, the episode to
  its responsible school;
- *places commissioned* are the LA's (and anyone's) block-commissioned places for each
  academic year the period touches, plus placements commissioned by a school or partnership
  as full-time equivalents (ten sessions or 25 hours a week is one place), each weighted by
  the days of the period it covers;
- a *permanent exclusion* is an "excluded" episode starting in the period, counted against the
  excluding school, for pupils of secondary age (years 7 to 11) on the day it started;
- a placement *ended* in the period when its end date falls in it; its end reason says whether
  the pupil was reintegrated;
- a *key stage 4 placement* is one active in the period for a pupil in year 10 or 11 when it
  started; it was for permanent exclusion when it started during a permanent exclusion.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum

from accounts.roles import OrganisationKind
from core.calendar import academic_year_bounds, academic_year_of
from oversight import rules
from oversight.period import Period
from oversight.scope import Scope
from placements.models import Placement, PlacementComponent, PlacementStatus
from providers.models import BlockCommission
from pupils.models import EducationEpisode, EducationStatus
from pupils.rules import date_of_birth_range, national_curriculum_year
from schools.models import SchoolRoll

RUNNING = (PlacementStatus.ACTIVE, PlacementStatus.ENDED)
SCHOOL_COMMISSIONERS = (OrganisationKind.SCHOOL, OrganisationKind.PARTNERSHIP)


@dataclass
class Counted:
    """A total and the same count by school organisation id."""

    total: Decimal | int = 0
    by_school: dict[int | None, Decimal | int] = field(default_factory=dict)


def in_scope(queryset: QuerySet, field_name: str, scope: Scope) -> QuerySet:
    """Only records that belong to the scope's schools (every record for the whole area)."""
    if scope.school_ids is None:
        return queryset
    return queryset.filter(**{f"{field_name}__in": sorted(scope.school_ids)})


def overlapping(period: Period, start_field: str = "start_date", end_field: str = "end_date") -> Q:
    return Q(**{f"{start_field}__lte": period.end}) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": period.start})
    )


def placements_in_period(period: Period) -> QuerySet[Placement]:
    """Placements active at some time in the period: active or ended, started by its end, not ended before its start."""
    return Placement.objects.filter(status__in=RUNNING).filter(overlapping(period))


def in_ap_episodes(period: Period) -> QuerySet[EducationEpisode]:
    return EducationEpisode.objects.filter(status=EducationStatus.IN_AP).filter(overlapping(period))


# ---------------------------------------------------------------------------------------
# Pupils on roll


@dataclass
class Roll:
    total: int = 0
    secondary: int = 0
    by_school: dict[int, tuple[int, int]] = field(default_factory=dict)  # school org: (all, secondary)


def number_on_roll(scope: Scope) -> Roll:
    """Pupils on roll in the scope's schools, all and in years 7 to 11, by school (one query)."""
    rows = (
        in_scope(SchoolRoll.objects.all(), "school__organisation_id", scope)
        .values("school__organisation_id")
        .annotate(
            all_pupils=Sum("pupils"),
            secondary=Sum(
                "pupils",
                filter=Q(year_group__gte=min(rules.SECONDARY_YEARS), year_group__lte=max(rules.SECONDARY_YEARS)),
            ),
        )
        .order_by()
    )
    roll = Roll()
    for row in rows:
        pair = (row["all_pupils"] or 0, row["secondary"] or 0)
        roll.by_school[row["school__organisation_id"]] = pair
        roll.total += pair[0]
        roll.secondary += pair[1]
    return roll


# ---------------------------------------------------------------------------------------
# Measure 1: pupils placed in AP


def pupils_in_ap(scope: Scope, period: Period) -> Counted:
    """Distinct pupils in AP in the period, and by school (one query: a UNION of placements and episodes)."""
    placed = (
        in_scope(placements_in_period(period), "home_school_id", scope)
        .order_by()
        .values_list("pupil_id", "home_school_id")
    )
    episodes = in_scope(in_ap_episodes(period), "school_id", scope).order_by().values_list("pupil_id", "school_id")
    pairs = set(placed.union(episodes))
    by_school: dict[int | None, set[int]] = defaultdict(set)
    for pupil_id, school_id in pairs:
        by_school[school_id].add(pupil_id)
    return Counted(len({pupil for pupil, _ in pairs}), {school: len(pupils) for school, pupils in by_school.items()})


# ---------------------------------------------------------------------------------------
# Measure 2: places commissioned


@dataclass
class Places:
    block_place_days: Decimal = Decimal(0)
    school_place_days: Decimal = Decimal(0)
    by_organisation: dict[int, Decimal] = field(default_factory=dict)  # commissioner: place-days
    period_days: int = 1

    @property
    def block(self) -> Decimal:
        return rules.average_places(self.block_place_days, self.period_days)

    @property
    def school_commissioned(self) -> Decimal:
        return rules.average_places(self.school_place_days, self.period_days)

    @property
    def total(self) -> Decimal:
        return self.block + self.school_commissioned


def places_commissioned(scope: Scope, period: Period) -> Places:
    """Block-commissioned places and school-commissioned full-time equivalents, as place-days in the period (two queries)."""
    from funding.rules import fte_of

    result = Places(period_days=period.days)
    by_organisation: dict[int, Decimal] = defaultdict(Decimal)
    blocks = BlockCommission.objects.filter(academic_year__in=list(period.academic_years))
    if scope.organisation_ids is not None:
        blocks = blocks.filter(commissioner_id__in=sorted(scope.organisation_ids))
    for year, places, commissioner_id in blocks.values_list("academic_year", "places", "commissioner_id"):
        first, last = academic_year_bounds(year)
        days = Decimal(places * period.overlap_days(first, last))
        result.block_place_days += days
        by_organisation[commissioner_id] += days
    components = PlacementComponent.objects.filter(
        placement__in=placements_in_period(period), placement__commissioner__kind__in=SCHOOL_COMMISSIONERS
    )
    if scope.organisation_ids is not None:
        components = components.filter(placement__commissioner_id__in=sorted(scope.organisation_ids))
    rows = components.values_list(
        "start_date",
        "end_date",
        "placement__start_date",
        "placement__end_date",
        "sessions",
        "hours_per_week",
        "placement__commissioner_id",
    )
    for start, end, placement_start, placement_end, sessions, hours, commissioner_id in rows:
        last = min((d for d in (end, placement_end) if d is not None), default=None)
        days = period.overlap_days(max(start, placement_start), last)
        place_days = fte_of(len(sessions or []), hours) * days
        result.school_place_days += place_days
        by_organisation[commissioner_id] += place_days
    result.by_organisation = dict(by_organisation)
    return result


# ---------------------------------------------------------------------------------------
# Measure 3: secondary permanent exclusions (and all exclusions and suspensions, for fairness)


def exclusion_episodes(
    period: Period, status: str = EducationStatus.PERMANENTLY_EXCLUDED
) -> QuerySet[EducationEpisode]:
    """Exclusions (or suspensions) that started in the period."""
    return EducationEpisode.objects.filter(status=status, start_date__gte=period.start, start_date__lte=period.end)


def in_year_groups(years: range, first: int, last: int, *, date_field: str, born_field: str) -> Q:
    """Records dated in academic years ``years`` whose pupil was then in national curriculum years ``first`` to ``last``."""
    condition = Q(pk__in=[])
    for year in years:
        start, end = academic_year_bounds(year)
        earliest, _ = date_of_birth_range(last, year)
        _, latest = date_of_birth_range(first, year)
        condition |= Q(**{f"{date_field}__range": (start, end), f"{born_field}__range": (earliest, latest)})
    return condition


def secondary_exclusion_episodes(scope: Scope, period: Period) -> QuerySet[EducationEpisode]:
    """Permanent exclusions that started in the period, of pupils in years 7 to 11 that day."""
    secondary = in_year_groups(
        period.academic_years,
        min(rules.SECONDARY_YEARS),
        max(rules.SECONDARY_YEARS),
        date_field="start_date",
        born_field="pupil__date_of_birth",
    )
    return in_scope(exclusion_episodes(period).filter(secondary), "school_id", scope)


def _by(queryset: QuerySet, field_name: str) -> Counted:
    rows = queryset.order_by().values(field_name).annotate(n=Count("pk"))
    by_school = {row[field_name]: row["n"] for row in rows}
    return Counted(sum(by_school.values()), by_school)


def secondary_exclusions(scope: Scope, period: Period) -> Counted:
    """Permanent exclusions of pupils in years 7 to 11 that started in the period, by excluding school (one query)."""
    return _by(secondary_exclusion_episodes(scope, period), "school_id")


def episodes_by_school(scope: Scope, period: Period) -> dict[int | None, dict[str, int]]:
    """{school: {'suspensions', 'suspension_sessions', 'exclusions'}} started in the period (one query)."""
    rows = (
        in_scope(
            EducationEpisode.objects.filter(start_date__gte=period.start, start_date__lte=period.end),
            "school_id",
            scope,
        )
        .filter(status__in=[EducationStatus.SUSPENDED, EducationStatus.PERMANENTLY_EXCLUDED])
        .values("school_id")
        .annotate(
            suspensions=Count("id", filter=Q(status=EducationStatus.SUSPENDED)),
            suspension_sessions=Sum("sessions", filter=Q(status=EducationStatus.SUSPENDED)),
            exclusions=Count("id", filter=Q(status=EducationStatus.PERMANENTLY_EXCLUDED)),
        )
        .order_by()
    )
    return {
        row["school_id"]: {
            "suspensions": row["suspensions"],
            "suspension_sessions": row["suspension_sessions"] or 0,
            "exclusions": row["exclusions"],
        }
        for row in rows
    }


# ---------------------------------------------------------------------------------------
# Measure 4: reintegration


@dataclass
class Endings:
    ended: Counted = field(default_factory=Counted)
    reintegrated: Counted = field(default_factory=Counted)
    by_reason: dict[str, int] = field(default_factory=dict)


def ended_placements(scope: Scope, period: Period) -> QuerySet[Placement]:
    return in_scope(
        Placement.objects.filter(status=PlacementStatus.ENDED, end_date__gte=period.start, end_date__lte=period.end),
        "home_school_id",
        scope,
    )


def endings(scope: Scope, period: Period) -> Endings:
    """Placements that ended in the period, and those that ended in a return to mainstream, by home school (one query)."""
    rows = ended_placements(scope, period).values("home_school_id", "end_reason").annotate(n=Count("id")).order_by()
    result = Endings()
    for row in rows:
        school, reason, n = row["home_school_id"], row["end_reason"], row["n"]
        result.ended.total += n
        result.ended.by_school[school] = result.ended.by_school.get(school, 0) + n
        result.by_reason[reason] = result.by_reason.get(reason, 0) + n
        if rules.counts_as_reintegration(reason):
            result.reintegrated.total += n
            result.reintegrated.by_school[school] = result.reintegrated.by_school.get(school, 0) + n
    return result


# ---------------------------------------------------------------------------------------
# Measure 5: reasons for key stage 4 placements


def excluded_when_placed() -> Exists:
    """Whether the pupil was permanently excluded on the day the placement started (funding.rules.excluded_at_start)."""
    return Exists(
        EducationEpisode.objects.filter(
            pupil=OuterRef("pupil_id"),
            status=EducationStatus.PERMANENTLY_EXCLUDED,
            start_date__lte=OuterRef("start_date"),
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("start_date")))
    )


@dataclass
class KeyStage4:
    prevention: Counted = field(default_factory=Counted)
    exclusion: Counted = field(default_factory=Counted)

    @property
    def total(self) -> int:
        return self.prevention.total + self.exclusion.total


def key_stage_4_queryset(scope: Scope, period: Period) -> QuerySet[Placement]:
    """Placements in the period of pupils in years 10 and 11 when placed, each marked ``excluded`` or not (two queries)."""
    placements = in_scope(placements_in_period(period), "home_school_id", scope)
    earliest = placements.aggregate(first=Min("start_date"))["first"]
    if earliest is None:
        return placements.none().annotate(excluded=excluded_when_placed())
    years = range(academic_year_of(earliest), period.academic_years[-1] + 1)
    ks4 = in_year_groups(
        years,
        min(rules.KEY_STAGE_4_YEARS),
        max(rules.KEY_STAGE_4_YEARS),
        date_field="start_date",
        born_field="pupil__date_of_birth",
    )
    return placements.filter(ks4).annotate(excluded=excluded_when_placed())


def key_stage_4_placements(scope: Scope, period: Period) -> KeyStage4:
    """Key stage 4 placements in the period, for prevention or after permanent exclusion, by home school (two queries)."""
    rows = key_stage_4_queryset(scope, period).order_by().values("home_school_id", "excluded").annotate(n=Count("pk"))
    result = KeyStage4()
    for row in rows:
        bucket = result.exclusion if rules.ks4_reason(row["excluded"]) == "exclusion" else result.prevention
        bucket.total += row["n"]
        bucket.by_school[row["home_school_id"]] = bucket.by_school.get(row["home_school_id"], 0) + row["n"]
    return result


def year_group_on(born: datetime.date, day: datetime.date) -> int:
    return national_curriculum_year(born, academic_year_of(day))
