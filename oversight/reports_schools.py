"""What the fairness and termly triangulation pages show: their tables (also exported) and charts."""

from __future__ import annotations

from decimal import Decimal

from django.core.paginator import Paginator

from oversight import charts
from oversight.fairness import Fairness, fairness
from oversight.period import Period
from oversight.reports import Chart, Report, _float, _percent, records_url
from oversight.scope import Scope
from oversight.tables import Column, Link, Table
from oversight.triangulation import Triangulation, triangulation

PAGE_SIZE = 50
CHART_SCHOOLS = 20


def _school_scope(school) -> Scope:
    return Scope(
        "school", f"school-{school.organisation_id}", school.organisation.name, frozenset({school.organisation_id})
    )


def _share_percent(share: Decimal) -> Decimal:
    return (share * 100).quantize(Decimal("0.01"))


def _one(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"))


def fairness_report(schools_in_view, period: Period, *, page_number=None, everything: bool = False) -> Report:
    found: Fairness = fairness(schools_in_view, period)
    page = None
    rows = found.rows
    if not everything:
        page = Paginator(found.rows, PAGE_SIZE).get_page(page_number)
        rows = list(page.object_list)
    use = Table(
        "use",
        f"Use of AP against each school's share, {period.label}",
        [
            Column("school", "School"),
            Column("roll", "On roll", "int"),
            Column("share", "Share (%)", "rate"),
            Column("pupils", "Pupils placed", "int"),
            Column("expected_pupils", "Fair share of pupils", "number"),
            Column("times", "Times its share", "rate"),
            Column("days", "Days in AP", "number"),
            Column("expected_days", "Fair share of days", "number"),
            Column("cost", "Cost of its pupils' AP", "pence"),
            Column("expected_cost", "Fair share of cost", "pence"),
            Column("flags", "Why it stands out"),
        ],
        empty="There are no schools to show.",
    )
    others = Table(
        "contribution",
        f"Exclusions, pupils taken back and engagement, {period.label}",
        [
            Column("school", "School"),
            Column("suspensions", "Suspensions", "int"),
            Column("suspension_rate", "Per 100 pupils", "rate"),
            Column("exclusions", "Permanent exclusions", "int"),
            Column("exclusion_rate", "Per 100 pupils", "rate"),
            Column("returns", "Taken back from AP", "int"),
            Column("fair_access", "Fair access admissions", "int"),
            Column("expected", "Fair share taken back", "number"),
            Column("engagement", "Service-level agreement"),
        ],
        empty="There are no schools to show.",
    )
    engagement = {"engaged": "Accepted", "not_engaged": "Declined", "pending": "No decision"}
    for row in rows:
        scope = _school_scope(row.school)
        name = row.school.organisation.name
        use.add(
            name,
            row.roll,
            _share_percent(row.share),
            Link(row.pupils, records_url("pupils_in_ap", scope, period)),
            _one(row.expected_pupils),
            row.use_times_share,
            Link(row.days, records_url("pupils_in_ap", scope, period)) if row.days is not None else None,
            row.expected_days,
            Link(row.cost, records_url("spend", scope, period)),
            int(row.expected_cost.quantize(Decimal(1))),
            "; ".join(o.reason for o in row.outliers),
        )
        others.add(
            name,
            Link(row.suspensions, records_url("suspensions", scope, period)),
            row.suspension_rate,
            Link(row.exclusions, records_url("exclusions", scope, period)),
            row.exclusion_rate,
            Link(row.returns, records_url("returns_received", scope, period)),
            Link(row.fair_access, records_url("fair_access", scope, period)),
            _one(row.expected_taken_back),
            engagement.get(row.engagement, row.engagement),
        )
    ranked = [r for r in found.rows if r.use_times_share is not None][:CHART_SCHOOLS]
    bars = tuple(
        (
            r.school.organisation.name + (" (over its share)" if _overuses(r) else ""),
            _float(r.use_times_share),
            _overuses(r),
        )
        for r in ranked
    )
    ratio = found.settings.use_ratio
    description = (
        f"Bar chart of pupils placed in AP as a multiple of each school's fair share, {period.label}, for the "
        f"{len(ranked)} schools using most against their share; the dashed line marks {ratio} times, above which a school "
        f"that has placed {found.settings.min_pupils} pupils or more is over its share. "
        + "; ".join(f"{name}: {_text(value)}" for name, value, _ in bars)
        + "."
    )
    chart = (
        Chart(
            charts.bars_svg(
                "fairness",
                "Use of AP against each school's share",
                description,
                bars,
                "times its share of pupils placed",
                float(ratio),
            ),
            description,
        )
        if bars
        else None
    )
    return Report(
        "fairness", {"use": use, "contribution": others}, [chart] if chart else [], {"fairness": found, "page": page}
    )


def _overuses(row) -> bool:
    return any(o.key.startswith("use_") for o in row.outliers)


def _text(value) -> str:
    return "not available" if value is None else f"{value}"


def term_period(term) -> Period:
    return Period(term.start, term.end)


def triangulation_report(school, academic_year: int) -> Report:
    found: Triangulation = triangulation(school, academic_year)
    scope = _school_scope(school)
    counts = Table(
        "terms",
        f"{school.organisation.name}, term by term, {found.year_label}",
        [
            Column("term", "Term"),
            Column("from", "From", "date"),
            Column("to", "To", "date"),
            Column("attendance", "Attendance in AP (%)", "percent"),
            Column("marked", "Pupils marked in AP", "int"),
            Column("persistent", "Persistently absent in AP", "int"),
            Column("suspensions", "Suspensions", "int"),
            Column("days", "Days of suspension", "number"),
            Column("exclusions", "Permanent exclusions", "int"),
            Column("requests", "Requests for support", "int"),
            Column("sen", "Of which SEN", "int"),
            Column("semh", "Of which SEMH", "int"),
            Column("placements", "Placements started", "int"),
        ],
    )
    rates = Table(
        "rates",
        f"{school.organisation.name} against the area, per 100 pupils on roll, {found.year_label}",
        [
            Column("term", "Term"),
            Column("suspensions", "Suspensions: school", "rate"),
            Column("area_suspensions", "Suspensions: area", "rate"),
            Column("exclusions", "Exclusions: school", "rate"),
            Column("area_exclusions", "Exclusions: area", "rate"),
            Column("requests", "Requests: school", "rate"),
            Column("area_requests", "Requests: area", "rate"),
        ],
    )
    for row in found.rows:
        period = term_period(row.term)
        link = lambda figure, value, period=period: Link(value, records_url(figure, scope, period))  # noqa: E731
        counts.add(
            row.term.label,
            row.term.start,
            row.term.end,
            row.attendance,
            link("attendance", row.pupils_marked),
            row.persistent,
            link("suspensions", row.suspensions),
            row.suspension_days.quantize(Decimal("0.5")),
            link("exclusions", row.exclusions),
            link("requests", row.requests),
            link("requests_sen", row.sen_requests),
            link("requests_semh", row.semh_requests),
            link("placements_started", row.placements_started),
        )
        rates.add(
            row.term.label,
            found.rate(row.suspensions),
            found.area_rate(row.area["suspensions"]),
            found.rate(row.exclusions),
            found.area_rate(row.area["exclusions"]),
            found.rate(row.requests),
            found.area_rate(row.area["requests"]),
        )
    name = school.organisation.name
    panels = tuple(
        (
            title,
            "per 100 pupils on roll",
            tuple(
                bar
                for row in found.rows
                for bar in (
                    (f"{row.term.label}: {name}", _float(found.rate(getattr(row, key))), True),
                    (f"{row.term.label}: area", _float(found.area_rate(row.area[key])), False),
                )
            ),
        )
        for title, key in (("Suspensions", "suspensions"), ("Requests for support", "requests"))
    ) + (("Attendance in AP", "%", tuple((row.term.label, _float(row.attendance), True) for row in found.rows)),)
    description = (
        f"Bar charts of {name}'s suspensions and requests for support per 100 pupils beside the area's, and the "
        f"attendance in AP of its pupils, for each term of {found.year_label}. "
        + "; ".join(
            f"{row.term.label}: suspensions {_text(found.rate(row.suspensions))} (area {_text(found.area_rate(row.area['suspensions']))}), "
            f"requests {_text(found.rate(row.requests))} (area {_text(found.area_rate(row.area['requests']))}), "
            f"attendance in AP {_percent(row.attendance)}"
            for row in found.rows
        )
        + "."
    )
    svg = charts.comparison_svg(f"termly-{school.organisation_id}", f"{name}, term by term", description, panels)
    return Report(
        "triangulation", {"terms": counts, "rates": rates}, [Chart(svg, description)], {"triangulation": found}
    )
