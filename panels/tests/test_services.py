"""Panel services: set-up, meetings and agendas, quorum, conflicts, outcomes, fair access, nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from panels import queries, services, services_decisions, services_meetings
from panels.models import AgendaItem, Conflict, Decision, Meeting, Panel
from panels.services_decisions import ActionInput
from referrals.tests.builders import approve, on_agenda, panel_with_meeting, pupil_at, request_at, seat

D = datetime.date
TODAY = D(2025, 11, 20)


def errors_of(excinfo):
    return excinfo.value.message_dict


@pytest.fixture
def world(area, user_as):
    """Today's meeting of a whole-LA panel (quorum 2) with one case from school A on the agenda."""
    approve(area.provider)
    la, lead = user_as("la_inclusion_officer"), user_as("la_strategic_lead")
    leader_a = user_as("school_leader")
    leader_b = user_as("school_leader", area.school_b.organisation)
    chair = user_as("partnership_chair")
    partner = user_as("partner_practitioner")
    panel, meeting = panel_with_meeting(lead, quorum=2)
    members = {
        "a": seat(lead, panel, leader_a, area.school_a.organisation),
        "b": seat(lead, panel, leader_b, area.school_b.organisation),
        "chair": seat(lead, panel, chair, area.partnership.organisation, role="chair"),
        "partner": seat(lead, panel, partner, area.partner.organisation, role="partner", voting=False),
    }
    request = request_at("triaged", school_leader=leader_a, la=la, pupil=pupil_at(area.school_a.organisation))
    item = on_agenda(la, meeting, request)
    return {
        "la": la,
        "lead": lead,
        "panel": panel,
        "meeting": meeting,
        "members": members,
        "request": request,
        "item": item,
        "area": area,
    }


def present(world, *keys, others="apologies"):
    statuses = {m.pk: ("present" if k in keys else others) for k, m in world["members"].items()}
    services_meetings.record_attendance(by=world["la"], meeting=world["meeting"], statuses=statuses)


def decide(world, outcome="time_limited_placement", **kw):
    fields = {"rationale": "Short placement to assess needs, then return", "today": TODAY}
    if outcome == "time_limited_placement":
        fields.update(provider=world["area"].provider, placement_weeks=12)
    fields.update(kw)
    return services_decisions.record_decision(by=world["la"], item=world["item"], outcome=outcome, **fields)


class TestPanels:
    def test_bad_panel_is_refused_field_by_field(self, user_as, area):
        with pytest.raises(ValidationError) as excinfo:
            services.create_panel(by=user_as("la_strategic_lead"), name=" ", panel_type="x", quorum=0, cadence="daily")
        assert set(errors_of(excinfo)) == {"name", "panel_type", "quorum", "cadence"}
        assert not Panel.objects.exists()

    def test_member_must_belong_to_the_organisation(self, world, user_as, area):
        with pytest.raises(ValidationError) as excinfo:
            seat(world["lead"], world["panel"], user_as("school_leader"), area.school_b.organisation)
        assert "does not belong to Brook High School" in errors_of(excinfo)["organisation"][0]

    def test_member_seated_once(self, world, user_as, area):
        with pytest.raises(ValidationError, match="already sits"):
            seat(world["lead"], world["panel"], user_as("school_leader"), area.school_a.organisation)

    def test_ending_a_membership_keeps_the_row(self, world):
        member = world["members"]["b"]
        services.end_member(by=world["lead"], member=member, reason="Left the school")
        assert not queries.seat_of(member.user, world["panel"])
        assert member.attendance.model.objects.filter(member=member).count() == 0  # nothing else touched


