"""A placement's lifecycle: proposed -> agreed -> active -> ended, or cancelled before it starts.

Agreeing books a place on each programme in the package with one conditional UPDATE per
programme (``booked < capacity``) whose row count is checked inside the agreeing
transaction: two confirmations at the same moment cannot both take the last place, on
SQLite or PostgreSQL. Starting puts the placement on the pupil's record (an "in AP"
episode, and for dual registration a "dual" episode and a subsidiary registration at the
provider); ending takes it off again.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import audit
from core.models import TermPeriod
from core.services import check_transition
from placements import rules
from placements.models import (
    EndReason,
    LearnerProfile,
    Placement,
    PlacementComponent,
    PlacementExtension,
    PlacementStatus,
    ProgrammeOccupancy,
    RegistrationArrangement,
    Review,
)
from placements.validation import validate_dual_registration
from pupils import services as pupil_services
from pupils.queries import current_registrations
from pupils.queries import today as local_today

TRANSITIONS = {
    PlacementStatus.PROPOSED: {PlacementStatus.AGREED, PlacementStatus.CANCELLED},
    PlacementStatus.AGREED: {PlacementStatus.ACTIVE, PlacementStatus.CANCELLED},
    PlacementStatus.ACTIVE: {PlacementStatus.ENDED},
    PlacementStatus.ENDED: set(),
    PlacementStatus.CANCELLED: set(),
}
WHAT = "placement"


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _locked(placement: Placement) -> Placement:
    """Re-read the placement under a row lock, so two changes to one placement queue up."""
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("pupil", "home_school", "commissioner")
        .get(pk=placement.pk)
    )


# ---------------------------------------------------------------------------------------
# Places on programmes


def book_place(component: PlacementComponent) -> None:
    """Take one of the programme's places for this component, or refuse if none is free."""
    from providers.models import Programme

    programme_id = component.programme_id
    ProgrammeOccupancy.objects.bulk_create([ProgrammeOccupancy(programme_id=programme_id)], ignore_conflicts=True)
    capacity = Programme.objects.filter(pk=programme_id).values_list("places", flat=True).get() or 0
    updated = ProgrammeOccupancy.objects.filter(programme_id=programme_id, booked__lt=capacity).update(
        booked=F("booked") + 1
    )
    if updated != 1:
        programme = component.programme
        raise ValidationError(
            {
                "components": f"{programme.name} at {component.provider.name} is full: all {capacity} "
                f"place{'' if capacity == 1 else 's'} are taken. Choose another programme or provider"
            }
        )
    PlacementComponent.objects.filter(pk=component.pk).update(place_booked=True)
    component.place_booked = True


def release_places(placement: Placement) -> int:
    """Give back every place the placement's components hold."""
    released = 0
    for component in placement.components.filter(place_booked=True):
        ProgrammeOccupancy.objects.filter(programme_id=component.programme_id, booked__gt=0).update(
            booked=F("booked") - 1
        )
        PlacementComponent.objects.filter(pk=component.pk).update(place_booked=False)
        released += 1
    return released


# ---------------------------------------------------------------------------------------
# Agree, start, cancel


def readiness_problems(placement: Placement) -> dict[str, str]:
    """What must be in place before a placement can be agreed and shared with the provider."""
    problems: dict[str, str] = {}
    if not placement.components.exists():
        problems["components"] = "Add at least one provider to the placement"
    if not LearnerProfile.objects.filter(placement=placement).exists():
        problems["learner_profile"] = "Write the learner profile: the provider must have it before the start"
    if not placement.objectives.strip():
        problems["objectives"] = "Enter the placement's objectives"
    return problems


