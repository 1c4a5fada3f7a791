"""Demo data: a term of attendance, weekly notes, termly targets and achievements for active placements.

``build_demo_attendance(rng=random.Random("7:attendance"), today=...)`` fills the current term
up to the last school day before ``today`` (today's register is left for the demo user to
mark). Deterministic for the same rng state and database: every draw comes from ``rng`` and
every list is walked in primary-key order. Most pupils attend well; about one in five is
persistently absent and a few severely, as in AP nationally. Rows go in with bulk_create.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from accounts.models import Membership
from accounts.roles import PROVIDER_ROLES
from attendance import rules
from attendance.models import Achievement, AttendanceMark, ProgressNote, TargetArea, TargetRating
from attendance.queries import running_on
from attendance.services_progress import term_bounds
from core.calendar import SchoolCalendar
from placements.models import PlacementComponent

# (share of pupils, lowest and highest chance of missing a session)
PROFILES = [(0.72, 0.01, 0.08), (0.21, 0.10, 0.35), (0.04, 0.35, 0.49), (0.03, 0.50, 0.75)]
ABSENCE_CODES = [("I", 40), ("O", 18), ("M", 10), ("C", 6), ("U", 8), ("G", 3), ("R", 2), ("Y1", 3), ("C2", 4)]
RECENT_UNKNOWN_DAYS = 2  # N (reason not yet established) only in the last days: it must be resolved within 5
NOTES = {
    "good": [
        "Settled week. Attended every session on time and joined in well with the group.",
        "Good week: completed the practical tasks and helped a newer pupil find their way.",
        "Positive week. Worked steadily on English and maths and stayed on task in workshop sessions.",
    ],
    "mixed": [
        "Mixed week. Missed a session and was slow to settle after, but engaged well once started.",
        "Attendance dipped mid-week; when here, worked well with staff one to one.",
        "Some difficult moments with peers; calmed with time out and returned to the session.",
    ],
    "poor": [
        "Difficult week. Attended only part of the timetable; home visits made on the days missed.",
        "Low attendance again. Spoke with the family and the home school about a revised start time.",
        "Not attending most sessions. Safeguarding lead at the home school informed; plan under review.",
    ],
}
CONCERNS = [
    "Punctuality in the mornings.",
    "Conflict with another pupil on Wednesday.",
    "Tired and withdrawn on arrival.",
]
UNITS = [
    ("unit", "Health and safety in the workplace", "NCFE", "1"),
    ("unit", "Using hand tools", "City & Guilds", "1"),
    ("qualification", "Functional Skills English", "Pearson", "entry"),
    ("qualification", "Functional Skills mathematics", "Pearson", "entry"),
    ("qualification", "Food safety in catering", "Highfield", "2"),
    ("unit", "Preparing for work", "NCFE", "entry"),
]


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def term_start(calendar: SchoolCalendar, today: datetime.date) -> datetime.date:
    """The first day of the term holding the last school day before ``today``."""
    day = today - datetime.timedelta(days=1)
    for _ in range(120):
        if calendar.is_school_day(day):
            break
        day -= datetime.timedelta(days=1)
    return term_bounds(*rules.term_of(day))[0]


def _absence_rate(rng: random.Random) -> float:
    pick, total = rng.random(), 0.0
    for share, low, high in PROFILES:
        total += share
        if pick <= total:
            return rng.uniform(low, high)
    return rng.uniform(PROFILES[-1][1], PROFILES[-1][2])


def _code(rng: random.Random, session: str, rate: float, recent: bool) -> str:
    if rng.random() < rate:
        return "N" if recent and rng.random() < 0.5 else _weighted(rng, ABSENCE_CODES)
    roll = rng.random()
    if roll < 0.06:
        return "L"
    if roll < 0.075:
        return "W" if session == "AM" else "B"
    return "/" if session == "AM" else "\\"


def _recorders() -> dict[int, object]:
    """A member of each provider to sign the demo marks: its first manager or member of staff."""
    found = {}
    for membership in Membership.objects.filter(role__in=PROVIDER_ROLES).select_related("user").order_by("pk"):
        found.setdefault(membership.organisation_id, membership.user)
    return found


def _targets(rng: random.Random, component, by, first_term: tuple[int, str], current: tuple[int, str]) -> list:
    rows = []
    start = {area: rng.randint(1, 3) for area in TargetArea}
    year, term = first_term
    order = ["autumn", "spring", "summer"]
    while rules.term_sort_key(year, term) <= rules.term_sort_key(*current):
        finished = (year, term) != current
        for area in TargetArea:
            baseline = start[area]
            outcome = max(1, min(5, baseline + rng.choice([-1, 0, 1, 1, 1, 2]))) if finished else None
            rows.append(
                TargetRating(
                    component=component,
                    pupil_id=component.placement.pupil_id,
                    area=area.value,
                    academic_year=year,
                    term=term,
                    baseline=baseline,
                    target=min(5, baseline + 1),
                    outcome=outcome,
                    created_by=by,
                    updated_by=by,
                )
            )
            if outcome is not None:
                start[area] = outcome
        index = order.index(term) + 1
        year, term = (year + 1, order[0]) if index == 3 else (year, order[index])
    return rows


def build_demo_attendance(
    *, rng: random.Random, today: datetime.date, calendar: SchoolCalendar | None = None
) -> Counter:
    """Create the current term's marks (to the school day before ``today``), notes, targets and achievements
    for every active placement's components that have no marks yet. Returns counts of what was made."""
    calendar = calendar or SchoolCalendar.load()
    counts: Counter = Counter()
    start = term_start(calendar, today)
    end = today - datetime.timedelta(days=1)
    if end < start or not calendar.covers(start):
        return counts
    school_days = calendar.school_days(start, end) if calendar.covers(end) else []
    components = list(
        running_on(PlacementComponent.objects.filter(placement__status="active"), start, end)
        .exclude(attendance_marks__isnull=False)
        .select_related("placement", "provider", "programme")
        .order_by("pk")
    )
    recent_days = set(school_days[-RECENT_UNKNOWN_DAYS:])
    recorders = _recorders()
    marks, notes, targets, achievements = [], [], [], []
    current_term = rules.term_of(end)
    for component in components:
        by = recorders.get(component.provider.organisation_id)
        rate = _absence_rate(rng)
        attended = possible = 0
        weeks: dict[datetime.date, list[str]] = {}
        for day in school_days:
            for session in rules.expected_sessions(component, day, calendar):
                code = _code(rng, session, rate, day in recent_days)
                marks.append(
                    AttendanceMark(
                        component=component,
                        pupil_id=component.placement.pupil_id,
                        date=day,
                        session=session,
                        code=code,
                        recorded_by=by,
                        source=AttendanceMark.Source.WEB,
                    )
                )
                weeks.setdefault(rules.week_start(day), []).append(code)
                if code not in ("Y1",):
                    possible += 1
                    attended += code in ("/", "\\", "L", "W", "B")
        counts["pupils persistently absent (demo)"] += int(rules.is_persistently_absent(possible - attended, possible))
        for monday, codes in sorted(weeks.items()):
            if monday + datetime.timedelta(days=4) >= today:
                continue  # this week's note is written on Friday
            missed = sum(1 for c in codes if c not in ("/", "\\", "L", "W", "B"))
            mood = "good" if missed == 0 else "mixed" if missed <= len(codes) // 3 else "poor"
            notes.append(
                ProgressNote(
                    component=component,
                    pupil_id=component.placement.pupil_id,
                    week_start=monday,
                    summary=rng.choice(NOTES[mood]),
                    concerns=rng.choice(CONCERNS) if mood != "good" and rng.random() < 0.6 else "",
                    next_steps="Keep the same timetable next week."
                    if mood == "good"
                    else "Review the plan with the home school.",
                    created_by=by,
                    updated_by=by,
                )
            )
        targets.extend(_targets(rng, component, by, rules.term_of(component.start_date), current_term))
        days_here = [d for d in school_days if d >= component.start_date]
        if days_here and rng.random() < 0.4:
            for kind, title, body, level in rng.sample(UNITS, rng.randint(1, 2)):
                achievements.append(
                    Achievement(
                        component=component,
                        pupil_id=component.placement.pupil_id,
                        kind=kind,
                        title=title,
                        awarding_body=body,
                        level=level,
                        achieved_on=rng.choice(days_here[len(days_here) // 2 :]),
                        created_by=by,
                        updated_by=by,
                    )
                )
    AttendanceMark.objects.bulk_create(marks, batch_size=2000)
    ProgressNote.objects.bulk_create(notes, batch_size=1000)
    TargetRating.objects.bulk_create(targets, batch_size=1000)
    Achievement.objects.bulk_create(achievements, batch_size=1000)
    counts.update(
        {
            "attendance marks": len(marks),
            "weekly notes": len(notes),
            "termly targets": len(targets),
            "achievements": len(achievements),
            "pupils with attendance": len(components),
        }
    )
    return counts
