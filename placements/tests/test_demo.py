"""The demo placements: built for the pupils' existing AP episodes, deterministic, with overdue reviews, returns and destinations."""

import datetime
import random

import pytest

from accounts.tests.factories import MembershipFactory, UserFactory
from placements.demo import build_demo_placements
from placements.models import Destination, Placement, ProgrammeOccupancy, Return, ReturnCheck, Review
from providers.tests.factories import ProgrammeFactory
from pupils.tests.factories import EpisodeFactory, PupilFactory, RegistrationFactory

D = datetime.date
TODAY = D(2025, 11, 20)
BORN = D(2012, 3, 14)


def _ap_pupil(area, start, end=None, *, dual=False, born=BORN):
    pupil = PupilFactory(date_of_birth=born)
    school = area.school_a.organisation
    RegistrationFactory(pupil=pupil, organisation=school)
    EpisodeFactory(
        pupil=pupil,
        status="in_ap",
        start_date=start,
        end_date=end,
        school=school,
        notes=f"Placed at {area.provider.name}, full time.",
    )
    if dual:
        RegistrationFactory(
            pupil=pupil, organisation=area.provider.organisation, enrolment_status="S", start_date=start
        )
        if end:
            EpisodeFactory(
                pupil=pupil,
                status="dual",
                start_date=end + datetime.timedelta(days=3),
                end_date=end + datetime.timedelta(days=93),
                school=school,
            )
    return pupil


@pytest.fixture
def demo_area(area):
    ProgrammeFactory(provider=area.provider, places=2, min_age=11, max_age=16)
    users = []
    for email, role, organisation in [
        ("officer@demo.test", "la_inclusion_officer", area.la),
        ("head@demo.test", "school_leader", area.school_a.organisation),
    ]:
        user = UserFactory(email=email)
        MembershipFactory(user=user, organisation=organisation, role=role)
        users.append(user)
    _ap_pupil(area, D(2025, 9, 8), dual=True)
    _ap_pupil(area, D(2025, 9, 15))
    _ap_pupil(area, D(2025, 10, 6))
    _ap_pupil(area, D(2025, 3, 3), D(2025, 5, 16), dual=True)
    _ap_pupil(area, D(2025, 1, 6), D(2025, 4, 4), born=D(2009, 5, 1))  # year 11 in 2024/25
    return users


def _snapshot():
    return sorted(
        Placement.objects.values_list(
            "pupil__upn", "status", "end_reason", "registration_arrangement", "home_attendance_code", "planned_end_date"
        )
    )


def test_builds_placements_for_every_ap_episode(demo_area, area):
    counts = build_demo_placements(rng=random.Random("7:placements"), today=TODAY, users=demo_area)
    assert counts["placements active"] == 3 and counts["placements ended"] == 2
    assert Placement.objects.filter(status="active", in_ap_episode__isnull=False).count() == 3
    dual = Placement.objects.get(status="active", registration_arrangement="dual")
    assert dual.home_attendance_code == "D" and dual.provider_registrations.count() == 1
    assert ProgrammeOccupancy.objects.get().booked <= 2  # never over the programme's places
    assert Review.objects.filter(held_on__isnull=False).exists()
    assert Return.objects.filter(placement__end_reason="returned").count() >= 1
    assert ReturnCheck.objects.filter(due_date__lt=TODAY).exists()
    assert Destination.objects.filter(placement__pupil__date_of_birth=D(2009, 5, 1)).count() == 4
    for placement in Placement.objects.all():
        assert placement.components.exists() and placement.learner_profile


def test_same_seed_same_placements(demo_area, area):
    build_demo_placements(rng=random.Random("7:placements"), today=TODAY, users=demo_area)
    first = _snapshot()
    Placement.objects.all().delete()
    ProgrammeOccupancy.objects.all().delete()
    build_demo_placements(rng=random.Random("7:placements"), today=TODAY, users=demo_area)
    assert _snapshot() == first
