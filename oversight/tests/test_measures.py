"""The six measures of Table 1, worked out by hand on the constructed area (see conftest.py).

Period: 1 September to 20 November 2025, 81 days. Pupils on roll: 1,830 (A 885, B 885, C 60);
in years 7 to 11: 1,770 (A and B).
"""

import datetime
from decimal import Decimal

import pytest

from oversight.measures import table_1
from oversight.models import MeasureKey, OversightSettings
from oversight.period import Period
from oversight.scope import AREA_SCOPE, Scope

D = datetime.date
PERIOD = Period(D(2025, 9, 1), D(2025, 11, 20))
TODAY = D(2025, 11, 20)


def school_scope(school):
    return Scope("school", f"school-{school.organisation_id}", school.name, frozenset({school.organisation_id}))


def partnership_scope(area):
    ids = frozenset({area.school_a.organisation_id, area.school_b.organisation_id})
    return Scope(
        "partnership", f"partnership-{area.partnership.pk}", "North Locality", ids, area.partnership.organisation_id
    )


def figures(scope, period=PERIOD, **kwargs):
    return {f.key: f for f in table_1(scope, period, today=TODAY, **kwargs)}


def test_pupils_placed_in_ap_per_10000(records):
    # Area: p1 (placement and in-AP episode, counted once), p2, p3, p4, p6 (episode only) and p10;
    # not p5 (cancelled) nor the pupil whose placement ended in July. 6 x 10,000 / 1,830 = 32.79.
    area = figures(AREA_SCOPE)[MeasureKey.PUPILS_IN_AP]
    assert (area.numerator, area.denominator, area.value) == (6, 1830, Decimal("32.8"))
    # School A: p1 and p2; 2 x 10,000 / 885 = 22.60.
    a = figures(school_scope(records.area.school_a))[MeasureKey.PUPILS_IN_AP]
    assert (a.numerator, a.denominator, a.value) == (2, 885, Decimal("22.6"))
    # North Locality (A and B): all six; 6 x 10,000 / 1,770 = 33.90.
    north = figures(partnership_scope(records.area))[MeasureKey.PUPILS_IN_AP]
    assert (north.numerator, north.value) == (6, Decimal("33.9"))
    assert area.by_school == {records.area.school_a.organisation_id: 2, records.area.school_b.organisation_id: 4}


def test_places_commissioned_per_10000(records):
    # Block: 4 places for all 81 days = 4. Commissioned by schools: p2 half-time for 46 days (23 place-days),
    # p3 full-time for 40 days (40), p10 12.5 hours a week (half-time) for 18 days (9): 72 / 81 = 0.889.
    # p1 and p4 were commissioned by the LA. (4 + 0.889) x 10,000 / 1,830 = 26.72.
    area = figures(AREA_SCOPE)[MeasureKey.PLACES]
    assert area.value == Decimal("26.7")
    assert area.numerator == Decimal("4.9")
    # School A commissioned only p2: 23 / 81 = 0.284 places; x 10,000 / 885 = 3.21.
    assert figures(school_scope(records.area.school_a))[MeasureKey.PLACES].value == Decimal("3.2")


def test_secondary_permanent_exclusion_rate(records):
    # In the period: p1 (year 10, A) and p8 (year 8, B); not p7 (year 3) nor p9 (July). 2 x 100 / 1,770 = 0.113.
    area = figures(AREA_SCOPE)[MeasureKey.SECONDARY_PEX]
    assert (area.numerator, area.denominator, area.value) == (2, 1770, Decimal("0.11"))
    primary = figures(school_scope(records.area.school_c))[MeasureKey.SECONDARY_PEX]
    assert primary.value is None and "Not available" in primary.note


def test_proportion_reintegrated(records):
    # Ended in the period: p3 (returned home) and p4 (breakdown): 1 of 2.
    area = figures(AREA_SCOPE)[MeasureKey.REINTEGRATED]
    assert (area.numerator, area.denominator, area.value) == (1, 2, Decimal("50.0"))
    assert figures(school_scope(records.area.school_a))[MeasureKey.REINTEGRATED].value is None


def test_reasons_for_key_stage_4_placements(records):
    # Years 10 and 11 when placed: p1 (excluded on 1 September, placed 8 September), p2 and p10 (not excluded).
    result = figures(AREA_SCOPE)
    prevention, exclusion = result[MeasureKey.KS4_PREVENTION], result[MeasureKey.KS4_EXCLUSION]
    assert (prevention.numerator, prevention.denominator, prevention.value) == (2, 3, Decimal("66.7"))
    assert (exclusion.numerator, exclusion.denominator, exclusion.value) == (1, 3, Decimal("33.3"))


def test_spend_in_line_with_budget_for_the_area(money):
    # Forecast on 20 November (month 3): £30,000 spent, nothing committed, run rate £10,000 a month,
    # 9 months left: £120,000 against a budget of £100,000 = 120%, outside 5% either side.
    spend = figures(AREA_SCOPE)[MeasureKey.SPEND_IN_LINE]
    assert (spend.numerator, spend.denominator, spend.value, spend.in_line) == (
        12_000_000,
        10_000_000,
        Decimal("120.0"),
        False,
    )
    # A tolerance of 25% puts the same spend in line.
    settings = OversightSettings(pk=1, spend_tolerance_percent=Decimal("25"))
    assert figures(AREA_SCOPE, settings=settings)[MeasureKey.SPEND_IN_LINE].in_line is True


def test_spend_in_line_with_budget_for_a_school(money, records):
    # School A: £30,000 of its pupils' AP by November, straight on to August: £30,000 + 9 x £10,000 = £120,000,
    # against its £50,000 allocation = 240%.
    a = figures(school_scope(records.area.school_a))[MeasureKey.SPEND_IN_LINE]
    assert (a.numerator, a.denominator, a.value, a.in_line) == (12_000_000, 5_000_000, Decimal("240.0"), False)
    c = figures(school_scope(records.area.school_c))[MeasureKey.SPEND_IN_LINE]
    assert c.value is None and "No devolved AP allocation" in c.note


def test_spend_without_a_budget_says_so(records):
    spend = figures(AREA_SCOPE)[MeasureKey.SPEND_IN_LINE]
    assert spend.value is None and spend.note == "No AP budget is recorded for 2025/26."


def test_a_different_period_counts_different_records(records):
    # The summer before: only the placement that ended in July, whose pupil was not placed since.
    summer = figures(AREA_SCOPE, Period(D(2025, 6, 1), D(2025, 7, 31)))
    assert summer[MeasureKey.PUPILS_IN_AP].numerator == 1
    assert summer[MeasureKey.REINTEGRATED].value == Decimal("100.0")
    assert summer[MeasureKey.SECONDARY_PEX].numerator == 1  # p9, year 9 on 1 July 2025


def test_benchmarks_sit_beside_each_figure(records):
    result = figures(AREA_SCOPE)
    devolved = result[MeasureKey.PUPILS_IN_AP].benchmark("devolved")
    assert (devolved.value, devolved.label) == (Decimal("21.80"), "Devolved funding areas")
    assert result[MeasureKey.PLACES].benchmark("centralised").value == Decimal("34.60")
    assert result[MeasureKey.SECONDARY_PEX].benchmark("national").period == "2016/17"


@pytest.mark.parametrize("key", [MeasureKey.PUPILS_IN_AP, MeasureKey.REINTEGRATED])
def test_empty_area_gives_no_figure_rather_than_an_error(area, key):
    assert figures(AREA_SCOPE)[key].numerator == 0
