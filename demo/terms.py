"""Plausible term dates for Trafford, 2024/25 to 2027/28: half terms and five INSET days a year.

These are PLAUSIBLE, NOT OFFICIAL: they follow the usual pattern of a north-west England LA
(start in the first week of September, a week at October half term, two weeks at Christmas,
a week in February, two weeks round Easter, a week at the end of May, finish in the third or
fourth week of July) but were not copied from Trafford Council's published calendar. Bank
holidays are not listed here: the school calendar (core/calendar.py) leaves them out itself.
INSET days are weekdays inside a half term (here the first day of four half terms and the last
day of the summer term) and are stored as NonSchoolDay rows.
"""

from __future__ import annotations

import datetime

from core.models import AcademicYear, NonSchoolDay, TermPeriod

D = datetime.date
HALF_TERMS = ("Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")

TERM_DATES: dict[int, list[tuple[datetime.date, datetime.date]]] = {
    2024: [
        (D(2024, 9, 3), D(2024, 10, 25)),
        (D(2024, 11, 4), D(2024, 12, 20)),
        (D(2025, 1, 6), D(2025, 2, 14)),
        (D(2025, 2, 24), D(2025, 4, 4)),
        (D(2025, 4, 22), D(2025, 5, 23)),
        (D(2025, 6, 2), D(2025, 7, 22)),
    ],
    2025: [
        (D(2025, 9, 3), D(2025, 10, 24)),
        (D(2025, 11, 3), D(2025, 12, 19)),
        (D(2026, 1, 5), D(2026, 2, 13)),
        (D(2026, 2, 23), D(2026, 3, 27)),
        (D(2026, 4, 13), D(2026, 5, 22)),
        (D(2026, 6, 1), D(2026, 7, 22)),
    ],
    2026: [
        (D(2026, 9, 2), D(2026, 10, 23)),
        (D(2026, 11, 2), D(2026, 12, 18)),
        (D(2027, 1, 5), D(2027, 2, 12)),
        (D(2027, 2, 22), D(2027, 3, 25)),
        (D(2027, 4, 12), D(2027, 5, 28)),
        (D(2027, 6, 7), D(2027, 7, 21)),
    ],
    2027: [
        (D(2027, 9, 2), D(2027, 10, 22)),
        (D(2027, 11, 1), D(2027, 12, 17)),
        (D(2028, 1, 4), D(2028, 2, 11)),
        (D(2028, 2, 21), D(2028, 4, 7)),
        (D(2028, 4, 24), D(2028, 5, 26)),
        (D(2028, 6, 5), D(2028, 7, 21)),
    ],
}

INSET_DESCRIPTIONS = (
    (0, "first", "INSET day: start of the autumn term"),
    (1, "first", "INSET day: start of the second half of the autumn term"),
    (2, "first", "INSET day: start of the spring term"),
    (5, "first", "INSET day: start of the second half of the summer term"),
    (5, "last", "INSET day: end of the summer term"),
)


def inset_days(start_year: int) -> list[tuple[datetime.date, str]]:
    """The five INSET days of an academic year: weekdays inside its half terms."""
    periods = TERM_DATES[start_year]
    days = []
    for index, which, description in INSET_DESCRIPTIONS:
        first, last = periods[index]
        day = first if which == "first" else last
        days.append((day, description))
    return days


def create_term_dates() -> tuple[int, int]:
    """Create the academic years, half terms and INSET days; returns (term periods, INSET days) created."""
    periods, insets = [], []
    existing_days = set(NonSchoolDay.objects.values_list("date", flat=True))
    for start_year, dates in TERM_DATES.items():
        year, _ = AcademicYear.objects.get_or_create(start_year=start_year)
        if year.periods.exists():  # term dates someone entered already win
            continue
        periods += [
            TermPeriod(academic_year=year, name=name, start_date=first, end_date=last)
            for name, (first, last) in zip(HALF_TERMS, dates, strict=True)
        ]
        insets += [
            NonSchoolDay(date=day, kind=NonSchoolDay.Kind.INSET, description=text)
            for day, text in inset_days(start_year)
            if day not in existing_days
        ]
    TermPeriod.objects.bulk_create(periods)
    NonSchoolDay.objects.bulk_create(insets)
    return len(periods), len(insets)
