"""The demo area's funding, as the demo generator builds it (seed 7, today 16 March 2026), checked once per module."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from funding.demo import demo_ap_budget_pence, demo_budget, demo_devolved_percent, trafford_high_needs_pence
from funding.models import AgreementStatus, EntryKind, FundingArrangement, FundingYear, LedgerEntry
from funding.queries import place_funding_for
from funding.queries_money import account_balances

TODAY = datetime.date(2026, 3, 16)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_area(django_db_setup, django_db_blocker):
    from demo.generator import generate

    with django_db_blocker.unblock(), transaction.atomic():
        with (
            time_machine.travel(datetime.datetime(2026, 3, 16, 12, 0), tick=False),
            override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        ):
            summary = generate(seed=7, scale=1, today=TODAY)
        yield summary.counts
        transaction.set_rollback(True)


def test_budget_is_a_documented_share_of_traffords_high_needs_block():
    assert trafford_high_needs_pence() == 4_087_492_600
    year = FundingYear.objects.get()
    assert year.academic_year == 2025 and year.status == FundingYear.Status.CONFIRMED
    share = Decimal(re.match(r"(\d+)% of Trafford's 2023-24 high needs block", year.budget_source).group(1))
    assert year.ap_budget_pence == demo_ap_budget_pence(share)
    assert "Open Government Licence v3.0" in year.budget_source
    place_funding, _, _ = place_funding_for(year)
    assert year.ap_budget_pence > place_funding and 0 < year.devolved_percent <= 100


def test_the_share_is_raised_only_when_the_block_commissions_need_it():
    assert demo_budget(0) == (408_749_260, Decimal(10))
    assert demo_budget(375_000_000) == (572_248_964, Decimal(14))  # 14% covers £3.75m and half again
    assert demo_devolved_percent(600_000_000, 300_000_000, 100_000_000) == 60  # keeps £1.2m of £3m
    assert demo_devolved_percent(100, 200, 0) == 0


def test_devolved_to_schools_with_a_tariff():
    arrangement = FundingArrangement.objects.get()
    assert set(arrangement.funding_models) == {"devolved_schools", "tariff"}
    assert arrangement.tariff_pence > 0


def test_one_school_declined_and_the_rest_accepted(demo_area):
    year = FundingYear.objects.get()
    statuses = list(year.agreements.values_list("status", flat=True))
    assert statuses.count(AgreementStatus.DECLINED) == 1
    assert statuses.count(AgreementStatus.ACCEPTED) == len(statuses) - 1 == demo_area["SLAs issued"] - 1
    assert LedgerEntry.objects.filter(kind=EntryKind.RETAINED).count() == 1


def test_a_permanent_exclusion_is_recharged_to_the_excluding_school(demo_area):
    recharges = LedgerEntry.objects.select_related("debit_account", "episode").filter(kind=EntryKind.RECHARGE)
    assert recharges.exists()
    for recharge in recharges:
        assert recharge.debit_account.kind in ("devolved", "retained")
        assert recharge.debit_account.organisation_id == recharge.episode.school_id == recharge.school_id
    assert demo_area["months closed"] >= 6 and demo_area["tariffs"] >= 1


def test_allocations_add_up_and_the_ledger_balances():
    year = FundingYear.objects.get()
    assert sum(year.allocations.values_list("amount_pence", flat=True)) > 0
    assert sum(b.balance for b in account_balances(TODAY)) == 0
