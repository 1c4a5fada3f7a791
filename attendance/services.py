"""Recording attendance: the daily register, a CSV file and the API all end in ``record_marks``.

``record_marks`` checks every mark before it writes any: the pupil must be placed with the
acting provider, expected that day and session (a school day, inside the placement's and the
component's dates, one of the component's weekday sessions), and the code must be an
attendance code in force. One bad mark rejects the lot, with a message per item and field.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Organisation
from attendance import rules
from attendance.codebook import CodeBook
from attendance.models import Alert, AlertSettings, AttendanceMark, Session
from attendance.queries import acting_provider_id, provider_components
from attendance.queries import today as local_today
from core import audit
from core.calendar import SchoolCalendar
from pupils.identifiers import normalise_upn

FIELDS = ("upn", "component_id", "date", "session", "code")
MAX_MARKS = 5000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one mark: its position in the submission (from 0), the field, the message."""

    index: int
    field: str
    message: str


class MarkErrors(ValidationError):
    """Marks that cannot be recorded, each with its position and field. Nothing was saved."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.index, FIELDS.index(p.field) if p.field in FIELDS else 9))
        super().__init__({"marks": [f"Item {p.index + 1}, {p.field}: {p.message}" for p in self.problems]})


@dataclass
class Recorded:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Mark:
    index: int
    upn: str
    day: datetime.date
    session: str
    code: str
    component_id: int | None = None
    component: object = None


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _parse(index: int, raw: dict, today: datetime.date, problems: list[Problem]) -> _Mark | None:
    if not isinstance(raw, dict):
        problems.append(Problem(index, "upn", "Each mark needs a upn, date, session and code"))
        return None
    found = len(problems)
    upn = normalise_upn(str(raw.get("upn") or ""))
    if not upn:
        problems.append(Problem(index, "upn", "Enter the pupil's UPN"))
    day = _parse_date(raw.get("date"))
    if day is None:
        text = str(raw.get("date") or "").strip()
        problems.append(
            Problem(
                index, "date", f"'{text}' is not a date: use YYYY-MM-DD, like 2025-11-03" if text else "Enter the date"
            )
        )
    elif not rules.may_mark_date(day, today):
        problems.append(
            Problem(index, "date", f"{rules.long_date(day)} is in the future: mark a session on or after its day")
        )
    session = str(raw.get("session") or "").strip().upper()
    if session not in Session.values:
        problems.append(
            Problem(
                index,
                "session",
                f"'{session}' is not a session: use AM or PM" if session else "Enter the session, AM or PM",
            )
        )
    code = str(raw.get("code") or "").strip().upper()
    if not code:
        problems.append(Problem(index, "code", "Enter the attendance code"))
    component_id = raw.get("component_id")
    if component_id not in (None, "") and not str(component_id).isdigit():
        problems.append(Problem(index, "component_id", "The component_id must be a whole number, or left out"))
    if len(problems) > found:
        return None
    return _Mark(index, upn, day, session, code, int(component_id) if component_id not in (None, "") else None)


def check_marks(*, provider: Organisation, marks: list[dict], today: datetime.date | None = None) -> list[_Mark]:
    """Every mark resolved to the provider's component that expects it, or MarkErrors naming each problem."""
    today = today or local_today()
    if not marks:
        raise ValidationError({"marks": "There are no marks to record"})
    if len(marks) > MAX_MARKS:
        raise ValidationError({"marks": f"Send at most {MAX_MARKS} marks at a time; this has {len(marks)}"})
    problems: list[Problem] = []
    parsed = [m for m in (_parse(i, raw, today, problems) for i, raw in enumerate(marks)) if m]
    calendar, codebook = SchoolCalendar.load(), CodeBook.load()
    by_upn = defaultdict(list)
    for component in (
        provider_components(provider.pk)
        .filter(placement__pupil__upn__in={m.upn for m in parsed})
        .select_related("placement__pupil")
        .order_by("start_date", "id")
    ):
        by_upn[component.placement.pupil.upn].append(component)
    seen: dict[tuple, int] = {}
    for mark in parsed:
        placed_here = by_upn.get(mark.upn, [])
        components = [c for c in placed_here if mark.component_id in (None, c.pk)]
        if not placed_here:
            problems.append(Problem(mark.index, "upn", f"No pupil with UPN {mark.upn} is placed with {provider.name}"))
            continue
        if not components:
            problems.append(
                Problem(mark.index, "component_id", f"{mark.upn} has no placement component {mark.component_id} here")
            )
            continue
        reasons = [rules.why_not_expected(c, mark.day, mark.session, calendar) for c in components]
        expected = [c for c, (_, reason) in zip(components, reasons, strict=True) if not reason]
        if not expected:
            field, reason = reasons[-1]
            half = "morning" if mark.session == "AM" else "afternoon"
            problems.append(
                Problem(
                    mark.index, field, f"{mark.upn} was not expected on {rules.long_date(mark.day)} {half}: {reason}"
                )
            )
            continue
        mark.component = expected[0]
        if not codebook.is_valid(mark.code, mark.day):
            problems.append(
                Problem(
                    mark.index, "code", f"'{mark.code}' is not an attendance code in use on {rules.long_date(mark.day)}"
                )
            )
        elif not rules.present_code_fits_session(mark.code, mark.session):
            problems.append(Problem(mark.index, "code", "Use / for a morning session and \\ for an afternoon session"))
        key = (mark.component.pk, mark.day, mark.session)
        if key in seen:
            problems.append(Problem(mark.index, "session", f"This session is already given in item {seen[key] + 1}"))
        seen.setdefault(key, mark.index)
    if problems:
        raise MarkErrors(problems)
    return parsed


