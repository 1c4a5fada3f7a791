"""Named rules for placements.

Each rule is a small function with a one-line docstring citing its source; each has a test
of its own in placements/tests/test_rules.py. Rules take plain values (and the school
calendar where school days matter) so they can be tested without the database.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from accounts.roles import OrganisationKind
from core.calendar import SchoolCalendar
from placements.models.placement import WEEKDAYS, RegistrationArrangement, Tier

DEFAULT_WEEKS = 12
REVIEW_WEEKS = (6, 12)
DUAL_ROLL_MONTHS_AFTER_RETURN = 3
RETURN_CHECK_WEEKS = {"six_weeks": 6, "one_term": 13}
DESTINATION_YEARS = 2
SCHOOL_DAYS_PER_YEAR = 190
SESSION_HOURS = Decimal("2.5")
DUAL_REGISTRATION_PROVIDER_TYPES = frozenset({"pru", "ap_academy", "ap_free_school", "independent_school"})
PLACEMENT_DECISION_TIERS = {
    "targeted_support": Tier.TARGETED,
    "time_limited_placement": Tier.TIME_LIMITED,
    "transitional_placement": Tier.TRANSITIONAL,
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 May + 3 months = 31 August)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def home_attendance_code(arrangement: str, commissioner_kind: str) -> str:
    """The home school marks D for a dual registered pupil, K for education the LA arranged, and B for supervised off-site education the school arranged (SI 2024/208 reg 10, Table 2; standards §1.3)."""
    if arrangement == RegistrationArrangement.DUAL:
        return "D"
    if commissioner_kind == OrganisationKind.LOCAL_AUTHORITY and arrangement == RegistrationArrangement.SINGLE_HOME:
        return "K"
    return "B"


def off_site_direction_commissioner_ok(arrangement: str, commissioner_kind: str) -> bool:
    """Only a school can direct its pupil off site to improve behaviour, so the school commissions it (s29A Education Act 2002; standards §2.3)."""
    return arrangement != RegistrationArrangement.OFF_SITE_DIRECTION or commissioner_kind == OrganisationKind.SCHOOL


def can_dual_register_at(provider_type: str) -> bool:
    """A pupil can be dual registered only at another school: a PRU, AP academy, AP free school or independent school (SI 2024/208; DOMAIN.md "Dual registration")."""
    return provider_type in DUAL_REGISTRATION_PROVIDER_TYPES


def default_planned_end(start: datetime.date, weeks: int = DEFAULT_WEEKS) -> datetime.date:
    """A placement is time-limited: by default it is planned to end 12 weeks after it starts (SEND and AP Improvement Plan 2023, tier 2; seed 003 "reviewed at 6 and 12 weeks")."""
    return start + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1)


def cost_per_session_pence(*, per_session: int | None, per_day: int | None, per_place_year: int | None) -> int | None:
    """A session is half a school day: the programme's session price, else half its day price, else its yearly place price over 190 days of two sessions (standards §5; SI 2024/208 reg 10: two sessions a day)."""
    if per_session:
        return int(per_session)
    if per_day:
        return int((Decimal(per_day) / 2).quantize(Decimal(1), ROUND_HALF_UP))
    if per_place_year:
        return int((Decimal(per_place_year) / (SCHOOL_DAYS_PER_YEAR * 2)).quantize(Decimal(1), ROUND_HALF_UP))
    return None


def sessions_in_period(cal: SchoolCalendar, sessions: Iterable[str], start: datetime.date, end: datetime.date) -> int:
    """Sessions a component expects between two dates: its weekday sessions on school days only (SI 2024/208 reg 10; term dates from the LA)."""
    per_weekday: dict[int, int] = {}
    for key in sessions:
        day = key.split("_")[0]
        if day in WEEKDAYS:
            per_weekday[WEEKDAYS.index(day)] = per_weekday.get(WEEKDAYS.index(day), 0) + 1
    return sum(per_weekday.get(day.weekday(), 0) for day in cal.school_days(start, end))


def hours_as_sessions(
    cal: SchoolCalendar, hours_per_week: Decimal, start: datetime.date, end: datetime.date
) -> Decimal:
    """A component bought by the hour is costed as sessions of 2.5 hours over the school weeks it runs (NOT CONFIRMED: a local costing convention)."""
    school_weeks = Decimal(cal.school_days_between(start, end)) / 5
    return (Decimal(hours_per_week) / SESSION_HOURS) * school_weeks


