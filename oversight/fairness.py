"""Fairness, the "level playing field" of seed 001: each school's use of AP against its share.

For a period, every school's pupils placed in AP, days in AP (full-time equivalent school
days) and the cost of its pupils' AP, against its share of the area's total; its suspensions
and permanent exclusions per 100 pupils against the area's; the pupils it took back (returns
from AP to it) or admitted through fair access against its share; whether it declined the
service-level agreement; and the reasons it stands out, by the LA's thresholds (rules.py,
OversightSettings). A fixed number of queries whatever the number of schools.

A school's share is its funding formula share for the academic year the period ends in when
the funding app has allocations for it, otherwise its pupils on roll weighted for free
school meals (rules.formula_weight), as a fraction of the area's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from core.calendar import CalendarError, SchoolCalendar, academic_year_label
from oversight import queries, rules
from oversight.models import OversightSettings
from oversight.period import Period
from oversight.scope import AREA_SCOPE


@dataclass
class SchoolFairness:
    school: object
    roll: int
    share: Decimal
    pupils: int = 0
    expected_pupils: Decimal = Decimal(0)
    days: Decimal | None = None
    expected_days: Decimal | None = None
    cost: int = 0
    expected_cost: Decimal = Decimal(0)
    suspensions: int = 0
    suspension_rate: Decimal | None = None
    exclusions: int = 0
    exclusion_rate: Decimal | None = None
    returns: int = 0
    fair_access: int = 0
    expected_taken_back: Decimal = Decimal(0)
    engagement: str = "pending"
    outliers: list[rules.Outlier] = field(default_factory=list)

    @property
    def taken_back(self) -> int:
        return self.returns + self.fair_access

    @property
    def use_times_share(self) -> Decimal | None:
        """Pupils placed as a multiple of the school's share (1 is exactly its share)."""
        if self.expected_pupils <= 0:
            return None
        return (Decimal(self.pupils) / self.expected_pupils).quantize(Decimal("0.01"))


@dataclass
class Fairness:
    period: Period
    settings: OversightSettings
    rows: list[SchoolFairness]
    share_source: str
    totals: dict[str, Decimal | int]
    suspension_rate: Decimal | None
    exclusion_rate: Decimal | None
    days_problem: str = ""

    @property
    def outliers(self) -> list[SchoolFairness]:
        return [row for row in self.rows if row.outliers]


def _shares(schools, roll: dict, year_start: int, fsm_weight: Decimal) -> tuple[dict[int, Decimal], str]:
    from funding.models import Allocation

    formula = dict(
        Allocation.objects.filter(funding_year__academic_year=year_start).values_list(
            "school__organisation_id", "share"
        )
    )
    total = sum(formula.values(), Decimal(0))
    if total > 0:
        source = f"the funding formula's share for {academic_year_label(year_start)}"
        return {s.organisation_id: Decimal(formula.get(s.organisation_id, 0)) / total for s in schools}, source
    weights = {
        s.organisation_id: rules.formula_weight(roll.get(s.organisation_id, 0), s.fsm_percent, fsm_weight)
        for s in schools
    }
    total = sum(weights.values(), Decimal(0))
    source = f"pupils on roll, each pupil eligible for free school meals counting {1 + fsm_weight}"
    return {org: (w / total if total else Decimal(0)) for org, w in weights.items()}, source


def _days_in_ap(period: Period) -> tuple[dict[int, Decimal], str]:
    """{home school: full-time equivalent school days in AP in the period} (one query plus the calendar)."""
    from funding.rules import fte_of
    from placements.models import PlacementComponent

    rows = PlacementComponent.objects.filter(placement__in=queries.placements_in_period(period)).values_list(
        "placement__home_school_id",
        "start_date",
        "end_date",
        "placement__start_date",
        "placement__end_date",
        "sessions",
        "hours_per_week",
    )
    calendar = SchoolCalendar.load()
    days: dict[int, Decimal] = defaultdict(Decimal)
    try:
        for school, start, end, placement_start, placement_end, sessions, hours in rows:
            first = max(start, placement_start, period.start)
            last = min([d for d in (end, placement_end) if d is not None] + [period.end])
            if last >= first:
                days[school] += fte_of(len(sessions or []), hours) * calendar.school_days_between(first, last)
    except CalendarError as exc:
        return {}, str(exc)
    return dict(days), ""


