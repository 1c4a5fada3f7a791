"""The school-day calendar: which days are school days, and counting in school days.

Statutory deadlines in this field are counted in school days, not calendar days
(DOMAIN.md "Deadlines and limits"; reference/standards.md §2.1). A school day here is a
weekday inside one of the LA's term periods that is neither a bank holiday in England nor
an INSET or closure day the LA has recorded.

``SchoolCalendar.load()`` reads the term dates once (two queries) and precomputes the
sorted list of school days, so every question after that is a bisect, not a query.
Counting never runs past the last known term date: it raises ``CalendarError`` naming
the academic years that have no term dates.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

import holidays

ONE_DAY = datetime.timedelta(days=1)


def academic_year_of(day: datetime.date) -> int:
    """The academic year a day belongs to, named by its start year: 1 September starts a new one."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last days of an academic year: 1 September to 31 August."""
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31)


def academic_year_label(start_year: int) -> str:
    """2025 -> '2025/26'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


class CalendarError(Exception):
    """A school-day question that needs term dates nobody has entered yet."""

    def __init__(self, missing_years: Iterable[int]):
        self.missing_years = sorted(set(missing_years))
        shown = self.missing_years[:3]
        spans = [
            f"{academic_year_label(year)} ({_long_date(academic_year_bounds(year)[0])} to "
            f"{_long_date(academic_year_bounds(year)[1])})"
            for year in shown
        ]
        more = len(self.missing_years) - len(shown)
        listed = ", ".join(spans) + (f" and {more} more academic years" if more > 0 else "")
        super().__init__(
            f"There are no term dates for {listed}, so school days on those dates cannot be worked out. "
            "An LA strategic lead can add them on the Term dates page."
        )


def england_bank_holidays(years: Iterable[int]) -> dict[datetime.date, str]:
    """Bank holidays in England for the given calendar years (the ``holidays`` package, no query)."""
    years = sorted(set(years))
    if not years:
        return {}
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=years))


class SchoolCalendar:
    """The school days of every academic year that has term dates, ready for fast counting.

    Build it with ``SchoolCalendar.load()`` from the database, or directly from plain data
    (``periods`` as (academic year start year, first day, last day) and the non-school days).
    """

    def __init__(
        self,
        periods: Iterable[tuple[int, datetime.date, datetime.date]],
        non_school_days: Iterable[datetime.date] = (),
        bank_holidays: dict[datetime.date, str] | None = None,
    ):
        periods = list(periods)
        self._years = frozenset(start_year for start_year, _, _ in periods)
        if bank_holidays is None:
            bank_holidays = england_bank_holidays(
                calendar_year for start_year in self._years for calendar_year in (start_year, start_year + 1)
            )
        self.bank_holidays = bank_holidays
        self.non_school_days = frozenset(non_school_days)
        days: set[datetime.date] = set()
        for _, first, last in periods:
            day = first
            while day <= last:
                if day.weekday() < 5 and day not in bank_holidays and day not in self.non_school_days:
                    days.add(day)
                day += ONE_DAY
        self._days = sorted(days)
        self._day_set = frozenset(days)

    @classmethod
    def load(cls) -> SchoolCalendar:
        """The calendar from the LA's term periods and non-school days: exactly two queries."""
        from core.models import NonSchoolDay, TermPeriod

        periods = TermPeriod.objects.values_list("academic_year__start_year", "start_date", "end_date")
        non_school_days = NonSchoolDay.objects.values_list("date", flat=True)
        return cls(periods=list(periods), non_school_days=list(non_school_days))

    @property
    def covered_years(self) -> list[int]:
        """The academic years (start years) that have term dates, in order."""
        return sorted(self._years)

    def covers(self, day: datetime.date) -> bool:
        """Whether term dates are known for the academic year ``day`` falls in."""
        return academic_year_of(day) in self._years

    def is_school_day(self, day: datetime.date) -> bool:
        """A weekday inside a term period that is not a bank holiday and not an INSET or closure day.

        A day in an academic year without term dates is not a school day; use ``covers`` to
        tell that apart from a holiday.
        """
        return day in self._day_set

    def nth_school_day_from(self, start: datetime.date, n: int) -> datetime.date:
        """The nth school day counting ``start`` as day 1 if it is a school day.

        Otherwise day 1 is the next school day. "Full-time provision from the 6th school day"
        of an exclusion starting on ``start`` is ``nth_school_day_from(start, 6)``
        (SI 2007/1870 regs 3 and 4; reference/standards.md §2.1).
        """
        _check_n(n)
        return self._at(bisect_left(self._days, start) + n - 1, start)

    def nth_school_day_after(self, day: datetime.date, n: int) -> datetime.date:
        """The nth school day strictly after ``day`` ("within 15 school days" of a notice)."""
        _check_n(n)
        return self._at(bisect_right(self._days, day) + n - 1, day + ONE_DAY)

    def school_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """How many school days d there are with start <= d <= end (0 if end is before start)."""
        if end < start:
            return 0
        self._require_covered(start, end)
        return bisect_right(self._days, end) - bisect_left(self._days, start)

    def school_days(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        """The school days from ``start`` to ``end`` inclusive, in order."""
        if end < start:
            return []
        self._require_covered(start, end)
        return self._days[bisect_left(self._days, start) : bisect_right(self._days, end)]

    def bank_holidays_between(self, start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
        """Bank holidays from ``start`` to ``end`` inclusive that this calendar knows of, with their names."""
        return sorted((day, name) for day, name in self.bank_holidays.items() if start <= day <= end)

    def _at(self, index: int, counted_from: datetime.date) -> datetime.date:
        if index >= len(self._days):
            year = academic_year_of(counted_from)
            while year in self._years:
                year += 1
            raise CalendarError([year])
        result = self._days[index]
        self._require_covered(counted_from, result)
        return result

    def _require_covered(self, start: datetime.date, end: datetime.date) -> None:
        missing = [
            year for year in range(academic_year_of(start), academic_year_of(end) + 1) if year not in self._years
        ]
        if missing:
            raise CalendarError(missing)


def _check_n(n: int) -> None:
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, not {n!r}")


# ---------------------------------------------------------------------------------------
# Reads for the term dates pages (views read through these, not through the models)


def term_dates_overview(today: datetime.date) -> dict:
    """Every academic year with its term periods, school-day counts, INSET/closure days and
    bank holidays in term, plus the current or next academic years that still lack term dates.
    Four queries whatever the number of years.
    """
    from core.models import AcademicYear, NonSchoolDay

    years = list(AcademicYear.objects.prefetch_related("periods"))
    non_school_days = list(NonSchoolDay.objects.all())
    calendar = SchoolCalendar(
        periods=[(year.start_year, p.start_date, p.end_date) for year in years for p in year.periods.all()],
        non_school_days=[day.date for day in non_school_days],
    )
    overview = []
    for year in years:
        first, last = academic_year_bounds(year.start_year)
        periods = list(year.periods.all())
        in_term = [
            (day, name)
            for day, name in calendar.bank_holidays_between(first, last)
            if day.weekday() < 5 and any(p.start_date <= day <= p.end_date for p in periods)
        ]
        overview.append(
            {
                "year": year,
                "label": academic_year_label(year.start_year),
                "periods": [
                    {"period": p, "school_days": calendar.school_days_between(p.start_date, p.end_date)}
                    for p in periods
                ],
                "school_days": calendar.school_days_between(first, last) if periods else 0,
                "non_school_days": [day for day in non_school_days if first <= day.date <= last],
                "bank_holidays_in_term": in_term,
            }
        )
    current = academic_year_of(today)
    missing = [academic_year_label(y) for y in (current, current + 1) if y not in calendar.covered_years]
    return {"years": overview, "missing": missing}


def get_non_school_day(pk: int):
    """The INSET or closure day with this id, or None."""
    from core.models import NonSchoolDay

    return NonSchoolDay.objects.filter(pk=pk).first()
