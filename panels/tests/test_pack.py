"""The pack, the minutes and the decision page: each member sees what their seat needs."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from panels import services_decisions, services_meetings, standing
from panels.services_decisions import ActionInput
from referrals.tests.builders import approve, on_agenda, panel_with_meeting, pupil_at, request_at, seat

D = datetime.date
TODAY = D(2025, 11, 20)


@pytest.fixture
def world(area, user_as):
    """North's panel today: Jordan Quayle (school A) on the agenda; B's leader, a partner (clerk) and a provider sit on it."""
    approve(area.provider)
    la, lead = user_as("la_inclusion_officer"), user_as("la_strategic_lead")
    leader_a = user_as("school_leader")
    leader_b = user_as("school_leader", area.school_b.organisation)
    panel, meeting = panel_with_meeting(lead, area=area.partnership, quorum=1, name="North Panel")
    members = [
        seat(lead, panel, leader_a, area.school_a.organisation),
        seat(lead, panel, leader_b, area.school_b.organisation),
        seat(lead, panel, user_as("partner_practitioner"), area.partner.organisation, role="clerk", voting=False),
        seat(lead, panel, user_as("provider_manager"), area.provider.organisation, role="ap_leader", voting=False),
    ]
    pupil = pupil_at(area.school_a.organisation)
    pupil.legal_forename, pupil.legal_surname = "Jordan", "Quayle"
    pupil.save()
    request = request_at("triaged", school_leader=leader_a, la=la, pupil=pupil)
    item = on_agenda(la, meeting, request)
    services_meetings.record_attendance(by=la, meeting=meeting, statuses={m.pk: "present" for m in members})
    return {"la": la, "meeting": meeting, "item": item, "request": request, "area": area, "members": members}


def page(client, name, meeting):
    return client.get(reverse(name, args=[meeting.pk])).content.decode()


def test_la_pack_has_everything(world, client_as):
    content = page(client_as("la_inclusion_officer"), "panels:pack", world["meeting"])
    assert "Jordan Quayle" in content and "Absconds when anxious" in content and "Known to early help" in content
    assert "Mentoring twice a week" in content and "I want to be somewhere smaller." in content


def test_other_school_seat_sees_initials_and_risks(world, client_as, area):
    content = page(client_as("school_leader", area.school_b.organisation), "panels:pack", world["meeting"])
    assert "JQ, Year 9" in content and "Quayle" not in content
    assert "Absconds when anxious" in content


def test_provider_seat_sees_no_pupil_detail(world, client_as):
    """Providers see none of a request (what they need travels with a placement): only the agenda's outline."""
    content = page(client_as("provider_manager"), "panels:pack", world["meeting"])
    assert "details shared with panel members only" in content and "Social, emotional and mental health" in content
    assert "JQ, " not in content and "Quayle" not in content and "I want to be somewhere smaller." not in content
    assert "Absconds when anxious" not in content and "Known to early help" not in content
    assert world["request"].pupil.upn not in content


def test_register_rows_only_for_the_la(world, client_as, area):
    pupil_at(area.school_b.organisation, status="part_time", start_date=D(2025, 9, 8), agreed_end_date=D(2025, 12, 1))
    la_pack = page(client_as("la_inclusion_officer"), "panels:pack", world["meeting"])
    assert "Part-time timetable" in la_pack and "Pupils on the register" in la_pack
    provider_pack = page(client_as("provider_manager"), "panels:pack", world["meeting"])
    assert "Part-time timetable" in provider_pack and "Pupils on the register</caption>" not in provider_pack


def test_opening_the_pack_is_audited_per_child(world, client_as):
    page(client_as("partner_practitioner"), "panels:pack", world["meeting"])
    event = AuditEvent.objects.get(action="view", object_type="panels.meeting")
    assert event.pupil_id == world["request"].pupil_id and "Panel pack" in event.summary


