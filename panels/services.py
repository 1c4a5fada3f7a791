"""Setting panels up: the panel, its members, its meetings and the single point of access rota.

Every function takes the acting user as ``by`` (keyword-only), validates fully before
writing, runs in one transaction and writes the audit trail. Meeting agendas, attendance
and the meeting's status are in services_meetings.py; decisions in services_decisions.py.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from accounts.models import Membership, Organisation
from core import audit
from core.calendar import CalendarError, SchoolCalendar
from panels import rules
from panels.models import AgendaItem, Cadence, Meeting, Panel, PanelMember, PanelRole, PanelType
from schools.models import Partnership

PANEL_FIELDS = ["name", "panel_type", "area", "quorum", "cadence", "in_spa_rotation", "rotation_order", "active"]
MAX_SERIES = 26
STANDING_ITEMS = [
    AgendaItem.Kind.REGISTER,
    AgendaItem.Kind.REVIEWS_DUE,
    AgendaItem.Kind.READY_TO_RETURN,
    AgendaItem.Kind.AP_USE,
]


def _validate_panel(fields: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = (fields.get("name") or "").strip()
    if not name:
        errors["name"] = "Enter the panel's name"
    elif len(name) > 200:
        errors["name"] = "Keep the name to 200 characters or fewer"
    if fields.get("panel_type") not in PanelType.values:
        errors["panel_type"] = "Choose the type of panel"
    if fields.get("cadence") not in Cadence.values:
        errors["cadence"] = "Choose how often the panel meets"
    quorum = fields.get("quorum")
    if not isinstance(quorum, int) or not 1 <= quorum <= 50:
        errors["quorum"] = "Enter a quorum between 1 and 50 voting members"
    area = fields.get("area")
    if area is not None and not isinstance(area, Partnership):
        errors["area"] = "Choose a partnership or locality, or the whole local authority"
    return errors


def create_panel(*, by, **fields) -> Panel:
    """Set up a panel: its type, area (whole LA or a partnership), quorum and cadence."""
    fields = {k: v for k, v in fields.items() if k in PANEL_FIELDS}
    fields["name"] = (fields.get("name") or "").strip()
    errors = _validate_panel(fields)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        panel = Panel.objects.create(**fields, created_by=by, updated_by=by)
        audit.record(
            by=by,
            action="create",
            obj=panel,
            summary=f"Panel {panel.name} set up",
            changes=audit.diff({}, model_to_dict(panel, fields=PANEL_FIELDS)),
        )
    return panel


def update_panel(*, by, panel: Panel, **fields) -> Panel:
    """Change a panel's settings; the audit line keeps each old and new value."""
    before = model_to_dict(panel, fields=PANEL_FIELDS)
    merged = {**{f: getattr(panel, f) for f in PANEL_FIELDS}, **{k: v for k, v in fields.items() if k in PANEL_FIELDS}}
    merged["name"] = (merged.get("name") or "").strip()
    errors = _validate_panel(merged)
    if errors:
        raise ValidationError(errors)
    for key, value in merged.items():
        setattr(panel, key, value)
    changes = audit.diff(before, model_to_dict(panel, fields=PANEL_FIELDS))
    if not changes:
        return panel
    with transaction.atomic():
        panel.updated_by = by
        panel.save()
        audit.record(by=by, action="update", obj=panel, summary=f"Panel {panel.name} changed", changes=changes)
    return panel


def add_member(
    *, by, panel: Panel, user, organisation: Organisation, panel_role: str, voting: bool, authority_to_decide: bool
) -> PanelMember:
    """Seat a person on a panel for an organisation they belong to, as a voting or advisory member."""
    errors: dict[str, str] = {}
    if panel_role not in PanelRole.values:
        errors["panel_role"] = "Choose the member's role on the panel"
    if user is None:
        errors["user"] = "Choose the person"
    elif organisation is None:
        errors["organisation"] = "Choose the organisation they represent"
    elif not Membership.objects.filter(user=user, organisation=organisation).exists():
        errors["organisation"] = f"{user.full_name} does not belong to {organisation.name}; add them to it first"
    elif panel.members.filter(user=user, organisation=organisation, active=True).exists():
        errors["user"] = f"{user.full_name} already sits on this panel for {organisation.name}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            member = PanelMember.objects.create(
                panel=panel,
                user=user,
                organisation=organisation,
                panel_role=panel_role,
                voting=voting,
                authority_to_decide=authority_to_decide,
                created_by=by,
                updated_by=by,
            )
        except IntegrityError:
            raise ValidationError({"user": f"{user.full_name} already sits on this panel"}) from None
        kind = "voting" if voting else "advisory"
        audit.record(
            by=by,
            action="create",
            obj=member,
            summary=f"{user.full_name} ({organisation.name}) joined {panel.name} as a {kind} member",
        )
    return member


