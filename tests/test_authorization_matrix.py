"""Role x page: for every page, each role gets 200, 403 (lesser role) or 404 (another organisation's object).

Add each new page to PAGES with the roles allowed to open it. Object pages are also opened
for an object in another organisation, which must be a 404 for roles scoped to their own.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from conftest import ALL_ROLES
from pupils.tests.factories import EpisodeFactory, PupilFactory, RegistrationFactory
from tests.matrix import check_page, check_signed_out

LA_CASEWORK = {Role.LA_STRATEGIC_LEAD, Role.LA_INCLUSION_OFFICER}
SCHOOL = {Role.SCHOOL_LEADER, Role.SCHOOL_STAFF}
PROVIDER = {Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF}
EVERY_ROLE = set(Role)
EDITORS = LA_CASEWORK | {Role.SCHOOL_LEADER}
PEOPLE_MANAGERS = {Role.ADMINISTRATOR, Role.LA_STRATEGIC_LEAD}


@pytest.fixture
def objects(area):
    """A pupil at school A (also dual registered at the provider) and one at school B."""
    own = PupilFactory()
    RegistrationFactory(pupil=own, organisation=area.school_a.organisation, enrolment_status="M")
    RegistrationFactory(pupil=own, organisation=area.provider.organisation, enrolment_status="S")
    episode = EpisodeFactory(
        pupil=own, status="part_time", school=area.school_a.organisation, agreed_end_date=datetime.date(2026, 12, 1)
    )
    other = PupilFactory()
    RegistrationFactory(pupil=other, organisation=area.school_b.organisation)
    other_episode = EpisodeFactory(pupil=other, status="in_ap", school=area.school_b.organisation)
    registration = own.registrations.get(organisation=area.school_a.organisation)
    other_registration = other.registrations.get()
    membership = area.la.memberships.create(user=UserFactory(), role="la_qa_officer")
    return {
        "person": (membership.user_id, membership.user_id),
        "membership": ((membership.user_id, membership.pk), (membership.user_id, membership.pk)),
        "pupil": (own.pk, other.pk),
        "episode": ((own.pk, episode.pk), (other.pk, other_episode.pk)),
        "registration": ((own.pk, registration.pk), (other.pk, other_registration.pk)),
        "school": (area.school_a.pk, area.school_b.pk),
    }


# (url name, kind of object or None, roles allowed, roles scoped to their own organisation)
PAGES = [
    ("home", None, EVERY_ROLE, set()),
    ("accounts:switch", None, EVERY_ROLE, set()),
    ("pupils:list", None, LA_CASEWORK | SCHOOL | PROVIDER, set()),
    ("pupils:add", None, EDITORS, set()),
    ("pupils:register", None, LA_CASEWORK | SCHOOL, set()),
    ("pupils:register-export", None, EDITORS, set()),
    ("pupils:detail", "pupil", LA_CASEWORK | SCHOOL | PROVIDER, SCHOOL | PROVIDER),
    ("pupils:edit", "pupil", EDITORS, {Role.SCHOOL_LEADER}),
    ("pupils:episode-add", "pupil", EDITORS, {Role.SCHOOL_LEADER}),
    ("pupils:episode-edit", "episode", EDITORS, {Role.SCHOOL_LEADER}),
    ("pupils:registration-add", "pupil", EDITORS, {Role.SCHOOL_LEADER}),
    ("pupils:registration-end", "registration", EDITORS, {Role.SCHOOL_LEADER}),
    ("accounts:people", None, PEOPLE_MANAGERS, set()),
    ("accounts:invite", None, PEOPLE_MANAGERS, set()),
    ("accounts:person", "person", PEOPLE_MANAGERS, set()),
    ("accounts:membership-add", "person", PEOPLE_MANAGERS, set()),
    ("accounts:membership-remove", "membership", PEOPLE_MANAGERS, set()),
    ("accounts:set-active", "person", PEOPLE_MANAGERS, set()),
    ("schools:list", None, EVERY_ROLE, set()),
    ("schools:detail", "school", EVERY_ROLE, set()),
]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_role_page_matrix(client_as, objects, role, name, kind, allowed, scoped):
    check_page(client_as, objects, role, name, kind, allowed, scoped)


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_signed_out_visitors_are_sent_to_sign_in(client, objects, name, kind, allowed, scoped):
    check_signed_out(client, objects, name, kind)


def test_refusal_explains_itself(client_as, objects):
    response = client_as(Role.LA_FINANCE_OFFICER).get(reverse("pupils:list"))
    assert response.status_code == 403
    assert "LA finance officer at Trafford" in response.content.decode()
    assert "cannot see pupil records" in response.content.decode()
