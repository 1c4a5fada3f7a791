"""The funding pages' forms: what is saved, and the clear message when input makes no sense (nothing saved)."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEvent
from funding.models import (
    AgreementStatus,
    Allocation,
    EntryKind,
    FundingArrangement,
    FundingYear,
    Invoice,
    LedgerEntry,
    MonthClose,
)
from funding.reconcile import post_ledger
from funding.tests.helpers import D, FundingModel, arrangement, confirmed_year, exclude, make_placement, make_year

TODAY = D(2025, 11, 20)


def date_fields(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


@pytest.fixture
def lead(client_as):
    return client_as(Role.LA_STRATEGIC_LEAD)


def test_change_the_funding_model(area, lead):
    data = {
        **date_fields("effective_from", D(2025, 9, 1)),
        "funding_models": ["devolved_schools", "tariff"],
        "tariff_pence": "4,000",
    }
    response = lead.post(reverse("funding:arrangement-change"), data)
    assert response.status_code == 302
    arrangement_ = FundingArrangement.objects.get()
    assert arrangement_.tariff_pence == 400_000 and arrangement_.funding_models == ["devolved_schools", "tariff"]
    page = lead.get(reverse("funding:arrangements")).content.decode()
    assert "Devolved to individual schools" in page and "£4,000.00" in page


def test_a_backdated_model_change_shows_the_reason_and_saves_nothing(area, finance, lead):
    MonthClose.objects.create(month=D(2025, 9, 1), closed_by=finance)
    data = {**date_fields("effective_from", D(2025, 9, 20)), "funding_models": ["traditional"], "tariff_pence": ""}
    response = lead.post(reverse("funding:arrangement-change"), data)
    content = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in content
    assert "The ledger is closed to 30 September 2025" in content and 'href="#effective_from-day"' in content
    assert not FundingArrangement.objects.exists()


def test_add_a_year_and_its_bad_input(area, lead):
    data = {
        "academic_year": 2025,
        "ap_budget_pence": "10,000",
        "place_rate_pence": "10000",
        "commissioned_places": "3",
        "devolved_percent": "100",
        "secondary_weight": "1",
        "primary_weight": "0",
        "pupil_factor_percent": "70",
        "fsm_factor_percent": "20",
        "idaci_factor_percent": "10",
    }
    response = lead.post(reverse("funding:year-add"), data)
    assert "smaller than the place funding of £30,000.00" in response.content.decode()
    response = lead.post(reverse("funding:year-add"), {**data, "ap_budget_pence": "ten pounds"})
    assert "Enter the AP budget in pounds" in response.content.decode()
    response = lead.post(reverse("funding:year-add"), {**data, "primary_weight": "-1"})
    assert "A weight cannot be negative" in response.content.decode()
    assert not FundingYear.objects.exists()
    response = lead.post(reverse("funding:year-add"), {**data, "ap_budget_pence": "£1,000,000.50"})
    year = FundingYear.objects.get()
    assert response.status_code == 302 and year.ap_budget_pence == 100_000_050


def test_run_confirm_write_terms_and_issue(area, finance, lead):
    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS)
    year = make_year(finance)
    response = lead.post(reverse("funding:year-confirm", args=[year.pk]))
    assert response.status_code == 400 and "Run the formula before confirming" in response.content.decode()
    assert lead.post(reverse("funding:year-formula", args=[year.pk])).status_code == 302
    assert Allocation.objects.count() == 2
    assert lead.post(reverse("funding:year-confirm", args=[year.pk])).status_code == 302
    terms_page = lead.get(reverse("funding:year-terms", args=[year.pk])).content.decode()
    assert "more than 20% of their school time" in terms_page
    blank = lead.post(reverse("funding:year-terms", args=[year.pk]), {"aim_and_purpose": "Aim"})
    assert "Enter the text for “Resources and how they may be used”" in blank.content.decode()
    sections = {
        name: f"Text for {name}"
        for name in (
            "aim_and_purpose",
            "resources_and_use",
            "roles_and_responsibilities",
            "reporting_requirements",
            "permanent_exclusion",
            "registration",
            "mid_year_arrivals",
            "non_engagement",
        )
    }
    assert lead.post(reverse("funding:year-terms", args=[year.pk]), sections).status_code == 302
    assert lead.post(reverse("funding:year-issue", args=[year.pk])).status_code == 302
    page = lead.get(reverse("funding:year", args=[year.pk])).content.decode()
    assert page.count("Waiting for the school") == 2


def test_a_school_sees_how_its_allocation_was_calculated(area, finance, client_as):
    year = confirmed_year(finance, area)
    allocation = year.allocations.get(school=area.school_a)
    leader = client_as(Role.SCHOOL_LEADER)
    page = leader.get(reverse("funding:allocation", args=[allocation.pk])).content.decode()
    for words in (
        "Less place funding for state-funded AP",
        "Pupil numbers (70%",
        "Deprivation: free school meals",
        "885 of 1,770 weighted pupils",
        "£490,000.00",
    ):
        assert words in page
    overview = leader.get(reverse("funding:overview")).content.decode()
    assert "Your allocation is <strong>£490,000.00</strong>" in overview


def test_a_school_leader_declines_then_accepts(area, finance, client_as):
    year = confirmed_year(finance, area, engaged=())
    agreement = year.agreements.create(
        school=area.school_a,
        issued_at=year.created_at,
        allocation_pence=49_000_000,
        sections=[["Aim and purpose", "Keep pupils in school"]],
    )
    leader = client_as(Role.SCHOOL_LEADER)
    assert "Keep pupils in school" in leader.get(reverse("funding:agreement", args=[agreement.pk])).content.decode()
    url = reverse("funding:agreement-decide", args=[agreement.pk])
    response = leader.post(url, {"decision": "declined", "note": ""})
    assert "Say why the school declines" in response.content.decode()
    assert leader.post(url, {"decision": "declined", "note": "Governors disagree"}).status_code == 302
    assert leader.post(url, {"decision": "accepted"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACCEPTED


def test_the_la_records_a_signed_copy(area, finance, lead):
    year = confirmed_year(finance, area, engaged=())
    agreement = year.agreements.create(school=area.school_b, issued_at=year.created_at, allocation_pence=1)
    url = reverse("funding:agreement-record", args=[agreement.pk])
    assert "who signed it" in lead.post(url, {"decision": "accepted", "note": ""}).content.decode()
    assert lead.post(url, {"decision": "accepted", "note": "Signed by the head on 2 October"}).status_code == 302


@pytest.fixture
def posted(area, finance):
    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS)
    confirmed_year(finance, area)
    placed = make_placement(area)
    exclude(area, placed.pupil)
    post_ledger(by=finance, up_to=TODAY)
    return placed


def test_record_an_invoice(area, finance, lead, posted):
    MonthClose.objects.create(month=D(2025, 9, 1), closed_by=finance)
    data = {
        "provider": area.provider.pk,
        "reference": "R-1",
        **date_fields("invoice_date", D(2025, 9, 30)),
        "amount_pence": "120.50",
        "description": "Transport",
        "placement": "",
    }
    response = lead.post(reverse("funding:invoice-add"), data)
    assert "30 September 2025 is in a closed month" in response.content.decode()
    response = lead.post(reverse("funding:invoice-add"), {**data, "placement": "99999"})
    assert "There is no agreed placement number 99999" in response.content.decode()
    assert not Invoice.objects.exists()
    response = lead.post(
        reverse("funding:invoice-add"),
        {**data, **date_fields("invoice_date", D(2025, 10, 3)), "placement": posted.placement.pk},
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(kind=EntryKind.INVOICE)
    assert (entry.amount_pence, entry.placement_id, entry.debit_account.kind) == (
        12_050,
        posted.placement.pk,
        "central",
    )


def test_reverse_an_entry_from_its_page(area, lead, posted):
    entry = LedgerEntry.objects.get(kind=EntryKind.RECHARGE)
    assert "Reverse this entry" in lead.get(reverse("funding:entry", args=[entry.pk])).content.decode()
    response = lead.post(
        reverse("funding:entry-reverse", args=[entry.pk]), {**date_fields("entry_date", TODAY), "reason": ""}
    )
    assert "Say why the entry is being reversed" in response.content.decode()
    response = lead.post(
        reverse("funding:entry-reverse", args=[entry.pk]),
        {**date_fields("entry_date", TODAY), "reason": "Wrong school"},
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.get(kind=EntryKind.REVERSAL).reverses == entry


def test_post_and_close_from_the_pages(area, finance, lead, posted):
    response = lead.post(reverse("funding:post-ledger"), date_fields("up_to", TODAY))
    assert "Nothing new" in response.content.decode()
    response = lead.post(reverse("funding:months"))
    assert response.status_code == 302 and MonthClose.objects.get().month == D(2025, 9, 1)


def test_export_for_the_finance_system(area, lead, posted):
    response = lead.get(reverse("funding:ledger-export"), {"kind": "recharge"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1 and rows[0]["Kind"] == "recharge" and rows[0]["Amount (pence)"] == "700000"
    assert rows[0]["Pupil"] == posted.pupil.full_name and rows[0]["Debit organisation"] == "Ashton High School"
    assert AuditEvent.objects.filter(action="export", summary="Ledger exported as CSV (1 entries)").exists()


def test_overview_shows_the_finance_alerts(area, finance, lead):
    page = lead.get(reverse("funding:overview")).content.decode()
    assert "There is no AP budget for 2025/26 yet" in page


def test_post_ledger_command(area, finance, posted):
    out = StringIO()
    call_command("post_ledger", "--date", "2025-11-20", stdout=out)
    assert "Ledger posted to 2025-11-20: 0 entries" in out.getvalue()
    with pytest.raises(Exception, match="--date must be a date"):
        call_command("post_ledger", "--date", "soon")
