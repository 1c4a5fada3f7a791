"""One test per named rule in oversight/rules.py, with the figures worked by hand."""

import datetime
from decimal import Decimal

from oversight import rules

D = datetime.date


def test_pupils_in_ap_per_10000():
    assert rules.pupils_in_ap_per_10000(6, 1830) == Decimal("32.8")  # 6 x 10,000 / 1,830 = 32.79
    assert rules.pupils_in_ap_per_10000(218, 100_000) == Decimal("21.8")  # Table 1, devolved
    assert rules.pupils_in_ap_per_10000(3, 0) is None


def test_average_places():
    assert rules.average_places(Decimal(81 * 4), 81) == Decimal(4)
    assert rules.average_places(Decimal(40), 80) == Decimal("0.5")  # one place for half the period
    assert rules.average_places(Decimal(10), 0) == 0


def test_places_per_10000():
    assert rules.places_per_10000(Decimal("4.8889"), 1830) == Decimal("26.7")
    assert rules.places_per_10000(Decimal(278), 100_000) == Decimal("27.8")
    assert rules.places_per_10000(Decimal(1), 0) is None


def test_is_secondary_age():
    assert [y for y in range(0, 14) if rules.is_secondary_age(y)] == [7, 8, 9, 10, 11]


def test_secondary_exclusion_rate():
    assert rules.secondary_exclusion_rate(2, 1770) == Decimal("0.11")  # 0.113
    assert rules.secondary_exclusion_rate(50, 17_194) == Decimal("0.29")  # Trafford 2016/17 as published
    assert rules.secondary_exclusion_rate(1, 0) is None


def test_counts_as_reintegration():
    assert rules.counts_as_reintegration("returned")
    assert rules.counts_as_reintegration("managed_move")
    for reason in ("special_school", "post_16", "moved_away", "breakdown", "other", ""):
        assert not rules.counts_as_reintegration(reason)


def test_percent():
    assert rules.percent(61, 100) == Decimal("61.0")
    assert rules.percent(2, 3) == Decimal("66.7")
    assert rules.percent(1, 3) == Decimal("33.3")
    assert rules.percent(1, 0) is None


def test_is_key_stage_4():
    assert [y for y in range(0, 14) if rules.is_key_stage_4(y)] == [10, 11]


def test_ks4_reason():
    assert rules.ks4_reason(True) == "exclusion"
    assert rules.ks4_reason(False) == "prevention"


def test_spend_in_line_with_budget():
    five = Decimal(5)
    assert rules.spend_in_line_with_budget(10_500_000, 10_000_000, five) is True  # exactly 5% over
    assert rules.spend_in_line_with_budget(9_500_000, 10_000_000, five) is True  # exactly 5% under
    assert rules.spend_in_line_with_budget(10_500_001, 10_000_000, five) is False
    assert rules.spend_in_line_with_budget(9_499_999, 10_000_000, five) is False
    assert rules.spend_in_line_with_budget(12_000_000, 10_000_000, Decimal(25)) is True
    assert rules.spend_in_line_with_budget(1, 0, five) is None


def test_year_end_spend():
    # £30,000 by month 3: £10,000 a month, 9 months to go -> £120,000.
    assert rules.year_end_spend(3_000_000, 0, 3) == 12_000_000
    assert rules.year_end_spend(3_000_000, 500_000, 3) == 12_500_000  # commitments on top
    assert rules.year_end_spend(1_200_000, 0, 12) == 1_200_000  # the year is over
    assert rules.year_end_spend(100, 0, 0) == 1_200  # month 0 counts as month 1


def test_months_elapsed():
    assert rules.months_elapsed(2025, D(2025, 9, 1)) == 1
    assert rules.months_elapsed(2025, D(2025, 11, 20)) == 3
    assert rules.months_elapsed(2025, D(2026, 8, 31)) == 12
    assert rules.months_elapsed(2025, D(2027, 1, 1)) == 12