def component_cost_pence(
    cal: SchoolCalendar,
    *,
    sessions: Iterable[str],
    hours_per_week: Decimal | None,
    cost_per_session: int,
    start: datetime.date,
    end: datetime.date,
) -> int:
    """A component costs its price per session times the sessions it runs on school days, or its hours as sessions."""
    sessions = list(sessions)
    if sessions:
        count = Decimal(sessions_in_period(cal, sessions, start, end))
    elif hours_per_week:
        count = hours_as_sessions(cal, hours_per_week, start, end)
    else:
        count = Decimal(0)
    return int((count * cost_per_session).quantize(Decimal(1), ROUND_HALF_UP))


def review_due_dates(
    start: datetime.date, planned_end: datetime.date, periods: Iterable[tuple[datetime.date, datetime.date]]
) -> list[tuple[str, datetime.date]]:
    """Reviews fall 6 and 12 weeks after the start (seed 003) and at least half-termly, at the end of each half term with no other review (AP guidance Feb 2025; standards §6)."""
    due: list[tuple[str, datetime.date]] = []
    for weeks, kind in zip(REVIEW_WEEKS, ("six_weeks", "twelve_weeks"), strict=True):
        day = start + datetime.timedelta(weeks=weeks)
        if day > planned_end and day - planned_end <= datetime.timedelta(weeks=1):
            day = planned_end  # a placement that ends in that week is reviewed on its last day
        if day <= planned_end:
            due.append((kind, day))
    for period_start, period_end in sorted(periods):
        if period_end < start or period_start > planned_end:
            continue
        window_start, window_end = max(period_start, start), min(period_end, planned_end)
        if any(window_start <= day <= window_end for _, day in due):
            continue
        due.append(("half_termly", window_end))
    return sorted(due, key=lambda item: item[1])


def review_overdue(due_date: datetime.date, held_on: datetime.date | None, today: datetime.date) -> bool:
    """A review is overdue once its due date has passed without it being held (AP guidance Feb 2025: regular reviews at least half-termly)."""
    return held_on is None and due_date < today


def past_planned_end(status: str, planned_end: datetime.date, today: datetime.date) -> bool:
    """An active placement past its planned end needs a panel decision to extend it or must end (seed 001, BANES: further time "is brought back to the panel")."""
    return status == "active" and today > planned_end


def extension_decision_valid(outcome: str, extend_placement_id: int | None, placement_id: int) -> bool:
    """A placement is extended only by a panel decision to extend that very placement (seed 001, BANES; PRODUCT.md E "Extensions need a panel decision")."""
    return outcome == "extend_placement" and extend_placement_id == placement_id


def dual_registration_end(return_date: datetime.date) -> datetime.date:
    """After a return to mainstream the pupil stays dual registered for 3 months (seed 001, Redbridge: "dual-rolled for a period of three months after leaving AP")."""
    return add_months(return_date, DUAL_ROLL_MONTHS_AFTER_RETURN)


def return_check_dates(return_date: datetime.date) -> dict[str, datetime.date]:
    """Whether a return held is checked 6 weeks and a term (13 weeks) after it (PRODUCT.md E; seed 003 progress checks after the programme)."""
    return {kind: return_date + datetime.timedelta(weeks=weeks) for kind, weeks in RETURN_CHECK_WEEKS.items()}


def is_year_11(year_group: int) -> bool:
    """Year 11 is the last year of compulsory schooling; its leavers' destinations are followed (seed 003, Salford)."""
    return year_group == 11


def year_11_leaving_date(academic_year_start: int) -> datetime.date:
    """A Year 11 pupil leaves at the end of the academic year, on 31 August (DOMAIN.md: the academic year runs 1 September to 31 August)."""
    return datetime.date(academic_year_start + 1, 8, 31)


def destination_check_dates(leaving_date: datetime.date) -> list[datetime.date]:
    """Year 11 leavers' destinations are recorded in the October after leaving, then every 6 months, for 2 years (seed 003, Salford: "tracked for 2 years")."""
    first = datetime.date(leaving_date.year if leaving_date.month < 10 else leaving_date.year + 1, 10, 1)
    last = add_months(leaving_date, 12 * DESTINATION_YEARS)
    dates, day = [], first
    while day <= last:
        dates.append(day)
        day = add_months(day, 6)
    return dates