def _taken_back(period: Period) -> tuple[dict[int, int], dict[int, int]]:
    """{school: returns from AP to it} and {school: fair access allocations to it} in the period (two queries)."""
    from panels.models import Decision, Outcome
    from placements.models import Return

    returns = dict(
        Return.objects.filter(return_date__gte=period.start, return_date__lte=period.end)
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    fair_access = dict(
        Decision.objects.filter(
            outcome=Outcome.FAIR_ACCESS_ALLOCATION, decided_at__date__gte=period.start, decided_at__date__lte=period.end
        )
        .order_by()
        .values("named_school_id")
        .annotate(n=Count("pk"))
        .values_list("named_school_id", "n")
    )
    return returns, fair_access


def fairness(schools_in_view, period: Period, *, settings: OversightSettings | None = None) -> Fairness:
    """Every school's use of AP against its share for the period; rows only for ``schools_in_view`` (a School queryset)."""
    from funding.models import FundingYear
    from funding.queries import engagement_by_school
    from funding.queries_money import cost_by_school
    from schools.models import School

    settings = settings or OversightSettings.current()
    schools = list(
        School.objects.select_related("organisation", "partnership__organisation").order_by("organisation__name")
    )
    shown = set(schools_in_view.values_list("organisation_id", flat=True))
    roll = {org: pair[0] for org, pair in queries.number_on_roll(AREA_SCOPE).by_school.items()}
    year_start = period.academic_years[-1]
    shares, source = _shares(schools, roll, year_start, settings.fsm_weight)
    pupils = queries.pupils_in_ap(AREA_SCOPE, period).by_school
    days, days_problem = _days_in_ap(period)
    costs = cost_by_school(period.start, period.end)
    episodes = queries.episodes_by_school(AREA_SCOPE, period)
    returns, fair_access = _taken_back(period)
    engagement = engagement_by_school(FundingYear.objects.filter(academic_year=year_start).first())

    ids = [s.organisation_id for s in schools]
    totals = {
        "roll": sum(roll.get(i, 0) for i in ids),
        "pupils": sum(pupils.get(i, 0) for i in ids),
        "days": sum((days.get(i, Decimal(0)) for i in ids), Decimal(0)),
        "cost": sum(costs.get(i, 0) for i in ids),
        "suspensions": sum(episodes.get(i, {}).get("suspensions", 0) for i in ids),
        "exclusions": sum(episodes.get(i, {}).get("exclusions", 0) for i in ids),
        "taken_back": sum(returns.get(i, 0) + fair_access.get(i, 0) for i in ids),
    }
    suspension_rate = rules.per_hundred(totals["suspensions"], totals["roll"])
    exclusion_rate = rules.per_hundred(totals["exclusions"], totals["roll"])
    label = academic_year_label(year_start)
    rows = []
    for school in schools:
        if school.organisation_id not in shown:
            continue
        org = school.organisation_id
        share = shares.get(org, Decimal(0))
        counts = episodes.get(org, {})
        row = SchoolFairness(
            school=school,
            roll=roll.get(org, 0),
            share=share,
            pupils=pupils.get(org, 0),
            expected_pupils=rules.expected_use(totals["pupils"], share),
            days=None if days_problem else days.get(org, Decimal(0)).quantize(Decimal("0.1")),
            expected_days=None if days_problem else rules.expected_use(totals["days"], share).quantize(Decimal("0.1")),
            cost=costs.get(org, 0),
            expected_cost=rules.expected_use(totals["cost"], share),
            suspensions=counts.get("suspensions", 0),
            exclusions=counts.get("exclusions", 0),
            returns=returns.get(org, 0),
            fair_access=fair_access.get(org, 0),
            expected_taken_back=rules.expected_use(totals["taken_back"], share),
            engagement=engagement.get(org, "pending"),
        )
        row.suspension_rate = rules.per_hundred(row.suspensions, row.roll)
        row.exclusion_rate = rules.per_hundred(row.exclusions, row.roll)
        row.outliers = outliers(row, settings, suspension_rate, exclusion_rate, label)
        rows.append(row)
    rows.sort(key=lambda r: (-(r.use_times_share or Decimal(-1)), r.school.organisation.name))
    return Fairness(period, settings, rows, source, totals, suspension_rate, exclusion_rate, days_problem)


def outliers(
    row: SchoolFairness, settings: OversightSettings, suspension_rate, exclusion_rate, year_label: str
) -> list[rules.Outlier]:
    """Every reason this school stands out, by the LA's thresholds."""
    ratio, minimum = settings.use_ratio, settings.min_pupils
    found = [
        rules.overuses_ap("pupils placed", row.pupils, row.expected_pupils, ratio, row.pupils, minimum),
        rules.overuses_ap("days in AP", row.days or 0, row.expected_days or Decimal(0), ratio, row.pupils, minimum)
        if row.days is not None
        else None,
        rules.overuses_ap("cost", row.cost, row.expected_cost, ratio, row.pupils, minimum),
        rules.rate_above_area("permanent exclusion", row.exclusion_rate, exclusion_rate, settings.exclusion_ratio),
        rules.rate_above_area("suspension", row.suspension_rate, suspension_rate, settings.suspension_ratio),
        rules.takes_back_too_few(row.taken_back, row.expected_taken_back, settings.contribution_ratio),
        rules.not_engaged(row.engagement, year_label),
    ]
    return [outlier for outlier in found if outlier is not None]
