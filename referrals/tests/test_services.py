"""Request services: who may raise what, the workflow, a clear message on the right field, nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from core.services import TransitionError
from providers.models import Provider
from referrals import services
from referrals.models import Request
from referrals.tests.builders import COMPLETE, approve, draft_request, pupil_at, request_at, with_response

D = datetime.date


@pytest.fixture
def people(area, user_as):
    approve(area.provider)
    return {
        "leader": user_as("school_leader"),
        "leader_b": user_as("school_leader", area.school_b.organisation),
        "la": user_as("la_inclusion_officer"),
    }


@pytest.fixture
def pupil(area):
    return pupil_at(area.school_a.organisation)


def errors_of(excinfo):
    return excinfo.value.message_dict


class TestCreate:
    def test_school_leader_starts_a_draft_for_its_own_pupil(self, area, people, pupil):
        request = draft_request(people["leader"], pupil, preferred_providers=[area.provider])
        assert request.status == "draft" and request.school == area.school_a.organisation
        assert list(request.preferred_providers.all()) == [area.provider]
        event = AuditEvent.objects.get(object_type="referrals.request", action="create")
        assert event.pupil_id == pupil.pk and request.reference in event.summary

    def test_another_schools_pupil_is_refused(self, area, people):
        other = pupil_at(area.school_b.organisation)
        with pytest.raises(ValidationError) as excinfo:
            draft_request(people["leader"], other)
        assert "on your school's roll" in errors_of(excinfo)["pupil"][0]
        assert not Request.objects.exists()

    def test_school_leader_cannot_raise_a_permanent_exclusion(self, area, people, pupil):
        with pytest.raises(ValidationError) as excinfo:
            draft_request(people["leader"], pupil, route="pex")
        assert "Only an LA officer" in errors_of(excinfo)["route"][0]

    def test_pex_needs_the_exclusion_on_the_record(self, area, people, pupil):
        with pytest.raises(ValidationError) as excinfo:
            draft_request(people["la"], pupil, route="pex")
        assert "Record the permanent exclusion" in errors_of(excinfo)["route"][0]

    def test_pex_names_the_exclusion_and_the_excluding_school(self, area, people):
        excluded = pupil_at(area.school_b.organisation, status="excluded", start_date=D(2025, 11, 17), reason_code="PD")
        request = draft_request(people["la"], excluded, route="pex")
        assert request.exclusion.status == "excluded" and request.school == area.school_b.organisation

    def test_fair_access_case_by_the_la_for_a_pupil_with_no_school(self, area, people):
        from pupils.tests.factories import PupilFactory

        arrived = PupilFactory()
        request = draft_request(people["la"], arrived, route="fair_access")
        assert request.school is None and request.route == "fair_access"

    def test_unapproved_provider_is_refused(self, area, people, pupil):
        Provider.objects.filter(pk=area.provider_b.pk).update(framework_status="suspended")
        with pytest.raises(ValidationError) as excinfo:
            draft_request(people["leader"], pupil, preferred_providers=[area.provider_b])
        assert "not on the approved provider list" in errors_of(excinfo)["preferred_providers"][0]

    def test_bad_need_and_tier(self, area, people, pupil):
        with pytest.raises(ValidationError) as excinfo:
            draft_request(people["leader"], pupil, need="nonsense", tier="forever")
        assert set(errors_of(excinfo)) >= {"need", "tier"}


class TestSubmit:
    def test_missing_views_are_named_on_each_field_and_nothing_changes(self, people, pupil):
        request = with_response(
            people["leader"], draft_request(people["leader"], pupil, child_views="", parent_views="")
        )
        before = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as excinfo:
            services.submit_request(by=people["leader"], request=request)
        errors = errors_of(excinfo)
        assert "child's views" in errors["child_views"][0]
        assert "parent's or carer's views" in errors["parent_views"][0]
        request.refresh_from_db()
        assert request.status == "draft" and request.submitted_at is None
        assert AuditEvent.objects.count() == before

    def test_school_request_needs_a_graduated_response(self, people, pupil):
        request = draft_request(people["leader"], pupil)
        with pytest.raises(ValidationError) as excinfo:
            services.submit_request(by=people["leader"], request=request)
        assert "graduated_responses" in errors_of(excinfo)

    def test_parent_must_be_informed(self, people, pupil):
        request = with_response(
            people["leader"], draft_request(people["leader"], pupil, parent_agreement="not_informed")
        )
        with pytest.raises(ValidationError) as excinfo:
            services.submit_request(by=people["leader"], request=request)
        assert "parent_agreement" in errors_of(excinfo)

    def test_complete_request_is_submitted_and_audited(self, people, pupil):
        request = with_response(people["leader"], draft_request(people["leader"], pupil))
        services.submit_request(by=people["leader"], request=request)
        request.refresh_from_db()
        assert request.status == "submitted" and request.submitted_at is not None
        event = AuditEvent.objects.get(action="submitted")
        assert event.pupil_id == pupil.pk and event.changes == {"status": ["draft", "submitted"]}


class TestWorkflow:
    def test_every_step_is_one_audited_transition(self, people, pupil):
        leader, la = people["leader"], people["la"]
        request = request_at("submitted", school_leader=leader, la=la, pupil=pupil)
        services.return_request(by=la, request=request, reason="Add the EP report")
        assert request.returned_reason == "Add the EP report"
        services.reopen_request(by=leader, request=request)
        services.submit_request(by=leader, request=request)
        services.triage_request(by=la, request=request, notes="Ready")
        services.put_on_agenda(by=la, request=request, meeting_text="Inclusion Panel")
        services.mark_decided(by=la, request=request, outcome_text="Time-limited placement")
        services.close_request(by=la, request=request, reason="Placement made")
        request.refresh_from_db()
        assert request.status == "closed" and request.close_reason == "Placement made"
        actions = list(
            AuditEvent.objects.filter(object_type="referrals.request").order_by("pk").values_list("action", flat=True)
        )
        assert actions[-7:] == ["returned", "draft", "submitted", "triaged", "on_agenda", "decided", "closed"]
        assert set(AuditEvent.objects.filter(object_type="referrals.request").values_list("pupil_id", flat=True)) == {
            pupil.pk
        }

    def test_returned_request_can_be_resubmitted_straight_away(self, people, pupil):
        request = request_at("returned", school_leader=people["leader"], la=people["la"], pupil=pupil)
        services.update_request(by=people["leader"], request=request, need_detail="Now with the EP report attached")
        services.submit_request(by=people["leader"], request=request)
        assert request.status == "submitted"

    def test_return_needs_a_reason(self, people, pupil):
        request = request_at("submitted", school_leader=people["leader"], la=people["la"], pupil=pupil)
        with pytest.raises(ValidationError) as excinfo:
            services.return_request(by=people["la"], request=request, reason=" ")
        assert "notes" in errors_of(excinfo)
        request.refresh_from_db()
        assert request.status == "submitted"

    def test_transition_table_refuses_a_jump(self, people, pupil):
        request = draft_request(people["leader"], pupil)
        with pytest.raises(TransitionError):
            services.triage_request(by=people["la"], request=request)
        with pytest.raises(TransitionError):
            services.mark_decided(by=people["la"], request=request, outcome_text="x")

    def test_a_stale_copy_cannot_move_the_request(self, people, pupil):
        request = request_at("submitted", school_leader=people["leader"], la=people["la"], pupil=pupil)
        stale = Request.objects.get(pk=request.pk)
        services.triage_request(by=people["la"], request=request)
        with pytest.raises(ValidationError, match="changed by someone else"):
            services.return_request(by=people["la"], request=stale, reason="Too late")
        request.refresh_from_db()
        assert request.status == "triaged"

    def test_only_the_la_closes_after_a_decision(self, people, pupil):
        request = request_at("triaged", school_leader=people["leader"], la=people["la"], pupil=pupil)
        services.put_on_agenda(by=people["la"], request=request, meeting_text="x")
        services.mark_decided(by=people["la"], request=request, outcome_text="x")
        with pytest.raises(ValidationError) as excinfo:
            services.close_request(by=people["leader"], request=request, reason="Done")
        assert "Only an LA officer" in errors_of(excinfo)["reason"][0]

    def test_school_withdraws_a_draft(self, people, pupil):
        request = draft_request(people["leader"], pupil)
        services.close_request(by=people["leader"], request=request, reason="Pupil moved away")
        assert request.status == "closed"


class TestUpdate:
    def test_submitted_request_cannot_be_changed(self, people, pupil):
        request = request_at("submitted", school_leader=people["leader"], la=people["la"], pupil=pupil)
        with pytest.raises(ValidationError, match="cannot be changed"):
            services.update_request(by=people["leader"], request=request, need_detail="Edited")

    def test_audit_keeps_changes_but_not_safeguarding_text(self, people, pupil):
        request = draft_request(people["leader"], pupil)
        services.update_request(by=people["leader"], request=request, tier="targeted", safeguarding="New disclosure")
        event = AuditEvent.objects.get(object_type="referrals.request", action="update")
        assert event.changes["tier"] == ["time_limited", "targeted"]
        assert event.changes["safeguarding"] == ["(changed)", "(changed)"]
        assert "New disclosure" not in str(event.changes)

    def test_nothing_changed_writes_nothing(self, people, pupil):
        request = draft_request(people["leader"], pupil)
        services.update_request(by=people["leader"], request=request, **{k: COMPLETE[k] for k in ("need", "tier")})
        assert not AuditEvent.objects.filter(action="update").exists()


class TestGraduatedResponse:
    def test_bad_rows_are_refused_field_by_field(self, people, pupil):
        request = draft_request(people["leader"], pupil)
        with pytest.raises(ValidationError) as excinfo:
            services.add_graduated_response(
                by=people["leader"], request=request, what="", started=D(2025, 10, 1), ended=D(2025, 9, 1), outcome=""
            )
        assert set(errors_of(excinfo)) == {"what", "outcome", "ended"}
        with pytest.raises(ValidationError) as excinfo:
            services.add_graduated_response(
                by=people["leader"], request=request, what="Mentoring", started=D(2026, 1, 1), outcome="Fine"
            )
        assert "today or in the past" in errors_of(excinfo)["started"][0]
        assert not request.graduated_responses.exists()

    def test_rows_are_added_and_removed_with_audit(self, people, pupil):
        request = with_response(people["leader"], draft_request(people["leader"], pupil))
        row = request.graduated_responses.get()
        services.remove_graduated_response(by=people["leader"], response=row)
        assert not request.graduated_responses.exists()
        assert AuditEvent.objects.filter(object_type="referrals.graduatedresponse", action="delete").exists()
