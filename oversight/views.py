"""Oversight pages: the measures of Table 1, fairness, termly triangulation, outcomes and the records behind them.

Every page reads aggregates for the scope the user may choose (oversight.scope, 404 for any
other) and pupil rows only through the other apps' scoped queries (oversight.drilldown).
Every table on every page can be downloaded as CSV or XLSX; each download is audited.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from accounts.policy import policy
from core.calendar import academic_year_of
from oversight import drilldown, reports, reports_schools, services
from oversight.drilldown_more import DEFINITIONS
from oversight.forms import FilterForm, PeriodForm, YearForm
from oversight.period import Period, quick_periods
from oversight.scope import AREA_SCOPE, Scope, available_scopes, schools_in_view, scope_for, triangulation_schools
from oversight.tables import csv_response, display_rows, xlsx_response
from oversight.triangulation import academic_years
from pupils.queries import today as local_today

FORMATS = {"csv": csv_response, "xlsx": xlsx_response}


@dataclass
class Filters:
    form: FilterForm | PeriodForm
    scope: Scope
    period: Period
    today: datetime.date
    quick: list[tuple[str, str]]


def _filters(request, *, with_scope: bool = True) -> Filters:
    """The scope (404 if the user may not choose it) and the period from the query string."""
    today = local_today()
    scopes = available_scopes(request.user) if with_scope else []
    scope = scope_for(request.user, request.GET.get("scope"), scopes) if with_scope else AREA_SCOPE
    data = request.GET if any(k.startswith(("start-", "end-")) for k in request.GET) else None
    if with_scope:
        form = FilterForm(data, scopes=scopes, today=today, initial={"scope": scope.key})
    else:
        form = PeriodForm(data, today=today)
    period = form.period()
    if data is None:
        form.initial.update({"start": period.start, "end": period.end})
    base = {"scope": scope.key} if with_scope and not scope.is_area else {}
    quick = [(label, "?" + urlencode({**base, **p.query})) for label, p in quick_periods(today)]
    return Filters(form, scope, period, today, quick)


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page(request, template: str, report, filters: Filters | None, export_url, **context):
    query = _query(request)
    return render(
        request,
        template,
        {
            "report": report,
            "tables": report.tables,
            "rows": {k: display_rows(t) for k, t in report.tables.items()},
            "filters": filters,
            "export": (lambda key, fmt: export_url(key, fmt) + (f"?{query}" if query else "")),
            "can_export": request.user.has_perm("oversight.export"),
            **context,
        },
    )


def _export_url(page: str):
    return lambda key, fmt: reverse("oversight:export", args=[page, key, fmt])


@policy("oversight.view_dashboard")
def dashboard(request):
    filters = _filters(request)
    report = reports.dashboard_report(filters.scope, filters.period, today=filters.today)
    return _page(request, "oversight/dashboard.html", report, filters, _export_url("dashboard"))


@policy("oversight.view_dashboard")
def fairness(request):
    filters = _filters(request, with_scope=False)
    report = reports_schools.fairness_report(
        schools_in_view(request.user), filters.period, page_number=request.GET.get("page")
    )
    return _page(
        request,
        "oversight/fairness.html",
        report,
        filters,
        _export_url("fairness"),
        can_change=request.user.has_perm("oversight.change_thresholds"),
    )


@policy("oversight.view_dashboard")
def outcomes(request):
    filters = _filters(request)
    report = reports.outcomes_report(filters.scope, filters.period)
    return _page(request, "oversight/outcomes.html", report, filters, _export_url("outcomes"))


@policy("oversight.view_dashboard")
def triangulation_index(request):
    schools = list(triangulation_schools(request.user))
    return render(
        request, "oversight/triangulation_index.html", {"schools": schools, "year": academic_year_of(local_today())}
    )


def _triangulation(request, school_id: int):
    school = get_object_or_404(triangulation_schools(request.user), organisation_id=school_id)
    years = academic_years(local_today())
    form = YearForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_valid() and form.cleaned_data.get("year") else years[0]
    if not form.is_bound:
        form.initial["year"] = year
    return school, year, form


@policy("oversight.view_dashboard")
def triangulation(request, school_id: int):
    school, year, form = _triangulation(request, school_id)
    report = reports_schools.triangulation_report(school, year)
    return _page(
        request,
        "oversight/triangulation.html",
        report,
        None,
        lambda key, fmt: reverse("oversight:triangulation-export", args=[school_id, key, fmt]),
        school=school,
        form=form,
    )


@policy("oversight.view_dashboard")
def records(request, figure: str):
    definition = DEFINITIONS.get(figure)
    if definition is None:
        raise Http404("No such figure")
    filters = _filters(request)
    result = drilldown.build(
        definition,
        request.user,
        filters.scope,
        filters.period,
        today=filters.today,
        page_number=request.GET.get("page"),
    )
    report = reports.Report("records", result.tables)
    return _page(
        request,
        "oversight/records.html",
        report,
        filters,
        lambda key, fmt: reverse("oversight:records-export", args=[figure, key, fmt]),
        result=result,
        definition=definition,
        may_see_pupils=drilldown.may_see_pupil_rows(request.user),
    )


@policy("oversight.view_dashboard")
def benchmarks(request):
    report = reports.benchmarks_report()
    return _page(
        request,
        "oversight/benchmarks.html",
        report,
        None,
        _export_url("benchmarks"),
        can_change=request.user.has_perm("oversight.change_benchmarks"),
    )


# ---------------------------------------------------------------------------------------
# Downloads: every table, as CSV or XLSX


def _download(request, report, page: str, table_key: str, fmt: str, filename: str):
    if fmt not in FORMATS:
        raise Http404("Choose CSV or XLSX")
    table = report.tables.get(table_key)
    if table is None:
        raise Http404("No such table")
    services.record_export(
        by=request.user,
        page=page,
        table=table_key,
        rows=len(table.rows),
        pupil_rows=table.pupil_rows,
        filters=dict(request.GET.items()),
    )
    return FORMATS[fmt](table, filename)


@policy("oversight.export")
def export(request, page: str, table: str, fmt: str):
    if page == "dashboard":
        filters = _filters(request)
        report = reports.dashboard_report(filters.scope, filters.period, today=filters.today)
    elif page == "fairness":
        filters = _filters(request, with_scope=False)
        report = reports_schools.fairness_report(schools_in_view(request.user), filters.period, everything=True)
    elif page == "outcomes":
        filters = _filters(request)
        report = reports.outcomes_report(filters.scope, filters.period)
    elif page == "benchmarks":
        report = reports.benchmarks_report()
    else:
        raise Http404("No such page")
    return _download(request, report, page, table, fmt, f"oversight-{page}-{table}-{local_today():%Y-%m-%d}")


@policy("oversight.export")
def triangulation_export(request, school_id: int, table: str, fmt: str):
    school, year, _ = _triangulation(request, school_id)
    report = reports_schools.triangulation_report(school, year)
    return _download(request, report, "triangulation", table, fmt, f"oversight-termly-{school.urn}-{year}-{table}")


@policy("oversight.export")
def records_export(request, figure: str, table: str, fmt: str):
    definition = DEFINITIONS.get(figure)
    if definition is None:
        raise Http404("No such figure")
    filters = _filters(request)
    result = drilldown.build(
        definition, request.user, filters.scope, filters.period, today=filters.today, everything=True
    )
    report = reports.Report("records", result.tables)
    return _download(
        request,
        report,
        f"records {figure}",
        table,
        fmt,
        f"oversight-{figure}-{table}-{filters.period.start:%Y-%m-%d}-to-{filters.period.end:%Y-%m-%d}",
    )
