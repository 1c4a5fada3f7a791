"""The six measures of seed 001's Table 1 for a scope and a period, each beside its benchmarks.

``table_1(scope, period, today=...)`` gives seven figures (the key stage 4 measure has two
numbers, prevention and permanent exclusion, as Table 1 does), each with the numerator and
denominator it was worked out from, the words saying how, and the published benchmarks. It
runs a fixed number of queries whatever the size of the area.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from core.calendar import academic_year_label
from oversight import queries, rules
from oversight.benchmarks import BenchmarkView, active_benchmarks, headline
from oversight.models import MeasureKey, OversightSettings
from oversight.period import Period
from oversight.scope import Scope


@dataclass
class Figure:
    key: str
    title: str
    value: Decimal | None
    unit: str
    numerator: Decimal | int | None
    numerator_label: str
    denominator: Decimal | int | None
    denominator_label: str
    how: str
    note: str = ""
    benchmarks: list[BenchmarkView] = field(default_factory=list)
    in_line: bool | None = None
    money: bool = False  # numerator and denominator are pence
    by_school: dict = field(default_factory=dict)

    def benchmark(self, comparator: str) -> BenchmarkView | None:
        return headline(self.benchmarks, comparator)


def table_1(
    scope: Scope,
    period: Period,
    *,
    today: datetime.date,
    settings: OversightSettings | None = None,
    benchmarks: dict[str, list[BenchmarkView]] | None = None,
) -> list[Figure]:
    settings = settings or OversightSettings.current()
    benchmarks = active_benchmarks() if benchmarks is None else benchmarks
    roll = queries.number_on_roll(scope)
    figures = [
        _pupils_in_ap(scope, period, roll),
        _places(scope, period, roll),
        _secondary_exclusions(scope, period, roll),
        _reintegrated(scope, period),
        *_key_stage_4(scope, period),
        _spend(scope, period, today, settings),
    ]
    for figure in figures:
        figure.benchmarks = benchmarks.get(figure.key, [])
    return figures


def _no_roll(roll: int, what: str = "pupils") -> str:
    return "" if roll > 0 else f"Not available: no {what} on roll are recorded for these schools."


def _pupils_in_ap(scope: Scope, period: Period, roll: queries.Roll) -> Figure:
    counted = queries.pupils_in_ap(scope, period)
    return Figure(
        MeasureKey.PUPILS_IN_AP,
        "Pupils placed in AP per 10,000 pupils",
        rules.pupils_in_ap_per_10000(counted.total, roll.total),
        "per 10,000 pupils",
        counted.total,
        "pupils placed in AP in the period",
        roll.total,
        "pupils on roll",
        "Each pupil counted once who had a placement active in the period, or was recorded as in alternative "
        "provision in it, over the pupils on the schools' rolls, times 10,000.",
        note=_no_roll(roll.total),
        by_school=counted.by_school,
    )


def _places(scope: Scope, period: Period, roll: queries.Roll) -> Figure:
    places = queries.places_commissioned(scope, period)
    rounded = places.total.quantize(Decimal("0.1"))
    how = (
        "Places the LA and others block-commissioned for each academic year the period touches, plus placements "
        "commissioned by schools and partnerships as full-time equivalents (ten sessions or 25 hours a week is "
        "one place), each weighted by the days of the period it covers, over the pupils on roll, times 10,000."
    )
    if not scope.is_area:
        how += " Places the LA block-commissions for the whole area are counted only for the area."
    return Figure(
        MeasureKey.PLACES,
        "Places commissioned in AP per 10,000 pupils",
        rules.places_per_10000(places.total, roll.total),
        "per 10,000 pupils",
        rounded,
        f"places ({places.block.quantize(Decimal('0.1'))} block-commissioned, "
        f"{places.school_commissioned.quantize(Decimal('0.1'))} commissioned by schools)",
        roll.total,
        "pupils on roll",
        how,
        note=_no_roll(roll.total),
        by_school={k: (v / period.days).quantize(Decimal("0.1")) for k, v in places.by_organisation.items()},
    )


def _secondary_exclusions(scope: Scope, period: Period, roll: queries.Roll) -> Figure:
    counted = queries.secondary_exclusions(scope, period)
    return Figure(
        MeasureKey.SECONDARY_PEX,
        "Permanent exclusions per 100 secondary-age pupils",
        rules.secondary_exclusion_rate(counted.total, roll.secondary),
        "per 100 pupils in years 7 to 11",
        counted.total,
        "permanent exclusions of pupils in years 7 to 11",
        roll.secondary,
        "pupils on roll in years 7 to 11",
        "Permanent exclusions that started in the period, of pupils in years 7 to 11 that day, over the pupils on "
        "roll in years 7 to 11, times 100. For a period shorter than a year this is not an annual rate: choose a "
        "whole academic year to compare it with the published rates.",
        note=_no_roll(roll.secondary, "secondary pupils"),
        by_school=counted.by_school,
    )


def _reintegrated(scope: Scope, period: Period) -> Figure:
    ended = queries.endings(scope, period)
    return Figure(
        MeasureKey.REINTEGRATED,
        "Pupils placed in AP reintegrated into mainstream",
        rules.percent(ended.reintegrated.total, ended.ended.total),
        "%",
        ended.reintegrated.total,
        "placements that ended in a return to the home school or a managed move",
        ended.ended.total,
        "placements that ended in the period",
        "Placements that ended in the period with the pupil returning to their home school or moving to another "
        "mainstream school, as a percentage of all placements that ended in the period.",
        note="" if ended.ended.total else "No placements ended in the period.",
        by_school=ended.reintegrated.by_school,
    )


def _key_stage_4(scope: Scope, period: Period) -> list[Figure]:
    ks4 = queries.key_stage_4_placements(scope, period)
    note = "" if ks4.total else "No placements of pupils in years 10 and 11 in the period."
    how = (
        "Placements active in the period of pupils who were in year 10 or 11 when placed. A placement that started "
        "while the pupil was permanently excluded is for permanent exclusion; every other one is preventative. "
        "Table 1's figures are the per cent of local authorities giving each as their main reason."
    )
    return [
        Figure(
            MeasureKey.KS4_PREVENTION,
            "Key stage 4 placements for prevention",
            rules.percent(ks4.prevention.total, ks4.total),
            "%",
            ks4.prevention.total,
            "preventative placements of pupils in years 10 and 11",
            ks4.total,
            "placements of pupils in years 10 and 11",
            how,
            note=note,
            by_school=ks4.prevention.by_school,
        ),
        Figure(
            MeasureKey.KS4_EXCLUSION,
            "Key stage 4 placements after permanent exclusion",
            rules.percent(ks4.exclusion.total, ks4.total),
            "%",
            ks4.exclusion.total,
            "placements of permanently excluded pupils in years 10 and 11",
            ks4.total,
            "placements of pupils in years 10 and 11",
            how,
            note=note,
            by_school=ks4.exclusion.by_school,
        ),
    ]


def _spend(scope: Scope, period: Period, today: datetime.date, settings: OversightSettings) -> Figure:
    from funding.models import FundingYear
    from funding.queries_money import allocations_by_school, cost_by_school, forecast

    year_start = period.academic_years[-1]
    label = academic_year_label(year_start)
    tolerance = settings.spend_tolerance_percent
    year = FundingYear.objects.filter(academic_year=year_start).first()
    figure = Figure(
        MeasureKey.SPEND_IN_LINE,
        "Spend on AP in line with budget",
        None,
        "% of budget",
        None,
        "",
        None,
        "",
        "",
        money=True,
    )
    if year is None:
        figure.note = f"No AP budget is recorded for {label}."
        return figure
    on = min(period.end, today, year.last_day)
    if scope.is_area:
        projection = forecast(year, on)
        spend, budget = projection.projected, projection.budget
        figure.numerator_label = f"spend to 31 August {year_start + 1} as forecast on {on.day} {on:%B %Y}"
        figure.denominator_label = f"the AP budget for {label}"
        figure.how = (
            "The funding forecast for the year the period ends in: spent, plus committed, plus the monthly run rate "
            f"for the months left, against the AP budget. In line when within {tolerance}% of the budget either side."
        )
    else:
        allocations = allocations_by_school(year_start)
        budget = sum(allocations.get(org, 0) for org in scope.school_ids)
        costs = cost_by_school(year.first_day, on)
        spent = sum(costs.get(org, 0) for org in scope.school_ids)
        spend = rules.year_end_spend(spent, 0, rules.months_elapsed(year_start, on))
        figure.by_school = {org: costs.get(org, 0) for org in scope.school_ids}
        figure.numerator_label = (
            f"cost of its pupils' AP to {on.day} {on:%B %Y}, projected in a straight line to 31 August {year_start + 1}"
        )
        figure.denominator_label = f"its devolved AP allocation for {label}"
        figure.how = (
            "The cost charged or invoiced for its pupils' AP so far this funding year, carried on at the same monthly "
            f"rate to the year end, against its devolved allocation. In line when within {tolerance}% either side."
        )
        if not budget:
            figure.numerator, figure.denominator = spend, budget
            figure.note = f"No devolved AP allocation is recorded for {label}, so there is no budget to compare with."
            return figure
    figure.numerator, figure.denominator = spend, budget
    figure.value = rules.percent(spend, budget)
    figure.in_line = rules.spend_in_line_with_budget(spend, budget, tolerance)
    return figure