def agree_placement(*, by, placement: Placement) -> Placement:
    """The commissioner agrees the placement: places are booked and the agreement and learner profile go to the provider."""
    with transaction.atomic():
        placement = _locked(placement)
        if placement.status != PlacementStatus.PROPOSED:
            raise ValidationError(f"This placement is already {placement.get_status_display().lower()}")
        check_transition(TRANSITIONS, placement.status, PlacementStatus.AGREED, what=WHAT)
        problems = readiness_problems(placement)
        if problems:
            raise ValidationError(problems)
        components = list(placement.components.select_related("provider__organisation", "programme"))
        validate_dual_registration(placement, components)
        for component in components:
            if component.programme_id and not component.place_booked:
                book_place(component)
        placement.status = PlacementStatus.AGREED
        placement.agreed_at = timezone.now()
        placement.agreed_by = by
        placement.updated_by = by
        placement.save(update_fields=["status", "agreed_at", "agreed_by", "updated_by", "updated_at"])
        audit.record(
            by=by,
            action="agree",
            obj=placement,
            pupil_id=placement.pupil_id,
            summary="Placement agreed; agreement and learner profile shared with "
            + ", ".join(sorted({c.provider.name for c in components})),
            changes={"status": ["proposed", "agreed"]},
        )
    return placement


def schedule_reviews(*, placement: Placement, after: datetime.date | None = None) -> list[Review]:
    """Create the review dates the rules give for the placement (those after ``after`` when extending)."""
    periods = TermPeriod.objects.values_list("start_date", "end_date")
    existing = set(placement.reviews.values_list("kind", "due_date"))
    reviews = [
        Review(placement=placement, kind=kind, due_date=due)
        for kind, due in rules.review_due_dates(placement.start_date, placement.planned_end_date, periods)
        if (kind, due) not in existing and (after is None or due > after)
    ]
    return Review.objects.bulk_create(reviews)


def _dual_providers(components: list[PlacementComponent]):
    seen, providers = set(), []
    for component in components:
        if rules.can_dual_register_at(component.provider.provider_type) and component.provider_id not in seen:
            seen.add(component.provider_id)
            providers.append(component.provider)
    return providers


def start_placement(*, by, placement: Placement, start_date: datetime.date | None = None) -> Placement:
    """The pupil starts: the placement becomes active and shows on the pupil's record; reviews are scheduled."""
    start_date = start_date or placement.start_date
    today = local_today()
    with transaction.atomic():
        placement = _locked(placement)
        if placement.status == PlacementStatus.PROPOSED:
            raise ValidationError("A placement cannot start before it is agreed. Agree it first")
        if placement.status != PlacementStatus.AGREED:
            raise ValidationError(f"This placement is {placement.get_status_display().lower()}, so it cannot start")
        check_transition(TRANSITIONS, placement.status, PlacementStatus.ACTIVE, what=WHAT)
        if start_date > today:
            raise ValidationError({"start_date": f"The start date cannot be in the future: today is {_long(today)}"})
        if start_date > placement.planned_end_date:
            raise ValidationError(
                {
                    "start_date": f"The start date must be on or before the planned end, {_long(placement.planned_end_date)}"
                }
            )
        if not LearnerProfile.objects.filter(placement=placement).exists():
            raise ValidationError("Write the learner profile before the placement starts")
        components = list(placement.components.select_related("provider__organisation"))
        if start_date != placement.start_date:
            for component in components:
                if component.start_date < start_date or component.start_date == placement.start_date:
                    component.start_date = start_date
                    component.save(update_fields=["start_date", "updated_at"])
        before = placement.start_date
        placement.start_date = start_date
        placement.status = PlacementStatus.ACTIVE
        provider_names = ", ".join(sorted({c.provider.name for c in components}))
        placement.in_ap_episode = pupil_services.add_episode(
            by=by,
            pupil=placement.pupil,
            status="in_ap",
            start_date=start_date,
            school=placement.home_school,
            provision_start_date=start_date,
            notes=f"Placement at {provider_names}",
        )
        if placement.registration_arrangement == RegistrationArrangement.DUAL:
            placement.dual_episode = pupil_services.add_episode(
                by=by,
                pupil=placement.pupil,
                status="dual",
                start_date=start_date,
                school=placement.home_school,
                notes=f"Dual registered with {provider_names}",
            )
            home = (
                current_registrations(start_date)
                .filter(pupil=placement.pupil, organisation=placement.home_school, enrolment_status="C")
                .first()
            )
            if home is not None:
                pupil_services.set_enrolment_status(
                    by=by, registration=home, enrolment_status="M", reason="Dual registered for a placement"
                )
            for provider in _dual_providers(components):
                registration = pupil_services.add_registration(
                    by=by,
                    pupil=placement.pupil,
                    organisation=provider.organisation,
                    enrolment_status="S",
                    start_date=start_date,
                )
                placement.provider_registrations.add(registration)
        placement.updated_by = by
        placement.save()
        schedule_reviews(placement=placement)
        changes = {"status": ["agreed", "active"]}
        if before != start_date:
            changes["start_date"] = [str(before), str(start_date)]
        audit.record(
            by=by,
            action="start",
            obj=placement,
            pupil_id=placement.pupil_id,
            summary=f"Placement started on {_long(start_date)} at {provider_names}",
            changes=changes,
        )
    return placement


