"""Scoped reads: who sees which money and which pupil names; balances, positions, shares, forecast, alerts; flat query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from funding import queries
from funding.models import EntryKind, LedgerEntry
from funding.queries_money import account_balances, finance_alerts, forecast, school_positions, shares_of_places
from funding.reconcile import post_ledger
from funding.services_ledger import close_month
from funding.tests.helpers import D, FundingModel, arrangement, confirmed_year, exclude, make_placement, mark
from schools.tests.factories import SchoolFactory

TODAY = D(2025, 11, 20)


@pytest.fixture
def ledger(area, finance):
    """Devolved to schools; Ashton excluded a pupil placed by the LA; Brook declined its SLA."""
    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS)
    year = confirmed_year(finance, area, engaged=("a", "c"), declined=("b",))
    placed = make_placement(area)
    exclude(area, placed.pupil)
    post_ledger(by=finance, up_to=TODAY)
    return year, placed


def test_balances_are_one_query(area, finance, ledger):
    with CaptureQueriesContext(connection) as queries_run:
        result = account_balances(TODAY)
    assert len(queries_run) == 1 and len(result) > 5
    assert sum(b.balance for b in result) == 0


def test_balances_at_an_earlier_date(area, finance, ledger):
    assert sum(b.balance for b in account_balances(D(2025, 8, 31))) == 0
    assert all(b.balance == 0 for b in account_balances(D(2025, 8, 31)))


def test_school_positions(area, finance, ledger):
    year, _ = ledger
    rows = {p.school.organisation.name: p for p in school_positions(finance, year, TODAY)}
    ashton = rows["Ashton High School"]
    assert (ashton.allocation, ashton.engagement, ashton.recharged) == (49_000_000, "engaged", 700_000)
    assert ashton.available == 49_000_000 - 700_000
    assert rows["Brook High School"].engagement == "not_engaged"
    assert rows["Brook High School"].available == 49_000_000  # retained by the LA


def test_positions_keep_a_flat_query_count(area, finance, ledger):
    year, _ = ledger
    with CaptureQueriesContext(connection) as few:
        school_positions(finance, year, TODAY)
    for number in range(8):
        SchoolFactory(organisation__name=f"Extra School {number}")
    with CaptureQueriesContext(connection) as many:
        assert len(school_positions(finance, year, TODAY)) == 11
    assert len(few) == len(many) <= 5


def test_a_chair_sees_its_partnerships_schools_and_a_leader_sees_every_school(area, finance, ledger, user_as):
    year, _ = ledger
    chair = user_as(Role.PARTNERSHIP_CHAIR)
    assert {p.school.organisation.name for p in school_positions(chair, year, TODAY)} == {
        "Ashton High School",
        "Brook High School",
    }
    leader = user_as(Role.SCHOOL_LEADER, area.school_c.organisation)
    assert len(school_positions(leader, year, TODAY)) == 3
    assert school_positions(user_as(Role.SCHOOL_STAFF), year, TODAY) == []


def test_a_school_leader_sees_only_its_own_ledger_lines(area, finance, ledger, user_as):
    own = queries.ledger_entries_visible_to(user_as(Role.SCHOOL_LEADER, area.school_a.organisation))
    assert set(own.values_list("kind", flat=True)) == {"allocation", "commitment", "recharge"}
    brook = queries.ledger_entries_visible_to(user_as(Role.SCHOOL_LEADER, area.school_b.organisation))
    assert set(brook.values_list("kind", flat=True)) == {"retained"}
    assert not queries.ledger_entries_visible_to(user_as(Role.PARTNERSHIP_CHAIR)).exists()


def test_pupil_names_only_for_those_entitled(area, finance, ledger, client_as):
    _, placed = ledger
    name = placed.pupil.full_name
    assert name in client_as(Role.LA_STRATEGIC_LEAD).get(reverse("funding:ledger")).content.decode()
    page = client_as(Role.LA_FINANCE_OFFICER).get(reverse("funding:ledger")).content.decode()
    assert name not in page and f"A pupil (placement {placed.placement.pk})" in page
    assert (
        name
        in client_as(Role.SCHOOL_LEADER, area.school_a.organisation).get(reverse("funding:ledger")).content.decode()
    )


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as run:
        assert client.get(url).status_code == 200
    return len(run)


def test_ledger_page_keeps_a_flat_query_count(area, finance, ledger, client_as):
    client = client_as(Role.LA_STRATEGIC_LEAD)
    few = _page_queries(client, reverse("funding:ledger"))
    for _ in range(12):
        placed = make_placement(area, home=area.school_b.organisation)
        exclude(area, placed.pupil, school=area.school_b.organisation)
    post_ledger(by=finance, up_to=TODAY)
    assert LedgerEntry.objects.count() > 25
    assert _page_queries(client, reverse("funding:ledger")) == few


def test_balances_and_shares_pages_keep_a_flat_query_count(area, finance, ledger, client_as):
    client = client_as(Role.LA_FINANCE_OFFICER)
    make_placement(area, status="active")
    few = (_page_queries(client, reverse("funding:balances")), _page_queries(client, reverse("funding:shares")))
    for number in range(6):
        school = SchoolFactory(organisation__name=f"Extra School {number}", partnership=area.partnership)
        make_placement(area, home=school.organisation, status="active")
    post_ledger(by=finance, up_to=TODAY)
    many = (_page_queries(client, reverse("funding:balances")), _page_queries(client, reverse("funding:shares")))
    assert few == many


def test_shares_of_places_and_their_use(area, finance):
    arrangement(finance, FundingModel.TRADITIONAL, FundingModel.COLLECTIVE)
    year = confirmed_year(finance, area, commissioned_places=10)
    make_placement(area, status="active", sessions=["mon_am", "mon_pm", "tue_am", "tue_pm", "wed_am"])  # half a place
    result = shares_of_places(finance, year, TODAY)
    rows = {r.name: r for r in result.schools}
    assert result.places == 10
    assert rows["Ashton High School"].places == 5 and rows["Ashton High School"].used_places == pytest.approx(0.5)
    # 8 Sep to 20 Nov: 49 school days (35 to half term, 14 after it) at half a place.
    assert float(rows["Ashton High School"].used_days) == pytest.approx(24.5)
    assert [r.name for r in result.partnerships] == ["North Locality"] and result.partnerships[0].places == 10


def test_forecast_and_the_overspend_alert(area, finance, user_as):
    arrangement(finance, FundingModel.TRADITIONAL)
    year = confirmed_year(finance, area, ap_budget_pence=3_000_000, commissioned_places=0)
    placed = make_placement(area, cost=20_000)
    mark(placed.component, D(2025, 9, 9))
    close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    post_ledger(by=finance, up_to=TODAY)
    projection = forecast(year, TODAY)
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT).amount_pence
    assert (projection.spent, projection.committed) == (20_000, commitment - 20_000)
    assert (projection.months_elapsed, projection.months_left, projection.run_rate) == (3, 9, commitment // 3)
    assert projection.projected == 20_000 + commitment - 20_000 + 9 * (commitment // 3) and projection.overspend
    alerts = finance_alerts(finance, TODAY)
    assert alerts[0].important and "Overspend projected" in alerts[0].text
    assert any("October 2025 has ended and is not closed" in a.text for a in alerts)
    assert finance_alerts(user_as(Role.SCHOOL_LEADER), TODAY) == []


def test_alert_when_there_is_no_budget_for_the_year(area, finance):
    assert [a.text for a in finance_alerts(finance, TODAY)] == ["There is no AP budget for 2025/26 yet"]


def test_next_month_to_close(area, finance, ledger):
    assert queries.next_month_to_close(TODAY) == D(2025, 9, 1)
    close_month(by=finance, month=D(2025, 9, 1), today=TODAY)
    close_month(by=finance, month=D(2025, 10, 1), today=TODAY)
    assert queries.next_month_to_close(TODAY) is None
    assert queries.next_month_to_close(datetime.date(2025, 12, 2)) == D(2025, 11, 1)
