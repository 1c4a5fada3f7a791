"""Factories that write placement rows directly, for page tests that need many objects fast.

Tests of behaviour build placements through the services (see conftest.py); these skip the
services only to set up pages cheaply.
"""

import datetime

import factory

from placements.models import (
    Destination,
    LearnerProfile,
    Placement,
    PlacementComponent,
    Return,
    ReturnCheck,
    Review,
)
from pupils.tests.factories import PupilFactory


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement
        skip_postgeneration_save = True

    pupil = factory.SubFactory(PupilFactory)
    status = "active"
    tier = "time_limited"
    start_date = datetime.date(2025, 11, 3)
    planned_end_date = datetime.date(2026, 1, 25)
    objectives = "Re-engage with learning"
    reintegration_plan = "Return after 12 weeks"
    registration_arrangement = "single_home"
    home_attendance_code = "K"


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementComponent
        skip_postgeneration_save = True

    placement = factory.SubFactory(PlacementFactory)
    sessions = ["mon_am", "mon_pm"]
    cost_per_session_pence = 4_000
    start_date = datetime.date(2025, 11, 3)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerProfile
        skip_postgeneration_save = True

    needs = "Needs"
    what_helps = "What helps"
    what_to_avoid = "What to avoid"
    risks = "Risks"


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    kind = "six_weeks"
    due_date = datetime.date(2025, 12, 15)


class ReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Return
        skip_postgeneration_save = True

    return_date = datetime.date(2025, 11, 10)
    plan = "Back full time"


class ReturnCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnCheck
        skip_postgeneration_save = True

    kind = "six_weeks"
    due_date = datetime.date(2025, 12, 22)


class DestinationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Destination
        skip_postgeneration_save = True

    due_date = datetime.date(2026, 10, 1)
