"""Role x page for every placements page: permitted 200, lesser role 403, another organisation's placement 404."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from conftest import ALL_ROLES
from placements import services_survey
from placements.tests.conftest import make_decision, pupil_at
from placements.tests.factories import (
    ComponentFactory,
    DestinationFactory,
    PlacementFactory,
    ProfileFactory,
    ReturnCheckFactory,
    ReturnFactory,
    ReviewFactory,
)
from tests.matrix import check_page, check_signed_out

LA_CASEWORK = {Role.LA_STRATEGIC_LEAD, Role.LA_INCLUSION_OFFICER}
SCHOOL = {Role.SCHOOL_LEADER, Role.SCHOOL_STAFF}
PROVIDER = {Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF}
SEE = LA_CASEWORK | SCHOOL | PROVIDER
COMMISSION = LA_CASEWORK | {Role.SCHOOL_LEADER}
REVIEWERS = COMMISSION | PROVIDER
LEADER = {Role.SCHOOL_LEADER}
EVERY_ROLE = set(Role)
pytestmark = pytest.mark.usefixtures("frozen")


def _placement(area, school, provider, **fields):
    pupil = pupil_at(school)
    placement = PlacementFactory(
        pupil=pupil, home_school=school.organisation, commissioner=area.la, funder=area.la, **fields
    )
    component = ComponentFactory(placement=placement, provider=provider)
    ProfileFactory(placement=placement)
    review = ReviewFactory(placement=placement)
    return placement, component, review


def _ended(area, school, provider):
    placement, _, _ = _placement(
        area, school, provider, status="ended", end_date=datetime.date(2025, 11, 7), end_reason="returned"
    )
    return_plan = ReturnFactory(placement=placement, school=school.organisation)
    check = ReturnCheckFactory(return_plan=return_plan)
    destination = DestinationFactory(placement=placement)
    return placement, check, destination


class LazyObjects(dict):
    """{kind: (args for own object, args for another organisation's)}, built only when a page asks for its kind."""

    def __init__(self, area):
        super().__init__()
        self.area = area

    def __missing__(self, kind):
        area = self.area
        if kind in ("placement", "component", "review"):
            own, own_component, own_review = _placement(area, area.school_a, area.provider)
            other, other_component, other_review = _placement(area, area.school_b, area.provider_b)
            self["placement"] = (own.pk, other.pk)
            self["component"] = ((own.pk, own_component.pk), (other.pk, other_component.pk))
            self["review"] = ((own.pk, own_review.pk), (other.pk, other_review.pk))
        elif kind in ("return_check", "destination", "survey"):
            own, own_check, own_destination = _ended(area, area.school_a, area.provider)
            other, other_check, other_destination = _ended(area, area.school_b, area.provider_b)
            self["return_check"] = ((own.pk, own_check.pk), (other.pk, other_check.pk))
            self["destination"] = ((own.pk, own_destination.pk), (other.pk, other_destination.pk))
            _, token = services_survey.create_survey_invitation(by=None, placement=own, respondent="family")
            self["survey"] = (token, token)
        elif kind == "pupil":
            self["pupil"] = (pupil_at(area.school_a).pk, pupil_at(area.school_b).pk)
        elif kind == "decision":
            own = make_decision(
                outcome="time_limited_placement",
                pupil=pupil_at(area.school_a),
                school=area.school_a.organisation,
                provider=area.provider,
            )
            other = make_decision(
                outcome="time_limited_placement",
                pupil=pupil_at(area.school_b),
                school=area.school_b.organisation,
                provider=area.provider_b,
            )
            self["decision"] = (own.pk, other.pk)
        return dict.__getitem__(self, kind)


@pytest.fixture
def objects(area):
    return LazyObjects(area)


# (url name, kind of object or None, roles allowed, roles scoped to their own organisation)
PAGES = [
    ("placements:list", None, SEE, set()),
    ("placements:reviews-due", None, SEE, set()),
    ("placements:add", "pupil", COMMISSION, LEADER),
    ("placements:create-from-decision", "decision", COMMISSION, LEADER),
    ("placements:detail", "placement", SEE, SCHOOL | PROVIDER),
    ("placements:edit", "placement", COMMISSION, LEADER),
    ("placements:component-add", "placement", COMMISSION, LEADER),
    ("placements:component-edit", "component", COMMISSION, LEADER),
    ("placements:component-remove", "component", COMMISSION, LEADER),
    ("placements:profile", "placement", SEE, SCHOOL | PROVIDER),
    ("placements:profile-edit", "placement", COMMISSION, LEADER),
    ("placements:agreement", "placement", SEE, SCHOOL | PROVIDER),
    ("placements:agreement-pdf", "placement", SEE, SCHOOL | PROVIDER),
    ("placements:agree", "placement", COMMISSION, LEADER),
    ("placements:start", "placement", COMMISSION, LEADER),
    ("placements:cancel", "placement", COMMISSION, LEADER),
    ("placements:end", "placement", COMMISSION, LEADER),
    ("placements:extend", "placement", COMMISSION, LEADER),
    ("placements:review-add", "placement", REVIEWERS, LEADER | PROVIDER),
    ("placements:review", "review", REVIEWERS, LEADER | PROVIDER),
    ("placements:return", "placement", COMMISSION, LEADER),
    ("placements:return-check", "return_check", COMMISSION, LEADER),
    ("placements:destination", "destination", COMMISSION, LEADER),
    ("placements:survey-invite", "placement", COMMISSION, LEADER),
    ("placements:survey", "survey", EVERY_ROLE, set()),
]
PUBLIC = {"placements:survey"}


_SHARED = {}


@pytest.fixture
def reused_client_as(user_as):
    """Like conftest's client_as, but one Client per worker, signed in afresh for each role.

    A new Client loads the middleware again (WhiteNoise scans the static files each time),
    which made this matrix several times slower; signing one client in again is equivalent.
    """

    def make(role, organisation=None):
        client = _SHARED.setdefault("client", Client())
        client.cookies.clear()
        client.force_login(user_as(role, organisation), backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_role_page_matrix(reused_client_as, objects, role, name, kind, allowed, scoped):
    check_page(reused_client_as, objects, role, name, kind, allowed, scoped)


SIGNED_IN_ONLY = [p for p in PAGES if p[0] not in PUBLIC]


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), SIGNED_IN_ONLY, ids=[p[0] for p in SIGNED_IN_ONLY])
def test_signed_out_visitors_are_sent_to_sign_in(objects, name, kind, allowed, scoped):
    client = _SHARED.setdefault("client", Client())
    client.cookies.clear()
    check_signed_out(client, objects, name, kind)


def test_the_survey_needs_no_account(client, objects):
    assert client.get(reverse("placements:survey", args=[objects["survey"][0]])).status_code == 200


def test_refusal_explains_itself(client_as, objects):
    response = client_as(Role.PROVIDER_STAFF).get(reverse("placements:edit", args=[objects["placement"][0]]))
    assert response.status_code == 403
    assert "cannot change, agree, start, extend or end placements" in response.content.decode()


def _many(area, count):
    for _ in range(count):
        placement, _, _ = _placement(area, area.school_a, area.provider, start_date=datetime.date(2025, 9, 8))
        ComponentFactory(placement=placement, provider=area.provider_b)
        ReviewFactory(placement=placement, due_date=datetime.date(2025, 10, 20))


@pytest.mark.parametrize("url_name", ["placements:list", "placements:reviews-due"])
@pytest.mark.parametrize("role", [Role.LA_STRATEGIC_LEAD, Role.SCHOOL_LEADER, Role.PROVIDER_MANAGER])
def test_query_count_does_not_grow_with_rows(area, client_as, url_name, role):
    client = client_as(role)
    _many(area, 3)
    client.get(reverse(url_name))  # warm up: session, permissions
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _many(area, 30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(url_name))
        assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_anonymous_client_fixture_is_not_signed_in(objects):
    assert Client().get(reverse("placements:list")).status_code == 302
