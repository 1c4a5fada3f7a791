"""Outcomes of the national AP performance framework, from the records (standards §7).

For a scope and a period: attendance in AP against attendance before the placement;
reintegration into mainstream and whether it held (the checks 6 weeks and a term after the
return); English and maths (programmes that teach them, and qualifications recorded); and
Year 11 leavers' post-16 destinations. A fixed number of queries whatever the size of the area.

Attendance before a placement is the home school's, which Custodian does not hold: requests
for support do not record it, so it is reported as "not recorded" rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from attendance import rules as attendance_rules
from attendance.models import Achievement, AttendanceMark
from attendance.queries import summaries_by
from oversight import queries, rules
from oversight.period import Period
from oversight.scope import Scope
from placements.models import Destination, Placement, PlacementComponent, Return, ReturnCheck

BEFORE_NOT_RECORDED = (
    "Not recorded: attendance at the home school before a placement is not held in Custodian (requests for support "
    "do not record it)."
)


@dataclass
class Attendance:
    pupils: int = 0
    possible: int = 0
    attended: int = 0
    persistent: int = 0
    severe: int = 0
    before: str = BEFORE_NOT_RECORDED

    @property
    def percent(self) -> Decimal | None:
        return attendance_rules.attendance_percent(self.attended, self.possible)


@dataclass
class Checks:
    held: int = 0
    not_held: int = 0
    not_yet: int = 0

    @property
    def checked(self) -> int:
        return self.held + self.not_held

    @property
    def held_percent(self) -> Decimal | None:
        return rules.percent(self.held, self.checked)


@dataclass
class Reintegration:
    returns: int = 0
    six_weeks: Checks = field(default_factory=Checks)
    one_term: Checks = field(default_factory=Checks)


@dataclass
class EnglishMaths:
    pupils_placed: int = 0
    taught: int = 0
    english: int = 0
    maths: int = 0
    both: int = 0


@dataclass
class Destinations:
    by_outcome: dict[str, int] = field(default_factory=dict)
    due_not_recorded: int = 0

    @property
    def recorded(self) -> int:
        return sum(self.by_outcome.values())

    @property
    def sustained(self) -> int:
        return sum(n for outcome, n in self.by_outcome.items() if rules.is_education_employment_or_training(outcome))

    @property
    def sustained_percent(self) -> Decimal | None:
        return rules.percent(self.sustained, self.recorded)

    @property
    def neet_percent(self) -> Decimal | None:
        return rules.percent(self.by_outcome.get("neet", 0), self.recorded)


@dataclass
class Outcomes:
    attendance: Attendance
    reintegration: Reintegration
    english_maths: EnglishMaths
    destinations: Destinations


def scoped_placements(scope: Scope, period: Period):
    return queries.in_scope(queries.placements_in_period(period), "home_school_id", scope)


def attendance_in_ap(scope: Scope, period: Period) -> Attendance:
    """Sessions attended in AP in the period by the scope's pupils, and who was persistently or severely absent (three queries)."""
    marks = AttendanceMark.objects.filter(component__placement__in=scoped_placements(scope, period))
    result = Attendance()
    for summary in summaries_by(marks, "pupil_id", period.start, period.end):
        if not summary.possible:
            continue
        result.pupils += 1
        result.possible += summary.possible
        result.attended += summary.present
        result.persistent += int(summary.persistent)
        result.severe += int(summary.severe)
    return result


def _checks(rows, kind: str) -> Checks:
    found = next((r for r in rows if r["kind"] == kind), None)
    if found is None:
        return Checks()
    return Checks(found["n_held"], found["n_not_held"], found["n_not_yet"])


def returns_to_mainstream(scope: Scope, period: Period):
    return queries.in_scope(
        Return.objects.filter(return_date__gte=period.start, return_date__lte=period.end),
        "placement__home_school_id",
        scope,
    )


def reintegration(scope: Scope, period: Period) -> Reintegration:
    """Returns to mainstream in the period, and whether they held at the 6-week and one-term checks (two queries)."""
    returns = returns_to_mainstream(scope, period)
    rows = list(
        ReturnCheck.objects.filter(return_plan__in=returns)
        .order_by()
        .values("kind")
        .annotate(
            n_held=Count("pk", filter=Q(checked_on__isnull=False, held=True)),
            n_not_held=Count("pk", filter=Q(checked_on__isnull=False, held=False)),
            n_not_yet=Count("pk", filter=Q(checked_on__isnull=True)),
        )
    )
    return Reintegration(
        returns.count(), _checks(rows, ReturnCheck.Kind.SIX_WEEKS), _checks(rows, ReturnCheck.Kind.ONE_TERM)
    )


def english_qualifications(scope: Scope, period: Period):
    return Achievement.objects.filter(
        component__placement__in=queries.in_scope(Placement.objects.all(), "home_school_id", scope),
        kind=Achievement.Kind.QUALIFICATION,
        achieved_on__gte=period.start,
        achieved_on__lte=period.end,
    )


def english_and_maths(scope: Scope, period: Period) -> EnglishMaths:
    """Pupils placed, those whose package teaches English and maths, and those with English or maths qualifications (three queries)."""
    placements = scoped_placements(scope, period)
    result = EnglishMaths(
        pupils_placed=placements.values("pupil_id").distinct().count(),
        taught=PlacementComponent.objects.filter(placement__in=placements, programme__teaches_english_and_maths=True)
        .values("placement__pupil_id")
        .distinct()
        .count(),
    )
    subjects: dict[int, set[str]] = {}
    for pupil_id, title in english_qualifications(scope, period).values_list("pupil_id", "title"):
        subjects.setdefault(pupil_id, set()).update(rules.subjects_of(title))
    result.english = sum(1 for s in subjects.values() if "english" in s)
    result.maths = sum(1 for s in subjects.values() if "maths" in s)
    result.both = sum(1 for s in subjects.values() if {"english", "maths"} <= s)
    return result


def recorded_destinations(scope: Scope, period: Period):
    return queries.in_scope(
        Destination.objects.filter(recorded_on__gte=period.start, recorded_on__lte=period.end),
        "placement__home_school_id",
        scope,
    )


def destinations(scope: Scope, period: Period) -> Destinations:
    """Year 11 leavers' destinations recorded in the period by outcome, and those due but not recorded (two queries)."""
    rows = recorded_destinations(scope, period).order_by().values("outcome").annotate(n=Count("pk"))
    due = queries.in_scope(
        Destination.objects.filter(recorded_on__isnull=True, due_date__lte=period.end),
        "placement__home_school_id",
        scope,
    ).count()
    return Destinations({row["outcome"]: row["n"] for row in rows}, due)


def outcomes(scope: Scope, period: Period) -> Outcomes:
    return Outcomes(
        attendance_in_ap(scope, period),
        reintegration(scope, period),
        english_and_maths(scope, period),
        destinations(scope, period),
    )