def cancel_placement(*, by, placement: Placement, reason: str) -> Placement:
    """Call off a placement that has not started; any places it booked are freed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the placement is cancelled"})
    with transaction.atomic():
        placement = _locked(placement)
        if placement.status not in (PlacementStatus.PROPOSED, PlacementStatus.AGREED):
            raise ValidationError(
                f"A placement that is {placement.get_status_display().lower()} cannot be cancelled"
                + ("; end it instead" if placement.status == PlacementStatus.ACTIVE else "")
            )
        previous = placement.status
        check_transition(TRANSITIONS, previous, PlacementStatus.CANCELLED, what=WHAT)
        release_places(placement)
        placement.status = PlacementStatus.CANCELLED
        placement.cancel_reason = reason
        placement.updated_by = by
        placement.save(update_fields=["status", "cancel_reason", "updated_by", "updated_at"])
        audit.record(
            by=by,
            action="cancel",
            obj=placement,
            pupil_id=placement.pupil_id,
            summary="Placement cancelled",
            reason=reason,
            changes={"status": [previous, "cancelled"]},
        )
    return placement


# ---------------------------------------------------------------------------------------
# Extend and end


def extend_placement(
    *, by, placement: Placement, decision, new_planned_end_date: datetime.date | None = None
) -> Placement:
    """Move the planned end later, only on a panel decision to extend this placement."""
    if not rules.extension_decision_valid(decision.outcome, decision.extend_placement_id, placement.pk):
        raise ValidationError(
            {"decision": "Only a panel decision to extend this placement can extend it. Ask the panel first"}
        )
    if PlacementExtension.objects.filter(decision=decision).exists():
        raise ValidationError({"decision": "This decision has already been used to extend the placement"})
    with transaction.atomic():
        placement = _locked(placement)
        if placement.status not in (PlacementStatus.AGREED, PlacementStatus.ACTIVE):
            raise ValidationError(f"A placement that is {placement.get_status_display().lower()} cannot be extended")
        previous = placement.planned_end_date
        if new_planned_end_date is None and decision.placement_weeks:
            new_planned_end_date = previous + datetime.timedelta(weeks=decision.placement_weeks)
        if new_planned_end_date is None:
            raise ValidationError({"new_planned_end_date": "Enter the new planned end date"})
        if new_planned_end_date <= previous:
            raise ValidationError(
                {"new_planned_end_date": f"The new planned end must be after the current one, {_long(previous)}"}
            )
        placement.planned_end_date = new_planned_end_date
        placement.updated_by = by
        placement.save(update_fields=["planned_end_date", "updated_by", "updated_at"])
        PlacementExtension.objects.create(
            placement=placement,
            decision=decision,
            previous_end_date=previous,
            new_end_date=new_planned_end_date,
            created_by=by,
            updated_by=by,
        )
        if placement.status == PlacementStatus.ACTIVE:
            schedule_reviews(placement=placement, after=previous)
        audit.record(
            by=by,
            action="extend",
            obj=placement,
            pupil_id=placement.pupil_id,
            summary=f"Placement extended to {_long(new_planned_end_date)} on a panel decision",
            changes={"planned_end_date": [str(previous), str(new_planned_end_date)]},
        )
    return placement


def _end_pupil_record(by, placement: Placement, end_date: datetime.date, dual_until: datetime.date) -> None:
    if placement.in_ap_episode_id:
        pupil_services.update_episode(
            by=by, episode=placement.in_ap_episode, end_date=end_date, reason="Placement ended"
        )
    if placement.dual_episode_id:
        pupil_services.update_episode(
            by=by, episode=placement.dual_episode, end_date=dual_until, reason="Placement ended"
        )
    for registration in placement.provider_registrations.filter(end_date__isnull=True):
        pupil_services.end_registration(by=by, registration=registration, end_date=dual_until, reason="Placement ended")


def end_placement(*, by, placement: Placement, end_date: datetime.date, end_reason: str, notes: str = "") -> Placement:
    """End an active placement with a reason. After a return the pupil stays dual registered for 3 months."""
    from placements.services_followup import schedule_destinations, schedule_return_checks

    if end_reason not in EndReason.values:
        raise ValidationError({"end_reason": "Choose why the placement ended"})
    with transaction.atomic():
        placement = _locked(placement)
        if placement.status != PlacementStatus.ACTIVE:
            raise ValidationError(
                f"Only an active placement can end; this one is {placement.get_status_display().lower()}"
                + (
                    ". Cancel it instead"
                    if placement.status in (PlacementStatus.PROPOSED, PlacementStatus.AGREED)
                    else ""
                )
            )
        check_transition(TRANSITIONS, placement.status, PlacementStatus.ENDED, what=WHAT)
        if end_date < placement.start_date:
            raise ValidationError(
                {"end_date": f"A placement cannot end before it starts: it started on {_long(placement.start_date)}"}
            )
        if end_date > placement.planned_end_date:
            raise ValidationError(
                {
                    "end_date": f"The placement is planned to end on {_long(placement.planned_end_date)}. "
                    "To end it later, extend it with a panel decision first"
                }
            )
        return_plan = getattr(placement, "return_plan", None)
        dual_until = end_date
        if end_reason == EndReason.RETURNED:
            if return_plan is None:
                raise ValidationError(
                    {"end_reason": "Record the return plan before ending the placement with a return"}
                )
            if return_plan.return_date < end_date:
                raise ValidationError(
                    {
                        "end_date": f"The placement must end on or before the return date, {_long(return_plan.return_date)}"
                    }
                )
            dual_until = rules.dual_registration_end(return_plan.return_date)
        placement.status = PlacementStatus.ENDED
        placement.end_date = end_date
        placement.end_reason = end_reason
        placement.end_notes = (notes or "").strip()
        placement.updated_by = by
        placement.save(update_fields=["status", "end_date", "end_reason", "end_notes", "updated_by", "updated_at"])
        release_places(placement)
        _end_pupil_record(by, placement, end_date, dual_until)
        if end_reason == EndReason.RETURNED:
            still_dual = placement.dual_episode_id is not None or placement.provider_registrations.exists()
            schedule_return_checks(
                placement=placement, return_plan=return_plan, dual_until=dual_until if still_dual else None
            )
        schedule_destinations(placement=placement, end_date=end_date, end_reason=end_reason)
        audit.record(
            by=by,
            action="end",
            obj=placement,
            pupil_id=placement.pupil_id,
            summary=f"Placement ended on {_long(end_date)}: {placement.get_end_reason_display()}",
            changes={"status": ["active", "ended"], "end_date": [None, str(end_date)]},
            reason=placement.end_notes,
        )
    return placement
