"""Same-day attendance alerts: raising them once, and emailing them once.

``check_alerts`` (run by ``manage.py check_attendance_alerts``, every few minutes in the
school day) looks at every session expected today: a pupil marked N or O is absent without
a reason; a session still unmarked after the LA's deadline is unmarked; a provider that has
marked none of a session's expected pupils by then has not submitted its register. Each alert
is a row whose natural key is unique in the database, so a second run raises nothing new and
emails nothing twice. Emails go to the home school's designated safeguarding lead(s) and the
LA's inclusion officers (a missing register only to the LA).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from attendance import rules
from attendance.models import Alert, AlertSettings, AttendanceMark
from attendance.queries import running_on
from core import audit
from core.calendar import SchoolCalendar
from placements.models import PlacementComponent


@dataclass
class AlertRun:
    day: datetime.date
    raised: list[Alert] = field(default_factory=list)
    emails: int = 0
    skipped: str = ""


def _key(alert: Alert) -> tuple:
    return alert.kind, alert.session, alert.component_id, None if alert.component_id else alert.provider_id


def find_alerts(day: datetime.date, now: datetime.datetime, calendar: SchoolCalendar) -> list[Alert]:
    """The alerts that today's marks call for (unsaved), whether or not they were raised before."""
    deadlines = AlertSettings.current()
    overdue = [s for s in ("AM", "PM") if rules.session_overdue(day, s, now, deadlines)]
    components = list(
        running_on(PlacementComponent.objects.all(), day).select_related(
            "placement__pupil", "placement__home_school", "provider__organisation"
        )
    )
    marks = {
        (m.component_id, m.session): m.code
        for m in AttendanceMark.objects.filter(date=day, component__in=[c.pk for c in components])
    }
    alerts: list[Alert] = []
    registers: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"AM": [0, 0], "PM": [0, 0]})
    for component in components:
        placement = component.placement
        for session in rules.expected_sessions(component, day, calendar):
            code = marks.get((component.pk, session), "")
            counts = registers[component.provider.organisation_id][session]
            counts[0] += 1
            counts[1] += 1 if code else 0
            kind = None
            if code and rules.is_absent_without_reason(code):
                kind = Alert.Kind.ABSENT
            elif not code and session in overdue:
                kind = Alert.Kind.UNMARKED
            if kind:
                alerts.append(
                    Alert(
                        kind=kind,
                        date=day,
                        session=session,
                        provider_id=component.provider.organisation_id,
                        component=component,
                        pupil=placement.pupil,
                        home_school=placement.home_school,
                        code=code,
                    )
                )
    for provider_id, sessions in registers.items():
        for session in overdue:
            expected, marked = sessions[session]
            if rules.register_not_submitted(expected, marked):
                alerts.append(
                    Alert(kind=Alert.Kind.REGISTER_MISSING, date=day, session=session, provider_id=provider_id)
                )
    return alerts


def _describe(alert: Alert) -> str:
    half = "morning" if alert.session == "AM" else "afternoon"
    if alert.kind == Alert.Kind.REGISTER_MISSING:
        return f"{alert.provider.name} has not submitted its {half} register"
    who = f"{alert.pupil.full_name} ({alert.home_school.name}) at {alert.provider.name}, {half}"
    if alert.kind == Alert.Kind.ABSENT:
        return f"{who}: absent, code {alert.code}"
    return f"{who}: not marked"


def raise_alerts(*, day: datetime.date, now: datetime.datetime | None = None) -> list[Alert]:
    """Save the alerts not raised before. A concurrent run that got there first wins, quietly."""
    now = now or timezone.now()
    calendar = SchoolCalendar.load()
    if not calendar.is_school_day(day):
        return []
    existing = {
        (kind, session, component_id, None if component_id else provider_id)
        for kind, session, component_id, provider_id in Alert.objects.filter(date=day).values_list(
            "kind", "session", "component_id", "provider_id"
        )
    }
    raised = []
    for alert in find_alerts(day, now, calendar):
        if _key(alert) in existing:
            continue
        try:
            with transaction.atomic():
                alert.save()
                audit.record(
                    by=None, action="create", obj=alert, pupil_id=alert.pupil_id, summary=f"Alert: {_describe(alert)}"
                )
        except IntegrityError:
            continue
        raised.append(alert)
    return raised


