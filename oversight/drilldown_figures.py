"""The drill-down of each figure on the oversight pages: its count by school and its records.

Each ``Definition`` reuses the queries the figure itself is computed from (oversight/queries.py,
outcomes.py), so the rows listed are exactly the rows counted.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from core.calendar import academic_year_bounds, academic_year_of
from oversight import queries, rules
from oversight.drilldown import Definition
from oversight.tables import Column, Table
from pupils.models import EducationStatus, Pupil
from pupils.rules import national_curriculum_year

PUPIL = (Column("pupil", "Pupil"), Column("upn", "UPN"))


def _pupil(pupil) -> list:
    return [f"{pupil.legal_surname}, {pupil.legal_forename}", pupil.upn]


def _year(pupil, day) -> int:
    return national_curriculum_year(pupil.date_of_birth, academic_year_of(day))


def _with_roll(counted: dict, scope, *, secondary: bool = False) -> dict:
    roll = queries.number_on_roll(scope).by_school
    keys = set(counted) | set(roll)
    return {k: (counted.get(k, 0), roll.get(k, (0, 0))[1 if secondary else 0] if k in roll else None) for k in keys}


def _pairs(numerators: dict, denominators: dict) -> dict:
    return {k: (numerators.get(k, 0), denominators.get(k, 0)) for k in set(numerators) | set(denominators)}


# ---------------------------------------------------------------------------------------
# The six measures of Table 1


def _pupils_in_ap_records(scope, period):
    placed = queries.in_scope(queries.placements_in_period(period), "home_school_id", scope).values("pupil_id")
    recorded = queries.in_scope(queries.in_ap_episodes(period), "school_id", scope).values("pupil_id")
    return Pupil.objects.filter(Q(pk__in=placed) | Q(pk__in=recorded)).order_by("legal_surname", "legal_forename", "pk")


def _pupils_in_ap_prepare(records, scope, period):
    from placements.models import PlacementComponent

    placements = (
        queries.in_scope(queries.placements_in_period(period), "home_school_id", scope)
        .select_related("home_school")
        .prefetch_related(
            Prefetch("components", queryset=PlacementComponent.objects.select_related("provider__organisation"))
        )
        .order_by("start_date", "pk")
    )
    episodes = queries.in_scope(queries.in_ap_episodes(period), "school_id", scope).select_related("school")
    return records.prefetch_related(
        Prefetch("placements", queryset=placements, to_attr="ap_placements"),
        Prefetch("episodes", queryset=episodes.order_by("start_date", "pk"), to_attr="ap_episodes"),
    )


def _pupils_in_ap_row(pupil, today):
    parts, schools, starts, ends = [], set(), [], []
    for placement in pupil.ap_placements:
        providers = ", ".join(c.provider.organisation.name for c in placement.components.all())
        parts.append(f"Placement at {providers or 'no provider'} ({placement.get_status_display().lower()})")
        schools.add(placement.home_school.name)
        starts.append(placement.start_date)
        ends.append(placement.end_date)
    if not parts:
        for episode in pupil.ap_episodes:
            parts.append("Recorded as in alternative provision")
            schools.add(episode.school.name if episode.school_id else "No school recorded")
            starts.append(episode.start_date)
            ends.append(episode.end_date)
    last = None if None in ends else max(ends, default=None)
    return [
        *_pupil(pupil),
        _year(pupil, today),
        ", ".join(sorted(schools)),
        "; ".join(parts),
        min(starts, default=None),
        last,
    ]


PUPILS_IN_AP = Definition(
    "pupils_in_ap",
    "Pupils placed in AP",
    "Each pupil who had a placement active in the period, or was recorded as in alternative provision in it, once.",
    lambda scope, period: _with_roll(queries.pupils_in_ap(scope, period).by_school, scope),
    "Pupils placed in AP",
    "Pupils on roll",
    rules.pupils_in_ap_per_10000,
    "Per 10,000 pupils",
    records=_pupils_in_ap_records,
    pupil_path="pk",
    prepare=_pupils_in_ap_prepare,
    columns=(
        *PUPIL,
        Column("year", "Year", "int"),
        Column("school", "School"),
        Column("what", "In AP"),
        Column("from", "From", "date"),
        Column("to", "To", "date"),
    ),
    row=_pupils_in_ap_row,
)


def _places_by_organisation(scope, period):
    places = queries.places_commissioned(scope, period)
    return {k: ((v / period.days).quantize(Decimal("0.01")), None) for k, v in places.by_organisation.items()}


def _places_records(scope, period):
    from placements.models import PlacementComponent

    components = PlacementComponent.objects.filter(
        placement__in=queries.placements_in_period(period),
        placement__commissioner__kind__in=queries.SCHOOL_COMMISSIONERS,
    )
    if scope.organisation_ids is not None:
        components = components.filter(placement__commissioner_id__in=sorted(scope.organisation_ids))
    return components.select_related("placement__pupil", "placement__commissioner", "provider__organisation").order_by(
        "placement__pupil__legal_surname", "placement__pupil__legal_forename", "pk"
    )


def _places_row(component, today):
    from funding.rules import fte_of

    placement = component.placement
    last = min((d for d in (component.end_date, placement.end_date) if d is not None), default=None)
    return [
        *_pupil(placement.pupil),
        placement.commissioner.name,
        component.provider.organisation.name,
        fte_of(len(component.sessions or []), component.hours_per_week),
        max(component.start_date, placement.start_date),
        last,
    ]


def _block_table(scope, period):
    from providers.models import BlockCommission

    blocks = (
        BlockCommission.objects.filter(academic_year__in=list(period.academic_years))
        .select_related("provider__organisation", "commissioner")
        .order_by("academic_year", "provider__organisation__name")
    )
    if scope.organisation_ids is not None:
        blocks = blocks.filter(commissioner_id__in=sorted(scope.organisation_ids))
    table = Table(
        "block",
        "Block-commissioned places",
        [
            Column("provider", "Provider"),
            Column("commissioner", "Commissioned by"),
            Column("year", "Academic year"),
            Column("places", "Places", "int"),
            Column("average", "Places over the period", "number"),
        ],
        empty="No places were block-commissioned for these years.",
    )
    for block in blocks:
        first, last = academic_year_bounds(block.academic_year)
        average = rules.average_places(Decimal(block.places * period.overlap_days(first, last)), period.days)
        table.add(
            block.provider.organisation.name,
            block.commissioner.name,
            f"{block.academic_year}/{(block.academic_year + 1) % 100:02d}",
            block.places,
            average.quantize(Decimal("0.01")),
        )
    return table


PLACES = Definition(
    "places",
    "Places commissioned in AP",
    "Block-commissioned places, and placements commissioned by schools and partnerships as full-time equivalents, "
    "averaged over the period. The count is by commissioning organisation.",
    _places_by_organisation,
    "Places over the period",
    count_kind="number",
    by_organisation=True,
    records=_places_records,
    pupil_path="placement__pupil",
    placement_path="placement",
    columns=(
        *PUPIL,
        Column("commissioner", "Commissioned by"),
        Column("provider", "Provider"),
        Column("fte", "Full-time equivalent", "number"),
        Column("from", "From", "date"),
        Column("to", "To", "date"),
    ),
    row=_places_row,
    supplement=_block_table,
)


def _episode_row(episode, today):
    return [
        *_pupil(episode.pupil),
        _year(episode.pupil, episode.start_date),
        episode.school.name if episode.school_id else "",
        episode.start_date,
        episode.end_date,
        episode.sessions,
        episode.reason_code,
    ]


EPISODE_COLUMNS = (
    *PUPIL,
    Column("year", "Year then", "int"),
    Column("school", "School"),
    Column("start", "Started", "date"),
    Column("end", "Ended", "date"),
    Column("sessions", "Sessions", "int"),
    Column("reason", "Reason code"),
)


def _episodes(status):
    def records(scope, period):
        return (
            queries.in_scope(queries.exclusion_episodes(period, status), "school_id", scope)
            .select_related("pupil", "school")
            .order_by("start_date", "pk")
        )

    return records


SECONDARY_PEX = Definition(
    "secondary_pex",
    "Permanent exclusions of secondary-age pupils",
    "Permanent exclusions that started in the period, of pupils in years 7 to 11 that day, by excluding school.",
    lambda scope, period: _with_roll(queries.secondary_exclusions(scope, period).by_school, scope, secondary=True),
    "Permanent exclusions",
    "Pupils on roll in years 7 to 11",
    rules.secondary_exclusion_rate,
    "Per 100 pupils",
    rate_kind="rate",
    records=lambda scope, period: (
        queries.secondary_exclusion_episodes(scope, period)
        .select_related("pupil", "school")
        .order_by("start_date", "pk")
    ),
    columns=EPISODE_COLUMNS,
    row=_episode_row,
)


def _endings(scope, period):
    ended = queries.endings(scope, period)
    return _pairs(ended.reintegrated.by_school, ended.ended.by_school)


def _placement_row(placement, today):
    return [
        *_pupil(placement.pupil),
        placement.home_school.name,
        placement.start_date,
        placement.end_date,
        placement.get_end_reason_display(),
        rules.counts_as_reintegration(placement.end_reason),
    ]


REINTEGRATED = Definition(
    "reintegrated",
    "Placements that ended in a return to mainstream",
    "Placements that ended in the period; a return to the home school or a managed move counts as reintegration.",
    _endings,
    "Reintegrated",
    "Placements ended",
    rules.percent,
    "Per cent",
    records=lambda scope, period: (
        queries.ended_placements(scope, period).select_related("pupil", "home_school").order_by("end_date", "pk")
    ),
    pupil_path="pupil",
    placement_path="pk",
    columns=(
        *PUPIL,
        Column("school", "Home school"),
        Column("start", "Started", "date"),
        Column("end", "Ended", "date"),
        Column("reason", "Why it ended"),
        Column("reintegrated", "Reintegrated", "bool"),
    ),
    row=_placement_row,
)


def _ks4(scope, period):
    ks4 = queries.key_stage_4_placements(scope, period)
    return _pairs(
        ks4.prevention.by_school,
        {
            k: ks4.prevention.by_school.get(k, 0) + ks4.exclusion.by_school.get(k, 0)
            for k in set(ks4.prevention.by_school) | set(ks4.exclusion.by_school)
        },
    )


KEY_STAGE_4 = Definition(
    "ks4",
    "Key stage 4 placements",
    "Placements active in the period of pupils in year 10 or 11 when placed: for permanent exclusion when they "
    "started while the pupil was permanently excluded, otherwise preventative.",
    _ks4,
    "Preventative",
    "Key stage 4 placements",
    rules.percent,
    "Per cent preventative",
    records=lambda scope, period: (
        queries.key_stage_4_queryset(scope, period).select_related("pupil", "home_school").order_by("start_date", "pk")
    ),
    pupil_path="pupil",
    placement_path="pk",
    columns=(
        *PUPIL,
        Column("year", "Year when placed", "int"),
        Column("school", "Home school"),
        Column("start", "Started", "date"),
        Column("reason", "Reason"),
    ),
    row=lambda p, today: [
        *_pupil(p.pupil),
        _year(p.pupil, p.start_date),
        p.home_school.name,
        p.start_date,
        "Permanent exclusion" if p.excluded else "Prevention",
    ],
)


def _spend(scope, period):
    from funding.queries_money import allocations_by_school, cost_by_school

    year = period.academic_years[-1]
    start = max(period.start, academic_year_bounds(year)[0])
    costs, allocations = cost_by_school(start, period.end), allocations_by_school(year)
    keys = (set(costs) | set(allocations)) if scope.school_ids is None else set(scope.school_ids)
    return {k: (costs.get(k, 0), allocations.get(k)) for k in keys}


SPEND = Definition(
    "spend",
    "Cost of each school's pupils' AP",
    "The cost charged or invoiced in the funding ledger for each school's pupils' AP from the start of the funding "
    "year (or of the period, if later), against its devolved allocation for the year. The ledger lines themselves "
    "are on the funding pages.",
    _spend,
    "Cost",
    "Allocation",
    rules.percent,
    "Per cent of allocation",
    count_kind="pence",
    rate_kind="percent",
)


def _all_episodes(status):
    def counted(scope, period):
        rows = (
            queries.in_scope(queries.exclusion_episodes(period, status), "school_id", scope)
            .order_by()
            .values("school_id")
            .annotate(n=Count("pk"))
        )
        return _with_roll({r["school_id"]: r["n"] for r in rows}, scope)

    return counted


SUSPENSIONS = Definition(
    "suspensions",
    "Suspensions",
    "Suspensions that started in the period, by the school that suspended the pupil.",
    _all_episodes(EducationStatus.SUSPENDED),
    "Suspensions",
    "Pupils on roll",
    rules.per_hundred,
    "Per 100 pupils",
    rate_kind="rate",
    records=_episodes(EducationStatus.SUSPENDED),
    columns=EPISODE_COLUMNS,
    row=_episode_row,
)

EXCLUSIONS = Definition(
    "exclusions",
    "Permanent exclusions",
    "Permanent exclusions of pupils of any age that started in the period, by excluding school.",
    _all_episodes(EducationStatus.PERMANENTLY_EXCLUDED),
    "Permanent exclusions",
    "Pupils on roll",
    rules.per_hundred,
    "Per 100 pupils",
    rate_kind="rate",
    records=_episodes(EducationStatus.PERMANENTLY_EXCLUDED),
    columns=EPISODE_COLUMNS,
    row=_episode_row,
)
