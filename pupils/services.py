"""Every change to a pupil's record goes through these functions.

Each takes the acting user as ``by``, validates fully before writing, runs in one
transaction and writes the audit trail. A ValidationError names the field at fault and
nothing is saved.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from accounts.models import Organisation
from accounts.roles import OrganisationKind
from core import audit
from pupils.identifiers import normalise_upn
from pupils.models import EducationEpisode, Pupil, Registration
from pupils.queries import today as local_today
from pupils.validation import plausible_age, validate_episode

PUPIL_FIELDS = [
    "upn",
    "uln",
    "legal_forename",
    "legal_surname",
    "preferred_forename",
    "date_of_birth",
    "sex",
    "sen_provision",
    "fsm_eligible",
    "looked_after",
    "child_in_need",
]
EPISODE_FIELDS = [
    "status",
    "start_date",
    "end_date",
    "school",
    "agreed_end_date",
    "sessions",
    "provision_start_date",
    "reason_code",
    "notes",
]


def _clean_pupil(pupil: Pupil) -> None:
    pupil.upn = normalise_upn(pupil.upn)
    errors = {}
    try:
        pupil.full_clean(exclude=["created_by", "updated_by"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
        if "upn" in errors and any("already exists" in m for m in errors["upn"]):
            errors["upn"] = ["A pupil with this UPN is already recorded. Search for them instead of adding them again"]
    if pupil.date_of_birth and "date_of_birth" not in errors:
        try:
            plausible_age(pupil.date_of_birth, local_today())
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def create_pupil(
    *, by, school: Organisation, registration_start: datetime.date, enrolment_status: str = "C", **fields
) -> Pupil:
    """Record a new pupil on a school's roll."""
    pupil = Pupil(**{k: v for k, v in fields.items() if k in PUPIL_FIELDS}, created_by=by, updated_by=by)
    _clean_pupil(pupil)
    if school.kind != OrganisationKind.SCHOOL:
        raise ValidationError({"school": "Choose a school"})
    with transaction.atomic():
        try:
            pupil.save()
        except IntegrityError:
            raise ValidationError({"upn": "A pupil with this UPN is already recorded"}) from None
        audit.record(by=by, action="create", obj=pupil, pupil_id=pupil.pk, summary=f"Pupil {pupil.upn} added")
        add_registration(
            by=by, pupil=pupil, organisation=school, enrolment_status=enrolment_status, start_date=registration_start
        )
    return pupil


def update_pupil(*, by, pupil: Pupil, reason: str = "", **fields) -> Pupil:
    """Change a pupil's details; the audit line keeps each old and new value."""
    before = model_to_dict(pupil, fields=PUPIL_FIELDS)
    for key, value in fields.items():
        if key in PUPIL_FIELDS:
            setattr(pupil, key, value)
    _clean_pupil(pupil)
    after = model_to_dict(pupil, fields=PUPIL_FIELDS)
    changes = audit.diff(before, after)
    if not changes:
        return pupil
    with transaction.atomic():
        pupil.updated_by = by
        pupil.save()
        audit.record(
            by=by,
            action="update",
            obj=pupil,
            pupil_id=pupil.pk,
            summary="Pupil details changed",
            changes=changes,
            reason=reason,
        )
    return pupil


def add_registration(
    *, by, pupil: Pupil, organisation: Organisation, enrolment_status: str, start_date: datetime.date
) -> Registration:
    """Put a pupil on a setting's admission register (single, or dual main/subsidiary)."""
    registration = Registration(
        pupil=pupil,
        organisation=organisation,
        enrolment_status=enrolment_status,
        start_date=start_date,
        created_by=by,
        updated_by=by,
    )
    registration.full_clean(exclude=["created_by", "updated_by"])
    if organisation.kind not in (OrganisationKind.SCHOOL, OrganisationKind.PROVIDER):
        raise ValidationError({"organisation": "Choose a school or a provider"})
    with transaction.atomic():
        registration.save()
        audit.record(
            by=by,
            action="create",
            obj=registration,
            pupil_id=pupil.pk,
            summary=f"Registered at {organisation.name} ({registration.get_enrolment_status_display()})",
        )
    return registration


