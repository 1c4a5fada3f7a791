"""Pages for a meeting: scheduling, the agenda, attendance, the pack (HTML and PDF), minutes, closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts.policy import policy
from core.govuk_forms import apply_validation_error
from panels import pack as pack_module
from panels import queries, services, services_meetings
from panels.forms import AddCaseForm, AttendanceForm, MeetingForm, ReasonForm
from panels.models import AgendaItem, Meeting
from panels.services_decisions import voting_count
from pupils.queries import today


@policy("panels.run_meeting")
def meeting_add(request, pk):
    panel = queries.managed_panel_or_404(request.user, pk)
    form = MeetingForm(request.POST or None, initial={"count": 1})
    if request.method == "POST" and form.is_valid():
        try:
            meetings = services.schedule_meetings(by=request.user, panel=panel, today=today(), **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if len(meetings) == 1:
                messages.success(request, f"Meeting scheduled for {meetings[0].date:%-d %B %Y}")
                return redirect("panels:meeting", pk=meetings[0].pk)
            messages.success(request, f"{len(meetings)} meetings scheduled")
            return redirect("panels:detail", pk=panel.pk)
    return render(request, "panels/meeting_form.html", {"form": form, "panel": panel})


@policy("panels.view_meeting")
def meeting_detail(request, pk):
    meeting = queries.visible_meeting_or_404(request.user, pk)
    on = today()
    user = request.user
    can_run = user.has_perm("panels.run_meeting") and queries.can_manage(user, meeting.panel)
    cases = pack_module.case_entries(user, meeting, on, with_history=False)
    present = queries.present_members(meeting)
    standing_items = [i for i in meeting.items.all() if i.kind != AgendaItem.Kind.CASE]
    return render(
        request,
        "panels/meeting.html",
        {
            "meeting": meeting,
            "cases": cases,
            "standing_items": standing_items,
            "members": queries.members_of(meeting.panel),
            "attendance": queries.attendance_of(meeting),
            "voting_present": voting_count(present, set()),
            "today": on,
            "can_run": can_run,
            "scheduled": meeting.status == Meeting.Status.SCHEDULED,
            "can_decide": can_run and meeting.status == Meeting.Status.SCHEDULED and meeting.date <= on,
        },
    )


@policy("panels.run_meeting")
def attendance(request, pk):
    meeting = queries.managed_meeting_or_404(request.user, pk)
    members = queries.members_of(meeting.panel)
    form = AttendanceForm(request.POST or None, members=members, initial_statuses=queries.attendance_of(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services_meetings.record_attendance(by=request.user, meeting=meeting, statuses=form.statuses())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Attendance saved")
            return redirect("panels:meeting", pk=meeting.pk)
    return render(request, "panels/attendance.html", {"form": form, "meeting": meeting})


@policy("panels.run_meeting")
def case_add(request, pk):
    meeting = queries.managed_meeting_or_404(request.user, pk)
    requests = queries.triaged_requests_for(meeting.panel)
    form = AddCaseForm(request.POST or None, requests=requests)
    if request.method == "POST" and form.is_valid():
        chosen = form.requests[form.cleaned_data["request"]]
        try:
            services_meetings.add_case(by=request.user, meeting=meeting, request=chosen, today=today())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Request {chosen.reference} added to the agenda")
            return redirect("panels:meeting", pk=meeting.pk)
    return render(request, "panels/case_add.html", {"form": form, "meeting": meeting, "requests": requests})


@policy("panels.run_meeting")
def case_remove(request, pk, item_pk):
    meeting = queries.managed_meeting_or_404(request.user, pk)
    item = get_object_or_404(meeting.items.select_related("request__pupil"), pk=item_pk, kind=AgendaItem.Kind.CASE)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_meetings.remove_case(by=request.user, item=item, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Request {item.request.reference} taken off the agenda")
            return redirect("panels:meeting", pk=meeting.pk)
    return render(request, "panels/case_remove.html", {"form": form, "meeting": meeting, "item": item})


def _pack(request, pk):
    meeting = queries.visible_meeting_or_404(request.user, pk)
    on = today()
    built = pack_module.build_pack(request.user, meeting, on)
    services_meetings.record_pack_view(by=request.user, meeting=meeting, pupil_ids=built.pupil_ids, what="Panel pack")
    return built, on


@policy("panels.view_meeting")
def pack(request, pk):
    built, on = _pack(request, pk)
    return render(request, "panels/pack.html", {"pack": built, "today": on, "viewer": request.user})


@policy("panels.view_meeting")
def pack_pdf(request, pk):
    built, on = _pack(request, pk)
    pdf = pack_module.pack_pdf(built, viewer=request.user, on=on, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="panel-pack-{built.meeting.date:%Y-%m-%d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@policy("panels.view_meeting")
def minutes(request, pk):
    meeting = queries.visible_meeting_or_404(request.user, pk)
    on = today()
    cases = pack_module.case_entries(request.user, meeting, on, with_history=False)
    services_meetings.record_pack_view(
        by=request.user, meeting=meeting, pupil_ids=[c.request.pupil_id for c in cases if c.label], what="Minutes"
    )
    return render(
        request,
        "panels/minutes.html",
        {
            "meeting": meeting,
            "cases": cases,
            "members": queries.members_of(meeting.panel, active_only=False),
            "attendance": queries.attendance_of(meeting),
            "today": on,
        },
    )


@policy("panels.run_meeting")
def conclude(request, pk):
    meeting = queries.managed_meeting_or_404(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            services_meetings.conclude_meeting(by=request.user, meeting=meeting, today=today())
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, "The minutes are final")
            return redirect("panels:minutes", pk=meeting.pk)
    return render(request, "panels/conclude.html", {"meeting": meeting, "error": error})


@policy("panels.run_meeting")
def cancel(request, pk):
    meeting = queries.managed_meeting_or_404(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_meetings.cancel_meeting(by=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Meeting cancelled; its cases are waiting for a panel again")
            return redirect("panels:detail", pk=meeting.panel_id)
    return render(request, "panels/cancel.html", {"form": form, "meeting": meeting})
