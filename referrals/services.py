"""Every change to a request for support goes through these functions.

Each takes the acting user as ``by`` (keyword-only), validates fully before writing, runs in
one transaction and writes one audit line with the pupil's id. Status changes follow
TRANSITIONS and are guarded in the database: the row moves only if it is still in the
status the caller saw, so two people acting at once cannot both succeed.
Attachments are in services_attachments.py; the panel steps (on agenda, decided) are
called by the panels services.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from accounts.models import Organisation
from accounts.predicates import active_organisation_id, active_role
from accounts.roles import LA_CASEWORK_ROLES, OrganisationKind
from core import audit
from core.services import check_transition
from pupils.models import EducationStatus, Pupil
from pupils.queries import current_registrations
from pupils.queries import today as local_today
from referrals import rules
from referrals.models import GraduatedResponse, Request, Route, Status

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.CLOSED},
    Status.SUBMITTED: {Status.TRIAGED, Status.RETURNED, Status.CLOSED},
    Status.RETURNED: {Status.DRAFT, Status.SUBMITTED, Status.CLOSED},
    Status.TRIAGED: {Status.ON_AGENDA, Status.RETURNED, Status.CLOSED},
    Status.ON_AGENDA: {Status.DECIDED, Status.TRIAGED},
    Status.DECIDED: {Status.CLOSED},
    Status.CLOSED: set(),
}
EDITABLE_STATUSES = {Status.DRAFT, Status.RETURNED}
REQUEST_FIELDS = [
    "need",
    "need_detail",
    "tier",
    "child_views",
    "parent_views",
    "parent_agreement",
    "risks",
    "safeguarding",
]
TEXT_LIMIT = 5000


def _is_la(user) -> bool:
    return active_role(user) in LA_CASEWORK_ROLES


def _check_text(fields: dict, errors: dict) -> None:
    for name in ("need_detail", "child_views", "parent_views", "risks", "safeguarding"):
        if len(fields.get(name) or "") > TEXT_LIMIT:
            errors[name] = f"Keep this to {TEXT_LIMIT:,} characters or fewer"


def _home_school(pupil: Pupil, on) -> Organisation | None:
    registrations = current_registrations(on).filter(pupil=pupil, organisation__kind=OrganisationKind.SCHOOL)
    registration = registrations.select_related("organisation").order_by("enrolment_status").first()
    return registration.organisation if registration else None


def _current_exclusion(pupil: Pupil, on):
    return (
        pupil.episodes.filter(status=EducationStatus.PERMANENTLY_EXCLUDED, start_date__lte=on)
        .exclude(end_date__lt=on)
        .order_by("-start_date")
        .first()
    )


def _approved(providers) -> list[str]:
    from providers.queries import approved_providers

    allowed = set(approved_providers().values_list("pk", flat=True))
    return [p.name for p in providers if p.pk not in allowed]


def _validate_fields(fields: dict, providers) -> dict[str, str]:
    errors: dict[str, str] = {}
    from referrals.models import Need, ParentAgreement, Tier

    if fields.get("need") not in Need.values:
        errors["need"] = "Choose the pupil's main need"
    if fields.get("tier") not in Tier.values:
        errors["tier"] = "Choose the tier of support asked for"
    if fields.get("parent_agreement", ParentAgreement.NOT_INFORMED) not in ParentAgreement.values:
        errors["parent_agreement"] = "Choose whether the parent or carer has been informed"
    _check_text(fields, errors)
    if providers:
        refused = _approved(providers)
        if refused:
            errors["preferred_providers"] = f"{', '.join(refused)} is not on the approved provider list"
    return errors


def create_request(*, by, pupil: Pupil, route: str, preferred_providers=(), today=None, **fields) -> Request:
    """Start a draft request for a pupil. A school leader asks for its own pupil; the LA may also
    raise a permanent exclusion (naming the exclusion on the pupil's record) or a fair access case.
    ``today`` (default: today) is the day the pupil's roll and exclusion are read for."""
    today = today or local_today()
    errors: dict[str, str] = {}
    if route not in Route.values:
        errors["route"] = "Choose why the request is being made"
    elif not rules.may_raise_route(active_role(by), route):
        errors["route"] = "Only an LA officer can raise a permanent exclusion or fair access case"
    errors.update(_validate_fields(fields, preferred_providers))
    school = _home_school(pupil, today)
    exclusion = None
    if route == Route.SCHOOL:
        if not _is_la(by):
            own = active_organisation_id(by)
            if school is None or school.pk != own:
                errors["pupil"] = "You can ask for support only for a pupil on your school's roll"
        if school is None and "pupil" not in errors:
            errors["pupil"] = "This pupil is on no school's roll, so raise it as a fair access case"
    elif route == Route.PEX and "route" not in errors:
        exclusion = _current_exclusion(pupil, today)
        if exclusion is None:
            errors["route"] = "Record the permanent exclusion on the pupil's record first"
        else:
            school = exclusion.school
    if errors:
        raise ValidationError(errors)
    request = Request(
        pupil=pupil,
        school=school,
        route=route,
        exclusion=exclusion,
        created_by=by,
        updated_by=by,
        **{k: v for k, v in fields.items() if k in REQUEST_FIELDS},
    )
    with transaction.atomic():
        request.save()
        request.preferred_providers.set(preferred_providers)
        audit.record(
            by=by,
            action="create",
            obj=request,
            pupil_id=pupil.pk,
            summary=f"Request {request.reference} started ({request.get_route_display()})",
        )
    return request


def _require_editable(request: Request) -> None:
    if request.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"Request {request.reference} is {request.get_status_display().lower()}, so it cannot be changed"
        )


