"""One test (or more) per named rule in panels/rules.py."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from core.calendar import SchoolCalendar
from panels import rules

D = datetime.date


@pytest.fixture
def cal(term_dates):
    return SchoolCalendar.load()


@pytest.mark.parametrize(
    ("voting", "authority", "counts"), [(True, True, True), (True, False, False), (False, True, False)]
)
def test_counts_towards_quorum(voting, authority, counts):
    assert rules.counts_towards_quorum(voting, authority) is counts


def test_has_conflict_only_for_the_referring_school():
    assert rules.has_conflict(5, 5)
    assert not rules.has_conflict(5, 6)
    assert not rules.has_conflict(5, None)


def test_quorum_met():
    assert rules.quorum_met(3, 3)
    assert not rules.quorum_met(2, 3)


def test_decision_day_allowed():
    assert rules.decision_day_allowed(D(2025, 11, 20), D(2025, 11, 20))
    assert rules.decision_day_allowed(D(2025, 11, 19), D(2025, 11, 20))
    assert not rules.decision_day_allowed(D(2025, 11, 21), D(2025, 11, 20))


def test_fair_access_deadline_is_twenty_school_days_after(cal):
    # Thursday 20 November 2025: Fri 21, then four full weeks (24 Nov to 12 Dec = 15), Mon 15 to Thu 18 Dec.
    assert rules.fair_access_deadline(cal, D(2025, 11, 20)) == D(2025, 12, 18)


def test_fair_access_deadline_skips_the_christmas_holiday_and_inset(cal):
    # Monday 8 December 2025: 9-12 Dec (4), 15-19 Dec (9), 5 January is INSET, 6-9 Jan (13), 12-16 Jan (18), 19, 20.
    assert rules.fair_access_deadline(cal, D(2025, 12, 8)) == D(2026, 1, 20)


class TestFairAccessFlag:
    def test_due_with_days_left(self, cal):
        flag = rules.fair_access_flag(cal, D(2025, 12, 18), None, D(2025, 12, 16))
        assert not flag.overdue and "2 school days left" in flag.text  # 17 and 18 December
        assert "due today" in rules.fair_access_flag(cal, D(2025, 12, 18), None, D(2025, 12, 18)).text

    def test_overdue_without_admission(self, cal):
        flag = rules.fair_access_flag(cal, D(2025, 12, 18), None, D(2025, 12, 19))
        assert flag.overdue and "Not admitted" in flag.text

    def test_admitted_in_time_clears_the_flag(self, cal):
        assert rules.fair_access_flag(cal, D(2025, 12, 18), D(2025, 12, 1), D(2026, 1, 20)) is None

    def test_late_admission_stays_flagged(self, cal):
        flag = rules.fair_access_flag(cal, D(2025, 12, 18), D(2026, 1, 7), D(2026, 1, 20))
        assert flag.overdue and "3 school days after" in flag.text  # 19 Dec, 6 Jan, 7 Jan


def test_admissions_per_hundred():
    assert rules.admissions_per_hundred(3, 1200) == Decimal("0.25")
    assert rules.admissions_per_hundred(0, 900) == Decimal("0.00")
    assert rules.admissions_per_hundred(2, 0) is None


def test_fair_share_is_in_proportion_to_roll():
    assert rules.fair_share(10, 900, 3000) == Decimal("3.0")
    assert rules.fair_share(7, 1000, 3000) == Decimal("2.3")
    assert rules.fair_share(5, 100, 0) == Decimal("0")


class TestOutcomeErrors:
    def errors(self, outcome, **kw):
        base = {
            "provider": None,
            "placement_weeks": None,
            "named_school": None,
            "return_date": None,
            "referring_school_id": 1,
            "decided_on": D(2025, 11, 20),
        }
        return rules.outcome_errors(outcome, **{**base, **kw})

    def test_time_limited_placement_needs_provider_and_length(self):
        assert set(self.errors("time_limited_placement")) == {"provider", "placement_weeks"}
        assert self.errors("time_limited_placement", provider=object(), placement_weeks=12) == {}

    def test_length_is_between_one_and_fifty_two_weeks(self):
        assert "placement_weeks" in self.errors("time_limited_placement", provider=object(), placement_weeks=60)

    def test_fair_access_needs_a_named_school_other_than_the_referring_one(self):
        assert "fair access allocation" in self.errors("fair_access_allocation")["named_school"]
        same = SimpleNamespace(pk=1)
        assert "different school" in self.errors("fair_access_allocation", named_school=same)["named_school"]
        assert self.errors("fair_access_allocation", named_school=SimpleNamespace(pk=2)) == {}

    def test_managed_move_needs_a_named_school(self):
        assert "managed move" in self.errors("managed_move")["named_school"]

    def test_return_needs_a_date_not_before_the_decision(self):
        assert "return_date" in self.errors("return_to_mainstream")
        assert "on or after" in self.errors("return_to_mainstream", return_date=D(2025, 11, 1))["return_date"]
        assert self.errors("return_to_mainstream", return_date=D(2026, 1, 6)) == {}

    def test_extension_needs_the_placement_and_weeks(self):
        assert set(self.errors("extend_placement")) == {"extend_placement", "placement_weeks"}

    @pytest.mark.parametrize("outcome", ["targeted_support", "ehc_assessment", "decline", "defer"])
    def test_other_outcomes_need_nothing_more(self, outcome):
        assert self.errors(outcome) == {}


@pytest.mark.parametrize(
    ("panel_type", "area_id", "route", "partnership", "ehcp", "hears"),
    [
        ("inclusion", None, "school", 3, False, True),
        ("inclusion", 3, "school", 3, False, True),
        ("inclusion", 3, "school", 4, False, False),
        ("inclusion", 3, "fair_access", None, False, False),
        ("fair_access", None, "fair_access", None, False, True),
        ("fair_access", None, "school", 3, False, False),
        ("send_spa", None, "school", 3, True, True),
        ("send_spa", None, "school", 3, False, False),
        ("behaviour_attendance", 3, "pex", 3, False, True),
    ],
)
def test_panel_hears(panel_type, area_id, route, partnership, ehcp, hears):
    assert (
        rules.panel_hears(panel_type, area_id, route=route, school_partnership_id=partnership, has_ehc_plan=ehcp)
        is hears
    )


def test_meeting_day_moves_out_of_a_holiday(cal):
    assert rules.meeting_day(cal, D(2025, 11, 20)) == D(2025, 11, 20)
    assert rules.meeting_day(cal, D(2025, 10, 29)) == D(2025, 11, 3)  # half term
    assert rules.meeting_day(cal, D(2025, 11, 22)) == D(2025, 11, 24)  # a Saturday


def test_cadence_dates():
    assert rules.cadence_dates("fortnightly", D(2025, 11, 6), 3) == [D(2025, 11, 6), D(2025, 11, 20), D(2025, 12, 4)]
    assert rules.cadence_dates("four_weekly", D(2025, 11, 6), 2) == [D(2025, 11, 6), D(2025, 12, 4)]
    assert rules.cadence_dates("monthly", D(2026, 1, 31), 3) == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)]
    assert rules.cadence_dates("monthly", D(2025, 12, 10), 2) == [D(2025, 12, 10), D(2026, 1, 10)]


def test_spa_rotation_takes_each_panel_in_turn():
    assert rules.spa_rotation([7, 8, 9], D(2025, 11, 3), 4) == [
        (D(2025, 11, 3), 7),
        (D(2025, 11, 10), 8),
        (D(2025, 11, 17), 9),
        (D(2025, 11, 24), 7),
    ]
    assert rules.spa_rotation([], D(2025, 11, 3), 4) == []
