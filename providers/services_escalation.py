"""Escalation and concerns: a notice to improve with a date and a follow-up visit, its outcome
(back to approved, or suspension), and the concerns log shared by every commissioner.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.services import TransitionError, check_transition
from providers.models import Concern, FrameworkStatus, NoticeToImprove, Provider, Visit
from providers.services import change_framework_status, local_today
from providers.services_qa import schedule_visit

NOTICE_TRANSITIONS = {
    NoticeToImprove.Status.OPEN: {
        NoticeToImprove.Status.MET,
        NoticeToImprove.Status.NOT_MET,
        NoticeToImprove.Status.WITHDRAWN,
    }
}
CONCERN_TRANSITIONS = {
    Concern.Status.OPEN: {Concern.Status.INVESTIGATING, Concern.Status.CLOSED},
    Concern.Status.INVESTIGATING: {Concern.Status.CLOSED},
    Concern.Status.CLOSED: {Concern.Status.INVESTIGATING},
}
ON_FRAMEWORK = (FrameworkStatus.APPROVED, FrameworkStatus.CONDITIONAL, FrameworkStatus.SUSPENDED)


def issue_notice(
    *, by, provider: Provider, reasons: str, improve_by: datetime.date, arising_from_visit: Visit | None = None
) -> NoticeToImprove:
    """Issue a notice to improve by a date: an approved provider becomes conditional, and a follow-up visit is booked for the date."""
    reasons = (reasons or "").strip()
    today = local_today()
    errors: dict[str, str] = {}
    if provider.framework_status not in ON_FRAMEWORK:
        errors["reasons"] = (
            f"{provider.name} is {provider.get_framework_status_display().lower()}: "
            "a notice to improve is for a provider on the framework"
        )
    elif provider.notices.filter(status=NoticeToImprove.Status.OPEN).exists():
        errors["reasons"] = f"{provider.name} already has an open notice to improve. Close it first"
    if not reasons:
        errors["reasons"] = "Enter what the provider must improve"
    if improve_by is None:
        errors["improve_by"] = "Enter the date by which the provider must improve"
    elif improve_by <= today:
        errors["improve_by"] = "The improve-by date must be in the future"
    if arising_from_visit is not None and arising_from_visit.provider_id != provider.pk:
        errors["arising_from_visit"] = "Choose a visit to this provider"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        follow_up = schedule_visit(
            by=by,
            provider=provider,
            kind=Visit.Kind.FOLLOW_UP,
            scheduled_for=improve_by,
            focus="Follow-up of the notice to improve",
        )
        notice = NoticeToImprove.objects.create(
            provider=provider,
            issued_on=today,
            improve_by=improve_by,
            reasons=reasons,
            follow_up_visit=follow_up,
            arising_from_visit=arising_from_visit,
            created_by=by,
            updated_by=by,
            updated_at=timezone.now(),
        )
        if provider.framework_status == FrameworkStatus.APPROVED:
            change_framework_status(
                by=by,
                provider=provider,
                to_status=FrameworkStatus.CONDITIONAL,
                reason=f"Notice to improve issued: {reasons}",
                conditions=f"Make the improvements in the notice by {improve_by:%-d %B %Y}",
                review_on=improve_by,
            )
        audit.record(
            by=by,
            action="create",
            obj=notice,
            summary=f"Notice to improve issued to {provider.name}, improve by {improve_by:%-d %B %Y}",
            reason=reasons,
        )
    return notice


def close_notice(*, by, notice: NoticeToImprove, outcome: str, note: str) -> NoticeToImprove:
    """Close a notice: improvements made (back to approved), not made (suspended from the list), or withdrawn."""
    note = (note or "").strip()
    errors: dict[str, str] = {}
    try:
        check_transition(NOTICE_TRANSITIONS, notice.status, outcome, what="notice to improve")
    except TransitionError:
        errors["outcome"] = (
            "Choose the outcome of the notice"
            if notice.status == NoticeToImprove.Status.OPEN
            else "This notice has already been closed"
        )
    if not note:
        errors["note"] = "Enter what the follow-up found"
    if errors:
        raise ValidationError(errors)
    provider = Provider.objects.select_related("organisation").get(pk=notice.provider_id)
    with transaction.atomic():
        moved = NoticeToImprove.objects.filter(pk=notice.pk, status=NoticeToImprove.Status.OPEN).update(
            status=outcome, outcome_note=note, closed_on=local_today(), updated_by=by, updated_at=timezone.now()
        )
        if moved != 1:
            raise ValidationError({"outcome": "This notice has already been closed"})
        if outcome in (NoticeToImprove.Status.MET, NoticeToImprove.Status.WITHDRAWN):
            if provider.framework_status == FrameworkStatus.CONDITIONAL:
                change_framework_status(
                    by=by,
                    provider=provider,
                    to_status=FrameworkStatus.APPROVED,
                    reason=f"Notice to improve {NoticeToImprove.Status(outcome).label.lower()}: {note}",
                )
        elif provider.framework_status in (FrameworkStatus.APPROVED, FrameworkStatus.CONDITIONAL):
            change_framework_status(
                by=by,
                provider=provider,
                to_status=FrameworkStatus.SUSPENDED,
                reason=f"Notice to improve not met: {note}",
            )
        notice.refresh_from_db()
        audit.record(
            by=by,
            action="update",
            obj=notice,
            summary=f"Notice to improve for {provider.name}: {notice.get_status_display()}",
            changes={"status": ["open", outcome]},
            reason=note,
        )
    return notice


def raise_concern(
    *, by, provider: Provider, kind: str, summary: str, details: str, raised_on: datetime.date
) -> Concern:
    """Log a safeguarding or quality concern about a provider; every commissioner of it will see it."""
    summary, details = (summary or "").strip(), (details or "").strip()
    errors: dict[str, str] = {}
    if kind not in Concern.Kind.values:
        errors["kind"] = "Choose whether this is a safeguarding or a quality concern"
    if not summary:
        errors["summary"] = "Enter a short summary of the concern"
    elif len(summary) > 200:
        errors["summary"] = "The summary must be 200 characters or fewer"
    if not details:
        errors["details"] = "Enter the details of the concern"
    if raised_on is None:
        errors["raised_on"] = "Enter the date of the concern"
    elif raised_on > local_today():
        errors["raised_on"] = "The date of the concern must be today or in the past"
    membership = getattr(by, "acting_membership", None)
    if membership is None:
        errors["kind"] = "You need a role in an organisation to raise a concern"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        concern = Concern.objects.create(
            provider=provider,
            kind=kind,
            summary=summary,
            details=details,
            raised_on=raised_on,
            raised_by_organisation=membership.organisation,
            created_by=by,
            updated_by=by,
            updated_at=timezone.now(),
        )
        audit.record(
            by=by,
            action="create",
            obj=concern,
            summary=f"{concern.get_kind_display()} concern about {provider.name} raised",
        )
    return concern


def update_concern(*, by, concern: Concern, status: str, response: str) -> Concern:
    """Move a concern on (being looked into, closed or reopened), recording what has been done."""
    response = (response or "").strip()
    errors: dict[str, str] = {}
    try:
        check_transition(CONCERN_TRANSITIONS, concern.status, status, what="concern")
    except TransitionError:
        errors["status"] = f"A concern that is {concern.get_status_display().lower()} cannot move to that status"
    if not response:
        errors["response"] = "Enter what has been done about the concern"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        moved = Concern.objects.filter(pk=concern.pk, status=concern.status).update(
            status=status,
            response=response,
            updated_by=by,
            updated_at=timezone.now(),
            closed_on=local_today() if status == Concern.Status.CLOSED else None,
        )
        if moved != 1:
            raise ValidationError({"status": "Someone else changed this concern. Check it and try again"})
        before = concern.status
        concern.refresh_from_db()
        audit.record(
            by=by,
            action="update",
            obj=concern,
            summary=f"Concern about {concern.provider.name}: {concern.get_status_display()}",
            changes={"status": [before, status]},
            reason=response,
        )
    return concern
