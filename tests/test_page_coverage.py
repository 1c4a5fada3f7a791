"""Every named page must appear in a role x page matrix (a PAGES list)."""

import importlib

from django.apps import apps
from django.urls import get_resolver

from tests import test_authorization_matrix

# Pages whose access is tested on their own, with the reason.
EXEMPT = {
    "accounts:sign-in": "public: tested in accounts/tests/test_sign_in.py",
    "accounts:sign-out": "POST only: tested in accounts/tests/test_sign_in.py",
    "health": "public health check",
    "accounts:set-password": "public one-time link: tested in accounts/tests/test_people.py",
}


def all_url_names():
    resolver = get_resolver()
    names = {key for key in resolver.reverse_dict if isinstance(key, str)}
    for namespace, (_prefix, sub) in resolver.namespace_dict.items():
        names |= {f"{namespace}:{key}" for key in sub.reverse_dict if isinstance(key, str)}
    return names


def covered_names():
    covered = {page[0] for page in test_authorization_matrix.PAGES}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tests.test_pages")
        except ModuleNotFoundError:
            continue
        covered |= {page[0] for page in getattr(module, "PAGES", [])}
    return covered


def test_every_named_page_is_in_a_matrix():
    missing = sorted(all_url_names() - covered_names() - set(EXEMPT))
    assert not missing, f"Pages without a role x page test (add them to a PAGES list): {missing}"
