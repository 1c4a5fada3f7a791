"""post_ledger: what the records owe the ledger, posted exactly once; closed months; corrections; immutability."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core.models import AuditEvent
from funding.models import AccountKind, EntryKind, LedgerEntry, MonthClose
from funding.queries_money import account_balances
from funding.reconcile import post_ledger
from funding.services_ledger import close_month, record_invoice, reverse_entry
from funding.tests.helpers import (
    D,
    FundingModel,
    arrangement,
    confirmed_year,
    decide,
    exclude,
    extend,
    extension_decision,
    make_placement,
    mark,
)
from placements.models import PlacementStatus

TODAY = D(2025, 11, 20)
SEPT_TO_DEC = 700_000  # 8 Sep to 19 Dec 2025: 70 school days x 2 sessions x £50


def balances(on=TODAY):
    return {(b.account.kind, b.account.organisation.name): b.balance for b in account_balances(on)}


def kinds():
    return sorted(LedgerEntry.objects.values_list("kind", flat=True))


@pytest.fixture
def devolved(area, finance):
    """Devolved to schools with a £5,000 tariff; Ashton and Castle accepted, Brook declined."""
    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS, FundingModel.TARIFF, tariff_pence=500_000)
    return confirmed_year(finance, area, engaged=("a", "c"), declined=("b",))


def test_posting_twice_posts_nothing_twice(area, finance, devolved):
    placed = make_placement(area)
    exclude(area, placed.pupil)
    mark(placed.component, D(2025, 9, 9))
    close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    first = post_ledger(by=finance, up_to=TODAY)
    assert first.total == 8
    assert kinds() == sorted(
        ["budget", "place_funding", "allocation", "retained", "commitment", "recharge", "charge", "tariff"]
    )
    again = post_ledger(by=finance, up_to=TODAY)
    assert again.total == 0 and LedgerEntry.objects.count() == 8
    entry = LedgerEntry.objects.get(kind=EntryKind.TARIFF)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            kind=entry.kind,
            entry_date=TODAY,
            amount_pence=1,
            debit_account=entry.debit_account,
            credit_account=entry.credit_account,
            description="twice",
            cause_type=entry.cause_type,
            cause_key=entry.cause_key,
        )
    assert AuditEvent.objects.filter(summary__startswith="Ledger posted to 20 November 2025: 8 entries").exists()


def test_budget_allocations_and_retention(area, finance, devolved):
    post_ledger(by=finance, up_to=TODAY)
    b = balances()
    assert b[("high_needs", "Trafford")] == -100_000_000
    assert b[("place_funding", "Trafford")] == 2_000_000
    assert b[("devolved", "Ashton High School")] == 49_000_000
    assert b[("retained", "Brook High School")] == 49_000_000
    assert b[("central", "Trafford")] == 0
    assert sum(b.values()) == 0


def test_a_pending_school_waits_for_its_decision(area, finance):
    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS)
    confirmed_year(finance, area, engaged=("a",))
    result = post_ledger(by=finance, up_to=TODAY)
    assert any("Brook High School: waiting for the school" in line for line in result.skipped)
    assert LedgerEntry.objects.filter(kind=EntryKind.ALLOCATION).count() == 1


def test_accepting_later_releases_the_retained_allocation(area, finance, user_as, devolved):
    post_ledger(by=finance, up_to=TODAY)
    decide(devolved, area.school_b, "accepted")
    post_ledger(by=finance, up_to=TODAY)
    release = LedgerEntry.objects.get(kind=EntryKind.RETAINED_RELEASE)
    assert (release.debit_account.kind, release.credit_account.kind, release.amount_pence) == (
        "retained",
        "devolved",
        49_000_000,
    )
    assert balances()[("retained", "Brook High School")] == 0


def test_an_agreed_placement_commits_its_cost_to_the_planned_end(area, finance, devolved):
    make_placement(area, agreed_on=D(2025, 9, 1))
    make_placement(area, status="proposed")
    post_ledger(by=finance, up_to=TODAY)
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT)
    assert commitment.amount_pence == SEPT_TO_DEC and commitment.entry_date == D(2025, 9, 1)
    assert (commitment.debit_account.kind, commitment.credit_account.kind) == ("central", "committed")


def test_a_school_funded_placement_is_paid_from_its_devolved_allocation(area, finance, devolved):
    make_placement(area, funder=area.school_a.organisation)
    post_ledger(by=finance, up_to=TODAY)
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT)
    assert (commitment.debit_account.kind, commitment.debit_account.organisation) == (
        "devolved",
        area.school_a.organisation,
    )
    assert not LedgerEntry.objects.filter(kind=EntryKind.RECHARGE).exists()


def test_the_excluding_school_is_recharged(area, finance, devolved):
    placed = make_placement(area)
    exclude(area, placed.pupil, school=area.school_a.organisation)
    post_ledger(by=finance, up_to=TODAY)
    recharge = LedgerEntry.objects.get(kind=EntryKind.RECHARGE)
    assert recharge.amount_pence == SEPT_TO_DEC
    assert (recharge.debit_account.kind, recharge.debit_account.organisation) == (
        "devolved",
        area.school_a.organisation,
    )
    assert recharge.credit_account.kind == "central" and recharge.episode_id and recharge.pupil_id == placed.pupil.pk
    assert balances()[("devolved", "Ashton High School")] == 49_000_000 - SEPT_TO_DEC - 500_000  # recharge and tariff


def test_a_non_engaging_school_pays_from_what_the_la_retained_and_repays_the_excess(area, finance):
    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS, FundingModel.TARIFF, tariff_pence=500_000)
    confirmed_year(finance, area, engaged=("a",), declined=("b",), ap_budget_pence=2_000_000, commissioned_places=0)
    placed = make_placement(area, home=area.school_b.organisation)
    exclude(area, placed.pupil, school=area.school_b.organisation)
    post_ledger(by=finance, up_to=TODAY)
    # Brook's retained 1,000,000 pays the recharge (700,000) and the tariff (500,000): 200,000 beyond it.
    assert balances()[("retained", "Brook High School")] == -200_000
    assert not LedgerEntry.objects.filter(kind=EntryKind.RECOVERY).exists()
    close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    post_ledger(by=finance, up_to=TODAY)
    recovery = LedgerEntry.objects.get(kind=EntryKind.RECOVERY)
    assert (recovery.amount_pence, recovery.debit_account.kind, recovery.entry_date) == (
        200_000,
        "school_budget",
        D(2025, 10, 1),
    )
    assert balances()[("retained", "Brook High School")] == 0
    close_month(by=finance, month=D(2025, 10, 1), today=TODAY)
    post_ledger(by=finance, up_to=TODAY)
    assert LedgerEntry.objects.filter(kind=EntryKind.RECOVERY).count() == 1  # nothing more to recover


def test_charges_only_sessions_delivered_in_closed_months(area, finance, devolved):
    placed = make_placement(area)
    for day, session, code in [
        (D(2025, 9, 9), "AM", "/"),
        (D(2025, 9, 9), "PM", "N"),
        (D(2025, 9, 10), "AM", "B"),
        (D(2025, 9, 10), "PM", "C"),
        (D(2025, 10, 1), "AM", "/"),
    ]:
        mark(placed.component, day, session, code)
    post_ledger(by=finance, up_to=TODAY)
    assert not LedgerEntry.objects.filter(kind=EntryKind.CHARGE).exists()
    close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    post_ledger(by=finance, up_to=TODAY)
    charge = LedgerEntry.objects.get(kind=EntryKind.CHARGE)
    assert (charge.amount_pence, charge.period, charge.entry_date) == (10_000, D(2025, 9, 1), D(2025, 10, 1))
    assert (charge.debit_account.kind, charge.credit_account.kind) == ("committed", "provider")
    close_month(by=finance, month=D(2025, 10, 1), today=TODAY)
    post_ledger(by=finance, up_to=TODAY)
    assert LedgerEntry.objects.filter(kind=EntryKind.CHARGE).count() == 2


def test_a_finished_placement_settles_its_commitment_and_recharge(area, finance, devolved):
    placed = make_placement(area, status=PlacementStatus.ENDED, end_date=D(2025, 9, 30), end_reason="returned")
    exclude(area, placed.pupil)
    mark(placed.component, D(2025, 9, 9))
    mark(placed.component, D(2025, 9, 9), "PM")
    close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    post_ledger(by=finance, up_to=TODAY)
    settlement = LedgerEntry.objects.get(kind=EntryKind.SETTLEMENT)
    assert settlement.amount_pence == SEPT_TO_DEC - 10_000
    assert (settlement.debit_account.kind, settlement.credit_account.kind) == ("committed", "central")
    adjustment = LedgerEntry.objects.get(kind=EntryKind.RECHARGE_ADJUSTMENT)
    assert adjustment.amount_pence == SEPT_TO_DEC - 10_000 and adjustment.credit_account.kind == "devolved"
    b = balances()
    assert b[("committed", "Trafford")] == 0
    assert b[("devolved", "Ashton High School")] == 49_000_000 - 10_000 - 500_000  # actual cost and the tariff


def test_an_extension_commits_the_extra_weeks(area, finance, devolved):
    placed = make_placement(area, status=PlacementStatus.ACTIVE)
    with time_machine.travel(D(2025, 11, 3)):
        extend(placed.placement, D(2026, 1, 16), extension_decision(placed.placement, D(2025, 11, 3)))
    post_ledger(by=finance, up_to=TODAY)
    commitments = sorted(
        LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT).values_list("cause_type", "amount_pence")
    )
    # The original 8 Sep to 19 Dec, then 20 Dec to 16 Jan: 9 school days (5 January is an INSET day) x 2 x £50.
    assert commitments == [("extension", 90_000), ("placement", SEPT_TO_DEC)]


def test_tariffs_follow_the_arrangement_in_force_on_the_exclusion(area, finance):
    arrangement(finance, FundingModel.TRADITIONAL)
    arrangement(
        finance, FundingModel.TRADITIONAL, FundingModel.TARIFF, effective_from=D(2025, 10, 1), tariff_pence=300_000
    )
    confirmed_year(finance, area)
    before, after = make_placement(area, status="proposed").pupil, make_placement(area, status="proposed").pupil
    exclude(area, before, start=D(2025, 9, 15))
    exclude(area, after, school=area.school_b.organisation, start=D(2025, 10, 6))
    post_ledger(by=finance, up_to=TODAY)
    tariff = LedgerEntry.objects.get(kind=EntryKind.TARIFF)
    assert tariff.school == area.school_b.organisation and tariff.amount_pence == 300_000
    assert tariff.debit_account.kind == AccountKind.SCHOOL_BUDGET  # nothing devolved: the school's own budget pays


def test_devolved_to_partnerships(area, finance):
    arrangement(finance, FundingModel.DEVOLVED_PARTNERSHIPS)
    confirmed_year(finance, area)
    placed = make_placement(area)
    exclude(area, placed.pupil, school=area.school_b.organisation)
    post_ledger(by=finance, up_to=TODAY)
    b = balances()
    assert b[("devolved", "North Locality")] == 98_000_000 - SEPT_TO_DEC
    assert ("devolved", "Ashton High School") not in b


def test_entries_in_a_closed_month_are_refused(area, finance, devolved):
    close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    with pytest.raises(ValidationError) as caught:
        record_invoice(
            by=finance,
            provider=area.provider,
            reference="INV-1",
            invoice_date=D(2025, 9, 30),
            amount_pence=12_000,
            description="Transport",
        )
    assert "closed to 30 September 2025" in caught.value.message_dict["invoice_date"][0]
    assert not LedgerEntry.objects.exists()
    invoice = record_invoice(
        by=finance,
        provider=area.provider,
        reference="INV-1",
        invoice_date=D(2025, 10, 2),
        amount_pence=12_000,
        description="Transport",
    )
    entry = invoice.entries.get()
    assert (entry.debit_account.kind, entry.credit_account.kind, entry.amount_pence) == ("central", "provider", 12_000)


def test_months_close_in_order_once_ended_and_closing_is_audited(area, finance):
    with pytest.raises(ValidationError, match="has not ended yet"):
        close_month(by=finance, month=D(2025, 11, 1), today=TODAY)
    close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    with pytest.raises(ValidationError, match="the next month to close is October 2025"):
        close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    assert MonthClose.objects.count() == 1
    assert AuditEvent.objects.filter(summary="Ledger closed for September 2025").exists()


def test_a_correction_is_a_reversing_entry(area, finance, devolved):
    post_ledger(by=finance, up_to=TODAY)
    allocation = LedgerEntry.objects.get(kind=EntryKind.ALLOCATION)
    with pytest.raises(ValidationError) as caught:
        reverse_entry(by=finance, entry=allocation, entry_date=TODAY, reason="")
    assert "Say why" in caught.value.message_dict["reason"][0]
    reversal = reverse_entry(by=finance, entry=allocation, entry_date=TODAY, reason="Wrong school")
    assert (reversal.debit_account, reversal.credit_account) == (allocation.credit_account, allocation.debit_account)
    assert reversal.school_id == allocation.school_id and reversal.reverses == allocation
    assert balances()[("devolved", "Ashton High School")] == 0
    with pytest.raises(ValidationError, match="already been reversed"):
        reverse_entry(by=finance, entry=allocation, entry_date=TODAY, reason="Again")


def test_entries_cannot_be_changed_or_deleted(area, finance, devolved):
    post_ledger(by=finance, up_to=TODAY)
    entry = LedgerEntry.objects.first()
    entry.amount_pence = 1
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_pence=1)
    with pytest.raises(PermissionError):
        LedgerEntry.objects.all().delete()
    with pytest.raises(Exception, match="immutable"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE funding_ledgerentry SET amount_pence = 1")


def test_block_commissions_post_place_funding_and_top_ups(area, finance):
    from providers.models import BlockCommission

    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS)
    BlockCommission.objects.create(
        provider=area.provider,
        academic_year=2025,
        commissioner=area.la,
        places=3,
        place_funding_pence=1_000_000,
        top_up_pence=400_000,
    )
    BlockCommission.objects.create(
        provider=area.provider_b,
        academic_year=2025,
        commissioner=area.school_a.organisation,
        places=1,
        place_funding_pence=0,
        top_up_pence=900_000,
    )
    type(area.provider_b).objects.filter(pk=area.provider_b.pk).update(provider_type="independent_school")
    confirmed_year(finance, area, commissioned_places=None)
    post_ledger(by=finance, up_to=TODAY)
    b = balances()
    assert b[("provider", "Riverside Learning Centre")] == 3_000_000 + 1_200_000  # place funding, then the LA's top-ups
    assert b[("provider", "Other Provider")] == 900_000  # commissioned by Ashton from its devolved allocation
    assert b[("devolved", "Ashton High School")] == 48_500_000 - 900_000  # (100m - 3m place funding) / 2
    assert LedgerEntry.objects.filter(kind=EntryKind.PLACE_FUNDING).get().block_commission.places == 3


def test_every_entry_about_a_pupil_is_in_the_pupils_audit_trail(area, finance, devolved):
    placed = make_placement(area)
    exclude(area, placed.pupil)
    post_ledger(by=finance, up_to=TODAY)
    summaries = list(AuditEvent.objects.filter(pupil_id=placed.pupil.pk).values_list("summary", flat=True))
    assert any(s.startswith("Ledger: Commitment") for s in summaries)
    assert any(s.startswith("Ledger: Placement cost recharged") for s in summaries)


def test_finance_alerts_are_offered_to_the_home_page(area, finance):
    from funding.queries import finance_alerts

    assert finance_alerts(finance, TODAY)[0].text == "There is no AP budget for 2025/26 yet"


def test_the_ledger_opens_with_the_first_confirmed_year(area, finance):
    legacy = make_placement(area, start=D(2025, 6, 2), planned_end=D(2025, 10, 24), agreed_on=D(2025, 5, 20))
    exclude(area, legacy.pupil, start=D(2025, 5, 12))
    finished = make_placement(area, start=D(2025, 3, 3), planned_end=D(2025, 7, 18), agreed_on=D(2025, 2, 24))
    mark(legacy.component, D(2025, 7, 1))
    assert post_ledger(by=finance, up_to=TODAY).skipped == [
        "The ledger opens with the first confirmed funding year: confirm a year's budget first"
    ]
    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS)
    confirmed_year(finance, area)
    post_ledger(by=finance, up_to=TODAY)
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT)
    # What is left from 1 September: 3 Sep (term starts) to 24 Oct, 38 school days x 2 sessions x £50.
    assert (commitment.placement, commitment.entry_date, commitment.amount_pence) == (
        legacy.placement,
        D(2025, 9, 1),
        380_000,
    )
    assert not LedgerEntry.objects.filter(placement=finished.placement).exists()
    assert not LedgerEntry.objects.filter(
        kind__in=[EntryKind.RECHARGE, EntryKind.TARIFF]
    ).exists()  # legacy: not recharged


def test_sessions_at_a_block_commissioned_provider_are_not_charged_again(area, finance):
    from providers.models import BlockCommission

    arrangement(finance, FundingModel.TRADITIONAL)
    BlockCommission.objects.create(
        provider=area.provider,
        academic_year=2025,
        commissioner=area.la,
        places=2,
        place_funding_pence=1_000_000,
        top_up_pence=500_000,
    )
    confirmed_year(finance, area, commissioned_places=None)
    in_block = make_placement(area)  # the LA's placement at the provider it block-commissions
    by_school = make_placement(area, funder=area.school_a.organisation)
    for placed in (in_block, by_school):
        mark(placed.component, D(2025, 9, 9))
    close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    post_ledger(by=finance, up_to=TODAY)
    assert list(LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT).values_list("placement", flat=True)) == [
        by_school.placement.pk
    ]
    assert list(LedgerEntry.objects.filter(kind=EntryKind.CHARGE).values_list("placement", flat=True)) == [
        by_school.placement.pk
    ]


def test_a_block_place_for_an_excluded_pupil_is_recharged_at_what_the_place_is_worth(area, finance):
    from providers.models import BlockCommission

    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS)
    BlockCommission.objects.create(
        provider=area.provider,
        academic_year=2025,
        commissioner=area.la,
        places=2,
        place_funding_pence=1_000_000,
        top_up_pence=900_000,
    )
    confirmed_year(finance, area, commissioned_places=None)
    placed = make_placement(area, status=PlacementStatus.ENDED, end_date=D(2025, 9, 19), end_reason="returned")
    exclude(area, placed.pupil)
    post_ledger(by=finance, up_to=TODAY)
    # £19,000 a place a year: 70 school days of the planned 8 Sep to 19 Dec, of a 190-day year.
    assert LedgerEntry.objects.get(kind=EntryKind.RECHARGE).amount_pence == 700_000
    close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    post_ledger(by=finance, up_to=TODAY)
    # It ended after 10 school days (8 to 19 September): £1,000 stays recharged, the rest is returned.
    adjustment = LedgerEntry.objects.get(kind=EntryKind.RECHARGE_ADJUSTMENT)
    assert (adjustment.amount_pence, adjustment.credit_account.kind) == (600_000, "devolved")
    assert not LedgerEntry.objects.filter(kind__in=[EntryKind.COMMITMENT, EntryKind.SETTLEMENT]).exists()
