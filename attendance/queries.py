"""Scoped reads of attendance and progress. Views reach marks, alerts and notes only through these.

Who sees what follows the placement component: LA caseworkers see every component; a school
sees the components of placements where it is the home school; a provider sees only its own
components (not another provider's part of the same placement). Anyone else sees none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.predicates import active_membership, active_organisation_id, active_role
from accounts.roles import LA_CASEWORK_ROLES, PROVIDER_ROLES, SCHOOL_ROLES
from attendance import rules
from attendance.codebook import CodeBook
from attendance.models import Alert, AttendanceMark
from placements.models import PlacementComponent
from pupils.models import Pupil

RUNNING_STATUSES = ("active", "ended")


def today() -> datetime.date:
    return timezone.localdate()


def scope(user, prefix: str = "") -> Q | None:
    """The filter on components (through ``prefix``) this user may see; None means none at all."""
    role = active_role(user)
    organisation_id = active_organisation_id(user)
    if role in LA_CASEWORK_ROLES:
        return Q()
    if role in SCHOOL_ROLES:
        return Q(**{f"{prefix}placement__home_school_id": organisation_id})
    if role in PROVIDER_ROLES:
        return Q(**{f"{prefix}provider__organisation_id": organisation_id})
    return None


def components_visible_to(user) -> QuerySet[PlacementComponent]:
    """Components of running (active or ended) placements this user may see."""
    condition = scope(user)
    if condition is None:
        return PlacementComponent.objects.none()
    return PlacementComponent.objects.filter(condition, placement__status__in=RUNNING_STATUSES)


def visible_component_or_404(user, pk: int) -> PlacementComponent:
    return get_object_or_404(
        components_visible_to(user).select_related(
            "placement__pupil", "placement__home_school", "provider__organisation", "programme"
        ),
        pk=pk,
    )


def marks_visible_to(user) -> QuerySet[AttendanceMark]:
    condition = scope(user, "component__")
    if condition is None:
        return AttendanceMark.objects.none()
    return AttendanceMark.objects.filter(condition)


def running_on(queryset: QuerySet[PlacementComponent], start: datetime.date, end: datetime.date | None = None):
    """Components whose own dates and placement dates overlap ``start``..``end`` (one day if no end)."""
    end = end or start
    return queryset.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start),
        start_date__lte=end,
        placement__start_date__lte=end,
        placement__status__in=RUNNING_STATUSES,
    ).filter(Q(placement__end_date__isnull=True) | Q(placement__end_date__gte=start))


def provider_components(provider_organisation_id: int) -> QuerySet[PlacementComponent]:
    return PlacementComponent.objects.filter(
        provider__organisation_id=provider_organisation_id, placement__status__in=RUNNING_STATUSES
    )


def acting_provider_id(user) -> int | None:
    """The provider organisation a provider member acts for, or None for anyone else."""
    return active_organisation_id(user) if active_role(user) in PROVIDER_ROLES else None


# ---------------------------------------------------------------------------------------
# A day's register


@dataclass
class Cell:
    session: str
    expected: bool
    code: str = ""
    reason: str = ""
    field_name: str = ""
    mark: AttendanceMark | None = None


@dataclass
class RegisterRow:
    component: PlacementComponent
    cells: list[Cell]

    @property
    def pupil(self):
        return self.component.placement.pupil

    @property
    def expected_count(self) -> int:
        return sum(1 for c in self.cells if c.expected)


def register_rows(components: QuerySet[PlacementComponent], day: datetime.date, calendar) -> list[RegisterRow]:
    """Each component running on ``day`` with its AM and PM cells and any marks: two queries."""
    found = list(
        running_on(components, day)
        .select_related("placement__pupil", "placement__home_school", "provider__organisation", "programme")
        .order_by("placement__pupil__legal_surname", "placement__pupil__legal_forename", "id")
    )
    marks = {
        (m.component_id, m.session): m
        for m in AttendanceMark.objects.filter(component__in=[c.pk for c in found], date=day)
    }
    rows = []
    for component in found:
        cells = []
        for session in ("AM", "PM"):
            _, reason = rules.why_not_expected(component, day, session, calendar)
            mark = marks.get((component.pk, session))
            cells.append(
                Cell(session, not reason, mark.code if mark else "", reason, f"c{component.pk}_{session}", mark)
            )
        if any(c.expected or c.code for c in cells):
            rows.append(RegisterRow(component, cells))
    return rows


def register_status(rows: list[RegisterRow]) -> dict[str, dict[str, int]]:
    """Per session: how many sessions were expected and how many are marked."""
    status = {}
    for session in ("AM", "PM"):
        cells = [cell for row in rows for cell in row.cells if cell.session == session and cell.expected]
        status[session] = {"expected": len(cells), "marked": sum(1 for c in cells if c.code)}
    return status


@dataclass
class ProviderRegister:
    provider_id: int
    name: str
    status: dict[str, dict[str, int]]

    def label(self, session: str) -> str:
        s = self.status[session]
        if not s["expected"]:
            return "No pupils expected"
        if rules.register_not_submitted(s["expected"], s["marked"]):
            return "Not submitted"
        if s["marked"] < s["expected"]:
            return f"{s['expected'] - s['marked']} of {s['expected']} not marked"
        return "Complete"


def registers_by_provider(rows: list[RegisterRow]) -> list[ProviderRegister]:
    by_provider: dict[int, list[RegisterRow]] = {}
    names = {}
    for row in rows:
        organisation = row.component.provider.organisation
        by_provider.setdefault(organisation.pk, []).append(row)
        names[organisation.pk] = organisation.name
    return sorted(
        (ProviderRegister(pk, names[pk], register_status(group)) for pk, group in by_provider.items()),
        key=lambda r: r.name,
    )


# ---------------------------------------------------------------------------------------
# Attendance figures


@dataclass
class Summary:
    """Sessions in a period: possible excludes NP and administrative codes; attended is present plus AEA."""

    possible: int = 0
    present: int = 0
    authorised: int = 0
    unauthorised: int = 0
    key: object = None
    extra: dict = field(default_factory=dict)

    @property
    def absent(self) -> int:
        return self.authorised + self.unauthorised

    @property
    def percent(self) -> Decimal | None:
        return rules.attendance_percent(self.present, self.possible)

    @property
    def absence_percent(self) -> Decimal | None:
        return rules.absence_percent(self.absent, self.possible)

    @property
    def persistent(self) -> bool:
        return rules.is_persistently_absent(self.absent, self.possible)

    @property
    def severe(self) -> bool:
        return rules.is_severely_absent(self.absent, self.possible)


def _counts(codebook: CodeBook) -> dict:
    return {
        "present": Count("id", filter=codebook.codes_in({rules.PRESENT, rules.AEA})),
        "authorised": Count("id", filter=codebook.codes_in({rules.AUTH})),
        "unauthorised": Count("id", filter=codebook.codes_in({rules.UNAUTH})),
    }


def _summary(row: dict, key=None, extra: dict | None = None) -> Summary:
    present, authorised, unauthorised = row["present"] or 0, row["authorised"] or 0, row["unauthorised"] or 0
    return Summary(present + authorised + unauthorised, present, authorised, unauthorised, key, extra or {})


def summarise(marks: QuerySet[AttendanceMark], start: datetime.date, end: datetime.date, *, codebook=None) -> Summary:
    """One summary of every mark in ``marks`` from ``start`` to ``end``: one query."""
    codebook = codebook or CodeBook.load()
    return _summary(marks.filter(date__range=(start, end)).aggregate(**_counts(codebook)))


def summaries_by(
    marks: QuerySet[AttendanceMark], key: str, start: datetime.date, end: datetime.date, *, extra=(), codebook=None
) -> list[Summary]:
    """A summary per value of ``key`` (like 'pupil_id' or 'component__provider__organisation_id'),
    with the ``extra`` fields of each group (names for display): one query."""
    codebook = codebook or CodeBook.load()
    rows = marks.filter(date__range=(start, end)).order_by().values(key, *extra).annotate(**_counts(codebook))
    return [_summary(row, row[key], {f: row[f] for f in extra}) for row in rows]


def attendance_summary(pupils_or_placements, start: datetime.date, end: datetime.date, *, codebook=None) -> Summary:
    """Attendance of some pupils or placements from ``start`` to ``end`` (the contract other apps use).

    Accepts a queryset or list of Pupil or Placement objects. The caller has already scoped them.
    """
    model = getattr(pupils_or_placements, "model", None)
    items = list(pupils_or_placements) if model is None else None
    if model is None:
        model = type(items[0]) if items else Pupil
    source = pupils_or_placements if items is None else items
    if model is Pupil:
        marks = AttendanceMark.objects.filter(pupil__in=source)
    else:
        marks = AttendanceMark.objects.filter(component__placement__in=source)
    return summarise(marks, start, end, codebook=codebook)


def period_start(day: datetime.date) -> datetime.date:
    """The default period for figures: the academic year so far (from 1 September)."""
    return datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


# ---------------------------------------------------------------------------------------
# Alerts


def alerts_visible_to(user) -> QuerySet[Alert]:
    role = active_role(user)
    organisation_id = active_organisation_id(user)
    alerts = Alert.objects.select_related("pupil", "provider", "home_school")
    if role in LA_CASEWORK_ROLES:
        return alerts
    if role in SCHOOL_ROLES:
        return alerts.filter(home_school_id=organisation_id)
    if role in PROVIDER_ROLES:
        return alerts.filter(provider_id=organisation_id, kind__in=[Alert.Kind.UNMARKED, Alert.Kind.REGISTER_MISSING])
    return alerts.none()


def alerts_for(user, today: datetime.date) -> list[Alert]:
    """Today's open alerts for the home page: LA caseworkers see all; a school's safeguarding lead
    sees its pupils'; a provider sees its own unmarked sessions and missing registers."""
    role = active_role(user)
    membership = active_membership(user)
    if role in SCHOOL_ROLES and not (membership and membership.is_safeguarding_lead):
        return []
    return list(alerts_visible_to(user).filter(date=today, resolved_at__isnull=True).order_by("session", "kind", "id"))


# ---------------------------------------------------------------------------------------
# One pupil


def pupil_with_attendance_or_404(user, pk: int) -> Pupil:
    """A pupil with at least one placement component this user may see."""
    visible = components_visible_to(user).filter(placement__pupil=OuterRef("pk"))
    return get_object_or_404(Pupil.objects.filter(Exists(visible)), pk=pk)


def pupil_components(user, pupil: Pupil) -> list[PlacementComponent]:
    return list(
        components_visible_to(user)
        .filter(placement__pupil=pupil)
        .select_related("placement__home_school", "provider__organisation", "programme")
        .order_by("-start_date", "-id")
    )


def marks_between(user, pupil: Pupil, start: datetime.date, end: datetime.date) -> list[AttendanceMark]:
    return list(
        marks_visible_to(user)
        .filter(pupil=pupil, date__range=(start, end))
        .select_related("component__provider__organisation")
        .order_by("date", "session")
    )
