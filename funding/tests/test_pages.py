"""Role x page matrix for the funding pages: 200 for a permitted role, 403 for a lesser one, 404 for another's object."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from conftest import ALL_ROLES
from funding import services
from funding.models import AgreementStatus, EntryKind, LedgerEntry, ServiceLevelAgreement
from funding.reconcile import post_ledger
from funding.tests.helpers import D, FundingModel, arrangement, decide, make_year
from tests.matrix import check_page, check_signed_out

FINANCE = {Role.LA_FINANCE_OFFICER, Role.LA_STRATEGIC_LEAD}
VIEW = FINANCE | {Role.SCHOOL_LEADER, Role.PARTNERSHIP_CHAIR}
LEDGER = FINANCE | {Role.SCHOOL_LEADER}


@pytest.fixture
def objects(area, finance):
    """A confirmed year with allocations for schools A, B (North Locality) and C (elsewhere), SLAs and ledger entries."""
    arrangement(finance, FundingModel.DEVOLVED_SCHOOLS)
    year = make_year(finance, primary_weight=1)
    services.run_formula(by=finance, funding_year=year)
    services.confirm_funding_year(by=finance, funding_year=year)
    for school in (area.school_a, area.school_b, area.school_c):
        decide(year, school, AgreementStatus.ACCEPTED)
    post_ledger(by=finance, up_to=D(2025, 11, 20))
    allocation = {a.school_id: a.pk for a in year.allocations.all()}
    agreement = {a.school_id: a.pk for a in ServiceLevelAgreement.objects.filter(funding_year=year)}
    own_entry = LedgerEntry.objects.get(kind=EntryKind.ALLOCATION, school=area.school_a.organisation)
    other_entry = LedgerEntry.objects.get(kind=EntryKind.ALLOCATION, school=area.school_c.organisation)
    ServiceLevelAgreement.objects.filter(school=area.school_a).update(status=AgreementStatus.PENDING, decided_at=None)
    return {
        "year": (year.pk, year.pk),
        "allocation": (allocation[area.school_a.pk], allocation[area.school_c.pk]),
        "agreement": (agreement[area.school_a.pk], agreement[area.school_c.pk]),
        "entry": (own_entry.pk, other_entry.pk),
    }


# (url name, kind of object or None, roles allowed, roles scoped to their own organisation)
PAGES = [
    ("funding:overview", None, VIEW, set()),
    ("funding:arrangements", None, VIEW, set()),
    ("funding:arrangement-change", None, FINANCE, set()),
    ("funding:years", None, FINANCE, set()),
    ("funding:year-add", None, FINANCE, set()),
    ("funding:year", "year", FINANCE, set()),
    ("funding:year-change", "year", FINANCE, set()),
    ("funding:year-formula", "year", FINANCE, set()),
    ("funding:year-confirm", "year", FINANCE, set()),
    ("funding:year-terms", "year", FINANCE, set()),
    ("funding:year-issue", "year", FINANCE, set()),
    ("funding:allocation", "allocation", VIEW, {Role.SCHOOL_LEADER, Role.PARTNERSHIP_CHAIR}),
    ("funding:agreement", "agreement", LEDGER, {Role.SCHOOL_LEADER}),
    ("funding:agreement-decide", "agreement", {Role.SCHOOL_LEADER}, {Role.SCHOOL_LEADER}),
    ("funding:agreement-record", "agreement", FINANCE, set()),
    ("funding:balances", None, VIEW, set()),
    ("funding:shares", None, VIEW, set()),
    ("funding:forecast", None, FINANCE, set()),
    ("funding:ledger", None, LEDGER, set()),
    ("funding:ledger-export", None, FINANCE, set()),
    ("funding:post-ledger", None, FINANCE, set()),
    ("funding:entry", "entry", LEDGER, {Role.SCHOOL_LEADER}),
    ("funding:entry-reverse", "entry", FINANCE, set()),
    ("funding:invoice-add", None, FINANCE, set()),
    ("funding:months", None, FINANCE, set()),
]


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_every_role_on_every_page(client_as, objects, name, kind, allowed, scoped):
    for role in ALL_ROLES:
        check_page(client_as, objects, role, name, kind, allowed, scoped)


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_signed_out_visitors_are_sent_to_sign_in(client, objects, name, kind, allowed, scoped):
    check_signed_out(client, objects, name, kind)


def test_menu_item_for_funding_roles_only(client_as, objects):
    assert 'href="/funding/"' in client_as(Role.SCHOOL_LEADER).get(reverse("home")).content.decode()
    assert 'href="/funding/"' not in client_as(Role.SCHOOL_STAFF).get(reverse("home")).content.decode()


def test_refusal_explains_itself(client_as, objects):
    response = client_as(Role.LA_INCLUSION_OFFICER).get(reverse("funding:ledger"))
    assert response.status_code == 403
    assert "cannot see ledger entries" in response.content.decode()


@pytest.mark.parametrize("role", [Role.LA_FINANCE_OFFICER, Role.SCHOOL_LEADER, Role.PARTNERSHIP_CHAIR])
def test_pages_work_before_anything_is_set_up(area, client_as, role):
    client = client_as(role)
    for name, kind, allowed, _ in PAGES:
        if kind is None and role in allowed and name != "funding:ledger-export":
            response = client.get(reverse(name))
            assert response.status_code == 200, name
            assert response.content.decode().count("<h1") == 1, name
