"""Placements for attendance tests, made directly: their own invariants are tested in placements/."""

import datetime

import factory

from placements.models import SESSION_KEYS, Placement, PlacementComponent
from pupils.tests.factories import PupilFactory, RegistrationFactory

EVERY_SESSION = list(SESSION_KEYS)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement
        skip_postgeneration_save = True

    pupil = factory.SubFactory(PupilFactory)
    commissioner = factory.LazyAttribute(lambda o: o.home_school)
    funder = factory.LazyAttribute(lambda o: o.home_school)
    status = "active"
    start_date = datetime.date(2025, 11, 3)
    planned_end_date = datetime.date(2026, 3, 27)
    objectives = "Re-engage with learning and attend 90% of sessions"
    home_attendance_code = "B"


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementComponent
        skip_postgeneration_save = True

    placement = factory.SubFactory(PlacementFactory)
    sessions = factory.LazyFunction(lambda: list(EVERY_SESSION))
    cost_per_session_pence = 5_000
    start_date = factory.LazyAttribute(lambda o: o.placement.start_date)


def place(school, provider, *, sessions=None, pupil=None, start=datetime.date(2025, 11, 3), **placement):
    """A pupil on ``school``'s roll placed with ``provider`` (an active placement with one component)."""
    pupil = pupil or PupilFactory()
    RegistrationFactory(pupil=pupil, organisation=school.organisation)
    p = PlacementFactory(pupil=pupil, home_school=school.organisation, start_date=start, **placement)
    return ComponentFactory(
        placement=p, provider=provider, start_date=start, sessions=EVERY_SESSION if sessions is None else sessions
    )
