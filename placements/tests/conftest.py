"""Fixtures for placement tests: a frozen day, a programme, pupils and placements built through the services."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from placements import services, services_lifecycle
from providers.tests.factories import ProgrammeFactory
from pupils.tests.factories import PupilFactory, RegistrationFactory

D = datetime.date
TODAY = datetime.datetime(2025, 11, 20, 10, 0)  # a Thursday in Autumn 2 (3 November to 19 December 2025)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def programme(area):
    return ProgrammeFactory(provider=area.provider, name="Construction skills", places=2, price_per_session_pence=4_000)


@pytest.fixture
def la_user(area):
    """An LA inclusion officer who builds the placements (not the same person client_as signs in)."""
    from accounts.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email="placements.officer@example.org", full_name="Placement Officer")
    MembershipFactory(user=user, organisation=area.la, role="la_inclusion_officer")
    return user


def pupil_at(school, **fields):
    pupil = PupilFactory(**fields)
    RegistrationFactory(pupil=pupil, organisation=school.organisation)
    return pupil


PROFILE = {
    "needs": "Struggles in large groups; SEN support for literacy",
    "what_helps": "Clear routines and a named adult",
    "what_to_avoid": "Raised voices; being singled out",
    "risks": "May leave the site when anxious: staff follow the agreed plan",
}


def make_placement(by, area, *, pupil=None, programme=None, components=None, **overrides):
    """A proposed placement for a pupil at school A, commissioned by the LA, through the service."""
    pupil = pupil or pupil_at(area.school_a)
    fields = {
        "home_school": area.school_a.organisation,
        "commissioner": area.la,
        "funder": area.la,
        "tier": "time_limited",
        "start_date": D(2025, 11, 3),
        "objectives": "Re-engage with learning; attend 90% of sessions",
        "reintegration_plan": "Phased return to Ashton High School from week 10",
        "registration_arrangement": "single_home",
    }
    fields.update(overrides)
    if components is None:
        components = [{"provider": area.provider, "programme": programme, "sessions": ["mon_am", "mon_pm", "tue_am"]}]
        if programme is None:
            components[0]["cost_per_session_pence"] = 5_000
    return services.create_placement(by=by, pupil=pupil, components=components, **fields)


def agreed_placement(by, area, **kwargs):
    placement = make_placement(by, area, **kwargs)
    services.save_learner_profile(by=by, placement=placement, **PROFILE)
    return services_lifecycle.agree_placement(by=by, placement=placement)


def active_placement(by, area, *, start_date=None, **kwargs):
    placement = agreed_placement(by, area, **kwargs)
    return services_lifecycle.start_placement(by=by, placement=placement, start_date=start_date)


def make_decision(*, outcome, request=None, pupil=None, school=None, provider=None, weeks=None, extend_placement=None):
    """A panel decision (panels has no factories of its own yet): a panel, a meeting and the decision."""
    from panels.models import Decision, Meeting, Panel
    from referrals.models import Request

    panel = Panel.objects.create(name="Inclusion panel", panel_type="inclusion", quorum=1, cadence="monthly")
    meeting = Meeting.objects.create(panel=panel, date=D(2025, 11, 13))
    if request is None and pupil is not None:
        request = Request.objects.create(pupil=pupil, school=school, route="school", need="semh", tier="time_limited")
    fields = {"extend_placement": extend_placement} if extend_placement is not None else {}
    return Decision.objects.create(
        meeting=meeting,
        request=request,
        outcome=outcome,
        provider=provider,
        placement_weeks=weeks,
        rationale="Agreed by the panel",
        decided_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def helpers():
    return SimpleNamespace(
        pupil_at=pupil_at,
        make_placement=make_placement,
        agreed_placement=agreed_placement,
        active_placement=active_placement,
        make_decision=make_decision,
        PROFILE=PROFILE,
    )
