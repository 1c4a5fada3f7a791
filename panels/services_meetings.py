"""A meeting's attendance, its agenda of cases, and its status (scheduled -> concluded or cancelled)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core import audit
from core.services import check_transition
from panels import rules
from panels.models import AgendaItem, Attendance, Meeting
from referrals import services as request_services
from referrals.models import Request, Status

MEETING_TRANSITIONS: dict[str, set[str]] = {
    Meeting.Status.SCHEDULED: {Meeting.Status.CONCLUDED, Meeting.Status.CANCELLED},
    Meeting.Status.CONCLUDED: set(),
    Meeting.Status.CANCELLED: set(),
}


def _require_scheduled(meeting: Meeting, field: str | None = None) -> None:
    if meeting.status != Meeting.Status.SCHEDULED:
        message = f"This meeting is {meeting.get_status_display().lower()}, so it cannot be changed"
        raise ValidationError({field: message} if field else message)


def record_attendance(*, by, meeting: Meeting, statuses: dict[int, str]) -> list[Attendance]:
    """Record who was present, who sent apologies and who was absent, replacing any earlier record."""
    _require_scheduled(meeting)
    members = {m.pk: m for m in meeting.panel.members.filter(active=True).select_related("user")}
    errors = {}
    unknown = set(statuses) - set(members)
    if unknown:
        errors["__all__"] = "Attendance can be recorded only for the panel's current members"
    bad = [pk for pk, status in statuses.items() if status not in Attendance.Status.values]
    if bad:
        errors["__all__"] = "Choose present, apologies or absent for each member"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
        Attendance.objects.filter(meeting=meeting).delete()
        rows = Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, member_id=pk, status=status) for pk, status in sorted(statuses.items())]
        )
        present = sum(1 for s in statuses.values() if s == Attendance.Status.PRESENT)
        voting = sum(
            1
            for pk, s in statuses.items()
            if s == Attendance.Status.PRESENT
            and rules.counts_towards_quorum(members[pk].voting, members[pk].authority_to_decide)
        )
        audit.record(
            by=by,
            action="update",
            obj=meeting,
            summary=f"Attendance recorded: {present} present, {voting} of them voting with authority to decide",
            changes={
                str(pk): [before.get(pk), statuses.get(pk)]
                for pk in set(before) | set(statuses)
                if before.get(pk) != statuses.get(pk)
            },
        )
    return rows


def add_case(*, by, meeting: Meeting, request: Request, today) -> AgendaItem:
    """Put a triaged request on a meeting's agenda; the request moves to 'on a panel agenda'."""
    _require_scheduled(meeting, "request")
    errors = {}
    if meeting.date < today:
        errors["request"] = "This meeting has already taken place. Add the case to a future meeting"
    elif request.status != Status.TRIAGED:
        errors["request"] = (
            f"Request {request.reference} is {request.get_status_display().lower()}; only triaged requests go on an agenda"
        )
    else:
        school = getattr(request.school, "school", None) if request.school_id else None
        if not rules.panel_hears(
            meeting.panel.panel_type,
            meeting.panel.area_id,
            route=request.route,
            school_partnership_id=school.partnership_id if school else None,
            has_ehc_plan=request.pupil.has_ehcp,
        ):
            errors["request"] = f"{meeting.panel.name} does not hear this kind of case, or cases from this area"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        position = (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1
        try:
            with transaction.atomic():
                item = AgendaItem.objects.create(
                    meeting=meeting,
                    kind=AgendaItem.Kind.CASE,
                    request=request,
                    position=position,
                    created_by=by,
                    updated_by=by,
                )
        except IntegrityError:
            raise ValidationError({"request": f"Request {request.reference} is already on this agenda"}) from None
        request_services.put_on_agenda(by=by, request=request, meeting_text=str(meeting))
        audit.record(
            by=by,
            action="create",
            obj=item,
            pupil_id=request.pupil_id,
            summary=f"Request {request.reference} added to the agenda of {meeting}",
        )
    return item


def remove_case(*, by, item: AgendaItem, reason: str) -> None:
    """Take an undecided case off the agenda; the request goes back to waiting for a panel."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the case is coming off the agenda"})
    meeting = item.meeting
    _require_scheduled(meeting)
    if item.kind != AgendaItem.Kind.CASE:
        raise ValidationError("Standing items stay on every agenda")
    if hasattr(item, "decision"):
        raise ValidationError("The panel has decided this case, so it stays on the agenda and in the minutes")
    request = item.request
    with transaction.atomic():
        audit.record(
            by=by,
            action="delete",
            obj=item,
            pupil_id=request.pupil_id,
            reason=reason,
            summary=f"Request {request.reference} taken off the agenda of {meeting}",
        )
        item.delete()
        request_services.take_off_agenda(by=by, request=request, reason=reason)


def _move(*, by, meeting: Meeting, target: str, summary: str, reason: str = "", **fields) -> Meeting:
    current = meeting.status
    check_transition(MEETING_TRANSITIONS, current, target, what="meeting")
    with transaction.atomic():
        moved = Meeting.objects.filter(pk=meeting.pk, status=current).update(status=target, updated_by=by, **fields)
        if moved != 1:
            raise ValidationError("This meeting was changed by someone else. Reload the page and try again")
        meeting.status = target
        for key, value in fields.items():
            setattr(meeting, key, value)
        audit.record(
            by=by, action=target, obj=meeting, summary=summary, reason=reason, changes={"status": [current, target]}
        )
    return meeting


def conclude_meeting(*, by, meeting: Meeting, today) -> Meeting:
    """Close the meeting and make its minutes final: every case needs a decision (or a deferral) first."""
    if meeting.date > today:
        raise ValidationError("The meeting has not happened yet")
    undecided = meeting.items.filter(kind=AgendaItem.Kind.CASE, decision__isnull=True).select_related("request")
    if undecided:
        references = ", ".join(item.request.reference for item in undecided)
        raise ValidationError(f"Record a decision, or defer, for every case first: {references}")
    return _move(
        by=by,
        meeting=meeting,
        target=Meeting.Status.CONCLUDED,
        summary=f"Minutes made final: {meeting}",
        concluded_at=timezone.now(),
    )


def cancel_meeting(*, by, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting that has made no decisions; its cases go back to waiting for a panel."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the meeting is cancelled"})
    if meeting.decisions.exists():
        raise ValidationError(
            {"reason": "The panel has already made decisions at this meeting, so it cannot be cancelled"}
        )
    with transaction.atomic():
        for item in meeting.items.filter(kind=AgendaItem.Kind.CASE).select_related("request"):
            request_services.take_off_agenda(by=by, request=item.request, reason=f"Meeting cancelled: {reason}")
        return _move(
            by=by,
            meeting=meeting,
            target=Meeting.Status.CANCELLED,
            reason=reason,
            summary=f"Meeting cancelled: {meeting}",
        )


def record_pack_view(*, by, meeting: Meeting, pupil_ids: list[int], what: str) -> None:
    """Opening a panel pack or the minutes is a view of each child's record in it: one audit line per child."""
    for pupil_id in pupil_ids:
        audit.record(by=by, action="view", obj=meeting, pupil_id=pupil_id, summary=f"{what} viewed: {meeting}")