class TestMeetings:
    def test_series_follows_the_cadence_and_skips_holidays(self, world):
        panel = world["panel"]
        services.update_panel(by=world["lead"], panel=panel, cadence="fortnightly")
        meetings = services.schedule_meetings(
            by=world["la"], panel=panel, first_date=D(2025, 12, 4), count=3, today=TODAY
        )
        # 4 December, 18 December, then 1 January (holiday) moves to 6 January (5 January is INSET).
        assert [m.date for m in meetings] == [D(2025, 12, 4), D(2025, 12, 18), D(2026, 1, 6)]
        kinds = list(meetings[0].items.values_list("kind", flat=True))
        assert kinds == ["register", "reviews_due", "ready_to_return", "ap_use"]

    def test_fair_access_panel_gets_whose_turn(self, world):
        panel = services.create_panel(
            by=world["lead"], name="Fair Access Panel", panel_type="fair_access", quorum=1, cadence="monthly"
        )
        (meeting,) = services.schedule_meetings(by=world["la"], panel=panel, first_date=TODAY, today=TODAY)
        assert meeting.items.filter(kind="fair_access").exists()

    def test_past_and_duplicate_dates_are_refused(self, world):
        with pytest.raises(ValidationError) as excinfo:
            services.schedule_meetings(by=world["la"], panel=world["panel"], first_date=D(2025, 11, 1), today=TODAY)
        assert "today or in the future" in errors_of(excinfo)["first_date"][0]
        with pytest.raises(ValidationError) as excinfo:
            services.schedule_meetings(by=world["la"], panel=world["panel"], first_date=TODAY, today=TODAY)
        assert "already meets on 20 November 2025" in errors_of(excinfo)["first_date"][0]
        assert Meeting.objects.count() == 1

    def test_spa_rotates_round_the_area_panels(self, world, area):
        second = services.create_panel(
            by=world["lead"],
            name="North B&A Panel",
            panel_type="behaviour_attendance",
            area=area.partnership,
            quorum=2,
            cadence="four_weekly",
            in_spa_rotation=True,
            rotation_order=2,
        )
        services.update_panel(by=world["lead"], panel=world["panel"], in_spa_rotation=True, rotation_order=1)
        meetings = services.schedule_spa_rotation(by=world["lead"], first_date=D(2025, 11, 24), weeks=4, today=TODAY)
        assert [(m.date, m.panel_id) for m in meetings] == [
            (D(2025, 11, 24), world["panel"].pk),
            (D(2025, 12, 1), second.pk),
            (D(2025, 12, 8), world["panel"].pk),
            (D(2025, 12, 15), second.pk),
        ]
        assert all(m.single_point_of_access for m in meetings)

    def test_spa_needs_panels_in_the_rotation(self, world):
        with pytest.raises(ValidationError, match="No active panel"):
            services.schedule_spa_rotation(by=world["lead"], first_date=D(2025, 11, 24), weeks=4, today=TODAY)

    def test_only_triaged_requests_from_the_area_go_on_an_agenda(self, world, area, user_as):
        draft = request_at(
            "draft", school_leader=user_as("school_leader"), la=world["la"], pupil=pupil_at(area.school_a.organisation)
        )
        with pytest.raises(ValidationError, match="only triaged requests"):
            on_agenda(world["la"], world["meeting"], draft)
        north = services.create_panel(
            by=world["lead"], name="North", panel_type="inclusion", area=area.partnership, quorum=1, cadence="monthly"
        )
        (meeting,) = services.schedule_meetings(by=world["la"], panel=north, first_date=D(2025, 11, 27), today=TODAY)
        castle = request_at(
            "triaged",
            school_leader=user_as("school_leader", area.school_c.organisation),
            la=world["la"],
            pupil=pupil_at(area.school_c.organisation),
        )
        with pytest.raises(ValidationError, match="does not hear"):
            on_agenda(world["la"], meeting, castle)
        assert castle.status == "triaged" and queries.triaged_requests_for(north) == []

    def test_case_already_on_agenda(self, world):
        with pytest.raises(ValidationError):
            on_agenda(world["la"], world["meeting"], world["request"])

    def test_removing_a_case_sends_it_back_to_triage(self, world):
        services_meetings.remove_case(by=world["la"], item=world["item"], reason="Parent asked to wait")
        world["request"].refresh_from_db()
        assert world["request"].status == "triaged"
        assert not world["meeting"].items.filter(kind="case").exists()

    def test_attendance_only_for_members(self, world, user_as):
        with pytest.raises(ValidationError, match="current members"):
            services_meetings.record_attendance(by=world["la"], meeting=world["meeting"], statuses={999999: "present"})

    def test_cancelling_returns_cases_to_triage(self, world):
        services_meetings.cancel_meeting(by=world["la"], meeting=world["meeting"], reason="Snow")
        world["request"].refresh_from_db()
        assert world["request"].status == "triaged" and world["meeting"].status == "cancelled"

    def test_conclude_needs_every_case_decided(self, world):
        with pytest.raises(ValidationError, match=world["request"].reference):
            services_meetings.conclude_meeting(by=world["la"], meeting=world["meeting"], today=TODAY)
        present(world, "a", "b", "chair")
        decide(world)
        services_meetings.conclude_meeting(by=world["la"], meeting=world["meeting"], today=TODAY)
        assert world["meeting"].status == "concluded"


