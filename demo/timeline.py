"""School days around "today", taken from the school calendar, for placing demo episodes.

Every episode date the generator picks is a school day from ``SchoolCalendar.school_days``, so
suspensions and deadlines land on days pupils are taught. Positions are indexes into that list.
"""

from __future__ import annotations

import datetime
import random
from bisect import bisect_left, bisect_right

from core.calendar import SchoolCalendar, academic_year_bounds, academic_year_label, academic_year_of

ONE_DAY = datetime.timedelta(days=1)


class Timeline:
    def __init__(self, cal: SchoolCalendar, today: datetime.date):
        years = cal.covered_years
        if not cal.covers(today):
            raise ValueError(
                f"There are no term dates for {today:%-d %B %Y}; the demo's term dates cover "
                f"{academic_year_label(years[0])} to {academic_year_label(years[-1])}"
            )
        self.cal = cal
        self.today = today
        self.this_year = academic_year_of(today)
        self.days = cal.school_days(academic_year_bounds(years[0])[0], academic_year_bounds(years[-1])[1])
        self.next = bisect_left(self.days, today)  # first school day on or after today
        # The latest start a run can have and still cover today.
        self.current_start_max = self.next if self.is_school_day_today else self.next - 1
        self.this_lo, self.this_hi = self._year_window(self.this_year)
        self.has_last_year = self.this_year - 1 in years
        self.last_lo, self.last_hi = self._year_window(self.this_year - 1) if self.has_last_year else (0, -1)

    @property
    def is_school_day_today(self) -> bool:
        return self.next < len(self.days) and self.days[self.next] == self.today

    @property
    def in_term(self) -> bool:
        """Whether today falls in a half term (a school day, or a weekend or bank holiday between two)."""
        if self.is_school_day_today:
            return True
        if self.next == 0 or self.next >= len(self.days):
            return False
        return (self.days[self.next] - self.days[self.next - 1]).days <= 4

    def _year_window(self, start_year: int) -> tuple[int, int]:
        first, last = academic_year_bounds(start_year)
        return bisect_left(self.days, first), bisect_right(self.days, last) - 1

    def day(self, index: int) -> datetime.date:
        return self.days[max(0, min(index, len(self.days) - 1))]

    def index(self, day: datetime.date) -> int:
        """The first school day on or after ``day``."""
        return bisect_left(self.days, day)

    def year_of(self, index: int) -> int:
        return academic_year_of(self.day(index))

    @property
    def school_days_this_year(self) -> int:
        return self.this_hi - self.this_lo + 1

    @property
    def fraction_of_year_elapsed(self) -> float:
        """School days of this academic year before today, as a share of the year's school days."""
        return max(0, self.next - self.this_lo) / max(1, self.school_days_this_year)

    def past_window(self, start_year: int) -> tuple[int, int]:
        """School days of an academic year that are wholly before today (lo > hi when there are none)."""
        if start_year == self.this_year:
            return self.this_lo, self.next - 1
        if start_year == self.this_year - 1 and self.has_last_year:
            return self.last_lo, min(self.last_hi, self.next - 1)
        return 0, -1


def place_runs(rng: random.Random, lo: int, hi: int, lengths: list[int], gap: int = 1) -> list[tuple[int, int]] | None:
    """Put runs of the given lengths (in order) inside [lo, hi], at least ``gap`` days apart; None if they do not fit."""
    if not lengths:
        return []
    slack = (hi - lo + 1) - sum(lengths) - gap * (len(lengths) - 1)
    if slack < 0:
        return None
    cuts = sorted(rng.randint(0, slack) for _ in lengths)
    runs, position, previous_cut = [], lo, 0
    for i, (length, cut) in enumerate(zip(lengths, cuts, strict=True)):
        position += cut - previous_cut + (gap if i else 0)
        previous_cut = cut
        runs.append((position, position + length - 1))
        position += length
    return runs


def fit_runs(rng: random.Random, lo: int, hi: int, lengths: list[int]) -> list[tuple[int, int]]:
    """Place as many of the runs as fit, dropping the last ones until they do."""
    lengths = list(lengths)
    while lengths:
        runs = place_runs(rng, lo, hi, lengths)
        if runs is not None:
            return runs
        lengths.pop()
    return []