def _acting_provider(by) -> Organisation:
    provider_id = acting_provider_id(by)
    if provider_id is None:
        raise ValidationError("Only staff of a provider can record its attendance")
    return by.acting_membership.organisation


def record_marks(*, by, marks: list[dict], source: str, today: datetime.date | None = None) -> Recorded:
    """Record (or correct) attendance marks for the acting provider's pupils, all or nothing.

    Each mark is a dict with upn, date, session ('AM' or 'PM') and code, and optionally the
    component_id (when a pupil has two parts of a placement at the provider). Raises MarkErrors
    listing every bad mark by position and field; then nothing is saved.
    """
    if source not in AttendanceMark.Source.values:
        raise ValueError(f"Unknown source {source!r}")
    provider = _acting_provider(by)
    checked = check_marks(provider=provider, marks=marks, today=today)
    now = timezone.now()
    result = Recorded()
    try:
        with transaction.atomic():
            existing = {
                (m.component_id, m.date, m.session): m
                for m in AttendanceMark.objects.select_for_update().filter(
                    component_id__in={m.component.pk for m in checked}, date__in={m.day for m in checked}
                )
            }
            new, changed, per_pupil = [], [], defaultdict(list)
            for mark in checked:
                current = existing.get((mark.component.pk, mark.day, mark.session))
                label = f"{mark.day:%a %-d %b %Y} {mark.session}"
                if current is None:
                    new.append(
                        AttendanceMark(
                            component=mark.component,
                            pupil_id=mark.component.placement.pupil_id,
                            date=mark.day,
                            session=mark.session,
                            code=mark.code,
                            recorded_by=by,
                            source=source,
                        )
                    )
                    per_pupil[mark.component].append((label, None, mark.code))
                elif current.code != mark.code:
                    per_pupil[mark.component].append((label, current.code, mark.code))
                    current.code, current.recorded_by, current.source, current.recorded_at = mark.code, by, source, now
                    changed.append(current)
                else:
                    result.unchanged += 1
            AttendanceMark.objects.bulk_create(new)
            AttendanceMark.objects.bulk_update(changed, ["code", "recorded_by", "source", "recorded_at"])
            result.created, result.updated = len(new), len(changed)
            for component, entries in per_pupil.items():
                corrected = [e for e in entries if e[1] is not None]
                shown = ", ".join(f"{label} {code}" for label, _, code in entries[:6])
                more = f" and {len(entries) - 6} more" if len(entries) > 6 else ""
                audit.record(
                    by=by,
                    action="update" if corrected else "create",
                    obj=component,
                    pupil_id=component.placement.pupil_id,
                    summary=f"Attendance recorded at {provider.name} ({source}): {shown}{more}",
                    changes={label: [old, code] for label, old, code in corrected},
                )
            _resolve_alerts(provider, checked, now)
    except IntegrityError:
        raise ValidationError(
            {"marks": "Someone else recorded some of these sessions at the same moment. Nothing was saved: try again"}
        ) from None
    return result


