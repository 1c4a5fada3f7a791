"""Attendance pages: the provider's daily register and CSV upload, the daily view for schools and
the LA, attendance figures, one pupil's attendance, alerts and the LA's alert settings."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import Organisation
from accounts.policy import policy
from accounts.predicates import active_role
from accounts.roles import LA_CASEWORK_ROLES, PROVIDER_ROLES, SCHOOL_ROLES, OrganisationKind
from attendance import rules, services
from attendance.codebook import CodeBook
from attendance.csv_import import read_marks, row_problems
from attendance.forms import AlertSettingsForm, DayForm, PeriodForm, RegisterForm, UploadForm, day_from_query
from attendance.models import AlertSettings
from attendance.queries import (
    acting_provider_id,
    alerts_visible_to,
    components_visible_to,
    marks_between,
    marks_visible_to,
    period_start,
    provider_components,
    pupil_components,
    pupil_with_attendance_or_404,
    register_rows,
    register_status,
    registers_by_provider,
    summaries_by,
    summarise,
    today,
)
from core.calendar import SchoolCalendar
from core.govuk_forms import apply_validation_error

PAGE_SIZE = 50
PUPIL_FIELDS = ["pupil__legal_surname", "pupil__legal_forename", "pupil__preferred_forename", "pupil__upn"]


def _school_day_near(calendar: SchoolCalendar, day: datetime.date, step: int) -> datetime.date | None:
    for offset in range(1, 40):
        candidate = day + datetime.timedelta(days=step * offset)
        if calendar.is_school_day(candidate):
            return candidate
    return None


def _day_context(calendar: SchoolCalendar, day: datetime.date, url_name: str) -> dict:
    return {
        "day": day,
        "day_label": rules.long_date(day),
        "is_today": day == today(),
        "covered": calendar.covers(day),
        "school_day": calendar.is_school_day(day),
        "previous_day": _school_day_near(calendar, day, -1),
        "next_day": _school_day_near(calendar, day, 1),
        "day_form": DayForm(initial={"day": day}),
        "day_url": reverse(url_name),
    }


@policy("attendance.view_daily_register")
def today_page(request):
    """Providers get today's register to mark; schools and the LA today's attendance in AP."""
    if acting_provider_id(request.user) is not None:
        return _register_page(request, today())
    return _daily_page(request, today())


@policy("attendance.mark_attendance")
def register(request):
    return _register_page(request, day_from_query(request.GET, today()))


def _register_page(request, day: datetime.date):
    provider_id = acting_provider_id(request.user)
    calendar, codebook = SchoolCalendar.load(), CodeBook.load()
    rows = register_rows(provider_components(provider_id), day, calendar)
    may_mark = rules.may_mark_date(day, today())
    form = RegisterForm(request.POST if request.method == "POST" else None, rows=rows, codebook=codebook, day=day)
    if request.method == "POST" and may_mark and form.is_valid():
        marks, names = form.marks(day)
        if not marks:
            form.add_error(None, "Choose a code for at least one session before saving")
        else:
            try:
                result = services.record_marks(by=request.user, marks=marks, source="web")
            except services.MarkErrors as exc:
                for problem in exc.problems:
                    form.add_error(names[problem.index], problem.message)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    f"Register saved for {rules.long_date(day)}: {result.created} new marks, {result.updated} changed",
                )
                return redirect(f"{reverse('attendance:register')}?date={day.isoformat()}")
    return render(
        request,
        "attendance/register.html",
        {
            **_day_context(calendar, day, "attendance:register"),
            "form": form,
            "rows": rows,
            "status": register_status(rows),
            "may_mark": may_mark,
            "provider": request.user.active_membership.organisation,
            "title": f"Register for {rules.long_date(day)}",
            "codebook": codebook,
        },
    )


@policy("attendance.mark_attendance")
def upload(request):
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems = []
    if posted and form.is_valid():
        lines: list[int] = []
        try:
            marks, lines = read_marks(form.cleaned_data["file"])
            result = services.record_marks(by=request.user, marks=marks, source="csv")
        except services.MarkErrors as exc:
            problems = row_problems(exc.problems, lines)
            form.add_error(
                "file",
                f"The file has {len(problems)} problem{'s' if len(problems) != 1 else ''}, listed below. "
                "Nothing was saved: correct the file and upload it again",
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                f"{result.total} marks uploaded: {result.created} new, {result.updated} changed, "
                f"{result.unchanged} unchanged",
            )
            return redirect("attendance:upload")
    return render(request, "attendance/upload.html", {"form": form, "problems": problems})


@policy("attendance.view_attendance")
def daily(request):
    return _daily_page(request, day_from_query(request.GET, today()))


def _daily_page(request, day: datetime.date):
    user = request.user
    is_la = active_role(user) in LA_CASEWORK_ROLES
    calendar, codebook = SchoolCalendar.load(), CodeBook.load()
    components = components_visible_to(user)
    schools, school_id = [], None
    if is_la:
        schools = list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name"))
        chosen = request.GET.get("school", "")
        school_id = int(chosen) if chosen.isdigit() else None
        if school_id:
            components = components.filter(placement__home_school_id=school_id)
    rows = register_rows(components, day, calendar)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    pupil_ids = [row.pupil.pk for row in page.object_list]
    figures = {
        s.key: s
        for s in summaries_by(
            marks_visible_to(user).filter(pupil_id__in=pupil_ids), "pupil_id", period_start(day), day, codebook=codebook
        )
    }
    return render(
        request,
        "attendance/daily.html",
        {
            **_day_context(calendar, day, "attendance:daily"),
            "page": page,
            "rows": page.object_list,
            "figures": figures,
            "registers": registers_by_provider(rows) if is_la else [],
            "status": register_status(rows),
            "is_la": is_la,
            "schools": schools,
            "school_id": school_id,
            "codebook": codebook,
            "title": f"Attendance in alternative provision on {rules.long_date(day)}",
        },
    )


def _period(request) -> tuple[PeriodForm, datetime.date, datetime.date]:
    end = today()
    start = period_start(end)
    form = PeriodForm(request.GET if "start-day" in request.GET else None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


@policy("attendance.view_attendance")
def summary(request):
    user = request.user
    role = active_role(user)
    form, start, end = _period(request)
    codebook = CodeBook.load()
    marks = marks_visible_to(user)
    pupils = summaries_by(marks, "pupil_id", start, end, extra=PUPIL_FIELDS, codebook=codebook)
    show = request.GET.get("show", "")
    persistent = sum(1 for s in pupils if s.persistent)
    severe = sum(1 for s in pupils if s.severe)
    if show == "persistent":
        pupils = [s for s in pupils if s.persistent]
    elif show == "severe":
        pupils = [s for s in pupils if s.severe]
    pupils.sort(key=lambda s: (s.percent if s.percent is not None else 101, s.extra["pupil__legal_surname"]))
    page = Paginator(pupils, PAGE_SIZE).get_page(request.GET.get("page"))
    show_links = []
    for value, text in (("", "All pupils"), ("persistent", "Persistently absent"), ("severe", "Severely absent")):
        query = request.GET.copy()
        query.pop("page", None)
        query["show"] = value
        show_links.append((value, text, f"?{query.urlencode()}"))
    providers = schools = []
    if role not in PROVIDER_ROLES:
        providers = summaries_by(
            marks,
            "component__provider__organisation_id",
            start,
            end,
            extra=["component__provider__organisation__name"],
            codebook=codebook,
        )
    if role not in SCHOOL_ROLES:
        schools = summaries_by(
            marks,
            "component__placement__home_school_id",
            start,
            end,
            extra=["component__placement__home_school__name"],
            codebook=codebook,
        )
    return render(
        request,
        "attendance/summary.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "overall": summarise(marks, start, end, codebook=codebook),
            "page": page,
            "pupils": page.object_list,
            "show": show,
            "show_links": show_links,
            "persistent": persistent,
            "severe": severe,
            "providers": sorted(providers, key=lambda s: s.extra["component__provider__organisation__name"]),
            "schools": sorted(schools, key=lambda s: s.extra["component__placement__home_school__name"]),
            "organisation": user.active_membership.organisation,
            "title": "Attendance figures",
        },
    )


@policy("attendance.view_attendance")
def pupil(request, pk):
    user = request.user
    found = pupil_with_attendance_or_404(user, pk)
    services.record_attendance_view(by=user, pupil=found)
    end = today()
    start = period_start(end)
    codebook = CodeBook.load()
    marks = marks_visible_to(user).filter(pupil=found)
    components = pupil_components(user, found)
    by_component = {s.key: s for s in summaries_by(marks, "component_id", start, end, codebook=codebook)}
    by_placement = {s.key: s for s in summaries_by(marks, "component__placement_id", start, end, codebook=codebook)}
    recent: dict[tuple, dict] = {}
    for mark in marks_between(user, found, end - datetime.timedelta(days=27), end):
        row = recent.setdefault(
            (mark.date, mark.component_id), {"date": mark.date, "provider": mark.component.provider.name}
        )
        row[mark.session] = mark.code
    return render(
        request,
        "attendance/pupil.html",
        {
            "pupil": found,
            "components": components,
            "by_component": by_component,
            "by_placement": by_placement,
            "overall": summarise(marks, start, end, codebook=codebook),
            "start": start,
            "end": end,
            "recent": sorted(recent.values(), key=lambda r: (r["date"], r["provider"]), reverse=True),
            "codebook": codebook,
            "title": f"Attendance: {found.full_name}",
        },
    )


@policy("attendance.view_alerts")
def alerts(request):
    day = day_from_query(request.GET, today())
    found = alerts_visible_to(request.user).filter(date=day).order_by("resolved_at", "session", "kind", "id")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    calendar = SchoolCalendar.load()
    return render(
        request,
        "attendance/alerts.html",
        {
            **_day_context(calendar, day, "attendance:alerts"),
            "page": page,
            "alerts": page.object_list,
            "deadlines": AlertSettings.current(),
            "can_change_settings": request.user.has_perm("attendance.change_alert_settings"),
            "title": f"Attendance alerts for {rules.long_date(day)}",
        },
    )


@policy("attendance.change_alert_settings")
def alert_settings(request):
    current = AlertSettings.current()
    form = AlertSettingsForm(
        request.POST or None,
        initial={"am_deadline": f"{current.am_deadline:%H:%M}", "pm_deadline": f"{current.pm_deadline:%H:%M}"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_alert_settings(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The alert times have been saved")
            return redirect("attendance:alerts")
    return render(request, "attendance/alert_settings.html", {"form": form, "title": "When to raise attendance alerts"})