def test_formula_weight():
    assert rules.formula_weight(885, Decimal(20), Decimal(1)) == Decimal(1062)  # 885 x 1.2
    assert rules.formula_weight(100, Decimal(50), Decimal(2)) == Decimal(200)  # 100 x (1 + 0.5 x 2)
    assert rules.formula_weight(100, None, Decimal(1)) == Decimal(100)


def test_expected_use():
    assert rules.expected_use(6, Decimal("0.5")) == Decimal(3)
    assert rules.expected_use(0, Decimal("0.25")) == 0


def test_overuses_ap():
    ratio = Decimal("1.5")
    flagged = rules.overuses_ap("pupils placed", 4, Decimal(2), ratio, 4, 3)
    assert flagged.key == "use_pupils_placed"
    assert flagged.reason == "Uses 2.0 times its share of AP (pupils placed)"
    assert rules.overuses_ap("pupils placed", 3, Decimal(2), ratio, 3, 3) is None  # exactly 1.5 times is not above
    assert rules.overuses_ap("pupils placed", 2, Decimal("0.5"), ratio, 2, 3) is None  # too few pupils to judge
    assert rules.overuses_ap("cost", 100, Decimal(0), ratio, 5, 3) is None  # no share


def test_rate_above_area():
    flagged = rules.rate_above_area("permanent exclusion", Decimal("0.30"), Decimal("0.10"), Decimal(2))
    assert flagged.key == "permanent_exclusion_rate"
    assert flagged.reason == "Its permanent exclusion rate is 3.0 times the area's"
    assert rules.rate_above_area("suspension", Decimal("0.20"), Decimal("0.10"), Decimal(2)) is None
    assert rules.rate_above_area("suspension", Decimal("0.20"), Decimal(0), Decimal(2)) is None
    assert rules.rate_above_area("suspension", None, Decimal("0.1"), Decimal(2)) is None


def test_takes_back_too_few():
    flagged = rules.takes_back_too_few(1, Decimal(4), Decimal("0.5"))
    assert flagged.reason == "Took back 1 pupil against a share of 4.0"
    assert rules.takes_back_too_few(2, Decimal(4), Decimal("0.5")) is None
    assert rules.takes_back_too_few(0, Decimal("0.9"), Decimal("0.5")) is None  # a share of less than one pupil


def test_not_engaged():
    assert rules.not_engaged("not_engaged", "2025/26").reason == "Declined the service-level agreement for 2025/26"
    assert rules.not_engaged("engaged", "2025/26") is None
    assert rules.not_engaged("pending", "2025/26") is None


def test_per_hundred():
    assert rules.per_hundred(1187, 40_688) == Decimal("2.92")  # Trafford suspensions 2016/17 as published
    assert rules.per_hundred(1, 0) is None


def test_term_of():
    assert rules.term_of(D(2025, 9, 3)) == "autumn"
    assert rules.term_of(D(2025, 11, 3)) == "autumn"
    assert rules.term_of(D(2026, 1, 5)) == "spring"
    assert rules.term_of(D(2026, 2, 23)) == "spring"
    assert rules.term_of(D(2026, 4, 13)) == "summer"
    assert rules.term_of(D(2026, 6, 1)) == "summer"


def test_subjects_of():
    assert rules.subjects_of("GCSE English Language") == {"english"}
    assert rules.subjects_of("Functional Skills Mathematics Level 1") == {"maths"}
    assert rules.subjects_of("Entry Level Certificate in Maths") == {"maths"}
    assert rules.subjects_of("Functional skills: English and numeracy") == {"english", "maths"}
    assert rules.subjects_of("BTEC Construction") == frozenset()
    assert rules.subjects_of("") == frozenset()


def test_is_education_employment_or_training():
    assert all(rules.is_education_employment_or_training(o) for o in ("education", "employment", "training"))
    assert not rules.is_education_employment_or_training("neet")
    assert not rules.is_education_employment_or_training("unknown")
