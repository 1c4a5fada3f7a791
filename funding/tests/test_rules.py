"""One test for each named rule in funding.rules."""

import datetime
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest

from core.calendar import SchoolCalendar
from funding import rules
from funding.models import FundingModel

D = datetime.date
M = FundingModel


def test_models_conflict():
    assert rules.models_conflict([]) == "Choose at least one funding model"
    assert rules.models_conflict([M.DEVOLVED_SCHOOLS, M.TARIFF, M.COLLECTIVE, M.GOVERNANCE]) is None
    assert "choose one of them" in rules.models_conflict([M.TRADITIONAL, M.DEVOLVED_SCHOOLS])
    assert "choose one of them" in rules.models_conflict([M.DEVOLVED_SCHOOLS, M.DEVOLVED_PARTNERSHIPS])


def test_devolves_funding():
    assert rules.devolves_funding([M.DEVOLVED_PREVENTATIVE])
    assert rules.devolves_funding([M.DEVOLVED_PARTNERSHIPS, M.TARIFF])
    assert not rules.devolves_funding([M.TRADITIONAL, M.TARIFF, M.COLLECTIVE])


def test_recharges_exclusions():
    assert rules.recharges_exclusions([M.DEVOLVED_SCHOOLS])
    assert rules.recharges_exclusions([M.DEVOLVED_PARTNERSHIPS])
    assert not rules.recharges_exclusions([M.DEVOLVED_PREVENTATIVE])
    assert not rules.recharges_exclusions([M.TRADITIONAL, M.TARIFF])


def test_charges_tariff():
    assert rules.charges_tariff([M.TRADITIONAL, M.TARIFF], 400_000)
    assert not rules.charges_tariff([M.TRADITIONAL, M.TARIFF], 0)
    assert not rules.charges_tariff([M.DEVOLVED_SCHOOLS], 400_000)


def test_held_by_partnership():
    assert rules.held_by_partnership([M.DEVOLVED_PARTNERSHIPS])
    assert not rules.held_by_partnership([M.DEVOLVED_SCHOOLS])


def test_uses_shares_of_places():
    assert rules.uses_shares_of_places([M.TRADITIONAL, M.COLLECTIVE])
    assert not rules.uses_shares_of_places([M.DEVOLVED_SCHOOLS])


def test_change_date_open():
    assert rules.change_date_open(D(2025, 9, 1), None)
    assert rules.change_date_open(D(2025, 11, 1), D(2025, 10, 31))
    assert not rules.change_date_open(D(2025, 10, 31), D(2025, 10, 31))


def test_phase_of_year_group():
    assert [rules.phase_of_year_group(y) for y in (-1, 0, 6, 7, 11, 12)] == [
        None,
        "primary",
        "primary",
        "secondary",
        "secondary",
        None,
    ]


def test_counts_in_formula():
    assert rules.counts_in_formula("secondary") and rules.counts_in_formula("all_through")
    assert not rules.counts_in_formula("special") and not rules.counts_in_formula("ap")


def test_place_funding_pence():
    assert rules.place_funding_pence(27, 1_000_000) == 27_000_000  # BANES: 27 places


def test_devolvable_pence():
    assert rules.devolvable_pence(100_000_000, 27_000_000) == 73_000_000
    assert rules.devolvable_pence(1_000, 2_000) == -1_000


def test_devolved_pence():
    assert rules.devolved_pence(73_000_000, Decimal(100)) == 73_000_000
    assert rules.devolved_pence(1_001, Decimal(50)) == 500  # rounded down to a whole penny


def test_weighted_pupils():
    assert rules.weighted_pupils(210, 900, Decimal("0.25"), Decimal(1)) == Fraction(1905, 2)  # 210 x 0.25 + 900


def test_fsm_measure():
    assert rules.fsm_measure(Fraction(900), Decimal("20.5")) == Fraction(369, 2)


def test_idaci_measure():
    assert rules.idaci_measure(Fraction(900), Decimal("0.150")) == 135


def test_factor_share():
    assert rules.factor_share(Fraction(1000), Fraction(1), Fraction(4)) == 250
    assert rules.factor_share(Fraction(1000), Fraction(1), Fraction(0)) == 0


def test_minimum_allocation():
    assert rules.minimum_allocation(None, None, None) == 0
    assert rules.minimum_allocation(50_000, None, None) == 50_000
    assert rules.minimum_allocation(None, 100_000, Decimal(2)) == 98_000
    assert rules.minimum_allocation(99_000, 100_000, Decimal(2)) == 99_000


def test_apply_minimums():
    result = rules.apply_minimums([Fraction(10), Fraction(45), Fraction(45)], [Fraction(20), 0, 0], Fraction(100))
    assert result == [20, 40, 40]
    with pytest.raises(ValueError):
        rules.apply_minimums([Fraction(50), Fraction(50)], [Fraction(60), Fraction(60)], Fraction(100))


def test_largest_remainder():
    assert rules.largest_remainder([Fraction(1, 3)] * 3, 1) == [1, 0, 0]
    assert rules.largest_remainder([Fraction(10, 3), Fraction(20, 3)], 10) == [3, 7]


