"""Decisions on cases: quorum, conflicts of interest, what each outcome names, and the actions.

record_decision validates everything before writing: the meeting is scheduled and today is
on or after its date; the case has no decision yet; the voting members present without a
conflict (counted from the recorded attendance) meet the quorum; the outcome names what it
must (a provider and length, a named school, a return date). Members from the referring
school are recorded as conflicted automatically and do not count. A fair access allocation
gets its 20-school-day deadline. Then, in one transaction, the decision, its conflicts and
actions are written and the request moves on (to decided, or back to triaged if deferred).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.predicates import active_organisation_id, active_role
from accounts.roles import LA_CASEWORK_ROLES, OrganisationKind, Role
from core import audit
from core.calendar import CalendarError, SchoolCalendar
from panels import rules
from panels.models import Action, AgendaItem, Attendance, Conflict, Decision, Meeting, Outcome, PanelMember
from providers.queries import approved_providers
from referrals import services as request_services
from referrals.models import Status

TEXT_LIMIT = 5000


@dataclass
class ActionInput:
    description: str
    owner_organisation: object
    due_date: datetime.date
    owner: object = None


def voting_count(present: list[PanelMember], conflicted_ids: set[int]) -> int:
    return sum(
        1
        for m in present
        if m.pk not in conflicted_ids and rules.counts_towards_quorum(m.voting, m.authority_to_decide)
    )


def present_members(meeting: Meeting) -> list[PanelMember]:
    return list(
        PanelMember.objects.filter(
            attendance__meeting=meeting, attendance__status=Attendance.Status.PRESENT
        ).select_related("user", "organisation")
    )


def automatic_conflicts(present: list[PanelMember], referring_school_id: int | None) -> list[PanelMember]:
    return [m for m in present if rules.has_conflict(m.organisation_id, referring_school_id)]


def _validate_actions(actions: list[ActionInput], decided_on: datetime.date) -> dict[str, str]:
    for index, action in enumerate(actions, 1):
        if not (action.description or "").strip():
            return {"actions": f"Action {index}: enter what needs doing"}
        if len(action.description) > 300:
            return {"actions": f"Action {index}: keep the description to 300 characters or fewer"}
        if action.owner_organisation is None:
            return {"actions": f"Action {index}: choose who owns it"}
        if action.due_date is None:
            return {"actions": f"Action {index}: enter the date it is due"}
        if action.due_date < decided_on:
            return {"actions": f"Action {index}: the due date must be on or after the day of the decision"}
    return {}


def record_decision(
    *,
    by,
    item: AgendaItem,
    outcome: str,
    rationale: str,
    today: datetime.date,
    provider=None,
    placement_weeks: int | None = None,
    named_school=None,
    return_date=None,
    extend_placement=None,
    conflicts: list[tuple[PanelMember, str]] = (),
    actions: list[ActionInput] = (),
) -> Decision:
    """Record the panel's decision on one case."""
    meeting = item.meeting
    request = item.request
    rationale = (rationale or "").strip()
    errors: dict[str, str] = {}
    if meeting.status != Meeting.Status.SCHEDULED:
        errors[NON_FIELD_ERRORS] = (
            f"This meeting is {meeting.get_status_display().lower()}; no more decisions can be recorded"
        )
    elif not rules.decision_day_allowed(meeting.date, today):
        errors[NON_FIELD_ERRORS] = (
            f"The meeting is on {meeting.date.day} {meeting.date:%B %Y}; record decisions on or after that day"
        )
    if item.kind != AgendaItem.Kind.CASE or request is None:
        raise ValidationError("Decisions are recorded on cases, not standing items")
    if Decision.objects.filter(agenda_item=item).exists():
        raise ValidationError(f"The panel has already decided request {request.reference} at this meeting")
    if request.status != Status.ON_AGENDA:
        errors[NON_FIELD_ERRORS] = (
            f"Request {request.reference} is {request.get_status_display().lower()}, not waiting for this panel"
        )
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose the panel's decision"
    if not rationale:
        errors["rationale"] = "Give the reasons for the decision" + (
            " (the reasons for declining)" if outcome == Outcome.DECLINE else ""
        )
    elif len(rationale) > TEXT_LIMIT:
        errors["rationale"] = f"Keep the reasons to {TEXT_LIMIT:,} characters or fewer"
    errors.update(
        rules.outcome_errors(
            outcome,
            provider=provider,
            placement_weeks=placement_weeks,
            named_school=named_school,
            return_date=return_date,
            referring_school_id=request.school_id,
            decided_on=today,
            extend_placement=extend_placement,
        )
    )
    if provider is not None and "provider" not in errors and not approved_providers().filter(pk=provider.pk).exists():
        errors["provider"] = f"{provider.name} is not on the approved provider list"
    if named_school is not None and "named_school" not in errors and named_school.kind != OrganisationKind.SCHOOL:
        errors["named_school"] = "Choose a school"
    if extend_placement is not None and extend_placement.pupil_id != request.pupil_id:
        errors["extend_placement"] = "Choose one of this pupil's placements"
    errors.update(_validate_actions(list(actions), today))

    present = present_members(meeting)
    present_ids = {m.pk for m in present}
    conflict_rows = {
        m.pk: (m, "Represents the referring school") for m in automatic_conflicts(present, request.school_id)
    }
    for member, reason in conflicts:
        if member.panel_id != meeting.panel_id:
            errors["conflicts"] = "Conflicts can be recorded only for the panel's members"
        elif member.pk not in conflict_rows:
            conflict_rows[member.pk] = (member, (reason or "").strip()[:200] or "Declared a conflict of interest")
    voting = voting_count(present, set(conflict_rows))
    if not present_ids:
        errors[NON_FIELD_ERRORS] = "Record who is present before recording decisions"
    elif not rules.quorum_met(voting, meeting.panel.quorum):
        errors[NON_FIELD_ERRORS] = (
            f"The panel is not quorate for this case: {voting} voting member{'s' if voting != 1 else ''} with "
            f"authority to decide {'are' if voting != 1 else 'is'} present without a conflict, and the quorum is "
            f"{meeting.panel.quorum}. No decision can be recorded"
        )
    deadline = None
    if outcome == Outcome.FAIR_ACCESS_ALLOCATION and not errors:
        try:
            deadline = rules.fair_access_deadline(SchoolCalendar.load(), today)
        except CalendarError as exc:
            errors[NON_FIELD_ERRORS] = str(exc)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    meeting=meeting,
                    agenda_item=item,
                    request=request,
                    outcome=outcome,
                    provider=provider,
                    placement_weeks=placement_weeks,
                    named_school=named_school,
                    return_date=return_date,
                    extend_placement=extend_placement,
                    rationale=rationale,
                    decided_at=timezone.now(),
                    voting_members_present=voting,
                    allocation_deadline=deadline,
                    created_by=by,
                    updated_by=by,
                )
        except IntegrityError:
            raise ValidationError(
                f"The panel has already decided request {request.reference} at this meeting"
            ) from None
        Conflict.objects.bulk_create(
            [Conflict(decision=decision, member=member, reason=reason) for member, reason in conflict_rows.values()]
        )
        Action.objects.bulk_create(
            [
                Action(
                    decision=decision,
                    description=a.description.strip(),
                    owner=a.owner,
                    owner_organisation=a.owner_organisation,
                    due_date=a.due_date,
                    created_by=by,
                    updated_by=by,
                )
                for a in actions
            ]
        )
        text = decision.get_outcome_display()
        if outcome == Outcome.DEFER:
            request_services.take_off_agenda(by=by, request=request, reason=f"Deferred: {rationale}")
        else:
            request_services.mark_decided(by=by, request=request, outcome_text=text)
        audit.record(
            by=by,
            action="decide",
            obj=decision,
            pupil_id=request.pupil_id,
            summary=f"{meeting.panel.name} decided request {request.reference}: {text}",
            changes={"voting_members_present": voting, "conflicts": len(conflict_rows)},
        )
    return decision


