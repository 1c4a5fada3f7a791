"""Checks on pupil records that need more than one field or other rows."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from accounts.roles import OrganisationKind
from core import codes
from core.calendar import CalendarError, SchoolCalendar
from pupils.models import EducationEpisode, EducationStatus

MIN_AGE, MAX_AGE = 3, 24


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def plausible_age(date_of_birth: datetime.date, today: datetime.date) -> None:
    """A pupil is 3 to 24: schools take children from 3 and an EHC plan can run to 25 (SEND Code of Practice 2015, 1.39)."""
    age = age_on(date_of_birth, today)
    if date_of_birth > today:
        raise ValidationError({"date_of_birth": "The date of birth must be in the past"})
    if not MIN_AGE <= age <= MAX_AGE:
        raise ValidationError(
            {
                "date_of_birth": f"This date of birth makes the pupil {age}; a pupil must be between {MIN_AGE} and {MAX_AGE}"
            }
        )


def _describe(episode: EducationEpisode) -> str:
    end = f"{episode.end_date.day} {episode.end_date:%B %Y}" if episode.end_date else "now"
    return f"{episode.get_status_display()} from {episode.start_date.day} {episode.start_date:%B %Y} to {end}"


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    far = datetime.date.max
    return a_start <= (b_end or far) and b_start <= (a_end or far)


def validate_episode(episode: EducationEpisode, *, calendar: SchoolCalendar | None = None) -> None:
    """Field rules for an education-status episode; raises a ValidationError keyed by field."""
    errors: dict[str, str] = {}
    if episode.end_date and episode.end_date < episode.start_date:
        errors["end_date"] = "The end date must be the same as or after the start date"
    if episode.provision_start_date and episode.provision_start_date < episode.start_date:
        errors["provision_start_date"] = "Provision cannot start before the episode starts"
    if episode.school_id and episode.school.kind != OrganisationKind.SCHOOL:
        errors["school"] = "Choose a school"
    status = episode.status
    if status == EducationStatus.PART_TIME_TIMETABLE:
        if not episode.agreed_end_date:
            errors["agreed_end_date"] = "Enter the date agreed for the return to a full-time timetable"
        elif episode.agreed_end_date < episode.start_date:
            errors["agreed_end_date"] = "The agreed end date must be after the start date"
    if status in (EducationStatus.SUSPENDED, EducationStatus.PERMANENTLY_EXCLUDED):
        if not episode.reason_code:
            errors["reason_code"] = "Choose the reason for the exclusion"
        elif not codes.is_valid_code("exclusion-reason", episode.reason_code, episode.start_date):
            errors["reason_code"] = f"'{episode.reason_code}' is not an exclusion reason code"
        if not episode.school_id:
            errors["school"] = "Choose the school that excluded the pupil"
    if status == EducationStatus.SUSPENDED:
        if not episode.end_date:
            errors["end_date"] = "Enter the last day of the suspension"
        if not episode.sessions:
            errors["sessions"] = "Enter the number of sessions (half days) of the suspension"
        elif episode.end_date and "end_date" not in errors:
            try:
                cal = calendar or SchoolCalendar.load()
                available = 2 * cal.school_days_between(episode.start_date, episode.end_date)
            except CalendarError:
                available = None
            if available is not None and episode.sessions > available:
                errors["sessions"] = (
                    f"A suspension from {episode.start_date:%-d %B} to {episode.end_date:%-d %B %Y} "
                    f"covers at most {available} sessions"
                )
    elif status != EducationStatus.SUSPENDED and episode.sessions:
        errors["sessions"] = "Sessions are recorded only for a suspension"
    if errors:
        raise ValidationError(errors)
    clash = (
        EducationEpisode.objects.filter(pupil_id=episode.pupil_id, status=status)
        .exclude(pk=episode.pk)
        .order_by("start_date")
    )
    for other in clash:
        if _overlaps(episode.start_date, episode.end_date, other.start_date, other.end_date):
            raise ValidationError({"start_date": f"This overlaps the pupil's existing episode: {_describe(other)}"})
