"""Every change to a placement's terms, package and learner profile goes through these functions.

Each takes the acting user as ``by``, validates fully before writing, runs in one
transaction and writes the audit trail (with the pupil's id). A ValidationError names the
field at fault and nothing is saved. The lifecycle (agree, start, cancel, end, extend) is
in services_lifecycle.py; reviews, returns and destinations in services_followup.py; the
survey in services_survey.py.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from core import audit
from placements import rules
from placements.models import (
    LearnerProfile,
    Placement,
    PlacementComponent,
    PlacementStatus,
    RegistrationArrangement,
)
from placements.validation import validate_component, validate_dual_registration, validate_terms

TERM_FIELDS = [
    "home_school",
    "commissioner",
    "funder",
    "tier",
    "start_date",
    "planned_end_date",
    "objectives",
    "reintegration_plan",
    "registration_arrangement",
]
PLAN_FIELDS = ["objectives", "reintegration_plan"]
COMPONENT_FIELDS = [
    "provider",
    "programme",
    "sessions",
    "hours_per_week",
    "cost_per_session_pence",
    "start_date",
    "end_date",
]
PROFILE_FIELDS = ["strengths", "needs", "what_helps", "what_to_avoid", "risks", "medical"]
PLACEMENT_OUTCOMES = rules.PLACEMENT_DECISION_TIERS


def approved_provider_ids() -> set[int]:
    """The providers a commissioner may use (approved or conditional on the framework)."""
    from providers.queries import approved_providers

    return set(approved_providers().values_list("pk", flat=True))


def programme_price(programme) -> int | None:
    """The price per session the programme's prices give (rules.cost_per_session_pence)."""
    if programme is None:
        return None
    return rules.cost_per_session_pence(
        per_session=programme.price_per_session_pence,
        per_day=programme.price_per_day_pence,
        per_place_year=programme.price_per_place_year_pence,
    )


def _build_component(placement: Placement, data: dict) -> PlacementComponent:
    fields = {k: v for k, v in data.items() if k in COMPONENT_FIELDS}
    component = PlacementComponent(placement=placement, **fields)
    component.sessions = sorted(set(component.sessions or []), key=_session_order)
    if component.hours_per_week is not None:
        component.hours_per_week = Decimal(component.hours_per_week)
    if component.cost_per_session_pence is None:
        component.cost_per_session_pence = programme_price(component.programme)
    component.start_date = component.start_date or placement.start_date
    return component


def _session_order(key: str) -> int:
    from placements.models import SESSION_KEYS

    return SESSION_KEYS.index(key) if key in SESSION_KEYS else len(SESSION_KEYS)


def _set_code(placement: Placement) -> None:
    commissioner_kind = placement.commissioner.kind if placement.commissioner_id else ""
    placement.home_attendance_code = rules.home_attendance_code(placement.registration_arrangement, commissioner_kind)


def _summary_of_terms(placement: Placement) -> str:
    return f"{placement.get_tier_display()} from {placement.start_date:%-d %B %Y} to {placement.planned_end_date:%-d %B %Y}"