def end_registration(*, by, registration: Registration, end_date: datetime.date, reason: str = "") -> Registration:
    """Take a pupil off a setting's register from a date."""
    if end_date < registration.start_date:
        raise ValidationError({"end_date": "The end date must be the same as or after the start date"})
    with transaction.atomic():
        registration.end_date = end_date
        registration.updated_by = by
        registration.save(update_fields=["end_date", "updated_by", "updated_at"])
        audit.record(
            by=by,
            action="end",
            obj=registration,
            pupil_id=registration.pupil_id,
            summary=f"Registration at {registration.organisation.name} ended",
            reason=reason,
            changes={"end_date": [None, str(end_date)]},
        )
    return registration


def add_episode(*, by, pupil: Pupil, **fields) -> EducationEpisode:
    """Record a period of education status (suspension, part-time timetable, ...)."""
    episode = EducationEpisode(pupil=pupil, **{k: v for k, v in fields.items() if k in EPISODE_FIELDS})
    episode.created_by = episode.updated_by = by
    with transaction.atomic():
        # Lock the pupil row so that two overlapping episodes cannot both pass the overlap check.
        Pupil.objects.select_for_update().filter(pk=pupil.pk).exists()
        episode.full_clean(exclude=["pupil", "created_by", "updated_by"], validate_constraints=False)
        validate_episode(episode)
        episode.save()
        audit.record(
            by=by,
            action="create",
            obj=episode,
            pupil_id=pupil.pk,
            summary=f"{episode.get_status_display()} from {episode.start_date:%-d %B %Y} recorded",
        )
    return episode


def update_episode(*, by, episode: EducationEpisode, reason: str = "", **fields) -> EducationEpisode:
    """Correct or extend an episode; the audit line keeps each old and new value."""
    before = model_to_dict(episode, fields=EPISODE_FIELDS)
    for key, value in fields.items():
        if key in EPISODE_FIELDS:
            setattr(episode, key, value)
    with transaction.atomic():
        Pupil.objects.select_for_update().filter(pk=episode.pupil_id).exists()
        episode.full_clean(exclude=["pupil", "created_by", "updated_by"], validate_constraints=False)
        validate_episode(episode)
        changes = audit.diff(before, model_to_dict(episode, fields=EPISODE_FIELDS))
        if not changes:
            return episode
        episode.updated_by = by
        episode.save()
        audit.record(
            by=by,
            action="update",
            obj=episode,
            pupil_id=episode.pupil_id,
            summary=f"{episode.get_status_display()} episode changed",
            changes=changes,
            reason=reason,
        )
    return episode


def record_pupil_view(*, by, pupil: Pupil) -> None:
    """Every view of a pupil's record is written to the audit trail."""
    audit.record(by=by, action="view", obj=pupil, pupil_id=pupil.pk, summary="Pupil record viewed")


def record_register_export(*, by, rows: int, filters: dict, anchor) -> None:
    audit.record(
        by=by, action="export", obj=anchor, summary=f"Register exported as CSV ({rows} pupils)", changes=filters
    )


def set_enrolment_status(*, by, registration: Registration, enrolment_status: str, reason: str = "") -> Registration:
    """Change a registration between single (C) and dual main (M) or subsidiary (S)."""
    if enrolment_status not in Registration.EnrolmentStatus.values:
        raise ValidationError({"enrolment_status": f"'{enrolment_status}' is not an enrolment status (C, M or S)"})
    before = registration.enrolment_status
    if before == enrolment_status:
        return registration
    with transaction.atomic():
        registration.enrolment_status = enrolment_status
        registration.updated_by = by
        registration.save(update_fields=["enrolment_status", "updated_by", "updated_at"])
        audit.record(
            by=by,
            action="update",
            obj=registration,
            pupil_id=registration.pupil_id,
            summary=f"Registration at {registration.organisation.name} now {registration.get_enrolment_status_display()}",
            changes={"enrolment_status": [before, enrolment_status]},
            reason=reason,
        )
    return registration
