"""Fixtures for the funding tests: time frozen on 20 November 2025 and a finance officer."""

import datetime

import pytest
import time_machine

from accounts.tests.factories import MembershipFactory, UserFactory

TODAY = datetime.datetime(2025, 11, 20, 10, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def finance(area):
    """The LA finance officer who sets up the funding (a different person from client_as's)."""
    user = UserFactory(email="finance.lead@example.org", full_name="Fran Finance")
    MembershipFactory(user=user, organisation=area.la, role="la_finance_officer")
    return user