class TestDecisions:
    def test_no_attendance_no_decision(self, world):
        with pytest.raises(ValidationError, match="Record who is present"):
            decide(world)

    def test_not_quorate_is_refused_and_nothing_is_saved(self, world):
        services.update_panel(by=world["lead"], panel=world["panel"], quorum=3)
        present(world, "a", "b", "chair", "partner")  # a is the referring school; partner is advisory
        with pytest.raises(ValidationError) as excinfo:
            decide(world)
        message = errors_of(excinfo)["__all__"][0]
        assert "not quorate" in message and "2 voting members" in message and "quorum is 3" in message
        world["request"].refresh_from_db()
        assert world["request"].status == "on_agenda"
        assert not Decision.objects.exists() and not Conflict.objects.exists()

    def test_member_without_authority_does_not_count(self, world):
        member = world["members"]["b"]
        member.authority_to_decide = False
        member.save()
        present(world, "a", "b", "chair")
        with pytest.raises(ValidationError, match="1 voting member with"):
            decide(world)

    def test_referring_school_is_recorded_as_conflicted_and_does_not_vote(self, world):
        present(world, "a", "b", "chair")
        decision = decide(world)
        assert decision.voting_members_present == 2
        (conflict,) = decision.conflicts.all()
        assert conflict.member == world["members"]["a"] and "referring school" in conflict.reason
        world["request"].refresh_from_db()
        assert world["request"].status == "decided"
        event = AuditEvent.objects.get(action="decide")
        assert event.pupil_id == world["request"].pupil_id and event.changes["voting_members_present"] == 2

    def test_declared_conflict_can_break_the_quorum(self, world):
        present(world, "a", "b", "chair")
        with pytest.raises(ValidationError, match="not quorate"):
            decide(world, conflicts=[(world["members"]["b"], "Sibling attends Brook")])

    def test_placement_needs_provider_and_length(self, world):
        present(world, "a", "b", "chair")
        with pytest.raises(ValidationError) as excinfo:
            decide(world, provider=None, placement_weeks=None)
        assert set(errors_of(excinfo)) == {"provider", "placement_weeks"}

    def test_fair_access_without_a_named_school_is_refused(self, world):
        present(world, "a", "b", "chair")
        with pytest.raises(ValidationError) as excinfo:
            decide(world, outcome="fair_access_allocation")
        assert "Choose the school named in the fair access allocation" in errors_of(excinfo)["named_school"][0]
        assert not Decision.objects.exists()

    def test_fair_access_gets_a_twenty_school_day_deadline(self, world, area):
        present(world, "a", "b", "chair")
        decision = decide(world, outcome="fair_access_allocation", named_school=area.school_b.organisation)
        assert decision.allocation_deadline == D(2025, 12, 18)

    def test_rationale_is_required(self, world):
        present(world, "a", "b", "chair")
        with pytest.raises(ValidationError) as excinfo:
            decide(world, outcome="decline", rationale="")
        assert "reasons for declining" in errors_of(excinfo)["rationale"][0]

    def test_defer_sends_the_case_back_for_another_meeting(self, world):
        present(world, "a", "b", "chair")
        decide(world, outcome="defer", rationale="Waiting for the EP report")
        world["request"].refresh_from_db()
        assert world["request"].status == "triaged"
        (later,) = services.schedule_meetings(
            by=world["la"], panel=world["panel"], first_date=D(2025, 12, 18), today=TODAY
        )
        on_agenda(world["la"], later, world["request"])

    def test_not_before_the_meeting_day(self, world):
        (later,) = services.schedule_meetings(
            by=world["la"], panel=world["panel"], first_date=D(2025, 12, 18), today=TODAY
        )
        item = AgendaItem.objects.get(meeting=world["meeting"], kind="case")
        services_meetings.remove_case(by=world["la"], item=item, reason="Moved")
        world["request"].refresh_from_db()
        world["item"] = on_agenda(world["la"], later, world["request"])
        world["meeting"] = later
        present(world, "a", "b", "chair")
        with pytest.raises(ValidationError, match="on or after that day"):
            decide(world)

    def test_one_decision_per_case(self, world):
        present(world, "a", "b", "chair")
        decide(world)
        with pytest.raises(ValidationError, match="already decided"):
            decide(world)

    def test_actions_are_checked_and_saved(self, world, area):
        present(world, "a", "b", "chair")
        bad = [ActionInput("Send the learner profile", None, D(2025, 11, 27))]
        with pytest.raises(ValidationError) as excinfo:
            decide(world, actions=bad)
        assert "Action 1: choose who owns it" in errors_of(excinfo)["actions"][0]
        good = [ActionInput("Send the learner profile", area.school_a.organisation, D(2025, 11, 27))]
        decision = decide(world, actions=good)
        action = decision.actions.get()
        services_decisions.complete_action(by=world["la"], action=action, done_on=TODAY, today=TODAY)
        with pytest.raises(ValidationError, match="already marked"):
            services_decisions.complete_action(by=world["la"], action=action, done_on=TODAY, today=TODAY)

    def test_unapproved_provider_is_refused(self, world, area):
        from providers.models import Provider

        Provider.objects.filter(pk=area.provider_b.pk).update(framework_status="suspended")
        present(world, "a", "b", "chair")
        with pytest.raises(ValidationError) as excinfo:
            decide(world, provider=area.provider_b)
        assert "not on the approved provider list" in errors_of(excinfo)["provider"][0]


