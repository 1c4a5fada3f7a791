"""Concurrent confirmations cannot over-book a programme: the guard is a conditional UPDATE in the database.

Several threads, each with its own database connection, agree different placements on the
same programme at the same moment. Only as many as the programme has places succeed; the
rest are told it is full. Runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections, connection

from placements import services, services_lifecycle
from placements.models import Placement, ProgrammeOccupancy
from placements.tests.conftest import PROFILE, make_placement
from providers.tests.factories import ProgrammeFactory

CONFIRMATIONS = 6
PLACES = 2


def _agree(placement_pk, by, barrier, results):
    close_old_connections()
    try:
        placement = Placement.objects.get(pk=placement_pk)
        barrier.wait(timeout=10)
        for _attempt in range(50):
            try:
                services_lifecycle.agree_placement(by=by, placement=placement)
            except ValidationError as exc:
                results.append("full" if "is full" in str(exc) else f"error: {exc}")
                return
            except OperationalError as exc:  # SQLite's shared in-memory test database: "table is locked"
                if "locked" not in str(exc):
                    results.append(f"error: {exc}")
                    return
                time.sleep(0.02)
                continue
            results.append("agreed")
            return
        results.append("gave up")
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_parallel_confirmations_never_over_book(area, la_user, frozen):
    programme = ProgrammeFactory(provider=area.provider, places=PLACES, price_per_session_pence=4_000)
    placements = []
    for _ in range(CONFIRMATIONS):
        placement = make_placement(la_user, area, programme=programme)
        services.save_learner_profile(by=la_user, placement=placement, **PROFILE)
        placements.append(placement)
    barrier = threading.Barrier(CONFIRMATIONS)
    results: list[str] = []
    threads = [threading.Thread(target=_agree, args=(p.pk, la_user, barrier, results)) for p in placements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["agreed"] * PLACES + ["full"] * (CONFIRMATIONS - PLACES), results
    assert ProgrammeOccupancy.objects.get(programme=programme).booked == PLACES
    assert Placement.objects.filter(status="agreed").count() == PLACES
    assert Placement.objects.filter(status="proposed").count() == CONFIRMATIONS - PLACES
