"""One test per named rule in placements/rules.py."""

import datetime
from decimal import Decimal

import pytest

from core.calendar import SchoolCalendar
from placements import rules

D = datetime.date
# Autumn 2 2025 and Spring 1 2026 (the conftest term dates), as the rules see them.
PERIODS = [
    (D(2025, 9, 3), D(2025, 10, 24)),
    (D(2025, 11, 3), D(2025, 12, 19)),
    (D(2026, 1, 5), D(2026, 2, 13)),
    (D(2026, 2, 23), D(2026, 3, 27)),
]
CALENDAR = SchoolCalendar(periods=[(2025, start, end) for start, end in PERIODS], non_school_days=[D(2026, 1, 5)])


def test_add_months_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert rules.add_months(D(2025, 11, 20), 3) == D(2026, 2, 20)
    assert rules.add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)
    assert rules.add_months(D(2025, 5, 31), 3) == D(2025, 8, 31)


@pytest.mark.parametrize(
    ("arrangement", "commissioner", "code"),
    [
        ("single_home", "la", "K"),
        ("single_home", "school", "B"),
        ("single_home", "partnership", "B"),
        ("off_site_direction", "school", "B"),
        ("dual", "la", "D"),
        ("dual", "school", "D"),
    ],
)
def test_home_attendance_code(arrangement, commissioner, code):
    assert rules.home_attendance_code(arrangement, commissioner) == code


def test_off_site_direction_is_for_the_school_to_commission():
    assert rules.off_site_direction_commissioner_ok("off_site_direction", "school")
    assert not rules.off_site_direction_commissioner_ok("off_site_direction", "la")
    assert rules.off_site_direction_commissioner_ok("single_home", "la")


def test_dual_registration_only_at_a_school():
    assert rules.can_dual_register_at("pru")
    assert rules.can_dual_register_at("ap_academy")
    assert not rules.can_dual_register_at("tuition")
    assert not rules.can_dual_register_at("unregistered")


def test_default_planned_end_is_twelve_weeks():
    assert rules.default_planned_end(D(2025, 11, 3)) == D(2026, 1, 25)
    assert rules.default_planned_end(D(2025, 11, 3), 6) == D(2025, 12, 14)


def test_cost_per_session_from_the_programme_prices():
    assert rules.cost_per_session_pence(per_session=4_750, per_day=9_000, per_place_year=None) == 4_750
    assert rules.cost_per_session_pence(per_session=None, per_day=9_001, per_place_year=None) == 4_501
    assert rules.cost_per_session_pence(per_session=None, per_day=None, per_place_year=1_900_000) == 5_000
    assert rules.cost_per_session_pence(per_session=None, per_day=None, per_place_year=None) is None


def test_sessions_in_period_count_school_days_only():
    # Week of 15 December 2025 then the Christmas holiday: Monday AM and PM, Tuesday AM.
    assert rules.sessions_in_period(CALENDAR, ["mon_am", "mon_pm", "tue_am"], D(2025, 12, 15), D(2026, 1, 4)) == 3
    # 5 January 2026 is an INSET day: the Monday sessions that week are not expected.
    assert rules.sessions_in_period(CALENDAR, ["mon_am", "tue_am"], D(2026, 1, 5), D(2026, 1, 9)) == 1


def test_hours_are_costed_as_sessions_of_two_and_a_half_hours():
    # 10 school days is 2 school weeks; 10 hours a week is 4 sessions a week.
    assert rules.hours_as_sessions(CALENDAR, Decimal("10"), D(2025, 12, 8), D(2025, 12, 19)) == Decimal(8)


def test_component_cost():
    cost = rules.component_cost_pence(
        CALENDAR,
        sessions=["mon_am", "mon_pm"],
        hours_per_week=None,
        cost_per_session=4_000,
        start=D(2025, 12, 1),
        end=D(2025, 12, 19),
    )
    assert cost == 3 * 2 * 4_000
    assert (
        rules.component_cost_pence(
            CALENDAR,
            sessions=[],
            hours_per_week=Decimal("5"),
            cost_per_session=1_000,
            start=D(2025, 12, 8),
            end=D(2025, 12, 19),
        )
        == 4_000
    )


def test_review_due_dates_at_six_and_twelve_weeks_and_each_half_term():
    due = rules.review_due_dates(D(2025, 11, 3), D(2026, 3, 27), PERIODS)
    assert due == [
        ("six_weeks", D(2025, 12, 15)),
        ("twelve_weeks", D(2026, 1, 26)),
        ("half_termly", D(2026, 3, 27)),
    ]
    short = rules.review_due_dates(D(2025, 11, 24), D(2025, 12, 19), PERIODS)
    assert short == [("half_termly", D(2025, 12, 19))]
    # A 12-week placement ends the day before its 12-week review would fall: it is held on the last day instead.
    twelve = rules.review_due_dates(D(2025, 11, 3), D(2026, 1, 25), PERIODS)
    assert twelve == [("six_weeks", D(2025, 12, 15)), ("twelve_weeks", D(2026, 1, 25))]


def test_review_overdue():
    assert rules.review_overdue(D(2025, 11, 19), None, D(2025, 11, 20))
    assert not rules.review_overdue(D(2025, 11, 20), None, D(2025, 11, 20))
    assert not rules.review_overdue(D(2025, 11, 19), D(2025, 11, 19), D(2025, 11, 20))


def test_past_planned_end():
    assert rules.past_planned_end("active", D(2025, 11, 19), D(2025, 11, 20))
    assert not rules.past_planned_end("active", D(2025, 11, 20), D(2025, 11, 20))
    assert not rules.past_planned_end("ended", D(2025, 11, 19), D(2025, 11, 20))


def test_extension_needs_a_decision_to_extend_this_placement():
    assert rules.extension_decision_valid("extend_placement", 7, 7)
    assert not rules.extension_decision_valid("extend_placement", 8, 7)
    assert not rules.extension_decision_valid("time_limited_placement", 7, 7)


def test_dual_registration_ends_three_months_after_the_return():
    assert rules.dual_registration_end(D(2026, 1, 12)) == D(2026, 4, 12)


def test_return_checks_at_six_weeks_and_a_term():
    assert rules.return_check_dates(D(2026, 1, 12)) == {"six_weeks": D(2026, 2, 23), "one_term": D(2026, 4, 13)}


def test_year_11():
    assert rules.is_year_11(11)
    assert not rules.is_year_11(10)


def test_year_11_leaving_date_is_the_end_of_the_academic_year():
    assert rules.year_11_leaving_date(2025) == D(2026, 8, 31)


def test_destination_check_dates_october_then_every_six_months_for_two_years():
    assert rules.destination_check_dates(D(2026, 8, 31)) == [
        D(2026, 10, 1),
        D(2027, 4, 1),
        D(2027, 10, 1),
        D(2028, 4, 1),
    ]
