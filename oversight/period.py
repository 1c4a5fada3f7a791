"""The date range a figure covers: any range the user chooses, by default this academic year so far."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from core.calendar import academic_year_bounds, academic_year_label, academic_year_of

MAX_YEARS = 10


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def academic_years(self) -> range:
        return range(academic_year_of(self.start), academic_year_of(self.end) + 1)

    @property
    def label(self) -> str:
        return f"{_long(self.start)} to {_long(self.end)}"

    @property
    def query(self) -> dict[str, str]:
        """The period as GET parameters of the filter form (GOV.UK date inputs)."""
        return {
            "start-day": str(self.start.day),
            "start-month": str(self.start.month),
            "start-year": str(self.start.year),
            "end-day": str(self.end.day),
            "end-month": str(self.end.month),
            "end-year": str(self.end.year),
        }

    def overlap_days(self, first: datetime.date, last: datetime.date | None) -> int:
        """Days from ``first`` to ``last`` (open-ended when None) that fall in the period."""
        start = max(first, self.start)
        end = min(last or self.end, self.end)
        return max(0, (end - start).days + 1)


def academic_year_to_date(today: datetime.date) -> Period:
    start, _ = academic_year_bounds(academic_year_of(today))
    return Period(start, today)


def whole_academic_year(start_year: int) -> Period:
    return Period(*academic_year_bounds(start_year))


def quick_periods(today: datetime.date) -> list[tuple[str, Period]]:
    """The ranges offered as links beside the date boxes."""
    this_year = academic_year_of(today)
    return [
        (f"This academic year so far ({academic_year_label(this_year)})", academic_year_to_date(today)),
        (f"Last academic year ({academic_year_label(this_year - 1)})", whole_academic_year(this_year - 1)),
    ]


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
