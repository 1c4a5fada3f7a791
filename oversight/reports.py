"""What the dashboard, outcomes and benchmarks pages show: their tables (also exported) and charts.

Each builder returns a Report: the page's tables by key, its charts (inline SVG, each drawn from
the data of the table beside it) and anything else the template needs. The export view calls the
same builder, so a download is always exactly the table on the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from oversight import charts
from oversight.benchmarks import BenchmarkView, active_benchmarks, headline
from oversight.measures import Figure, table_1
from oversight.models import TABLE_1_MEASURES, Benchmark, Comparator, MeasureKey
from oversight.outcomes import Outcomes, outcomes
from oversight.period import Period
from oversight.scope import Scope
from oversight.tables import Column, Link, Table

CHARTED = [
    MeasureKey.PUPILS_IN_AP,
    MeasureKey.PLACES,
    MeasureKey.SECONDARY_PEX,
    MeasureKey.REINTEGRATED,
    MeasureKey.KS4_PREVENTION,
    MeasureKey.KS4_EXCLUSION,
]
SHORT = {
    Comparator.DEVOLVED: "Devolved areas",
    Comparator.CENTRALISED: "Centralised areas",
    Comparator.NATIONAL: "England",
}


@dataclass
class Chart:
    svg: str
    description: str


@dataclass
class Report:
    page: str
    tables: dict[str, Table]
    charts: list[Chart] = field(default_factory=list)
    context: dict = field(default_factory=dict)


def records_url(figure: str, scope: Scope, period: Period) -> str:
    return reverse("oversight:records", args=[figure]) + "?" + urlencode({"scope": scope.key, **period.query})


def local_heading(benchmarks: dict[str, list[BenchmarkView]]) -> str:
    """The name of the local authority's own published figures, from the first of them ("Trafford")."""
    for measure in TABLE_1_MEASURES:
        found = headline(benchmarks.get(measure, []), Comparator.LOCAL)
        if found:
            return found.label.split(":")[0]
    return "This local authority"


def _comparators(benchmarks) -> list[tuple[str, str]]:
    return [
        (c, SHORT.get(c, local_heading(benchmarks)))
        for c in (Comparator.DEVOLVED, Comparator.CENTRALISED, Comparator.NATIONAL, Comparator.LOCAL)
    ]


def _scope_label(scope: Scope) -> str:
    return "This area" if scope.is_area else scope.name


def _counted(figure: Figure, value):
    if value is None:
        return None
    return (Decimal(int(value)) / 100).quantize(Decimal("0.01")) if figure.money else value


# ---------------------------------------------------------------------------------------
# The dashboard: Table 1


def _figure_text(figure: Figure, comparators) -> str:
    value = "not available" if figure.value is None else f"{figure.value}"
    others = [f"{label} {published(figure.benchmark(c).value)}" for c, label in comparators if figure.benchmark(c)]
    return f"{figure.title}: {value}" + (f" ({', '.join(others)})" if others else "")


def dashboard_report(scope: Scope, period: Period, *, today: datetime.date) -> Report:
    benchmarks = active_benchmarks()
    figures = table_1(scope, period, today=today, benchmarks=benchmarks)
    comparators = _comparators(benchmarks)
    measures = Table(
        "measures",
        f"The measures of Table 1 for {scope.description}, {period.label}",
        [
            Column("measure", "Measure"),
            Column("value", _scope_label(scope), "number"),
            Column("unit", "Unit"),
            Column("counted", "Counted", "number"),
            Column("out_of", "Out of", "number"),
            *[Column(c, label, "number") for c, label in comparators],
        ],
    )
    for figure in figures:
        unit = figure.unit + (" (counted and out of in £)" if figure.money else "")
        measures.add(
            Link(figure.title, records_url(_drill_key(figure.key), scope, period)),
            figure.value,
            unit,
            _counted(figure, figure.numerator),
            _counted(figure, figure.denominator),
            *[(published(figure.benchmark(c).value) if figure.benchmark(c) else None) for c, _ in comparators],
        )
    shown = [b for measure in TABLE_1_MEASURES for b in benchmarks.get(measure, [])]
    sources = benchmark_table("table1-benchmarks", "Published figures the measures are compared with", shown)
    panels = tuple(
        (
            f.title,
            f.unit,
            (
                (_scope_label(scope), _float(f.value), True),
                *[(label, _float(f.benchmark(c).value if f.benchmark(c) else None), False) for c, label in comparators],
            ),
        )
        for f in figures
        if f.key in CHARTED
    )
    description = (
        f"Bar charts comparing {scope.description} with the published figures, {period.label}. "
        + "; ".join(_figure_text(f, comparators) for f in figures if f.key in CHARTED)
        + "."
    )
    svg = charts.comparison_svg("table-1", f"The measures of Table 1 for {scope.description}", description, panels)
    links = {f.key: records_url(_drill_key(f.key), scope, period) for f in figures}
    return Report(
        "dashboard",
        {t.key: t for t in (measures, sources)},
        [Chart(svg, description)],
        {"figures": figures, "comparators": comparators, "links": links, "published": published},
    )


