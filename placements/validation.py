"""Checks on a placement and its components that need more than one field or other rows.

Each function raises a ValidationError keyed by the form field at fault, with a message
that says what is wrong and where. Services call them before writing anything.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from accounts.roles import OrganisationKind
from placements import rules
from placements.models import (
    SESSION_KEYS,
    Placement,
    PlacementComponent,
    RegistrationArrangement,
    Tier,
)
from pupils.validation import age_on

COMMISSIONER_KINDS = (OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.SCHOOL, OrganisationKind.PARTNERSHIP)
MAX_PLANNED_WEEKS = 104


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def validate_terms(placement: Placement) -> None:
    """The placement's own fields: dates, parties, tier and registration arrangement."""
    errors: dict[str, str] = {}
    if placement.home_school_id is None or placement.home_school.kind != OrganisationKind.SCHOOL:
        errors["home_school"] = "Choose the pupil's home school"
    for field, label in (("commissioner", "commissioner"), ("funder", "funder")):
        organisation = getattr(placement, field)
        if organisation is None:
            errors[field] = f"Choose the {label}"
        elif organisation.kind not in COMMISSIONER_KINDS:
            errors[field] = f"The {label} must be the local authority, a school or a partnership"
    if placement.tier not in Tier.values:
        errors["tier"] = "Choose the tier of support"
    if placement.registration_arrangement not in RegistrationArrangement.values:
        errors["registration_arrangement"] = "Choose how the pupil is registered"
    elif "commissioner" not in errors and not rules.off_site_direction_commissioner_ok(
        placement.registration_arrangement, placement.commissioner.kind
    ):
        errors["registration_arrangement"] = (
            "An off-site direction is made by the school, so the commissioner must be the home school"
        )
    if not placement.start_date:
        errors["start_date"] = "Enter the start date"
    if not placement.planned_end_date:
        errors["planned_end_date"] = "Enter the planned end date"
    elif placement.start_date and placement.planned_end_date < placement.start_date:
        errors["planned_end_date"] = (
            f"The planned end date must be on or after the start date, {_long(placement.start_date)}"
        )
    elif placement.start_date and placement.planned_end_date > placement.start_date + datetime.timedelta(
        weeks=MAX_PLANNED_WEEKS
    ):
        errors["planned_end_date"] = "A placement can be planned for at most two years; review and extend it instead"
    if not (placement.objectives or "").strip():
        errors["objectives"] = "Enter the objectives: what the placement should achieve for the pupil"
    if placement.tier == Tier.TIME_LIMITED and not (placement.reintegration_plan or "").strip():
        errors["reintegration_plan"] = "Enter the reintegration plan: a time-limited placement plans the return"
    if errors:
        raise ValidationError(errors)


def validate_component(component: PlacementComponent, placement: Placement, *, approved_provider_ids: set[int]) -> None:
    """One component: an approved provider, its own active programme for the pupil's age, sessions or hours, dates and price."""
    errors: dict[str, str] = {}
    provider, programme = component.provider, component.programme
    if provider is None:
        errors["provider"] = "Choose the provider"
    elif provider.pk not in approved_provider_ids:
        errors["provider"] = f"{provider.name} is not on the approved provider list, so it cannot be commissioned"
    if programme is not None and provider is not None:
        if programme.provider_id != provider.pk:
            errors["programme"] = f"{programme.name} is not a programme of {provider.name}"
        elif not programme.active:
            errors["programme"] = f"{programme.name} is not running at the moment; choose another programme"
        else:
            age = age_on(placement.pupil.date_of_birth, component.start_date or placement.start_date)
            if (programme.min_age and age < programme.min_age) or (programme.max_age and age > programme.max_age):
                errors["programme"] = (
                    f"{programme.name} is for ages {programme.min_age} to {programme.max_age}; the pupil will be {age}"
                )
    sessions = component.sessions or []
    unknown = [key for key in sessions if key not in SESSION_KEYS]
    if unknown:
        errors["sessions"] = "Choose sessions from Monday to Friday, mornings or afternoons"
    elif len(set(sessions)) != len(sessions):
        errors["sessions"] = "Each session can be chosen once"
    if not sessions and not component.hours_per_week:
        errors["sessions"] = "Choose the sessions the pupil attends, or enter hours a week"
    if component.hours_per_week is not None and not 0 < component.hours_per_week <= 40:
        errors["hours_per_week"] = "Hours a week must be more than 0 and at most 40"
    if component.cost_per_session_pence is None:
        errors["cost_per_session_pence"] = (
            "Enter the price per session: the programme has no price to take it from"
            if programme is not None
            else "Enter the price per session, or choose a programme with a price"
        )
    elif component.cost_per_session_pence < 0:
        errors["cost_per_session_pence"] = "The price per session cannot be negative"
    start, last = placement.start_date, placement.planned_end_date
    if component.start_date and not start <= component.start_date <= last:
        errors["start_date"] = f"The start date must be within the placement, {_long(start)} to {_long(last)}"
    if component.end_date:
        if component.start_date and component.end_date < component.start_date:
            errors["end_date"] = "The end date must be on or after the component's start date"
        elif component.end_date > last:
            errors["end_date"] = f"The end date must be on or before the placement's planned end, {_long(last)}"
    if errors:
        raise ValidationError(errors)


def validate_dual_registration(placement: Placement, components: list[PlacementComponent]) -> None:
    """Dual registration needs a component at a provider that is a school."""
    if placement.registration_arrangement != RegistrationArrangement.DUAL:
        return
    if components and not any(rules.can_dual_register_at(c.provider.provider_type) for c in components):
        raise ValidationError(
            {
                "registration_arrangement": "A pupil can be dual registered only at a school (a PRU, AP academy, "
                "AP free school or independent school); none of this placement's providers is one"
            }
        )
