"""Fairness on the constructed area, worked by hand (period 1 September to 20 November 2025).

Without a funding formula, a school's weight is its roll x (1 + FSM 20% x 1): A and B 1,062 each,
C 72, so A's share is 1,062 / 2,196 = 48.36% and C's 3.28%. Pupils placed: A 2 (p1, p2), B 4
(p3, p4, p6, p10), C none (p5's placement was cancelled): 6 in all.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import Role
from funding.models import AgreementStatus, FundingYear, ServiceLevelAgreement
from oversight.fairness import fairness
from oversight.models import OversightSettings
from oversight.period import Period
from oversight.scope import schools_in_view
from oversight.tests.conftest import pupil_at, suspend
from panels.models import Decision, Meeting, Panel
from placements.models import Return
from schools.models import School

D = datetime.date
PERIOD = Period(D(2025, 9, 1), D(2025, 11, 20))


def rows_of(result):
    return {row.school.organisation.name: row for row in result.rows}


def all_schools():
    return School.objects.all()


def test_use_of_ap_against_a_share_by_roll_and_free_school_meals(records):
    result = fairness(all_schools(), PERIOD)
    rows = rows_of(result)
    a, b, c = rows["Ashton High School"], rows["Brook High School"], rows["Castle Primary School"]
    assert a.share == Decimal(1062) / Decimal(2196)
    assert (a.pupils, b.pupils, c.pupils) == (2, 4, 0)
    assert a.expected_pupils.quantize(Decimal("0.01")) == Decimal("2.90")  # 6 x 48.36%
    assert (a.use_times_share, b.use_times_share) == (Decimal("0.69"), Decimal("1.38"))
    assert "pupils on roll" in result.share_source
    assert result.totals["pupils"] == 6
    # Brook uses 1.38 times its share: under the default 1.5, over a threshold of 1.3.
    assert not [o for o in b.outliers if o.key.startswith("use_")]
    stricter = fairness(all_schools(), PERIOD, settings=OversightSettings(pk=1, use_ratio=Decimal("1.3")))
    flagged = rows_of(stricter)["Brook High School"].outliers
    assert [o.reason for o in flagged if o.key == "use_pupils_placed"] == [
        "Uses 1.4 times its share of AP (pupils placed)"
    ]


def test_days_in_ap_are_full_time_equivalent_school_days(records):
    # A: p1 full time 8 Sep to 20 Nov = 49 school days (half term 27-31 October); p2 half time from 6 Oct, 29 days = 14.5.
    # B: p3 30 days, p4 35 days, p10 half time (12.5 hours) for 14 days = 7. Total 135.5.
    rows = rows_of(fairness(all_schools(), PERIOD))
    assert rows["Ashton High School"].days == Decimal("63.5")
    assert rows["Brook High School"].days == Decimal("72.0")
    assert rows["Castle Primary School"].days == Decimal("0.0")
    assert rows["Ashton High School"].expected_days == Decimal("65.5")  # 135.5 x 48.36%


def test_exclusion_and_suspension_rates_against_the_area(records):
    area = records.area
    for _ in range(2):
        suspend(pupil_at(area.school_c), area.school_c, D(2025, 10, 6))
    suspend(pupil_at(area.school_a), area.school_a, D(2025, 10, 6))
    result = fairness(all_schools(), PERIOD)
    # Exclusions in the period: p1 (A), p8 (B), p7 (C): area 3 / 1,830 = 0.16 per 100; C 1 / 60 = 1.67.
    assert (result.exclusion_rate, result.suspension_rate) == (Decimal("0.16"), Decimal("0.16"))
    c = rows_of(result)["Castle Primary School"]
    assert (c.exclusions, c.exclusion_rate, c.suspensions, c.suspension_rate) == (
        1,
        Decimal("1.67"),
        2,
        Decimal("3.33"),
    )
    assert [o.reason for o in c.outliers] == [
        "Its permanent exclusion rate is 10.4 times the area's",
        "Its suspension rate is 20.8 times the area's",
    ]
    assert not rows_of(result)["Ashton High School"].outliers


def test_pupils_taken_back_and_fair_access_admissions(records):
    area = records.area
    Return.objects.create(
        placement=records.placements["p3"],
        school=area.school_b.organisation,
        return_date=D(2025, 10, 20),
        plan="Back full time",
    )
    panel = Panel.objects.create(name="Fair access panel", panel_type="fair_access", quorum=1, cadence="monthly")
    meeting = Meeting.objects.create(panel=panel, date=D(2025, 10, 10))
    Decision.objects.create(
        meeting=meeting,
        outcome="fair_access_allocation",
        named_school=area.school_a.organisation,
        rationale="A's turn",
        decided_at=timezone.make_aware(datetime.datetime(2025, 10, 10, 12)),
    )
    rows = rows_of(fairness(all_schools(), PERIOD))
    assert (rows["Brook High School"].returns, rows["Brook High School"].fair_access) == (1, 0)
    assert (rows["Ashton High School"].returns, rows["Ashton High School"].fair_access) == (0, 1)
    assert rows["Ashton High School"].expected_taken_back.quantize(Decimal("0.01")) == Decimal("0.97")  # 2 x 48.36%


def test_a_formula_share_and_a_declined_agreement(money, records):
    area = records.area
    ServiceLevelAgreement.objects.create(
        funding_year=FundingYear.objects.get(),
        school=area.school_c,
        status=AgreementStatus.DECLINED,
        issued_at=timezone.now(),
        decided_at=timezone.now(),
    )
    result = fairness(all_schools(), PERIOD)
    rows = rows_of(result)
    a = rows["Ashton High School"]
    # The formula gave A and B half each, C nothing.
    assert result.share_source == "the funding formula's share for 2025/26"
    assert (a.share, rows["Castle Primary School"].share) == (Decimal("0.5"), Decimal(0))
    assert (a.cost, a.expected_cost) == (3_000_000, Decimal("1500000.0"))
    assert [o.reason for o in rows["Castle Primary School"].outliers if o.key == "not_engaged"] == [
        "Declined the service-level agreement for 2025/26"
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.LA_FINANCE_OFFICER, 3),
        (Role.SCHOOL_LEADER, 3),
        (Role.PARTNERSHIP_CHAIR, 2),
    ],
)
def test_rows_shown_to_each_role(records, user_as, role, expected):
    result = fairness(schools_in_view(user_as(role)), PERIOD)
    assert len(result.rows) == expected
    assert result.totals["roll"] == 1830  # the area's figures are always the whole area's