def _drill_key(key: str) -> str:
    return "ks4" if key in (MeasureKey.KS4_PREVENTION, MeasureKey.KS4_EXCLUSION) else str(key)


def _float(value) -> float | None:
    return None if value is None else float(value)


def benchmark_table(key: str, caption: str, benchmarks, *, with_status: bool = False) -> Table:
    columns = [
        Column("measure", "Measure"),
        Column("comparator", "Comparison"),
        Column("label", "Describes"),
        Column("value", "Figure", "number"),
        Column("period", "Year or survey"),
        Column("source", "Source"),
        Column("derivation", "How it was worked out"),
    ]
    if with_status:
        columns.append(Column("active", "Shown", "bool"))
    table = Table(key, caption, columns, empty="There are no benchmarks.")
    labels = dict(MeasureKey.choices)
    for b in benchmarks:
        comparator = b.comparator_label if isinstance(b, BenchmarkView) else b.get_comparator_display()
        values = [
            labels.get(b.measure, b.measure),
            comparator,
            b.label,
            published(b.value),
            b.period,
            b.source,
            b.derivation,
        ]
        if with_status:
            values.append(b.active)
        table.add(*values)
    return table


def benchmarks_report() -> Report:
    rows = list(Benchmark.objects.order_by("measure", "comparator", "sort_order", "pk"))
    return Report(
        "benchmarks",
        {"benchmarks": benchmark_table("benchmarks", "Every benchmark", rows, with_status=True)},
        context={"rows": rows},
    )


# ---------------------------------------------------------------------------------------
# Outcomes of the national AP performance framework


def _figure_rows(table: Table, rows) -> Table:
    for row in rows:
        table.add(*row)
    return table


def _outcome_columns(local: str) -> list[Column]:
    return [
        Column("figure", "Figure"),
        Column("value", "Value", "number"),
        Column("england", "England", "number"),
        Column("local", local, "number"),
        Column("notes", "Notes"),
    ]


