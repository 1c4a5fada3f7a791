"""Fixtures for attendance tests: a frozen Thursday in Autumn 2 and pupils placed with the area's providers."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine

from attendance.tests.factories import place

D = datetime.date
# Thursday 20 November 2025, 11:00 in London: after the morning deadline, before the afternoon one.
NOW = datetime.datetime(2025, 11, 20, 11, 0, tzinfo=datetime.UTC)
TODAY = D(2025, 11, 20)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def placed(area):
    """Two pupils of school A at the provider (one Monday/Tuesday mornings only), one of school B at provider B."""
    return SimpleNamespace(
        full=place(area.school_a, area.provider),
        part=place(area.school_a, area.provider, sessions=["mon_am", "tue_am", "thu_am"]),
        other=place(area.school_b, area.provider_b),
    )


@pytest.fixture
def staff(user_as):
    return user_as("provider_staff")


def mark(upn, day, session, code):
    return {"upn": upn, "date": day, "session": session, "code": code}
