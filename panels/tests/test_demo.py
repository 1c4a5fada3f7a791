"""The demo builders: requests at every stage, a panel calendar with decisions, the same every time."""

import datetime
import random

from django.db import transaction

from accounts.roles import Role
from panels.demo import build_demo_panels
from panels.models import Decision, Meeting
from referrals.demo import build_demo_requests
from referrals.models import Request
from referrals.tests.builders import approve, pupil_at

D = datetime.date
TODAY = D(2025, 11, 20)


def _pupils(area):
    pupils = []
    for school in (area.school_a, area.school_b):
        for i in range(6):
            pupils.append(
                pupil_at(
                    school.organisation,
                    status="part_time",
                    start_date=D(2025, 9, 8 + i),
                    agreed_end_date=D(2026, 1, 30),
                )
            )
    pupils.append(pupil_at(area.school_a.organisation, status="excluded", start_date=D(2025, 11, 17), reason_code="PD"))
    from pupils.tests.factories import EpisodeFactory, PupilFactory

    arrived = PupilFactory()
    EpisodeFactory(pupil=arrived, status="awaiting", start_date=D(2025, 10, 20))
    pupils.append(arrived)
    return pupils


def _run(area, users, pupils, seed):
    requests = build_demo_requests(rng=random.Random(f"{seed}:requests"), today=TODAY, users=users, pupils=pupils)
    build_demo_panels(rng=random.Random(f"{seed}:panels"), today=TODAY, users=users, requests=requests)
    return (
        sorted((r.pupil.upn, r.route, r.status) for r in Request.objects.select_related("pupil")),
        sorted(
            (d.request.pupil.upn, d.outcome, str(d.meeting.date))
            for d in Decision.objects.select_related("request__pupil", "meeting")
        ),
    )


def test_demo_builds_every_stage_and_is_deterministic(area, user_as):
    approve(area.provider, area.provider_b)
    users = [
        user_as(role)
        for role in (
            Role.LA_STRATEGIC_LEAD,
            Role.LA_INCLUSION_OFFICER,
            Role.SCHOOL_LEADER,
            Role.PARTNERSHIP_CHAIR,
            Role.PARTNER_PRACTITIONER,
            Role.PROVIDER_MANAGER,
        )
    ]
    users.append(user_as(Role.SCHOOL_LEADER, area.school_b.organisation))
    pupils = _pupils(area)
    with transaction.atomic():
        point = transaction.savepoint()
        first = _run(area, users, pupils, seed=7)
        transaction.savepoint_rollback(point)
    second = _run(area, users, pupils, seed=7)
    assert first == second
    statuses = set(Request.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "returned", "decided", "on_agenda"} <= statuses
    assert set(Request.objects.values_list("route", flat=True)) == {"school", "pex", "fair_access"}
    assert Decision.objects.exists()
    assert Meeting.objects.filter(date__lt=TODAY, status="concluded").exists()
    assert Meeting.objects.filter(date__gt=TODAY, status="scheduled").exists()
    # Six weeks from 24 November: the two Christmas weeks both fall on 6 January (5 January is INSET).
    assert Meeting.objects.filter(single_point_of_access=True).count() == 5
