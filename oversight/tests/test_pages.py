"""Role x page matrix for the oversight pages: 200 for a permitted role, 403 for a lesser one, 404 for another's."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from conftest import ALL_ROLES
from oversight.models import Benchmark
from tests.matrix import check_page, check_signed_out

VIEW = {
    Role.LA_STRATEGIC_LEAD,
    Role.LA_INCLUSION_OFFICER,
    Role.LA_FINANCE_OFFICER,
    Role.SCHOOL_LEADER,
    Role.SCHOOL_STAFF,
    Role.PARTNERSHIP_CHAIR,
}
STRATEGIC = {Role.LA_STRATEGIC_LEAD}
OWN_SCHOOL = {Role.SCHOOL_LEADER, Role.SCHOOL_STAFF, Role.PARTNERSHIP_CHAIR}


@pytest.fixture
def objects(records):
    """School A is the school roles' own and in the chair's partnership; school C is neither."""
    area = records.area
    own, other = area.school_a.organisation_id, area.school_c.organisation_id
    benchmark = Benchmark.objects.order_by("pk").first().pk
    return {
        "school": (own, other),
        "school_export": ((own, "terms", "csv"), (other, "terms", "csv")),
        "figure": ("pupils_in_ap", "pupils_in_ap"),
        "records_export": (("pupils_in_ap", "schools", "xlsx"), ("pupils_in_ap", "schools", "xlsx")),
        "export": (("dashboard", "measures", "csv"), ("dashboard", "measures", "csv")),
        "benchmark": (benchmark, benchmark),
    }


# (url name, kind of object or None, roles allowed, roles scoped to their own organisation)
PAGES = [
    ("oversight:dashboard", None, VIEW, set()),
    ("oversight:fairness", None, VIEW, set()),
    ("oversight:outcomes", None, VIEW, set()),
    ("oversight:triangulation-index", None, VIEW, set()),
    ("oversight:triangulation", "school", VIEW, OWN_SCHOOL),
    ("oversight:triangulation-export", "school_export", VIEW, OWN_SCHOOL),
    ("oversight:records", "figure", VIEW, set()),
    ("oversight:records-export", "records_export", VIEW, set()),
    ("oversight:export", "export", VIEW, set()),
    ("oversight:benchmarks", None, VIEW, set()),
    ("oversight:benchmark-add", None, STRATEGIC, set()),
    ("oversight:benchmark-change", "benchmark", STRATEGIC, set()),
    ("oversight:thresholds", None, VIEW, set()),
    ("oversight:thresholds-change", None, STRATEGIC, set()),
]


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_every_role_on_every_page(client_as, objects, name, kind, allowed, scoped):
    for role in ALL_ROLES:
        check_page(client_as, objects, role, name, kind, allowed, scoped)


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_signed_out_visitors_are_sent_to_sign_in(client, objects, name, kind, allowed, scoped):
    check_signed_out(client, objects, name, kind)


def scope_key(school):
    return f"school-{school.organisation_id}"


@pytest.mark.parametrize("name", ["oversight:dashboard", "oversight:outcomes"])
def test_a_school_cannot_choose_another_school(client_as, records, name):
    client = client_as(Role.SCHOOL_LEADER)
    area = records.area
    assert client.get(reverse(name), {"scope": scope_key(area.school_a)}).status_code == 200
    assert client.get(reverse(name), {"scope": f"partnership-{area.partnership.pk}"}).status_code == 200
    assert client.get(reverse(name), {"scope": scope_key(area.school_b)}).status_code == 404
    assert (
        client.get(reverse("oversight:records", args=["suspensions"]), {"scope": scope_key(area.school_b)}).status_code
        == 404
    )


def test_a_partnership_chair_sees_its_own_partnership_and_schools_only(client_as, records):
    client = client_as(Role.PARTNERSHIP_CHAIR)
    area = records.area
    assert client.get(reverse("oversight:dashboard"), {"scope": scope_key(area.school_b)}).status_code == 200
    assert client.get(reverse("oversight:dashboard"), {"scope": scope_key(area.school_c)}).status_code == 404


def test_refusal_explains_itself(client_as, records):
    response = client_as(Role.PROVIDER_MANAGER).get(reverse("oversight:dashboard"))
    assert response.status_code == 403
    assert "cannot see how alternative provision is used across the area" in response.content.decode()