def test_engagement_status():
    assert rules.engagement_status("accepted") == "engaged"
    assert rules.engagement_status("declined") == "not_engaged"
    assert rules.engagement_status("pending") == rules.engagement_status(None) == "pending"


def test_recovery_due():
    assert rules.recovery_due(-12_345) == 12_345
    assert rules.recovery_due(500) == 0


def test_posting_date():
    assert rules.posting_date(D(2025, 9, 1), None) == D(2025, 9, 1)
    assert rules.posting_date(D(2025, 9, 1), D(2025, 10, 31)) == D(2025, 11, 1)
    assert rules.posting_date(D(2025, 11, 5), D(2025, 10, 31)) == D(2025, 11, 5)


def test_month_can_close():
    assert rules.month_can_close(D(2025, 10, 1), D(2025, 11, 20), None) is None
    assert "has not ended" in rules.month_can_close(D(2025, 11, 1), D(2025, 11, 20), None)
    assert "next month to close is September 2025" in rules.month_can_close(
        D(2025, 10, 1), D(2025, 11, 20), D(2025, 8, 31)
    )


def test_month_end():
    assert rules.month_end(D(2024, 2, 1)) == D(2024, 2, 29)
    assert rules.month_end(D(2025, 12, 1)) == D(2025, 12, 31)


def test_excluded_at_start():
    assert rules.excluded_at_start(D(2025, 9, 1), None, D(2025, 9, 8))
    assert rules.excluded_at_start(D(2025, 9, 1), D(2025, 9, 8), D(2025, 9, 8))
    assert not rules.excluded_at_start(D(2025, 9, 10), None, D(2025, 9, 8))
    assert not rules.excluded_at_start(D(2025, 9, 1), D(2025, 9, 5), D(2025, 9, 8))


def test_counts_as_delivered():
    assert rules.counts_as_delivered("Present") and rules.counts_as_delivered("AEA")
    assert not rules.counts_as_delivered("Unauth") and not rules.counts_as_delivered("Auth")


def test_fte_of():
    assert rules.fte_of(10, None) == 1
    assert rules.fte_of(4, Decimal(10)) == Decimal("0.4")
    assert rules.fte_of(0, Decimal("12.5")) == Decimal("0.5")
    assert rules.fte_of(0, None) == 0


def test_share_of_places():
    assert rules.share_of_places(27, Decimal("0.1")) == Decimal("2.70")


def test_monthly_run_rate():
    assert rules.monthly_run_rate(300_000, 3) == 100_000
    assert rules.monthly_run_rate(300_000, 0) == 0


def test_forecast_year_end():
    assert rules.forecast_year_end(spent=500, committed=200, run_rate=100, months_left=9) == 1_600


def test_overspend_projected():
    assert rules.overspend_projected(1_001, 1_000)
    assert not rules.overspend_projected(1_000, 1_000)


def test_placement_cost_pence():
    cal = SchoolCalendar([(2025, D(2025, 9, 1), D(2025, 9, 30))], bank_holidays={})
    full = SimpleNamespace(
        start_date=D(2025, 9, 1),
        end_date=None,
        sessions=["mon_am", "mon_pm", "wed_am"],
        hours_per_week=None,
        cost_per_session_pence=1_000,
    )
    later = SimpleNamespace(
        start_date=D(2025, 9, 22),
        end_date=D(2025, 9, 26),
        sessions=[],
        hours_per_week=Decimal(5),
        cost_per_session_pence=1_000,
    )
    # September 2025: 5 Mondays and 4 Wednesdays from the 1st to the 30th -> 14 sessions; 5 hours for one week -> 2 sessions.
    assert rules.placement_cost_pence(cal, [full], D(2025, 9, 1), D(2025, 9, 30)) == 14_000
    assert rules.placement_cost_pence(cal, [full, later], D(2025, 9, 1), D(2025, 9, 30)) == 16_000
    assert rules.placement_cost_pence(cal, [later], D(2025, 9, 1), D(2025, 9, 19)) == 0


def test_committed_period():
    opens = D(2025, 9, 1)
    assert rules.committed_period(D(2025, 6, 2), D(2025, 10, 17), opens) == (opens, D(2025, 10, 17))
    assert rules.committed_period(D(2025, 9, 8), D(2025, 12, 19), opens) == (D(2025, 9, 8), D(2025, 12, 19))
    assert rules.committed_period(D(2025, 3, 3), D(2025, 7, 18), opens) is None


def test_covered_by_block():
    blocks = {(1, 10, 2025)}
    assert rules.covered_by_block(1, 10, 2025, blocks)
    assert not rules.covered_by_block(1, 11, 2025, blocks) and not rules.covered_by_block(1, 10, 2026, blocks)


def test_block_place_value():
    assert rules.block_place_value(1_900_000, Decimal(1), 190) == 1_900_000
    assert rules.block_place_value(1_900_000, Decimal("0.5"), 19) == 95_000
