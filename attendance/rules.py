"""Named rules for attendance and progress.

Each rule is a small function with a one-line docstring citing its source; each has a test
of its own in attendance/tests/test_rules.py. Categories are the statistical categories of
the attendance code list (core/data/codes/attendance-2024.json, reference/standards.md §1.2):
Present, AEA, Auth, Unauth, NP, Admin.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from core.calendar import CalendarError, SchoolCalendar, academic_year_of

PRESENT, AEA, AUTH, UNAUTH, NP, ADMIN = "Present", "AEA", "Auth", "Unauth", "NP", "Admin"
PERSISTENT_ABSENCE_PERCENT = Decimal(10)
SEVERE_ABSENCE_PERCENT = Decimal(50)
ABSENT_WITHOUT_REASON_CODES = frozenset({"N", "O"})
SESSION_SUFFIX = {"AM": "am", "PM": "pm"}
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SCALE = {
    1: "1 – significant concern",
    2: "2 – some concern",
    3: "3 – developing",
    4: "4 – good",
    5: "5 – excellent",
}


def counts_as_possible(category: str) -> bool:
    """A session is possible unless its code is not counted as possible (NP) or administrative (SI 2024/208 reg 10; EES pupil absence methodology; standards §1.2)."""
    return category in (PRESENT, AEA, AUTH, UNAUTH)


def counts_as_attended(category: str) -> bool:
    """Present codes and approved educational activity (AEA) both count as attending (SI 2024/208 reg 10, tables 1 and 2; standards §1.2)."""
    return category in (PRESENT, AEA)


def counts_as_absent(category: str) -> bool:
    """Authorised and unauthorised absence are the absence in the absence rate (EES pupil absence methodology; standards §1.4)."""
    return category in (AUTH, UNAUTH)


def attendance_percent(attended: int, possible: int) -> Decimal | None:
    """Attendance is sessions attended over possible sessions, as a percentage to one decimal place (EES pupil absence methodology)."""
    if possible <= 0:
        return None
    return (Decimal(100) * attended / possible).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def absence_percent(absent: int, possible: int) -> Decimal | None:
    """The absence rate is sessions absent over possible sessions, as a percentage (EES pupil absence methodology; standards §1.4)."""
    if possible <= 0:
        return None
    return (Decimal(100) * absent / possible).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def is_persistently_absent(absent: int, possible: int) -> bool:
    """A pupil is persistently absent when they miss 10% or more of their possible sessions (DfE 'A guide to absence statistics', threshold since 2015/16)."""
    return possible > 0 and Decimal(100) * absent >= PERSISTENT_ABSENCE_PERCENT * possible


def is_severely_absent(absent: int, possible: int) -> bool:
    """A pupil is severely absent when they miss 50% or more of their possible sessions (DfE absence statistics; standards §1.4)."""
    return possible > 0 and Decimal(100) * absent >= SEVERE_ABSENCE_PERCENT * possible


def is_absent_without_reason(code: str) -> bool:
    """An absence marked N (reason not yet established) or O (other or unknown circumstances) needs a same-day alert to the home school and the LA (PRODUCT.md F; 'Working together to improve school attendance', 2024)."""
    return code in ABSENT_WITHOUT_REASON_CODES


def present_code_fits_session(code: str, session: str) -> bool:
    """'/' records presence in a morning session and '\\' in an afternoon session (SI 2024/208 reg 10, table 1)."""
    if code == "/":
        return session == "AM"
    if code == "\\":
        return session == "PM"
    return True


def session_key(day: datetime.date, session: str) -> str:
    """A placement's weekday-session key for a day and session: Monday morning is 'mon_am' (placements.SESSION_KEYS)."""
    return f"{WEEKDAY_KEYS[day.weekday()]}_{SESSION_SUFFIX[session]}"


