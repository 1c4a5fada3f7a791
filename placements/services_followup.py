"""Reviews, the return to mainstream and its checks, and Year 11 leavers' destinations."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from accounts.roles import OrganisationKind
from core import audit
from core.calendar import academic_year_of
from placements import rules
from placements.models import (
    Destination,
    EndReason,
    Placement,
    PlacementStatus,
    Return,
    ReturnCheck,
    Review,
)
from pupils.queries import today as local_today
from pupils.rules import national_curriculum_year

REVIEW_FIELDS = ["held_on", "progress", "young_person_views", "parent_views", "outcome", "next_steps"]


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def attendance_for(placement: Placement, start: datetime.date, end: datetime.date) -> dict | None:
    """Possible and attended sessions and the percentage, from the attendance app's summary."""
    try:
        from attendance.queries import attendance_summary
    except ImportError:
        return None
    summary = attendance_summary([placement], start, end)
    if summary is None:
        return None

    def value(name):
        return summary.get(name) if isinstance(summary, dict) else getattr(summary, name, None)

    possible = value("possible")
    if not possible:
        return {"possible": 0, "present": 0, "percent": None}
    return {"possible": possible, "present": value("present") or 0, "percent": value("percent")}


# ---------------------------------------------------------------------------------------
# Reviews


def record_review(*, by, review: Review, **fields) -> Review:
    """Record a review meeting: progress against objectives, attendance, the young person's and parent's views, and the outcome."""
    placement = review.placement
    if placement.status not in (PlacementStatus.ACTIVE, PlacementStatus.ENDED):
        raise ValidationError("A review can be recorded only once the placement has started")
    before = model_to_dict(review, fields=REVIEW_FIELDS)
    for key in REVIEW_FIELDS:
        if key in fields:
            value = fields[key]
            setattr(review, key, value.strip() if isinstance(value, str) else value)
    errors: dict[str, str] = {}
    today = local_today()
    if not review.held_on:
        errors["held_on"] = "Enter the date the review was held"
    elif review.held_on < placement.start_date:
        errors["held_on"] = f"The review cannot be before the placement started, on {_long(placement.start_date)}"
    elif review.held_on > today:
        errors["held_on"] = f"The review date cannot be in the future: today is {_long(today)}"
    if not review.progress:
        errors["progress"] = "Enter the progress made against the placement's objectives"
    if not review.young_person_views:
        errors["young_person_views"] = "Enter the young person's views, or say why they could not be given"
    if not review.parent_views:
        errors["parent_views"] = "Enter the parent's or carer's views, or say why they could not be given"
    if review.outcome not in Review.Outcome.values:
        errors["outcome"] = "Choose the outcome of the review"
    if errors:
        raise ValidationError(errors)
    attendance = attendance_for(placement, placement.start_date, review.held_on)
    if attendance is not None:
        review.possible_sessions = attendance["possible"]
        review.attended_sessions = attendance["present"]
        review.attendance_percent = attendance["percent"]
    changes = audit.diff(before, model_to_dict(review, fields=REVIEW_FIELDS))
    with transaction.atomic():
        review.updated_by = by
        if review.created_by_id is None:
            review.created_by = by
        review.save()
        audit.record(
            by=by,
            action="update",
            obj=review,
            pupil_id=placement.pupil_id,
            summary=f"{review.get_kind_display()} held on {_long(review.held_on)}: {review.get_outcome_display()}",
            changes={k: v for k, v in changes.items() if k in ("held_on", "outcome")},
        )
    return review


def add_review(*, by, placement: Placement, due_date: datetime.date) -> Review:
    """Arrange an additional review (reviews are at least half-termly; more are welcome)."""
    if placement.status != PlacementStatus.ACTIVE:
        raise ValidationError("Additional reviews can be arranged only while the placement is active")
    if due_date < placement.start_date:
        raise ValidationError(
            {"due_date": f"The review must be after the placement started, on {_long(placement.start_date)}"}
        )
    with transaction.atomic():
        review = Review.objects.create(
            placement=placement, kind=Review.Kind.OTHER, due_date=due_date, created_by=by, updated_by=by
        )
        audit.record(
            by=by,
            action="create",
            obj=review,
            pupil_id=placement.pupil_id,
            summary=f"Additional review arranged for {_long(due_date)}",
        )
    return review


# ---------------------------------------------------------------------------------------
# The return to mainstream


