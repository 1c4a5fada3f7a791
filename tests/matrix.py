"""Shared machinery for role x page authorization tests.

Each app lists its pages in ``<app>/tests/test_pages.py`` as::

    PAGES = [
        # (url name, kind of object or None, roles allowed, roles scoped to their own organisation)
        ("placements:list", None, {Role.LA_STRATEGIC_LEAD, ...}, set()),
        ("placements:detail", "placement", {...}, {Role.SCHOOL_LEADER, ...}),
    ]

with an ``objects`` fixture returning ``{kind: (args for own object, args for another
organisation's object)}`` and a test that calls ``check_page`` for every role and page.
tests/test_page_coverage.py fails if a named URL is in no PAGES list.
"""

from django.urls import reverse

from accounts.roles import Role


def _args(objects, kind, which):
    if kind is None:
        return []
    value = objects[kind][which]
    return list(value) if isinstance(value, (tuple, list)) else [value]


def check_page(client_as, objects, role, name, kind, allowed, scoped):
    """Permitted role -> 200, lesser role -> 403, another organisation's object -> 404."""
    client = client_as(role)
    own_url = reverse(name, args=_args(objects, kind, 0))
    response = client.get(own_url)
    expected = 200 if Role(role) in allowed else 403
    assert response.status_code == expected, f"{role} on {own_url}: {response.status_code}, expected {expected}"
    if kind is not None and Role(role) in scoped and Role(role) in allowed:
        other_url = reverse(name, args=_args(objects, kind, 1))
        status = client.get(other_url).status_code
        assert status == 404, f"{role} on another organisation's {other_url}: {status}, expected 404"


def check_signed_out(client, objects, name, kind):
    url = reverse(name, args=_args(objects, kind, 0))
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith(reverse("accounts:sign-in"))
