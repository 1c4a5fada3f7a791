"""Test builders for requests and panels, going through the services where the invariants matter.

Used by referrals/tests and panels/tests. ``idempotent_user_as`` replaces the project's
``user_as`` fixture so that a test can seat a role's user on a panel and then sign in as the
same user (the project fixture would create the membership twice).
"""

from __future__ import annotations

import datetime

import pytest

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from conftest import default_organisation
from panels import services as panel_services
from panels import services_meetings
from providers.models import Provider
from pupils.tests.factories import EpisodeFactory, PupilFactory, RegistrationFactory
from referrals import services
from referrals.models import Request

D = datetime.date
TODAY = datetime.datetime(2025, 11, 20, 10, 0)  # Thursday, autumn 2
DAY = TODAY.date()


@pytest.fixture
def user_as(area):
    """user_as(role, organisation=None): the same user every time for a role and organisation."""

    def make(role, organisation=None):
        organisation = organisation or default_organisation(area, role)
        user = UserFactory(email=f"{role}.{organisation.pk}@example.org", full_name=f"{Role(role).label} person")
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        return user

    return make


def approve(*providers: Provider) -> None:
    Provider.objects.filter(pk__in=[p.pk for p in providers]).update(framework_status="approved")


def pupil_at(school_org, **episode):
    pupil = PupilFactory()
    RegistrationFactory(pupil=pupil, organisation=school_org)
    if episode:
        EpisodeFactory(pupil=pupil, school=school_org, **episode)
    return pupil


COMPLETE = {
    "need": "semh",
    "tier": "time_limited",
    "need_detail": "Escalating dysregulation in lessons since September.",
    "child_views": "I want to be somewhere smaller.",
    "parent_views": "We agree a short placement could help.",
    "parent_agreement": "consented",
    "risks": "Absconds when anxious.",
    "safeguarding": "Known to early help.",
}


def draft_request(by, pupil, *, route="school", **overrides) -> Request:
    fields = {**COMPLETE, **overrides}
    return services.create_request(by=by, pupil=pupil, route=route, **fields)


def with_response(by, request: Request) -> Request:
    services.add_graduated_response(
        by=by,
        request=request,
        what="Mentoring twice a week",
        started=D(2025, 9, 8),
        ended=D(2025, 10, 17),
        outcome="Some improvement, then incidents returned",
    )
    return request


def request_at(status: str, *, school_leader, la, pupil, route="school", **overrides) -> Request:
    """A request moved through the workflow to ``status`` (draft, submitted, returned, triaged)."""
    author = school_leader if route == "school" else la
    request = draft_request(author, pupil, route=route, **overrides)
    if route == "school":
        with_response(author, request)
    if status == "draft":
        return request
    services.submit_request(by=author, request=request)
    if status == "submitted":
        return request
    if status == "returned":
        return services.return_request(by=la, request=request, reason="Add the EP report")
    services.triage_request(by=la, request=request, notes="Ready for panel")
    return request


def panel_with_meeting(la_lead, *, area=None, quorum=2, panel_type="inclusion", date=DAY, name="Inclusion Panel"):
    panel = panel_services.create_panel(
        by=la_lead, name=name, panel_type=panel_type, area=area, quorum=quorum, cadence="monthly"
    )
    (meeting,) = panel_services.schedule_meetings(by=la_lead, panel=panel, first_date=date, today=date)
    return panel, meeting


def seat(la_lead, panel, user, organisation, *, role="school", voting=True, authority=True):
    return panel_services.add_member(
        by=la_lead,
        panel=panel,
        user=user,
        organisation=organisation,
        panel_role=role,
        voting=voting,
        authority_to_decide=authority,
    )


def on_agenda(la, meeting, request, today=DAY):
    return services_meetings.add_case(by=la, meeting=meeting, request=request, today=today)