def plan_return(*, by, placement: Placement, school, return_date: datetime.date, plan: str) -> Return:
    """Record (or change) the plan and date for the pupil's return to mainstream school."""
    if placement.status not in (PlacementStatus.AGREED, PlacementStatus.ACTIVE):
        raise ValidationError("A return can be planned only for an agreed or active placement")
    plan = (plan or "").strip()
    errors: dict[str, str] = {}
    if school is None or school.kind != OrganisationKind.SCHOOL:
        errors["school"] = "Choose the school the pupil returns to"
    if return_date is None:
        errors["return_date"] = "Enter the date the pupil returns"
    elif return_date <= placement.start_date:
        errors["return_date"] = f"The return date must be after the placement started, on {_long(placement.start_date)}"
    if not plan:
        errors["plan"] = "Enter the return plan: timetable, support and who does what"
    if errors:
        raise ValidationError(errors)
    existing = Return.objects.filter(placement=placement).first()
    before = model_to_dict(existing, fields=["school", "return_date", "plan"]) if existing else {}
    with transaction.atomic():
        return_plan = existing or Return(placement=placement, created_by=by)
        return_plan.school, return_plan.return_date, return_plan.plan = school, return_date, plan
        return_plan.updated_by = by
        return_plan.save()
        audit.record(
            by=by,
            action="update" if existing else "create",
            obj=return_plan,
            pupil_id=placement.pupil_id,
            summary=f"Return to {school.name} planned for {_long(return_date)}",
            changes=audit.diff(before, model_to_dict(return_plan, fields=["school", "return_date", "plan"])),
        )
    return return_plan


def schedule_return_checks(*, placement: Placement, return_plan: Return, dual_until: datetime.date | None) -> list:
    """After the return: checks at 6 weeks and a term, and the date dual registration ends."""
    return_plan.dual_registration_ends = dual_until
    return_plan.save(update_fields=["dual_registration_ends", "updated_at"])
    checks = [
        ReturnCheck(return_plan=return_plan, kind=kind, due_date=due)
        for kind, due in rules.return_check_dates(return_plan.return_date).items()
        if not ReturnCheck.objects.filter(return_plan=return_plan, kind=kind).exists()
    ]
    return ReturnCheck.objects.bulk_create(checks)


def record_return_check(
    *, by, check: ReturnCheck, checked_on: datetime.date, held: bool, notes: str = ""
) -> ReturnCheck:
    """Record whether the return has held at a check."""
    return_plan = check.return_plan
    errors: dict[str, str] = {}
    if return_plan.placement.status != PlacementStatus.ENDED:
        raise ValidationError("A return can be checked only after the placement has ended with the return")
    if checked_on is None:
        errors["checked_on"] = "Enter the date of the check"
    elif checked_on < return_plan.return_date:
        errors["checked_on"] = f"The check cannot be before the return, on {_long(return_plan.return_date)}"
    elif checked_on > local_today():
        errors["checked_on"] = "The date of the check cannot be in the future"
    if held is None:
        errors["held"] = "Select whether the return has held"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        check.checked_on, check.held, check.notes = checked_on, held, (notes or "").strip()
        check.updated_by = by
        check.save()
        audit.record(
            by=by,
            action="update",
            obj=check,
            pupil_id=return_plan.placement.pupil_id,
            summary=f"Return check ({check.get_kind_display()}): {'held' if held else 'did not hold'}",
        )
    return check


# ---------------------------------------------------------------------------------------
# Year 11 leavers' destinations


def schedule_destinations(*, placement: Placement, end_date: datetime.date, end_reason: str) -> list[Destination]:
    """For a Year 11 leaver (or a pupil leaving for post-16), the set points at which to record the destination."""
    academic_year = academic_year_of(end_date)
    year_group = national_curriculum_year(placement.pupil.date_of_birth, academic_year)
    if not (rules.is_year_11(year_group) or end_reason == EndReason.POST_16):
        return []
    leaving = rules.year_11_leaving_date(academic_year)
    existing = set(placement.destinations.values_list("due_date", flat=True))
    return Destination.objects.bulk_create(
        [
            Destination(placement=placement, due_date=day)
            for day in rules.destination_check_dates(leaving)
            if day not in existing
        ]
    )


def record_destination(
    *, by, destination: Destination, recorded_on: datetime.date, outcome: str, detail: str = ""
) -> Destination:
    """Record where a leaver is at one of the set points."""
    errors: dict[str, str] = {}
    if outcome not in Destination.Outcome.values:
        errors["outcome"] = "Choose the destination"
    if recorded_on is None:
        errors["recorded_on"] = "Enter the date the destination was confirmed"
    elif recorded_on > local_today():
        errors["recorded_on"] = "The date cannot be in the future"
    elif destination.placement.end_date and recorded_on < destination.placement.end_date:
        errors["recorded_on"] = "The date must be after the placement ended"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        destination.recorded_on, destination.outcome, destination.detail = recorded_on, outcome, (detail or "").strip()
        destination.updated_by = by
        destination.save()
        audit.record(
            by=by,
            action="update",
            obj=destination,
            pupil_id=destination.placement.pupil_id,
            summary=f"Destination recorded: {destination.get_outcome_display()}",
        )
    return destination