def update_request(*, by, request: Request, preferred_providers=None, **fields) -> Request:
    """Change a draft or returned request; the audit line keeps each old and new value."""
    _require_editable(request)
    before = model_to_dict(request, fields=REQUEST_FIELDS)
    merged = {**before, **{k: v for k, v in fields.items() if k in REQUEST_FIELDS}}
    errors = _validate_fields(merged, preferred_providers or [])
    if errors:
        raise ValidationError(errors)
    for key in REQUEST_FIELDS:
        setattr(request, key, merged[key])
    changes = audit.diff(before, merged)
    old_providers = sorted(request.preferred_providers.values_list("pk", flat=True))
    new_providers = sorted(p.pk for p in preferred_providers) if preferred_providers is not None else old_providers
    if new_providers != old_providers:
        changes["preferred_providers"] = [old_providers, new_providers]
    for secret in ("risks", "safeguarding"):
        if secret in changes:
            changes[secret] = ["(changed)", "(changed)"]  # the trail records that it changed, not the notes
    if not changes:
        return request
    with transaction.atomic():
        request.updated_by = by
        request.save()
        if preferred_providers is not None:
            request.preferred_providers.set(preferred_providers)
        audit.record(
            by=by,
            action="update",
            obj=request,
            pupil_id=request.pupil_id,
            summary=f"Request {request.reference} changed",
            changes=changes,
        )
    return request


def add_graduated_response(
    *, by, request: Request, what: str, started, ended=None, outcome: str, today=None
) -> GraduatedResponse:
    """Add a row to the graduated response: something the school tried, when, and how it went."""
    _require_editable(request)
    today = today or local_today()
    what, outcome = (what or "").strip(), (outcome or "").strip()
    errors = {}
    if not what:
        errors["what"] = "Enter what the school tried"
    elif len(what) > 300:
        errors["what"] = "Keep this to 300 characters or fewer"
    if not outcome:
        errors["outcome"] = "Enter how it went"
    if started is None:
        errors["started"] = "Enter when it started"
    elif started > today:
        errors["started"] = "The start date must be today or in the past"
    elif ended is not None and ended < started:
        errors["ended"] = "The end date must be the same as or after the start date"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = GraduatedResponse.objects.create(
            request=request, what=what, started=started, ended=ended, outcome=outcome, created_by=by, updated_by=by
        )
        audit.record(
            by=by,
            action="create",
            obj=row,
            pupil_id=request.pupil_id,
            summary=f"Graduated response added to {request.reference}: {what}",
        )
    return row


def remove_graduated_response(*, by, response: GraduatedResponse) -> None:
    request = response.request
    _require_editable(request)
    with transaction.atomic():
        audit.record(
            by=by,
            action="delete",
            obj=response,
            pupil_id=request.pupil_id,
            summary=f"Graduated response removed from {request.reference}: {response.what}",
        )
        response.delete()


# ---------------------------------------------------------------------------------------
# Status changes


