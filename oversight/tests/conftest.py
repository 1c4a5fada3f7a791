"""A small constructed area with known numbers, and time frozen on Thursday 20 November 2025.

The project's ``area`` fixture gives Ashton High (A) and Brook High (B), both secondary with
885 pupils on roll in years 7 to 11 and in North Locality, and Castle Primary (C) with 60
pupils in years 1 and 2 and no partnership: 1,830 pupils on roll, 1,770 of them secondary.

``records`` adds the placements, episodes, block commission and money the hand-worked tests
count (the numbers are worked out in oversight/tests/test_measures.py). Rows are written
directly: oversight only reads them, and each app tests its own invariants.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from funding.models import Account, AccountKind, Allocation, EntryKind, FundingYear, LedgerEntry
from placements.models import Placement, PlacementComponent
from providers.models import BlockCommission
from pupils.tests.factories import EpisodeFactory, PupilFactory, RegistrationFactory

D = datetime.date
TODAY = datetime.datetime(2025, 11, 20, 10, 0)
FULL_WEEK = [f"{d}_{h}" for d in ("mon", "tue", "wed", "thu", "fri") for h in ("am", "pm")]
HALF_WEEK = FULL_WEEK[:5]
# Dates of birth for national curriculum years in 2025/26.
YEAR_3, YEAR_8, YEAR_9, YEAR_10, YEAR_11 = (
    D(2018, 1, 15),
    D(2013, 1, 15),
    D(2012, 3, 14),
    D(2011, 1, 15),
    D(2010, 1, 15),
)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def pupil_at(school, born=YEAR_9, **fields):
    pupil = PupilFactory(date_of_birth=born, **fields)
    RegistrationFactory(pupil=pupil, organisation=school.organisation)
    return pupil


def place(
    pupil,
    school,
    provider,
    *,
    commissioner=None,
    start,
    status="active",
    end_date=None,
    end_reason="",
    sessions=None,
    hours=None,
    cost=5_000,
):
    """A placement with one component at ``provider``, written directly."""
    commissioner = commissioner or school.organisation
    placement = Placement.objects.create(
        pupil=pupil,
        home_school=school.organisation,
        commissioner=commissioner,
        funder=commissioner,
        status=status,
        tier="time_limited",
        start_date=start,
        planned_end_date=start + datetime.timedelta(weeks=12),
        end_date=end_date,
        end_reason=end_reason,
        objectives="Re-engage with learning",
        home_attendance_code="B",
    )
    PlacementComponent.objects.create(
        placement=placement,
        provider=provider,
        sessions=FULL_WEEK if sessions is None and hours is None else (sessions or []),
        hours_per_week=hours,
        cost_per_session_pence=cost,
        start_date=start,
    )
    return placement


def exclude(pupil, school, start, end=None):
    return EpisodeFactory(
        pupil=pupil, status="excluded", school=school.organisation, start_date=start, end_date=end, reason_code="PD"
    )


def suspend(pupil, school, start, sessions=4):
    return EpisodeFactory(
        pupil=pupil,
        status="suspended",
        school=school.organisation,
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        sessions=sessions,
        reason_code="PD",
    )


@pytest.fixture
def records(area):
    """Placements, episodes, a block commission and money with the numbers the tests work out by hand."""
    a, b, c, provider = area.school_a, area.school_b, area.school_c, area.provider
    la = area.la
    p1 = pupil_at(a, YEAR_10)
    exclude(p1, a, D(2025, 9, 1))
    p1_placement = place(p1, a, provider, commissioner=la, start=D(2025, 9, 8))
    EpisodeFactory(pupil=p1, status="in_ap", school=a.organisation, start_date=D(2025, 9, 8))
    p2 = pupil_at(a, YEAR_11)
    p2_placement = place(p2, a, provider, start=D(2025, 10, 6), sessions=HALF_WEEK)
    p3 = pupil_at(b, YEAR_9)
    p3_placement = place(
        p3, b, provider, start=D(2025, 9, 8), status="ended", end_date=D(2025, 10, 17), end_reason="returned"
    )
    p4 = pupil_at(b, YEAR_9)
    p4_placement = place(
        p4,
        b,
        provider,
        commissioner=la,
        start=D(2025, 9, 15),
        status="ended",
        end_date=D(2025, 11, 7),
        end_reason="breakdown",
    )
    p5 = pupil_at(c, YEAR_3)
    place(p5, c, provider, start=D(2025, 10, 1), status="cancelled")
    old = pupil_at(a, YEAR_9)
    place(old, a, provider, start=D(2025, 6, 2), status="ended", end_date=D(2025, 7, 18), end_reason="returned")
    p6 = pupil_at(b, YEAR_9)
    EpisodeFactory(pupil=p6, status="in_ap", school=b.organisation, start_date=D(2025, 10, 1))
    p7 = pupil_at(c, YEAR_3)
    exclude(p7, c, D(2025, 10, 1))
    p8 = pupil_at(b, YEAR_8)
    exclude(p8, b, D(2025, 11, 3))
    p9 = pupil_at(a, YEAR_9)
    exclude(p9, a, D(2025, 7, 1), D(2025, 7, 20))
    p10 = pupil_at(b, YEAR_11)
    p10_placement = place(p10, b, provider, start=D(2025, 11, 3), hours=12.5)
    BlockCommission.objects.create(
        provider=provider,
        academic_year=2025,
        commissioner=la,
        places=4,
        place_funding_pence=1_000_000,
        top_up_pence=500_000,
    )
    return SimpleNamespace(
        area=area,
        p1=p1,
        p2=p2,
        p3=p3,
        p4=p4,
        p5=p5,
        p6=p6,
        p7=p7,
        p8=p8,
        p9=p9,
        p10=p10,
        placements={
            "p1": p1_placement,
            "p2": p2_placement,
            "p3": p3_placement,
            "p4": p4_placement,
            "p10": p10_placement,
        },
    )


@pytest.fixture
def money(records):
    """A 2025/26 AP budget of £100,000, school A's allocation of £50,000 and one £30,000 invoice for school A's pupil."""
    area = records.area
    year = FundingYear.objects.create(academic_year=2025, ap_budget_pence=10_000_000)
    Allocation.objects.create(
        funding_year=year, school=area.school_a, amount_pence=5_000_000, weighted_pupils=885, share="0.5", lines=[]
    )
    Allocation.objects.create(
        funding_year=year, school=area.school_b, amount_pence=5_000_000, weighted_pupils=885, share="0.5", lines=[]
    )
    central = Account.objects.create(kind=AccountKind.CENTRAL, organisation=area.la)
    payable = Account.objects.create(kind=AccountKind.PROVIDER, organisation=area.provider.organisation)
    LedgerEntry.objects.create(
        kind=EntryKind.INVOICE,
        entry_date=D(2025, 10, 15),
        amount_pence=3_000_000,
        debit_account=central,
        credit_account=payable,
        description="Invoice for the autumn",
        cause_type="test",
        cause_key="1",
        school=area.school_a.organisation,
        funding_year=year,
        placement=records.placements["p1"],
        pupil=records.p1,
    )
    return SimpleNamespace(year=year, central=central, payable=payable, when=timezone.now())