class TestAdmission:
    @pytest.fixture
    def allocation(self, world, area):
        present(world, "a", "b", "chair")
        return decide(world, outcome="fair_access_allocation", named_school=area.school_b.organisation)

    def test_named_school_records_the_admission(self, allocation, user_as, area):
        leader_b = user_as("school_leader", area.school_b.organisation)
        services_decisions.record_admission(by=leader_b, decision=allocation, admitted_on=TODAY, today=TODAY)
        allocation.refresh_from_db()
        assert allocation.admitted_on == TODAY

    def test_another_school_cannot(self, allocation, user_as):
        with pytest.raises(ValidationError, match="Only the LA or the named school"):
            services_decisions.record_admission(
                by=user_as("school_leader"), decision=allocation, admitted_on=TODAY, today=TODAY
            )

    def test_future_date_is_refused(self, allocation, world):
        with pytest.raises(ValidationError) as excinfo:
            services_decisions.record_admission(
                by=world["la"], decision=allocation, admitted_on=D(2025, 12, 1), today=TODAY
            )
        assert "today or in the past" in errors_of(excinfo)["admitted_on"][0]


def test_cases_for_member(world, user_as):
    assert list(queries.cases_for_member(user_as("partner_practitioner"))) == [world["request"]]
    assert list(queries.cases_for_member(user_as("provider_manager"))) == []