def _move(*, by, request: Request, target: str, summary: str, reason: str = "", **fields) -> Request:
    """Move a request to ``target`` if the transition table allows it and nobody moved it first."""
    current = request.status
    check_transition(TRANSITIONS, current, target, what="request for support")
    values = {"status": target, "updated_by": by, "updated_at": timezone.now(), **fields}
    with transaction.atomic():
        moved = Request.objects.filter(pk=request.pk, status=current).update(**values)
        if moved != 1:
            raise ValidationError(
                f"Request {request.reference} was changed by someone else. Reload the page and try again"
            )
        for key, value in values.items():
            setattr(request, key, value)
        audit.record(
            by=by,
            action=target,
            obj=request,
            pupil_id=request.pupil_id,
            summary=summary,
            reason=reason,
            changes={"status": [current, target]},
        )
    return request


def submission_errors(request: Request) -> dict[str, str]:
    """Everything that stops a request being submitted, keyed by field (empty when it can go)."""
    errors = rules.views_required_to_submit(request.child_views, request.parent_views)
    errors.update(rules.parent_informed_before_submission(request.parent_agreement))
    errors.update(rules.graduated_response_required(request.route, request.graduated_responses.count()))
    if not (request.need_detail or "").strip():
        errors["need_detail"] = "Describe what the pupil needs and why the school is asking for support"
    return errors


def submit_request(*, by, request: Request) -> Request:
    """Send a draft (or returned) request to the LA for triage."""
    errors = submission_errors(request)
    if errors:
        raise ValidationError(errors)
    return _move(
        by=by,
        request=request,
        target=Status.SUBMITTED,
        summary=f"Request {request.reference} submitted",
        submitted_at=timezone.now(),
    )


def triage_request(*, by, request: Request, notes: str = "") -> Request:
    """The LA accepts a submitted request for a panel."""
    if len(notes or "") > TEXT_LIMIT:
        raise ValidationError({"notes": f"Keep this to {TEXT_LIMIT:,} characters or fewer"})
    return _move(
        by=by,
        request=request,
        target=Status.TRIAGED,
        summary=f"Request {request.reference} triaged for panel",
        triaged_at=timezone.now(),
        triage_notes=(notes or "").strip(),
    )


def return_request(*, by, request: Request, reason: str) -> Request:
    """The LA sends a request back to the school for more information, saying what is missing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"notes": "Say what more information the school needs to give"})
    return _move(
        by=by,
        request=request,
        target=Status.RETURNED,
        reason=reason,
        summary=f"Request {request.reference} returned for more information",
        returned_reason=reason,
    )


def reopen_request(*, by, request: Request) -> Request:
    """A returned request goes back to draft while the school gathers what was asked for."""
    return _move(by=by, request=request, target=Status.DRAFT, summary=f"Request {request.reference} back to draft")


def put_on_agenda(*, by, request: Request, meeting_text: str) -> Request:
    """Called by panels.services when a triaged request is added to a meeting's agenda."""
    return _move(
        by=by,
        request=request,
        target=Status.ON_AGENDA,
        summary=f"Request {request.reference} on the agenda: {meeting_text}",
    )


def take_off_agenda(*, by, request: Request, reason: str) -> Request:
    """Called by panels.services when a case is removed from an agenda or deferred: back to waiting for a panel."""
    return _move(
        by=by,
        request=request,
        target=Status.TRIAGED,
        reason=reason,
        summary=f"Request {request.reference} taken off the agenda",
    )


def mark_decided(*, by, request: Request, outcome_text: str) -> Request:
    """Called by panels.services when a quorate panel records its decision."""
    return _move(
        by=by, request=request, target=Status.DECIDED, summary=f"Request {request.reference} decided: {outcome_text}"
    )


def close_request(*, by, request: Request, reason: str) -> Request:
    """Close a request: withdrawn before a panel by its school or the LA, or closed by the LA after the decision."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the request is being closed"})
    if request.status == Status.DECIDED and not _is_la(by):
        raise ValidationError({"reason": "Only an LA officer can close a request after the panel's decision"})
    return _move(
        by=by,
        request=request,
        target=Status.CLOSED,
        reason=reason,
        summary=f"Request {request.reference} closed",
        closed_at=timezone.now(),
        close_reason=reason,
    )


def record_request_view(*, by, request: Request) -> None:
    """Every view of a request (pupil data) is written to the audit trail."""
    audit.record(
        by=by, action="view", obj=request, pupil_id=request.pupil_id, summary=f"Request {request.reference} viewed"
    )