def test_pack_pdf(world, client_as):
    response = client_as("la_inclusion_officer").get(reverse("panels:pack-pdf", args=[world["meeting"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _placement(area, home_school, **fields):
    model = apps.get_model("placements", "Placement")
    defaults = {
        "pupil": pupil_at(home_school),
        "home_school": home_school,
        "commissioner": area.la,
        "funder": area.la,
        "status": "active",
        "start_date": D(2025, 10, 6),
        "planned_end_date": D(2026, 1, 23),
        "objectives": "Re-engage",
        "home_attendance_code": "K",
    }
    return model.objects.create(**{**defaults, **fields})


def test_ap_use_against_share_by_roll(world, area):
    for _ in range(3):
        _placement(area, area.school_a.organisation)
    _placement(area, area.school_c.organisation)  # not in the North partnership
    item = standing.ap_use_item(world["meeting"].panel)
    rows = {r.school: r for r in item.rows}
    assert item.total == 3
    assert rows["Ashton High School"].placements == 3 and rows["Ashton High School"].over
    assert rows["Brook High School"].placements == 0 and str(rows["Brook High School"].share) == "1.5"


def test_reviews_due_and_ready_to_return(world, area, user_as):
    soon = _placement(area, area.school_a.organisation, planned_end_date=D(2025, 12, 5))
    review_model = apps.get_model("placements", "Review")
    review_model.objects.create(placement=soon, kind="six_weeks", due_date=D(2025, 11, 24))
    returning = _placement(area, area.school_b.organisation)
    apps.get_model("placements", "Return").objects.create(
        placement=returning, school=area.school_b.organisation, return_date=D(2025, 12, 1), plan="Back full time"
    )
    la_item = standing.reviews_due_item(user_as("la_inclusion_officer"), world["meeting"].panel, TODAY)
    assert la_item.area_count == 1 and la_item.rows[0].detail == "6-week review due"
    partner_item = standing.reviews_due_item(user_as("partner_practitioner"), world["meeting"].panel, TODAY)
    assert partner_item.area_count == 1 and partner_item.rows == []
    ready = standing.ready_to_return_item(user_as("la_inclusion_officer"), world["meeting"].panel, TODAY)
    assert [r.detail for r in ready.rows] == ["Returning to Brook High School"]


def test_whose_turn_lowest_rate_first(world, area, user_as):
    rows = standing.whose_turn(None, TODAY)
    assert [r.admissions for r in rows] == [0, 0, 0]
    la = world["la"]
    fair = request_at(
        "triaged", school_leader=None, la=la, pupil=pupil_at(area.school_c.organisation), route="fair_access"
    )
    whole, meeting = panel_with_meeting(
        user_as("la_strategic_lead"), quorum=1, name="Fair Access", panel_type="fair_access"
    )
    member = seat(user_as("la_strategic_lead"), whole, la, area.la, role="la_officer")
    services_meetings.record_attendance(by=la, meeting=meeting, statuses={member.pk: "present"})
    item = on_agenda(la, meeting, fair)
    services_decisions.record_decision(
        by=la,
        item=item,
        outcome="fair_access_allocation",
        rationale="Brook's turn",
        named_school=area.school_b.organisation,
        today=TODAY,
    )
    rows = standing.whose_turn(None, TODAY)
    assert rows[-1].school == "Brook High School" and rows[-1].admissions == 1
    assert str(rows[-1].per_hundred) == "0.11"  # 1 of 885 on roll


@pytest.fixture
def decided(world, area):
    return services_decisions.record_decision(
        by=world["la"],
        item=world["item"],
        outcome="time_limited_placement",
        provider=area.provider,
        placement_weeks=12,
        rationale="Twelve weeks to assess, then return",
        today=TODAY,
        actions=[ActionInput("Share the learner profile", area.school_a.organisation, D(2025, 11, 27))],
    )


def test_minutes_are_generated_from_the_decisions(decided, world, client_as):
    content = page(client_as("la_inclusion_officer"), "panels:minutes", world["meeting"])
    assert "Time-limited placement with Riverside Learning Centre for 12 weeks." in content
    assert "Twelve weeks to assess, then return" in content
    assert "declared a conflict of interest (represents the referring school) and did not vote" in content
    assert "Share the learner profile" in content and "Decided by 1 voting member present" in content


def test_decision_page_links_to_create_the_placement(decided, client_as):
    url = reverse("panels:decision", args=[decided.pk])
    assert "Create the placement" in client_as("la_inclusion_officer").get(url).content.decode()
    assert "Create the placement" not in client_as("school_leader").get(url).content.decode()


def test_decision_form_refuses_fair_access_without_school(world, client_as):
    url = reverse("panels:decide", args=[world["meeting"].pk, world["item"].pk])
    response = client_as("la_inclusion_officer").post(url, {"outcome": "fair_access_allocation", "rationale": "Turn"})
    content = response.content.decode()
    assert response.status_code == 200 and 'href="#named_school"' in content
    assert "Choose the school named in the fair access allocation" in content


def test_decision_form_records_a_decision(world, client_as, area):
    url = reverse("panels:decide", args=[world["meeting"].pk, world["item"].pk])
    response = client_as("la_inclusion_officer").post(
        url,
        {
            "outcome": "time_limited_placement",
            "rationale": "Agreed",
            "provider": area.provider.pk,
            "placement_weeks": "8",
            "conflicts": [str(world["members"][2].pk)],
            "conflict_reason": "Works with the family",
            "action_1_description": "Send the profile",
            "action_1_owner": str(area.school_a.organisation.pk),
            "action_1_due-day": "27",
            "action_1_due-month": "11",
            "action_1_due-year": "2025",
        },
    )
    body = response.content.decode()
    assert response.status_code == 302, body[body.find("govuk-error-summary") :][:1500]
    decision = world["item"].request.decisions.get()
    assert decision.conflicts.count() == 2 and decision.actions.count() == 1


@pytest.mark.parametrize("name", ["panels:meeting", "panels:list"])
def test_query_count_does_not_grow_with_cases(world, client_as, area, name, user_as):
    client = client_as("la_inclusion_officer")
    url = reverse(name, args=[world["meeting"].pk]) if name == "panels:meeting" else reverse(name)
    leader = user_as("school_leader")

    def add_cases(n):
        for _ in range(n):
            request = request_at(
                "triaged", school_leader=leader, la=world["la"], pupil=pupil_at(area.school_a.organisation)
            )
            on_agenda(world["la"], world["meeting"], request)

    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_cases(6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