def add_action(*, by, decision: Decision, action: ActionInput, today: datetime.date) -> Action:
    """Add an action to a decision, with an owner and a due date."""
    errors = _validate_actions([action], decision.decided_at.date())
    if errors:
        raise ValidationError({"description": errors["actions"].split(": ", 1)[1]})
    with transaction.atomic():
        row = Action.objects.create(
            decision=decision,
            description=action.description.strip(),
            owner=action.owner,
            owner_organisation=action.owner_organisation,
            due_date=action.due_date,
            created_by=by,
            updated_by=by,
        )
        audit.record(
            by=by,
            action="create",
            obj=row,
            pupil_id=decision.request.pupil_id if decision.request_id else None,
            summary=f"Action added: {row.description}",
        )
    return row


def complete_action(*, by, action: Action, done_on: datetime.date, today: datetime.date) -> Action:
    """Mark an action done on a date (not in the future)."""
    if done_on is None or done_on > today:
        raise ValidationError({"done_on": "Enter the date it was done: today or earlier"})
    with transaction.atomic():
        moved = Action.objects.filter(pk=action.pk, done_on__isnull=True).update(done_on=done_on, updated_by=by)
        if moved != 1:
            raise ValidationError({"done_on": "This action is already marked as done"})
        action.done_on = done_on
        decision = action.decision
        audit.record(
            by=by,
            action="update",
            obj=action,
            summary=f"Action done: {action.description}",
            pupil_id=decision.request.pupil_id if decision.request_id else None,
        )
    return action


def may_record_admission(user, decision: Decision) -> bool:
    role = active_role(user)
    if role in LA_CASEWORK_ROLES:
        return True
    return role == Role.SCHOOL_LEADER and decision.named_school_id == active_organisation_id(user)


def record_admission(*, by, decision: Decision, admitted_on: datetime.date, today: datetime.date) -> Decision:
    """Record the day a fair access pupil was admitted to the named school, which closes the deadline flag."""
    if decision.outcome != Outcome.FAIR_ACCESS_ALLOCATION:
        raise ValidationError("Only a fair access allocation has an admission to record")
    if not may_record_admission(by, decision):
        raise ValidationError("Only the LA or the named school can record the admission")
    if admitted_on is None:
        raise ValidationError({"admitted_on": "Enter the date the pupil was admitted"})
    if admitted_on > today:
        raise ValidationError({"admitted_on": "The admission date must be today or in the past"})
    if admitted_on < decision.decided_at.date():
        raise ValidationError({"admitted_on": "The admission date must be on or after the day of the decision"})
    with transaction.atomic():
        moved = Decision.objects.filter(pk=decision.pk, admitted_on__isnull=True).update(
            admitted_on=admitted_on, updated_by=by
        )
        if moved != 1:
            raise ValidationError({"admitted_on": "The admission has already been recorded"})
        decision.admitted_on = admitted_on
        audit.record(
            by=by,
            action="update",
            obj=decision,
            pupil_id=decision.request.pupil_id if decision.request_id else None,
            summary=f"Fair access admission to {decision.named_school.name} on {admitted_on:%-d %B %Y} recorded",
        )
    return decision