def _resolve_alerts(provider: Organisation, checked: list[_Mark], now) -> None:
    """A mark closes its session's 'not marked' alert, and a code other than N or O its 'absent' alert."""
    codes = {(m.component.pk, m.day, m.session): m.code for m in checked}
    sessions = {(m.day, m.session) for m in checked}
    days = {m.day for m in checked}
    open_alerts = Alert.objects.filter(date__in=days, resolved_at__isnull=True).filter(
        component_id__in={m.component.pk for m in checked}
    ) | Alert.objects.filter(
        date__in=days, resolved_at__isnull=True, provider=provider, kind=Alert.Kind.REGISTER_MISSING
    )
    resolved = []
    for alert in open_alerts:
        if alert.kind == Alert.Kind.REGISTER_MISSING:
            done = (alert.date, alert.session) in sessions
        else:
            code = codes.get((alert.component_id, alert.date, alert.session))
            done = code is not None and (alert.kind == Alert.Kind.UNMARKED or not rules.is_absent_without_reason(code))
        if done:
            resolved.append(alert.pk)
    if resolved:
        Alert.objects.filter(pk__in=resolved).update(resolved_at=now)


def record_attendance_view(*, by, pupil) -> None:
    """Every view of a pupil's attendance is written to the audit trail, like a view of their record."""
    audit.record(by=by, action="view", obj=pupil, pupil_id=pupil.pk, summary="Attendance viewed")


# ---------------------------------------------------------------------------------------
# The LA's alert settings

EARLIEST, LATEST = datetime.time(7, 0), datetime.time(18, 0)


def update_alert_settings(*, by, am_deadline: datetime.time, pm_deadline: datetime.time) -> AlertSettings:
    """Change the times after which an unmarked session raises an alert."""
    errors = {}
    for name, value in (("am_deadline", am_deadline), ("pm_deadline", pm_deadline)):
        if not isinstance(value, datetime.time):
            errors[name] = "Enter a time, like 10:30"
        elif not EARLIEST <= value <= LATEST:
            errors[name] = f"Enter a time between {EARLIEST:%H:%M} and {LATEST:%H:%M}"
    if not errors and pm_deadline <= am_deadline:
        errors["pm_deadline"] = "The afternoon deadline must be later than the morning deadline"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        settings_row = AlertSettings.objects.select_for_update().filter(pk=1).first() or AlertSettings(pk=1)
        before = {"am_deadline": settings_row.am_deadline, "pm_deadline": settings_row.pm_deadline}
        after = {"am_deadline": am_deadline, "pm_deadline": pm_deadline}
        changes = audit.diff(before, after)
        if not changes and settings_row.updated_at:
            return settings_row
        settings_row.am_deadline, settings_row.pm_deadline, settings_row.updated_by = am_deadline, pm_deadline, by
        settings_row.save()
        audit.record(
            by=by, action="update", obj=settings_row, summary="Attendance alert times changed", changes=changes
        )
    return settings_row