def end_member(*, by, member: PanelMember, reason: str = "") -> PanelMember:
    """Take a person off a panel; past attendance and decisions keep their name."""
    if not member.active:
        raise ValidationError(f"{member.user.full_name} has already left this panel")
    with transaction.atomic():
        moved = PanelMember.objects.filter(pk=member.pk, active=True).update(active=False, updated_by=by)
        if moved != 1:
            raise ValidationError(f"{member.user.full_name} has already left this panel")
        member.active = False
        audit.record(
            by=by, action="end", obj=member, reason=reason, summary=f"{member.user.full_name} left {member.panel.name}"
        )
    return member


def _create_meeting(
    *, by, panel: Panel, date: datetime.date, start_time=None, location: str = "", single_point_of_access: bool = False
) -> Meeting:
    meeting = Meeting.objects.create(
        panel=panel,
        date=date,
        start_time=start_time,
        location=location,
        single_point_of_access=single_point_of_access,
        created_by=by,
        updated_by=by,
    )
    kinds = list(STANDING_ITEMS)
    if panel.panel_type == PanelType.FAIR_ACCESS:
        kinds.append(AgendaItem.Kind.FAIR_ACCESS)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, kind=kind, position=i, created_by=by, updated_by=by)
            for i, kind in enumerate(kinds)
        ]
    )
    audit.record(by=by, action="create", obj=meeting, summary=f"Meeting scheduled: {meeting}")
    return meeting


def schedule_meetings(
    *,
    by,
    panel: Panel,
    first_date: datetime.date,
    count: int = 1,
    start_time=None,
    location: str = "",
    today: datetime.date,
) -> list[Meeting]:
    """Schedule one meeting, or a series at the panel's cadence; a date in a school holiday moves to the next school day."""
    errors: dict[str, str] = {}
    if not panel.active:
        errors["first_date"] = "This panel is no longer active"
    if first_date is None:
        errors["first_date"] = "Enter the date of the meeting"
    elif first_date < today:
        errors["first_date"] = "The meeting date must be today or in the future"
    if not isinstance(count, int) or not 1 <= count <= MAX_SERIES:
        errors["count"] = f"Enter how many meetings to schedule, from 1 to {MAX_SERIES}"
    elif count > 1 and panel.cadence == Cadence.HALF_TERMLY:
        errors["count"] = "A half-termly panel's meetings are scheduled one at a time"
    if len(location or "") > 200:
        errors["location"] = "Keep the location to 200 characters or fewer"
    if errors:
        raise ValidationError(errors)
    try:
        cal = SchoolCalendar.load()
        dates = [rules.meeting_day(cal, day) for day in rules.cadence_dates(panel.cadence, first_date, count)]
    except CalendarError as exc:
        raise ValidationError({"first_date": str(exc)}) from None
    taken = set(
        panel.meetings.exclude(status=Meeting.Status.CANCELLED).filter(date__in=dates).values_list("date", flat=True)
    )
    if taken:
        day = min(taken)
        raise ValidationError({"first_date": f"{panel.name} already meets on {day.day} {day:%B %Y}"})
    with transaction.atomic():
        return [
            _create_meeting(by=by, panel=panel, date=day, start_time=start_time, location=(location or "").strip())
            for day in dates
        ]


def schedule_spa_rotation(*, by, first_date: datetime.date, weeks: int, today: datetime.date) -> list[Meeting]:
    """Schedule the weekly single point of access, hosted in turn by each panel in the rotation (BANES model)."""
    errors: dict[str, str] = {}
    panels = list(Panel.objects.filter(active=True, in_spa_rotation=True).order_by("rotation_order", "name", "pk"))
    if not panels:
        errors["first_date"] = "No active panel takes a turn at the single point of access. Choose the panels first"
    if first_date is None:
        errors["first_date"] = "Enter the date of the first single point of access meeting"
    elif first_date < today:
        errors["first_date"] = "The first meeting must be today or in the future"
    if not isinstance(weeks, int) or not 1 <= weeks <= MAX_SERIES:
        errors["weeks"] = f"Enter a number of weeks from 1 to {MAX_SERIES}"
    if errors:
        raise ValidationError(errors)
    by_id = {p.pk: p for p in panels}
    try:
        cal = SchoolCalendar.load()
        plan = [
            (rules.meeting_day(cal, day), by_id[pk]) for day, pk in rules.spa_rotation(list(by_id), first_date, weeks)
        ]
    except CalendarError as exc:
        raise ValidationError({"first_date": str(exc)}) from None
    seen, unique_plan = set(), []
    for day, panel in plan:  # a holiday week folds onto the next school day; keep one meeting per day
        if day not in seen:
            seen.add(day)
            unique_plan.append((day, panel))
    with transaction.atomic():
        return [
            _create_meeting(by=by, panel=panel, date=day, single_point_of_access=True) for day, panel in unique_plan
        ]