def _recipients(alerts: list[Alert]) -> dict[str, tuple[str, list[Alert]]]:
    """Email address -> (why they get it, their alerts): the home school's safeguarding leads and the LA's inclusion officers."""
    school_ids = {a.home_school_id for a in alerts if a.home_school_id}
    leads = Membership.objects.filter(
        organisation_id__in=school_ids, is_safeguarding_lead=True, user__is_active=True
    ).select_related("user", "organisation")
    officers = Membership.objects.filter(role=Role.LA_INCLUSION_OFFICER, user__is_active=True).select_related(
        "user", "organisation"
    )
    found: dict[str, tuple[str, list[Alert]]] = {}
    for membership in officers:
        reason = f"you are an LA inclusion officer at {membership.organisation.name}"
        found[membership.user.email] = (reason, list(alerts))
    for membership in leads:
        if membership.user.email in found:
            continue
        mine = [a for a in alerts if a.home_school_id == membership.organisation_id]
        reason = f"you are the designated safeguarding lead at {membership.organisation.name}"
        found[membership.user.email] = (reason, mine)
    return {email: value for email, value in found.items() if value[1]}


def _email(day: datetime.date, address: str, reason: str, alerts: list[Alert]) -> EmailMessage:
    sections = [
        (Alert.Kind.ABSENT, "Absent without a reason (code N or O)"),
        (Alert.Kind.UNMARKED, "Expected but not marked by the deadline"),
        (Alert.Kind.REGISTER_MISSING, "Registers not submitted"),
    ]
    lines = [f"Custodian found the following about pupils in alternative provision on {rules.long_date(day)}.", ""]
    for kind, heading in sections:
        chosen = [a for a in alerts if a.kind == kind]
        if chosen:
            lines += [f"{heading}:"] + [f"- {_describe(a)}" for a in chosen] + [""]
    link = f"{settings.SITE_URL.rstrip('/')}{reverse('attendance:alerts')}?date={day.isoformat()}"
    lines += [f"See the alerts and the pupils' attendance: {link}", "", f"You get this email because {reason}."]
    return EmailMessage(subject=f"Attendance alerts for {rules.long_date(day)}", body="\n".join(lines), to=[address])


def send_alert_emails(*, day: datetime.date, now: datetime.datetime | None = None) -> int:
    """Email every open alert of ``day`` not emailed before; each alert is claimed by one run only."""
    now = now or timezone.now()
    pending = list(
        Alert.objects.filter(date=day, notified_at__isnull=True, resolved_at__isnull=True).select_related(
            "pupil", "provider", "home_school"
        )
    )
    claimed = [a for a in pending if Alert.objects.filter(pk=a.pk, notified_at__isnull=True).update(notified_at=now)]
    if not claimed:
        return 0
    messages = [_email(day, address, reason, mine) for address, (reason, mine) in sorted(_recipients(claimed).items())]
    try:
        get_connection().send_messages(messages)
    except Exception:
        Alert.objects.filter(pk__in=[a.pk for a in claimed]).update(notified_at=None)
        raise
    return len(messages)


def check_alerts(*, day: datetime.date, now: datetime.datetime | None = None) -> AlertRun:
    """Raise today's new alerts and email those not yet emailed."""
    now = now or timezone.now()
    run = AlertRun(day)
    calendar = SchoolCalendar.load()
    if not calendar.covers(day):
        run.skipped = "there are no term dates for this day"
        return run
    if not calendar.is_school_day(day):
        run.skipped = "it is not a school day"
        return run
    run.raised = raise_alerts(day=day, now=now)
    run.emails = send_alert_emails(day=day, now=now)
    return run