def create_placement(
    *,
    by,
    pupil,
    home_school,
    commissioner,
    funder,
    tier,
    start_date: datetime.date,
    planned_end_date: datetime.date | None = None,
    objectives: str,
    reintegration_plan: str = "",
    registration_arrangement: str = RegistrationArrangement.SINGLE_HOME,
    components: list[dict],
    decision=None,
    request=None,
) -> Placement:
    """Record a proposed placement with its package of components (a school may record one it commissions itself)."""
    placement = Placement(
        pupil=pupil,
        home_school=home_school,
        commissioner=commissioner,
        funder=funder,
        tier=tier,
        start_date=start_date,
        planned_end_date=planned_end_date or (start_date and rules.default_planned_end(start_date)),
        objectives=(objectives or "").strip(),
        reintegration_plan=(reintegration_plan or "").strip(),
        registration_arrangement=registration_arrangement,
        decision=decision,
        request=request,
        status=PlacementStatus.PROPOSED,
        created_by=by,
        updated_by=by,
    )
    _set_code(placement)
    validate_terms(placement)
    if not components:
        raise ValidationError({"provider": "Add at least one provider to the placement"})
    approved = approved_provider_ids()
    built = [_build_component(placement, data) for data in components]
    for component in built:
        validate_component(component, placement, approved_provider_ids=approved)
    validate_dual_registration(placement, built)
    if Placement.objects.filter(pupil=pupil, status__in=["proposed", "agreed", "active"]).exists():
        raise ValidationError(
            "This pupil already has a proposed, agreed or active placement. End or cancel it, or add a provider to it"
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                placement.save()
        except IntegrityError:
            raise ValidationError("This pupil already has a proposed, agreed or active placement") from None
        for component in built:
            component.placement = placement
            component.created_by = component.updated_by = by
            component.save()
        audit.record(
            by=by,
            action="create",
            obj=placement,
            pupil_id=pupil.pk,
            summary=f"Placement proposed: {_summary_of_terms(placement)}, commissioned by {commissioner.name}",
        )
    return placement


def create_placement_from_decision(*, by, decision, **fields) -> Placement:
    """A placement from a panel decision with a placement outcome: the decision gives the pupil, school, tier, provider and length."""
    if decision.outcome not in PLACEMENT_OUTCOMES:
        raise ValidationError(f"The panel decided '{decision.get_outcome_display()}', which is not a placement")
    if decision.request_id is None:
        raise ValidationError("This decision is not about a request for a pupil, so a placement cannot be made from it")
    if Placement.objects.filter(decision=decision).exclude(status=PlacementStatus.CANCELLED).exists():
        raise ValidationError("A placement has already been made from this decision")
    request = decision.request
    start_date = fields.get("start_date")
    if not fields.get("planned_end_date") and start_date:
        fields["planned_end_date"] = rules.default_planned_end(
            start_date, decision.placement_weeks or rules.DEFAULT_WEEKS
        )
    home_school = fields.pop("home_school", None)
    return create_placement(
        by=by,
        pupil=request.pupil,
        home_school=request.school or home_school,
        tier=PLACEMENT_OUTCOMES[decision.outcome],
        decision=decision,
        request=request,
        **fields,
    )


def update_placement(*, by, placement: Placement, reason: str = "", **fields) -> Placement:
    """Change a placement's terms while it is proposed; afterwards only its objectives and reintegration plan."""
    if not placement.is_open:
        raise ValidationError(f"This placement is {placement.get_status_display().lower()}, so it cannot be changed")
    allowed = TERM_FIELDS if placement.status == PlacementStatus.PROPOSED else PLAN_FIELDS
    refused = [
        key for key in fields if key in TERM_FIELDS and key not in allowed and fields[key] != getattr(placement, key)
    ]
    if refused:
        raise ValidationError(
            {refused[0]: "Once a placement is agreed only its objectives and reintegration plan can change"}
        )
    before = model_to_dict(placement, fields=TERM_FIELDS + ["home_attendance_code"])
    for key, value in fields.items():
        if key in allowed:
            setattr(placement, key, value.strip() if isinstance(value, str) else value)
    _set_code(placement)
    validate_terms(placement)
    components = list(placement.components.select_related("provider", "programme"))
    if placement.status == PlacementStatus.PROPOSED:
        approved = approved_provider_ids()
        for component in components:
            validate_component(component, placement, approved_provider_ids=approved)
    validate_dual_registration(placement, components)
    changes = audit.diff(before, model_to_dict(placement, fields=TERM_FIELDS + ["home_attendance_code"]))
    if not changes:
        return placement
    with transaction.atomic():
        placement.updated_by = by
        placement.save()
        audit.record(
            by=by,
            action="update",
            obj=placement,
            pupil_id=placement.pupil_id,
            summary="Placement changed",
            changes=changes,
            reason=reason,
        )
    return placement


def _component_changes_allowed(placement: Placement) -> None:
    if placement.status != PlacementStatus.PROPOSED:
        raise ValidationError(
            {"provider": "Providers can be added, changed or removed only while the placement is proposed"}
        )


def add_component(*, by, placement: Placement, **data) -> PlacementComponent:
    """Add a provider's part to a proposed placement's package."""
    _component_changes_allowed(placement)
    component = _build_component(placement, data)
    validate_component(component, placement, approved_provider_ids=approved_provider_ids())
    with transaction.atomic():
        component.created_by = component.updated_by = by
        component.save()
        audit.record(
            by=by,
            action="create",
            obj=component,
            pupil_id=placement.pupil_id,
            summary=f"{component.provider.name} added to the placement",
        )
    return component


def update_component(*, by, component: PlacementComponent, **data) -> PlacementComponent:
    """Change a component of a proposed placement: sessions, hours, programme, price or dates."""
    placement = component.placement
    _component_changes_allowed(placement)
    before = model_to_dict(component, fields=COMPONENT_FIELDS)
    for key, value in data.items():
        if key in COMPONENT_FIELDS:
            setattr(component, key, value)
    if data.get("cost_per_session_pence") is None and "programme" in data:
        component.cost_per_session_pence = programme_price(component.programme)
    component.sessions = sorted(set(component.sessions or []), key=_session_order)
    component.start_date = component.start_date or placement.start_date
    validate_component(component, placement, approved_provider_ids=approved_provider_ids())
    changes = audit.diff(before, model_to_dict(component, fields=COMPONENT_FIELDS))
    if not changes:
        return component
    with transaction.atomic():
        component.updated_by = by
        component.save()
        audit.record(
            by=by,
            action="update",
            obj=component,
            pupil_id=placement.pupil_id,
            summary=f"{component.provider.name}'s part of the placement changed",
            changes=changes,
        )
    return component


def remove_component(*, by, component: PlacementComponent) -> None:
    """Take a provider's part out of a proposed placement; a placement keeps at least one."""
    placement = component.placement
    _component_changes_allowed(placement)
    if placement.components.count() <= 1:
        raise ValidationError({"provider": "A placement needs at least one provider; cancel the placement instead"})
    with transaction.atomic():
        audit.record(
            by=by,
            action="delete",
            obj=component,
            pupil_id=placement.pupil_id,
            summary=f"{component.provider.name} removed from the placement",
        )
        component.delete()


def save_learner_profile(*, by, placement: Placement, **fields) -> LearnerProfile:
    """Write the learner profile the provider reads before the start: needs, what helps, what to avoid, risks."""
    if not placement.is_open:
        raise ValidationError(
            f"This placement is {placement.get_status_display().lower()}, so its profile cannot change"
        )
    profile = LearnerProfile.objects.filter(placement=placement).first()
    created = profile is None
    profile = profile or LearnerProfile(placement=placement, created_by=by)
    before = {} if created else model_to_dict(profile, fields=PROFILE_FIELDS)
    for key in PROFILE_FIELDS:
        if key in fields:
            setattr(profile, key, (fields[key] or "").strip())
    errors = {}
    for key, label in (
        ("needs", "the pupil's needs"),
        ("what_helps", "what helps"),
        ("what_to_avoid", "what to avoid"),
        ("risks", "the risks and how they are managed"),
    ):
        if not getattr(profile, key):
            errors[key] = f"Enter {label}"
    if errors:
        raise ValidationError(errors)
    changes = audit.diff(before, model_to_dict(profile, fields=PROFILE_FIELDS))
    if not changes:
        return profile
    with transaction.atomic():
        profile.updated_by = by
        profile.save()
        audit.record(
            by=by,
            action="create" if created else "update",
            obj=profile,
            pupil_id=placement.pupil_id,
            summary="Learner profile written" if created else "Learner profile changed",
            changes={key: value for key, value in changes.items() if key not in ("risks", "medical")},
        )
    return profile


def record_placement_view(*, by, placement: Placement, what: str = "Placement") -> None:
    """Every view of a placement (a pupil-level record) is written to the audit trail."""
    audit.record(by=by, action="view", obj=placement, pupil_id=placement.pupil_id, summary=f"{what} viewed")
