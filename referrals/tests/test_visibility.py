"""Who sees which request, and how much of it: scoped queries, panel windows, minimised pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from panels import services_meetings
from referrals import queries
from referrals.tests.builders import approve, on_agenda, panel_with_meeting, pupil_at, request_at, seat

D = datetime.date


@pytest.fixture
def world(area, user_as):
    """A triaged request from school A on today's agenda, and a request from school B not on any agenda."""
    approve(area.provider)
    la, lead = user_as("la_inclusion_officer"), user_as("la_strategic_lead")
    leader_a = user_as("school_leader")
    leader_b = user_as("school_leader", area.school_b.organisation)
    pupil = pupil_at(area.school_a.organisation)
    pupil.legal_forename, pupil.legal_surname = "Jordan", "Quayle"
    pupil.save()
    listed = request_at("triaged", school_leader=leader_a, la=la, pupil=pupil)
    hidden = request_at("triaged", school_leader=leader_b, la=la, pupil=pupil_at(area.school_b.organisation))
    panel, meeting = panel_with_meeting(lead)
    seat(lead, panel, leader_b, area.school_b.organisation, role="school")
    seat(lead, panel, user_as("partner_practitioner"), area.partner.organisation, role="clerk")
    seat(lead, panel, user_as("provider_manager"), area.provider.organisation, role="ap_leader")
    on_agenda(la, meeting, listed)
    return {"listed": listed, "hidden": hidden, "meeting": meeting, "leader_b": leader_b, "la": la}


def visible(user):
    return set(queries.requests_visible_to(user).values_list("pk", flat=True))


def test_la_sees_all_and_schools_their_own(world, user_as):
    assert visible(user_as("la_inclusion_officer")) == {world["listed"].pk, world["hidden"].pk}
    assert visible(user_as("school_staff")) == {world["listed"].pk}


def test_another_schools_leader_on_the_panel_sees_the_case(world):
    assert visible(world["leader_b"]) == {world["listed"].pk, world["hidden"].pk}


def test_provider_sees_nothing_even_on_the_panel(world, user_as):
    assert visible(user_as("provider_manager")) == set()


def test_partner_practitioner_sees_only_agenda_cases(world, user_as):
    assert visible(user_as("partner_practitioner")) == {world["listed"].pk}
    assert visible(user_as("partnership_chair")) == set()  # not seated


def test_window_closes_seven_days_after_the_meeting(world, user_as):
    partner = user_as("partner_practitioner")
    assert queries.requests_visible_to(partner, on=D(2025, 11, 27)).exists()
    assert not queries.requests_visible_to(partner, on=D(2025, 11, 28)).exists()


def test_cancelled_meeting_gives_no_access(world, user_as):
    services_meetings.cancel_meeting(by=world["la"], meeting=world["meeting"], reason="Snow")
    assert visible(user_as("partner_practitioner")) == set()


def test_access_levels(world, user_as):
    listed = world["listed"]
    assert queries.access_for(user_as("school_leader"), listed) == queries.Access(True, True, True)
    assert queries.access_for(user_as("school_staff"), listed) == queries.Access(True, True, False)
    assert queries.access_for(world["leader_b"], listed) == queries.Access(False, False, True)
    assert queries.access_for(user_as("partner_practitioner"), listed) == queries.Access(False, True, False)
    assert queries.access_for(user_as("provider_manager"), listed) == queries.NO_ACCESS


def test_other_school_panel_member_sees_initials_not_name(world, client_as, area):
    client = client_as("school_leader", area.school_b.organisation)
    page = client.get(reverse("referrals:detail", args=[world["listed"].pk])).content.decode()
    assert "JQ, Year 9" in page and "Jordan" not in page and "Quayle" not in page
    assert world["listed"].pupil.upn not in page
    assert "Absconds when anxious" in page  # a school seat needs the risks
    listing = client.get(reverse("referrals:list")).content.decode()
    assert "JQ, Year 9" in listing and "Quayle" not in listing


def test_clerk_seat_does_not_see_safeguarding(world, client_as):
    page = (
        client_as("partner_practitioner").get(reverse("referrals:detail", args=[world["listed"].pk])).content.decode()
    )
    assert "Jordan Quayle" in page
    assert "Absconds when anxious" not in page and "Known to early help" not in page
    assert "shared only with those who need them" in page


def test_viewing_a_request_is_audited(world, client_as):
    client_as("la_inclusion_officer").get(reverse("referrals:detail", args=[world["listed"].pk]))
    event = AuditEvent.objects.get(action="view", object_type="referrals.request")
    assert event.pupil_id == world["listed"].pupil_id


def test_pex_request_shows_the_sixth_day_deadline(area, user_as, client_as):
    la = user_as("la_inclusion_officer")
    pupil = pupil_at(area.school_a.organisation, status="excluded", start_date=D(2025, 11, 17), reason_code="PD")
    request = request_at("draft", school_leader=None, la=la, pupil=pupil, route="pex")
    page = client_as("la_inclusion_officer").get(reverse("referrals:detail", args=[request.pk])).content.decode()
    assert "due by 24 November 2025 (the 6th school day): 2 school days left" in page
    listing = client_as("la_inclusion_officer").get(reverse("referrals:list")).content.decode()
    assert "2 school days left" in listing


def test_pex_request_past_its_deadline_is_flagged(area, user_as, client_as):
    la = user_as("la_inclusion_officer")
    pupil = pupil_at(area.school_a.organisation, status="excluded", start_date=D(2025, 11, 3), reason_code="PD")
    request = request_at("draft", school_leader=None, la=la, pupil=pupil, route="pex")
    page = client_as("la_inclusion_officer").get(reverse("referrals:detail", args=[request.pk])).content.decode()
    assert "was due by 10 November 2025 (the 6th school day) and has not started" in page


def _make(area, user_as, count):
    leader, la = user_as("school_leader"), user_as("la_inclusion_officer")
    for i in range(count):
        request_at(
            "submitted" if i % 2 else "draft", school_leader=leader, la=la, pupil=pupil_at(area.school_a.organisation)
        )
    excluded = pupil_at(area.school_a.organisation, status="excluded", start_date=D(2025, 11, 17), reason_code="PD")
    request_at("draft", school_leader=None, la=la, pupil=excluded, route="pex")


@pytest.mark.parametrize("role", ["la_inclusion_officer", "school_leader", "partner_practitioner"])
def test_list_query_count_does_not_grow_with_rows(area, user_as, client_as, role):
    approve(area.provider)
    client = client_as(role)
    _make(area, user_as, 2)
    client.get(reverse("referrals:list"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("referrals:list")).status_code == 200
    _make(area, user_as, 12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("referrals:list")).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
