"""Role x page matrix for the API token pages, and the same idea for the API endpoints themselves.

The token pages are ordinary pages (check_page). The API endpoints answer to a token, not to a
signed-in session: every role's session and a signed-out visitor get 401, a provider's token
gets 200, and the schema is public.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from conftest import ALL_ROLES
from tests.matrix import check_page, check_signed_out

TOKEN_MANAGERS = {Role.LA_STRATEGIC_LEAD, Role.LA_INCLUSION_OFFICER, Role.PROVIDER_MANAGER}


@pytest.fixture
def objects(tokens, frozen):
    return {"token": (tokens["a"][0].pk, tokens["b"][0].pk)}


# (url name, kind of object or None, roles allowed, roles scoped to their own organisation)
PAGES = [
    ("api:tokens", None, TOKEN_MANAGERS, set()),
    ("api:token-add", None, TOKEN_MANAGERS, set()),
    ("api:token-revoke", "token", TOKEN_MANAGERS, {Role.PROVIDER_MANAGER}),
    # The API: no role reaches it with a session (401); a token does (see below and test_api.py).
    ("api:placements", "api", set(), set()),
    ("api:attendance", "api", set(), set()),
    ("api:schema", "public", set(ALL_ROLES), set()),
]
HTML_PAGES = [p for p in PAGES if p[1] not in ("api", "public")]
API_PAGES = [p for p in PAGES if p[1] == "api"]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), HTML_PAGES, ids=[p[0] for p in HTML_PAGES])
def test_role_page_matrix(client_as, objects, role, name, kind, allowed, scoped):
    check_page(client_as, objects, role, name, kind, allowed, scoped)


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), HTML_PAGES, ids=[p[0] for p in HTML_PAGES])
def test_signed_out_visitors_are_sent_to_sign_in(client, objects, name, kind, allowed, scoped):
    check_signed_out(client, objects, name, kind)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", [p[0] for p in API_PAGES])
def test_api_refuses_every_role_session(client_as, objects, role, name):
    assert client_as(role).get(reverse(name)).status_code == 401


@pytest.mark.parametrize("name", [p[0] for p in API_PAGES])
def test_api_with_a_token_and_signed_out(api_for, objects, name):
    assert APIClient().get(reverse(name)).status_code == 401
    assert api_for("a").get(reverse(name)).status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_schema_is_public(client_as, client, db, role):
    assert client_as(role).get(reverse("api:schema")).status_code == 200
    assert client.get(reverse("api:schema")).status_code == 200