def is_expected(component, day: datetime.date, session: str, calendar: SchoolCalendar) -> bool:
    """A pupil is expected at a provider on a school day inside the placement's and the component's dates, in one of the component's weekday sessions (PRODUCT.md E and F)."""
    return not why_not_expected(component, day, session, calendar)[1]


def why_not_expected(component, day: datetime.date, session: str, calendar: SchoolCalendar) -> tuple[str, str]:
    """The field at fault and the reason a session is not expected (('', '') when it is), for the message a provider sees (rule ``is_expected``)."""
    placement = component.placement
    if not calendar.covers(day):
        return "date", str(CalendarError([academic_year_of(day)]))
    if not calendar.is_school_day(day):
        return "date", f"{long_date(day)} is not a school day"
    if day < component.start_date or (component.end_date and day > component.end_date):
        return "date", f"the pupil's place here runs {date_range(component.start_date, component.end_date)}"
    last = placement.end_date if placement.status == "ended" else None
    if placement.status not in ("active", "ended") or day < placement.start_date or (last and day > last):
        return "date", f"the placement was not running on {long_date(day)}"
    if session_key(day, session) not in (component.sessions or []):
        half = "mornings" if session == "AM" else "afternoons"
        return "session", f"the pupil does not attend here on {day:%A} {half}"
    return "", ""


def expected_sessions(component, day: datetime.date, calendar: SchoolCalendar) -> list[str]:
    """The sessions ('AM', 'PM') a pupil is expected at a provider on a day (rule ``is_expected``)."""
    return [s for s in ("AM", "PM") if is_expected(component, day, s, calendar)]


def may_mark_date(day: datetime.date, today: datetime.date) -> bool:
    """A register records what happened, so no session is marked before its day (SI 2024/208 reg 10(1): registers are taken at each session)."""
    return day <= today


def session_overdue(day: datetime.date, session: str, now: datetime.datetime, deadlines) -> bool:
    """A session is overdue for marking once the LA's deadline for it has passed (LA setting, default 10:30 and 14:30; the register closes 30 minutes into a session, standards §1.1)."""
    local = timezone.localtime(now) if timezone.is_aware(now) else now
    if local.date() != day:
        return local.date() > day
    return local.time() >= deadlines.deadline(session)


def register_not_submitted(expected: int, marked: int) -> bool:
    """A provider has not submitted a session's register when it expected pupils and marked none of them by the deadline (PRODUCT.md F)."""
    return expected > 0 and marked == 0


def term_of(day: datetime.date) -> tuple[int, str]:
    """The school year has three terms: autumn from September, spring from January, summer from April (DfE school year; academic year from 1 September)."""
    if day.month >= 9:
        return day.year, "autumn"
    if day.month <= 3:
        return day.year - 1, "spring"
    return day.year - 1, "summer"


TERM_ORDER = {"autumn": 0, "spring": 1, "summer": 2}


def term_sort_key(academic_year: int, term: str) -> tuple[int, int]:
    return academic_year, TERM_ORDER[term]


def week_start(day: datetime.date) -> datetime.date:
    """A weekly monitoring note covers Monday to Friday and is filed under its Monday (seed 004: 'weekly monitoring sheets')."""
    return day - datetime.timedelta(days=day.weekday())


def distance_travelled(first_baseline: int, latest: int) -> int:
    """Distance travelled is the change on the fixed 1 to 5 scale from where the pupil started to their latest score (seed 004: 'where were they at the beginning of term ... distance travelled')."""
    return latest - first_baseline


def valid_score(score) -> bool:
    """Targets use a fixed scale of whole numbers 1 to 5, so terms and pupils compare (seed 004: targets for interaction, motivation, reliability, punctuality and attendance)."""
    return isinstance(score, int) and not isinstance(score, bool) and 1 <= score <= 5


def long_date(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def date_range(start: datetime.date, end: datetime.date | None) -> str:
    short = f"{start.day} {start:%B %Y}"
    return f"from {short} to {end.day} {end:%B %Y}" if end else f"from {short}"
