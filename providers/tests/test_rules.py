"""One test (or a few) per named rule in providers/rules.py."""

import datetime
from decimal import Decimal

import pytest

from providers import rules
from providers.models import Programme

D = datetime.date


@pytest.mark.parametrize(
    ("status", "accepts"),
    [("approved", True), ("conditional", True), ("applied", False), ("suspended", False), ("decommissioned", False)],
)
def test_accepts_new_placements(status, accepts):
    assert rules.accepts_new_placements(status) is accepts


def test_conditional_approval_needs_conditions():
    assert not rules.conditional_approval_needs_conditions("conditional", "  ")
    assert rules.conditional_approval_needs_conditions("conditional", "Weekly registers")
    assert rules.conditional_approval_needs_conditions("approved", "")


class TestPriceProblem:
    def test_negative_price_is_refused(self):
        assert "cannot be negative" in rules.price_problem("price_per_day_pence", -1)

    def test_two_hundred_thousand_a_year_is_the_ceiling(self):
        assert rules.price_problem("price_per_place_year_pence", 20_000_000) is None
        assert "£200,000.00 or less" in rules.price_problem("price_per_place_year_pence", 20_000_001)

    def test_day_and_session_ceilings_follow_from_190_days(self):
        assert rules.MAX_PRICE_PER_DAY_PENCE == 105_264  # £200,000 / 190, rounded up
        assert rules.price_problem("price_per_day_pence", rules.MAX_PRICE_PER_DAY_PENCE + 1)
        assert rules.price_problem("price_per_session_pence", rules.MAX_PRICE_PER_SESSION_PENCE) is None
        assert rules.price_problem("price_per_session_pence", rules.MAX_PRICE_PER_SESSION_PENCE + 1)

    def test_no_price_is_no_problem(self):
        assert rules.price_problem("price_per_session_pence", None) is None


def test_daily_equivalent_prefers_day_then_sessions_then_year():
    assert rules.daily_equivalent_pence(Programme(price_per_day_pence=9_000, price_per_session_pence=4_000)) == 9_000
    assert rules.daily_equivalent_pence(Programme(price_per_session_pence=4_000)) == 8_000
    assert rules.daily_equivalent_pence(Programme(price_per_place_year_pence=1_900_000)) == 10_000
    assert rules.daily_equivalent_pence(Programme()) is None


@pytest.mark.parametrize(
    ("kind", "applies"),
    [
        ("pru", True),
        ("ap_academy", True),
        ("ap_free_school", True),
        ("independent_school", False),
        ("unregistered", False),
        ("tuition", False),
    ],
)
def test_place_funding_applies_only_to_state_funded_ap(kind, applies):
    assert rules.place_funding_applies(kind) is applies


@pytest.mark.parametrize(
    ("ages", "phases"),
    [
        ((11, 16), ["Key stage 3", "Key stage 4"]),
        ((14, 16), ["Key stage 4"]),
        ((5, 11), ["Primary"]),
        ((16, 19), ["Post-16"]),
        ((4, 25), ["Primary", "Key stage 3", "Key stage 4", "Post-16"]),
        ((15, 15), ["Key stage 4"]),
        ((None, 16), []),
    ],
)
def test_phases_for_ages(ages, phases):
    assert rules.phases_for_ages(*ages) == phases


def test_covers_age_reads_ranges_as_years_7_to_11():
    assert rules.covers_age(11, 16, 11) and rules.covers_age(11, 16, 15)
    assert not rules.covers_age(11, 16, 16) and not rules.covers_age(11, 16, 10)
    assert rules.covers_age(14, 14, 14)


class TestCompulsorySchoolAge:
    def test_starts_on_the_prescribed_day_after_the_fifth_birthday(self):
        starts, _ = rules.compulsory_school_age_bounds(D(2015, 10, 10))
        assert starts == D(2020, 12, 31)
        starts, _ = rules.compulsory_school_age_bounds(D(2015, 2, 1))
        assert starts == D(2020, 3, 31)

    def test_birthday_on_a_prescribed_day_starts_that_day(self):
        starts, _ = rules.compulsory_school_age_bounds(D(2015, 8, 31))
        assert starts == D(2020, 8, 31)

    def test_ends_on_the_last_friday_of_june_of_the_year_they_turn_sixteen(self):
        # Turns 16 on 10 October 2025 (school year 2025/26): leaves on Friday 26 June 2026.
        _, ends = rules.compulsory_school_age_bounds(D(2009, 10, 10))
        assert ends == D(2026, 6, 26) and ends.weekday() == 4
        # Turns 16 in July 2026, after the leaving date but in the same school year: still 26 June 2026.
        _, ends = rules.compulsory_school_age_bounds(D(2010, 7, 20))
        assert ends == D(2026, 6, 26)

    def test_is_compulsory_school_age(self):
        assert rules.is_compulsory_school_age(D(2010, 3, 1), D(2025, 11, 20))
        assert not rules.is_compulsory_school_age(D(2009, 3, 1), D(2025, 11, 20))  # left in June 2025
        assert not rules.is_compulsory_school_age(D(2021, 6, 1), D(2025, 11, 20))  # starts 31 Aug 2026


