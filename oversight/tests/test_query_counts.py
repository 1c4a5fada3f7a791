"""The oversight pages run the same number of queries however many records there are
(pattern: pupils/tests/test_register.py::test_query_count_does_not_grow_with_rows)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from attendance.models import Achievement, AttendanceMark
from oversight.tests.conftest import YEAR_10, exclude, place, pupil_at, suspend
from panels.models import Decision, Meeting, Panel
from placements.models import Destination, Return, ReturnCheck
from pupils.tests.factories import EpisodeFactory
from referrals.models import Request

D = datetime.date


def grow(records, count):
    """``count`` more pupils with everything the pages count: placements, episodes, marks, requests, returns..."""
    area = records.area
    panel, _ = Panel.objects.get_or_create(name="Fair access", panel_type="fair_access", quorum=1, cadence="monthly")
    meeting, _ = Meeting.objects.get_or_create(panel=panel, date=D(2025, 10, 10))
    for i in range(count):
        school = area.school_a if i % 2 else area.school_b
        pupil = pupil_at(school, YEAR_10)
        ended = i % 3 == 0
        placement = place(
            pupil,
            school,
            area.provider,
            start=D(2025, 9, 15),
            status="ended" if ended else "active",
            end_date=D(2025, 10, 31) if ended else None,
            end_reason="returned" if ended else "",
        )
        EpisodeFactory(pupil=pupil, status="in_ap", school=school.organisation, start_date=D(2025, 9, 15))
        exclude(pupil_at(school), school, D(2025, 10, 1 + i % 20))
        suspend(pupil_at(school), school, D(2025, 10, 6))
        component = placement.components.get()
        for day in (D(2025, 10, 6), D(2025, 10, 7)):
            AttendanceMark.objects.create(
                component=component, pupil=pupil, date=day, session="AM", code="/" if i % 4 else "O"
            )
        Achievement.objects.create(
            component=component,
            pupil=pupil,
            kind="qualification",
            title="Functional Skills English",
            achieved_on=D(2025, 10, 20),
        )
        Request.objects.create(
            pupil=pupil,
            school=school.organisation,
            route="school",
            need=["sen", "semh", "ebsa"][i % 3],
            tier="time_limited",
            status="submitted",
            submitted_at=timezone.make_aware(datetime.datetime(2025, 10, 2, 9)),
        )
        if ended:
            plan = Return.objects.create(
                placement=placement, school=school.organisation, return_date=D(2025, 11, 3), plan="Back"
            )
            ReturnCheck.objects.create(return_plan=plan, kind="six_weeks", due_date=D(2025, 12, 15))
            Destination.objects.create(
                placement=placement, due_date=D(2025, 10, 1), recorded_on=D(2025, 10, 2), outcome="training"
            )
        Decision.objects.create(
            meeting=meeting,
            outcome="fair_access_allocation",
            named_school=school.organisation,
            rationale="Turn",
            decided_at=timezone.make_aware(datetime.datetime(2025, 10, 10, 12)),
        )


def urls(records):
    school = records.area.school_a.organisation_id
    pages = [
        reverse("oversight:dashboard"),
        reverse("oversight:fairness"),
        reverse("oversight:outcomes"),
        reverse("oversight:triangulation", args=[school]),
        reverse("oversight:export", args=["fairness", "use", "csv"]),
        reverse("oversight:records-export", args=["pupils_in_ap", "records", "csv"]),
    ]
    figures = [
        "pupils_in_ap",
        "places",
        "secondary_pex",
        "reintegrated",
        "ks4",
        "spend",
        "suspensions",
        "requests",
        "attendance",
        "returns",
        "destinations",
        "english_maths",
        "fair_access",
        "placements_started",
        "returns_received",
    ]
    return pages + [reverse("oversight:records", args=[f]) for f in figures]


@pytest.mark.parametrize("role", [Role.LA_STRATEGIC_LEAD, Role.SCHOOL_LEADER])
def test_query_count_does_not_grow_with_rows(records, client_as, role):
    client = client_as(role)
    grow(records, 4)  # every figure has a record each role can see, so each page query runs
    few = {}
    for url in urls(records):
        assert client.get(url).status_code == 200, url  # warm up: session, permissions, charts
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        few[url] = len(captured)
    grow(records, 12)
    for url in urls(records):
        with CaptureQueriesContext(connection) as many:
            assert client.get(url).status_code == 200
        assert len(many) == few[url], (url, [q["sql"][:150] for q in many.captured_queries])
