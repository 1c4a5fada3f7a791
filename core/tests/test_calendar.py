"""The school-day calendar on real cases, using the term dates in conftest.TERM_DATES."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import INSET_DAYS, TERM_DATES
from core.calendar import (
    CalendarError,
    SchoolCalendar,
    academic_year_bounds,
    academic_year_of,
    term_dates_overview,
)

D = datetime.date


@pytest.fixture
def calendar(term_dates):
    return SchoolCalendar.load()


# The same calendar built from plain data, for property tests (no database).
PLAIN = SchoolCalendar(
    periods=[(year, start, end) for year, periods in TERM_DATES.items() for _, start, end in periods],
    non_school_days=INSET_DAYS,
)


def test_academic_year_starts_on_1_september():
    assert academic_year_of(D(2025, 9, 1)) == 2025
    assert academic_year_of(D(2025, 8, 31)) == 2024
    assert academic_year_of(D(2026, 8, 31)) == 2025
    assert academic_year_of(D(2026, 1, 15)) == 2025
    assert academic_year_bounds(2025) == (D(2025, 9, 1), D(2026, 8, 31))


def test_load_takes_two_queries(term_dates, django_assert_num_queries):
    with django_assert_num_queries(2):
        calendar = SchoolCalendar.load()
    assert calendar.covered_years == [2025, 2026]


def test_school_day_rules(calendar):
    assert calendar.is_school_day(D(2025, 10, 24))  # Friday, last day of Autumn 1
    assert not calendar.is_school_day(D(2025, 10, 27))  # half-term
    assert not calendar.is_school_day(D(2025, 10, 25))  # Saturday
    assert not calendar.is_school_day(D(2026, 1, 5))  # INSET day
    assert not calendar.is_school_day(D(2026, 5, 4))  # Early May bank holiday, in term
    assert calendar.is_school_day(D(2026, 5, 5))
    assert not calendar.is_school_day(D(2026, 8, 3))  # summer holiday


def test_across_autumn_half_term(calendar):
    assert calendar.nth_school_day_after(D(2025, 10, 24), 1) == D(2025, 11, 3)
    assert calendar.school_days_between(D(2025, 10, 20), D(2025, 11, 7)) == 10
    assert calendar.school_days(D(2025, 10, 23), D(2025, 11, 4)) == [
        D(2025, 10, 23),
        D(2025, 10, 24),
        D(2025, 11, 3),
        D(2025, 11, 4),
    ]


def test_across_christmas_with_an_inset_day(calendar):
    # 19 Dec 2025 is the last day of term; 5 Jan 2026 is an INSET day, so 6 Jan is next.
    assert calendar.nth_school_day_after(D(2025, 12, 19), 1) == D(2026, 1, 6)
    assert calendar.school_days_between(D(2025, 12, 19), D(2026, 1, 6)) == 2


def test_across_early_may_bank_holiday(calendar):
    assert calendar.nth_school_day_after(D(2026, 5, 1), 1) == D(2026, 5, 5)
    assert calendar.school_days_between(D(2026, 4, 27), D(2026, 5, 8)) == 9


def test_weekend_start_counts_from_the_next_school_day(calendar):
    assert calendar.nth_school_day_from(D(2025, 10, 11), 1) == D(2025, 10, 13)  # Saturday -> Monday
    assert calendar.nth_school_day_from(D(2025, 10, 11), 6) == D(2025, 10, 20)


def test_sixth_school_day_of_an_exclusion():
    """Full-time provision from the 6th school day of an exclusion (SI 2007/1870 regs 3 and 4)."""
    calendar = PLAIN
    assert calendar.nth_school_day_from(D(2025, 10, 16), 6) == D(2025, 10, 23)
    # Starting Thursday 23 Oct, the 6th school day lands after half-term.
    assert calendar.nth_school_day_from(D(2025, 10, 23), 6) == D(2025, 11, 6)


def test_school_days_between_edge_cases(calendar):
    assert calendar.school_days_between(D(2025, 10, 24), D(2025, 10, 24)) == 1
    assert calendar.school_days_between(D(2025, 10, 25), D(2025, 11, 2)) == 0
    assert calendar.school_days_between(D(2025, 11, 7), D(2025, 11, 3)) == 0
    assert calendar.school_days(D(2025, 11, 7), D(2025, 11, 3)) == []


def test_n_must_be_at_least_one(calendar):
    with pytest.raises(ValueError):
        calendar.nth_school_day_from(D(2025, 10, 16), 0)


def test_calendar_error_past_the_last_known_term_date(calendar):
    assert calendar.covers(D(2027, 7, 21))
    assert not calendar.covers(D(2027, 9, 1))
    with pytest.raises(CalendarError) as caught:
        calendar.nth_school_day_from(D(2027, 7, 20), 5)
    message = str(caught.value)
    assert "2027/28" in message
    assert "1 September 2027 to 31 August 2028" in message
    assert "Term dates page" in message
    assert caught.value.missing_years == [2027]


def test_calendar_error_before_the_first_known_term_date(calendar):
    assert not calendar.covers(D(2025, 6, 2))
    assert not calendar.is_school_day(D(2025, 6, 2))
    with pytest.raises(CalendarError, match="2024/25"):
        calendar.school_days_between(D(2025, 6, 1), D(2025, 9, 30))
    with pytest.raises(CalendarError, match="2024/25"):
        calendar.nth_school_day_from(D(2025, 6, 2), 1)
    with pytest.raises(CalendarError, match="2024/25"):
        calendar.school_days(D(2025, 6, 1), D(2025, 9, 30))


def test_calendar_error_for_a_gap_between_known_years():
    calendar = SchoolCalendar(periods=[(2025, D(2025, 9, 3), D(2026, 7, 22)), (2027, D(2027, 9, 2), D(2028, 7, 20))])
    with pytest.raises(CalendarError, match="2026/27"):
        calendar.nth_school_day_after(D(2026, 7, 22), 1)


def test_calendar_without_any_term_dates_raises(db):
    calendar = SchoolCalendar.load()
    with pytest.raises(CalendarError, match="2025/26"):
        calendar.nth_school_day_from(D(2025, 10, 16), 6)


def test_overview_counts_school_days_and_flags_missing_years(term_dates, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        overview = term_dates_overview(D(2026, 10, 1))
    first_year = overview["years"][0]
    assert first_year["label"] == "2025/26"
    assert first_year["periods"][0]["school_days"] == 38  # 3 Sep to 24 Oct 2025
    assert [day for day, _ in first_year["bank_holidays_in_term"]] == [D(2026, 5, 4)]
    assert overview["missing"] == ["2027/28"]


@given(
    day=st.dates(min_value=D(2025, 9, 1), max_value=D(2027, 5, 31)),
    n=st.integers(min_value=1, max_value=25),
)
def test_nth_school_day_after_property(day, n):
    result = PLAIN.nth_school_day_after(day, n)
    assert result > day
    assert PLAIN.is_school_day(result)
    assert PLAIN.school_days_between(day + datetime.timedelta(days=1), result) == n
    assert PLAIN.nth_school_day_from(day + datetime.timedelta(days=1), n) == result