def test_weekly_hours_uses_recorded_hours_or_sessions():
    assert rules.weekly_hours(Decimal("12.5"), ["mon_am"], Decimal("2.5")) == Decimal("12.5")
    assert rules.weekly_hours(None, ["mon_am", "mon_pm", "tue_am"], Decimal("2.5")) == Decimal("7.5")
    assert rules.weekly_hours(None, None, Decimal("2.5")) == 0


def test_is_full_time_uses_the_la_threshold():
    assert rules.is_full_time(Decimal(18), Decimal(18))
    assert not rules.is_full_time(Decimal("17.5"), Decimal(18))


@pytest.mark.parametrize(
    ("kind", "applies"),
    [
        ("unregistered", True),
        ("tuition", True),
        ("work_based", True),
        ("pru", False),
        ("independent_school", False),
        ("fe_college", False),
    ],
)
def test_registration_rule_applies_to_providers_that_are_not_registered_schools(kind, applies):
    assert rules.registration_rule_applies(kind) is applies


class TestIndependentSchoolRegistration:
    def test_four_full_time_pupils_are_below_the_threshold(self):
        assert rules.independent_school_registration(4, 0) is None

    def test_five_full_time_pupils_need_registration(self):
        warning = rules.independent_school_registration(5, 0)
        assert "5 pupils of compulsory school age full-time" in warning.text

    def test_one_looked_after_or_ehcp_pupil_needs_registration(self):
        warning = rules.independent_school_registration(1, 1)
        assert "1 looked-after pupil or pupil with an EHC plan" in warning.text


@pytest.mark.parametrize(
    ("expires", "state"),
    [
        (D(2025, 11, 19), "expired"),
        (D(2025, 11, 20), "expiring"),
        (D(2026, 1, 19), "expiring"),
        (D(2026, 1, 20), "current"),
    ],
)
def test_document_state(expires, state):
    assert rules.document_state(expires, D(2025, 11, 20), 60) == state


def test_missing_documents_lists_the_six_kinds_not_held():
    assert len(rules.missing_documents(set())) == 6
    assert rules.missing_documents(
        {"safeguarding_policy", "safeguarding_lead", "dbs_scr", "insurance", "premises"}
    ) == ["health_safety"]


def test_next_annual_visit_due_and_overdue():
    assert rules.next_annual_visit_due(D(2024, 11, 20), 12) == D(2025, 11, 20)
    assert rules.next_annual_visit_due(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert not rules.annual_visit_overdue(D(2024, 11, 20), D(2025, 11, 20), 12)
    assert rules.annual_visit_overdue(D(2024, 11, 19), D(2025, 11, 20), 12)
    assert rules.annual_visit_overdue(None, D(2025, 11, 20), 12)
    assert not rules.annual_visit_overdue(D(2025, 1, 10), D(2025, 11, 20), 12)


def test_visit_overdue():
    assert rules.visit_overdue("scheduled", D(2025, 11, 19), D(2025, 11, 20))
    assert not rules.visit_overdue("scheduled", D(2025, 11, 20), D(2025, 11, 20))
    assert not rules.visit_overdue("completed", D(2025, 11, 1), D(2025, 11, 20))


def test_action_overdue():
    assert rules.action_overdue("open", D(2025, 11, 19), D(2025, 11, 20))
    assert not rules.action_overdue("done", D(2025, 11, 19), D(2025, 11, 20))


def test_matters_to_commissioners():
    assert rules.matters_to_commissioners("price_per_day_pence", 9_000, 9_500)
    assert rules.matters_to_commissioners("accreditation", "gcse", "none")
    assert not rules.matters_to_commissioners("accreditation", "gcse", "gcse")
    assert not rules.matters_to_commissioners("description", "a", "b")


def test_need_gap():
    assert rules.need_gap(0) and not rules.need_gap(2)


def test_capacity_gap():
    assert rules.capacity_gap(3, 0)
    assert not rules.capacity_gap(0, 0)
    assert not rules.capacity_gap(3, 1)