def outcomes_report(scope: Scope, period: Period) -> Report:
    found: Outcomes = outcomes(scope, period)
    benchmarks = active_benchmarks()
    local = local_heading(benchmarks)

    def bench(measure, comparator):
        b = headline(benchmarks.get(measure, []), comparator)
        return published(b.value) if b else None

    a, r, e, d = found.attendance, found.reintegration, found.english_maths, found.destinations
    link = lambda figure, text: Link(text, records_url(figure, scope, period))  # noqa: E731
    attendance = _figure_rows(
        Table("attendance", "Attendance in AP", _outcome_columns(local)),
        [
            (link("attendance", "Pupils with sessions marked"), a.pupils, None, None, ""),
            ("Possible sessions", a.possible, None, None, ""),
            ("Sessions attended", a.attended, None, None, "Present or approved educational activity"),
            (
                "Attendance in AP (%)",
                a.percent,
                bench(MeasureKey.AP_ATTENDANCE, Comparator.NATIONAL),
                bench(MeasureKey.AP_ATTENDANCE, Comparator.LOCAL),
                "Published figures are for pupil referral units",
            ),
            ("Pupils persistently absent (10% or more)", a.persistent, None, None, ""),
            ("Pupils severely absent (50% or more)", a.severe, None, None, ""),
            ("Attendance before the placement", None, None, None, a.before),
        ],
    )
    reintegration = _figure_rows(
        Table("reintegration", "Reintegration into mainstream and whether it held", _outcome_columns(local)),
        [
            (link("returns", "Returns to mainstream"), r.returns, None, None, ""),
            (
                "Held at the 6-week check",
                r.six_weeks.held,
                None,
                None,
                f"{r.six_weeks.not_held} did not hold; {r.six_weeks.not_yet} not yet checked",
            ),
            ("Held at the 6-week check (%)", r.six_weeks.held_percent, None, None, "Of those checked"),
            (
                "Held a term later",
                r.one_term.held,
                None,
                None,
                f"{r.one_term.not_held} did not hold; {r.one_term.not_yet} not yet checked",
            ),
            ("Held a term later (%)", r.one_term.held_percent, None, None, "Of those checked"),
        ],
    )
    english = _figure_rows(
        Table("english_maths", "English and maths", _outcome_columns(local)),
        [
            ("Pupils placed", e.pupils_placed, None, None, ""),
            (
                "Pupils whose package teaches English and maths",
                e.taught,
                None,
                None,
                "A programme marked as teaching both",
            ),
            (
                link("english_maths", "Pupils with an English qualification"),
                e.english,
                None,
                None,
                "Recorded at providers",
            ),
            ("Pupils with a maths qualification", e.maths, None, None, "Recorded at providers"),
            (
                "Pupils with both",
                e.both,
                bench(MeasureKey.ENGLISH_MATHS, Comparator.NATIONAL),
                None,
                "England: per cent of pupils in AP with grades 9 to 4 in both, a different measure",
            ),
        ],
    )
    destinations = _figure_rows(
        Table("destinations", "Post-16 destinations of Year 11 leavers", _outcome_columns(local)),
        [
            (link("destinations", "Destinations recorded"), d.recorded, None, None, ""),
            ("In education, employment or training", d.sustained, None, None, ""),
            ("In education, employment or training (%)", d.sustained_percent, None, None, "Of those recorded"),
            (
                "Not in education, employment or training (%)",
                d.neet_percent,
                bench(MeasureKey.NEET, Comparator.NATIONAL),
                None,
                "Of those recorded",
            ),
            (
                "Due but not yet recorded",
                d.due_not_recorded,
                None,
                None,
                "Check points passed by the end of the period",
            ),
        ],
    )
    label = _scope_label(scope)
    panels = (
        (
            "Attendance in AP",
            "%",
            (
                (label, _float(a.percent), True),
                ("England PRUs", _float(bench(MeasureKey.AP_ATTENDANCE, Comparator.NATIONAL)), False),
                (f"{local} PRUs", _float(bench(MeasureKey.AP_ATTENDANCE, Comparator.LOCAL)), False),
            ),
        ),
        (
            "Returns that held",
            "% of those checked",
            (
                (f"{label}: 6 weeks", _float(r.six_weeks.held_percent), True),
                (f"{label}: a term", _float(r.one_term.held_percent), True),
            ),
        ),
        (
            "Not in education, employment or training",
            "% of destinations recorded",
            (
                (label, _float(d.neet_percent), True),
                ("England, after AP", _float(bench(MeasureKey.NEET, Comparator.NATIONAL)), False),
            ),
        ),
    )
    description = (
        f"Bar charts of outcomes for {scope.description}, {period.label}: attendance in AP {_percent(a.percent)} "
        f"(England's pupil referral units {_percent(bench(MeasureKey.AP_ATTENDANCE, Comparator.NATIONAL))}); returns that "
        f"held at 6 weeks {_percent(r.six_weeks.held_percent)} and after a term {_percent(r.one_term.held_percent)}; not in "
        f"education, employment or training {_percent(d.neet_percent)} (England, after AP, "
        f"{_percent(bench(MeasureKey.NEET, Comparator.NATIONAL))})."
    )
    svg = charts.comparison_svg("outcomes", f"Outcomes for {scope.description}", description, panels)
    tables = {t.key: t for t in (attendance, reintegration, english, destinations)}
    return Report("outcomes", tables, [Chart(svg, description)], {"outcomes": found})


def _text(value) -> str:
    return "not available" if value is None else str(value)


def _percent(value) -> str:
    return "not available" if value is None else f"{published(value)}%"


def published(value: Decimal | None) -> Decimal | None:
    """A benchmark as it was published: 21.80 shows as 21.8, 61.00 as 61."""
    if value is None:
        return None
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
