"""Named rules for the register of children not in full-time mainstream education.

Each rule is a small function with a one-line docstring citing its source; each has a test
of its own in pupils/tests/test_rules.py. Rules take the school calendar so that every
deadline is counted in school days.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from core.calendar import CalendarError, SchoolCalendar, academic_year_bounds, academic_year_of
from pupils.models import EducationEpisode, EducationStatus

FULL_TIME_PROVISION_SCHOOL_DAY = 6
SUSPENSION_LIMIT_SCHOOL_DAYS = 45
SUSPENSION_WARNING_SCHOOL_DAYS = 40
SUSPENSION_PROVISION_THRESHOLD_DAYS = 5


@dataclass(frozen=True)
class Flag:
    """Something on the register that needs action. ``overdue`` flags are breaches, others warnings."""

    key: str
    text: str
    overdue: bool
    due: datetime.date | None = None


def provision_deadline(cal: SchoolCalendar, start: datetime.date) -> datetime.date:
    """Full-time provision must start by the 6th school day of an exclusion (SI 2007/1870 regs 3 and 4)."""
    return cal.nth_school_day_from(start, FULL_TIME_PROVISION_SCHOOL_DAY)


def _provision_flag(
    cal: SchoolCalendar, episode: EducationEpisode, today: datetime.date, *, key: str, who: str
) -> Flag | None:
    deadline = provision_deadline(cal, episode.start_date)
    provided = episode.provision_start_date is not None and episode.provision_start_date <= deadline
    if provided:
        return None
    if today >= deadline:
        if episode.provision_start_date is not None:
            late = cal.school_days_between(deadline, episode.provision_start_date) - 1
            return Flag(
                key,
                f"Full-time provision started {late} school days late ({who} duty from the 6th school day)",
                True,
                deadline,
            )
        return Flag(
            key, f"No full-time provision by the 6th school day ({who} duty, due {deadline:%-d %B %Y})", True, deadline
        )
    left = cal.school_days_between(today, deadline) - 1
    return Flag(key, f"Full-time provision due by {deadline:%-d %B %Y} ({left} school days left)", False, deadline)


def permanent_exclusion_provision(cal: SchoolCalendar, episode: EducationEpisode, today: datetime.date) -> Flag | None:
    """The LA must arrange full-time education from the 6th school day of a permanent exclusion (s19(3A) EA 1996; SI 2007/1870 reg 4)."""
    if episode.status != EducationStatus.PERMANENTLY_EXCLUDED or not episode.is_current(today):
        return None
    return _provision_flag(cal, episode, today, key="pex_provision", who="LA")


def suspension_length_school_days(cal: SchoolCalendar, episode: EducationEpisode) -> float:
    """A suspension's length in school days: its sessions halved, or its school days if sessions are not recorded."""
    if episode.sessions is not None:
        return episode.sessions / 2
    end = episode.end_date or episode.start_date
    return float(cal.school_days_between(episode.start_date, end))


def suspension_provision(cal: SchoolCalendar, episode: EducationEpisode, today: datetime.date) -> Flag | None:
    """The school must arrange full-time education from the 6th consecutive school day of a suspension longer than 5 days (SI 2007/1870 reg 3)."""
    if episode.status != EducationStatus.SUSPENDED or not episode.is_current(today):
        return None
    if suspension_length_school_days(cal, episode) <= SUSPENSION_PROVISION_THRESHOLD_DAYS:
        return None
    return _provision_flag(cal, episode, today, key="suspension_provision", who="school")


def part_time_timetable_overdue(episode: EducationEpisode, today: datetime.date) -> Flag | None:
    """A part-time timetable is temporary and must end on its agreed date (Working together to improve school attendance, 2024: code C2)."""
    if episode.status != EducationStatus.PART_TIME_TIMETABLE or not episode.is_current(today):
        return None
    if episode.agreed_end_date is None:
        return Flag("part_time_no_end", "Part-time timetable has no agreed end date", True)
    if today > episode.agreed_end_date:
        return Flag(
            "part_time_overdue",
            f"Part-time timetable past its agreed end date of {episode.agreed_end_date:%-d %B %Y}",
            True,
            episode.agreed_end_date,
        )
    return None


def suspension_days_this_year(cal: SchoolCalendar, episodes: Iterable[EducationEpisode], today: datetime.date) -> float:
    """School days of suspension in the academic year that contains ``today`` (the 45-day limit is per academic year)."""
    start, end = academic_year_bounds(academic_year_of(today))
    return sum(
        suspension_length_school_days(cal, e)
        for e in episodes
        if e.status == EducationStatus.SUSPENDED and start <= e.start_date <= end
    )


def suspension_limit(total_days: float) -> Flag | None:
    """A pupil may be suspended for at most 45 school days in an academic year; warn past 40 (School Discipline Regulations 2012; DfE suspension guidance 2023)."""
    if total_days > SUSPENSION_LIMIT_SCHOOL_DAYS:
        return Flag(
            "suspension_over_45", f"Suspended for {total_days:g} school days this year, over the 45-day limit", True
        )
    if total_days > SUSPENSION_WARNING_SCHOOL_DAYS:
        return Flag(
            "suspension_over_40", f"Suspended for {total_days:g} school days this year, near the 45-day limit", False
        )
    return None


def flags_for(cal: SchoolCalendar, episodes: list[EducationEpisode], today: datetime.date) -> list[Flag]:
    """Every register flag for one pupil, from all of that pupil's episodes."""
    flags: list[Flag] = []
    for episode in episodes:
        for rule in (permanent_exclusion_provision, suspension_provision):
            try:
                flag = rule(cal, episode, today)
            except CalendarError as exc:
                flag = Flag("calendar", str(exc), False)
            if flag:
                flags.append(flag)
        flag = part_time_timetable_overdue(episode, today)
        if flag:
            flags.append(flag)
    try:
        flag = suspension_limit(suspension_days_this_year(cal, episodes, today))
    except CalendarError as exc:
        flag = Flag("calendar", str(exc), False)
    if flag:
        flags.append(flag)
    return flags


def national_curriculum_year(date_of_birth: datetime.date, academic_year_start: int) -> int:
    """National curriculum year: a child starts reception (year 0) in the September after turning 4 (Education Act 1996 s8, compulsory school age)."""
    birth_cohort = date_of_birth.year if date_of_birth.month < 9 else date_of_birth.year + 1
    return academic_year_start - birth_cohort - 4


def date_of_birth_range(year_group: int, academic_year_start: int) -> tuple[datetime.date, datetime.date]:
    """The dates of birth of pupils in a national curriculum year group in an academic year."""
    cohort = academic_year_start - year_group - 4
    return datetime.date(cohort - 1, 9, 1), datetime.date(cohort, 8, 31)
