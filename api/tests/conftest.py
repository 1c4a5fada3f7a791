"""Fixtures for API tests: pupils placed with two providers, and a token for each provider."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from rest_framework.test import APIClient

from accounts.tests.factories import MembershipFactory, UserFactory
from api import services
from attendance.tests.factories import place

NOW = datetime.datetime(2025, 11, 20, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def placed(area):
    return SimpleNamespace(
        full=place(area.school_a, area.provider),
        part=place(area.school_a, area.provider, sessions=["thu_am"]),
        other=place(area.school_b, area.provider_b),
    )


def manager_of(organisation, email):
    user = UserFactory(email=email, full_name=f"Manager of {organisation.name}")
    return MembershipFactory(user=user, organisation=organisation, role="provider_manager")


@pytest.fixture
def tokens(area):
    """A token for each provider, issued by its manager: {"a": (token, secret), "b": ...}."""
    a = manager_of(area.provider.organisation, "manager@riverside.example")
    b = manager_of(area.provider_b.organisation, "manager@other.example")
    return {
        "a": services.create_token(by=a.user, membership=a, name="Riverside MIS"),
        "b": services.create_token(by=b.user, membership=b, name="Other MIS"),
    }


@pytest.fixture
def api_for(tokens):
    def make(which="a"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[which][1]}")
        return client

    return make
