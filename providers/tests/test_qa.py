"""Quality assurance: the LA's framework, visits and their judgements, actions, self-assessment,
the shared record, the printable report and the dashboard."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent
from providers import dashboard, services_qa
from providers.models import JudgementLevel, QADomain, SelfAssessment, Visit, VisitAction, VisitJudgement
from providers.tests.conftest import D, make_user

pytestmark = pytest.mark.django_db


def judgements(level=None):
    level = level or JudgementLevel.objects.get(rank=2)
    return {d.pk: (level.pk, f"Notes on {d.name}") for d in QADomain.objects.filter(active=True)}


def record(by, visit, **overrides):
    fields = {
        "carried_out_on": D(2025, 11, 18),
        "overall_level": JudgementLevel.objects.get(rank=2).pk,
        "judgements": judgements(),
        "evidence": "Observed two sessions",
        "pupil_voice": "They feel safe",
        "actions": [("Update the risk assessment", D(2026, 1, 9))],
    }
    fields.update(overrides)
    return services_qa.record_visit(by=by, visit=visit, **fields)


def errors(excinfo):
    return excinfo.value.message_dict


@pytest.fixture
def visit(area, qa):
    return services_qa.schedule_visit(by=qa, provider=area.provider, kind="annual", scheduled_for=D(2025, 11, 20))


class TestFramework:
    def test_seeded_framework_has_the_eight_domains_and_a_scale(self, db):
        names = list(QADomain.objects.values_list("name", flat=True))
        assert names == [
            "Safeguarding and safety",
            "Attendance",
            "Engagement",
            "Progress",
            "Progression and destinations",
            "Wellbeing",
            "Teaching and learning",
            "Leadership and compliance",
        ]
        assert list(JudgementLevel.objects.values_list("label", flat=True)) == [
            "Strong",
            "Good",
            "Requires improvement",
            "Inadequate",
        ]

    def test_la_edits_the_scale_and_domains(self, area, qa):
        level = services_qa.save_level(
            by=qa, rank=5, label="Unsafe", description="Stop placements", prompts_escalation=True
        )
        assert level.pk and AuditEvent.objects.filter(object_type="providers.judgementlevel").exists()
        domain = services_qa.save_domain(by=qa, name="Careers guidance", sort_order=9)
        services_qa.save_criterion(by=qa, domain=domain, text="Independent careers advice is given", sort_order=1)
        assert domain.criteria.count() == 1

    def test_duplicate_rank_or_name_is_refused(self, area, qa):
        with pytest.raises(ValidationError) as excinfo:
            services_qa.save_level(by=qa, rank=1, label="Excellent")
        assert "rank 1" in errors(excinfo)["rank"][0]
        with pytest.raises(ValidationError) as excinfo:
            services_qa.save_domain(by=qa, name="Attendance")
        assert "already" in errors(excinfo)["name"][0]


class TestVisits:
    def test_schedule_is_made_by_the_schedulers_organisation(self, area, leader, visit):
        school_visit = services_qa.schedule_visit(
            by=leader, provider=area.provider, kind="focus", scheduled_for=D(2025, 12, 3), focus="Attendance"
        )
        assert school_visit.visiting_organisation == area.school_a.organisation
        assert visit.visiting_organisation == area.la

    def test_schedule_refuses_past_dates_missing_focus_and_a_second_annual_visit(self, area, qa, visit):
        with pytest.raises(ValidationError) as excinfo:
            services_qa.schedule_visit(by=qa, provider=area.provider, kind="annual", scheduled_for=D(2025, 11, 1))
        assert "today or in the future" in errors(excinfo)["scheduled_for"][0]
        assert "already scheduled for 20 November 2025" in errors(excinfo)["kind"][0]
        with pytest.raises(ValidationError) as excinfo:
            services_qa.schedule_visit(by=qa, provider=area.provider, kind="focus", scheduled_for=D(2025, 12, 1))
        assert "focus" in errors(excinfo)

    def test_record_saves_judgements_actions_and_audit(self, area, qa, visit):
        record(qa, visit)
        visit.refresh_from_db()
        assert visit.status == "completed" and visit.visitor == qa and visit.overall_level.label == "Good"
        assert VisitJudgement.objects.filter(visit=visit).count() == 8
        assert VisitAction.objects.get(visit=visit).due_on == D(2026, 1, 9)
        assert AuditEvent.objects.filter(object_type="providers.visit", action="update").exists()

    def test_a_judgement_outside_the_scale_is_refused_and_nothing_saved(self, area, qa, visit):
        bad = judgements()
        first = QADomain.objects.first()
        bad[first.pk] = (999_999, "")
        with pytest.raises(ValidationError) as excinfo:
            record(qa, visit, judgements=bad)
        assert errors(excinfo)[f"domain_{first.pk}"] == [
            "The judgement for safeguarding and safety must be one on the scale"
        ]
        visit.refresh_from_db()
        assert visit.status == "scheduled" and not VisitJudgement.objects.exists() and not VisitAction.objects.exists()

    def test_a_retired_judgement_is_outside_the_scale(self, area, qa, visit):
        retired = JudgementLevel.objects.get(rank=1)
        services_qa.save_level(by=qa, level=retired, rank=1, label="Strong", active=False)
        with pytest.raises(ValidationError) as excinfo:
            record(qa, visit, overall_level=retired.pk)
        assert "overall_level" in errors(excinfo)

    def test_every_domain_needs_a_judgement_and_actions_need_dates(self, area, qa, visit):
        partial = judgements()
        partial.popitem()
        with pytest.raises(ValidationError) as excinfo:
            record(qa, visit, judgements=partial, evidence="", actions=[("Do something", None), ("", D(2026, 1, 1))])
        assert {"evidence", "action_1_due", "action_2"} <= set(errors(excinfo))
        assert any(key.startswith("domain_") for key in errors(excinfo))

    def test_a_recorded_visit_cannot_be_recorded_again_or_cancelled(self, area, qa, visit):
        record(qa, visit)
        with pytest.raises(ValidationError):
            record(qa, visit)
        with pytest.raises(ValidationError):
            services_qa.cancel_visit(by=qa, visit=visit, reason="Too late")

    def test_cancel_needs_a_reason(self, area, qa, visit):
        with pytest.raises(ValidationError):
            services_qa.cancel_visit(by=qa, visit=visit, reason="")
        services_qa.cancel_visit(by=qa, visit=visit, reason="Provider closed for a flood")
        visit.refresh_from_db()
        assert visit.status == "cancelled"

    def test_actions_are_closed_with_a_note_when_dropped(self, area, qa, visit):
        record(qa, visit)
        action = VisitAction.objects.get()
        with pytest.raises(ValidationError):
            services_qa.close_action(by=qa, action=action, status="dropped")
        services_qa.close_action(by=qa, action=action, status="done")
        assert action.status == "done" and action.closed_on == D(2025, 11, 20)
        extra = services_qa.add_action(by=qa, visit=visit, description="Send the fire log", due_on=D(2025, 12, 19))
        assert extra.provider == area.provider


class TestSharedRecord:
    def test_a_school_sees_the_las_visit_but_cannot_change_its_judgement(self, area, qa, visit, client_as):
        record(qa, visit)
        client = client_as("school_leader")
        page = client.get(reverse("providers:visit-detail", args=[visit.pk])).content.decode()
        assert "Good" in page and "Observed two sessions" in page
        assert reverse("providers:visit-record", args=[visit.pk]) not in page
        action = VisitAction.objects.get()
        for name, pk in (
            ("providers:visit-record", visit.pk),
            ("providers:visit-cancel", visit.pk),
            ("providers:action-add", visit.pk),
            ("providers:action-close", action.pk),
        ):
            assert client.get(reverse(name, args=[pk])).status_code == 404
            assert client.post(reverse(name, args=[pk]), {"status": "done", "reason": "x"}).status_code == 404
        visit.refresh_from_db()
        action.refresh_from_db()
        assert visit.overall_level.label == "Good" and action.status == "open"

    def test_a_school_records_its_own_visit_through_the_page(self, area, leader, client_as):
        visit = services_qa.schedule_visit(
            by=leader, provider=area.provider, kind="focus", scheduled_for=D(2025, 11, 20), focus="Engagement"
        )
        level = JudgementLevel.objects.get(rank=3)
        data = {
            "carried_out_on-day": "20",
            "carried_out_on-month": "11",
            "carried_out_on-year": "2025",
            "evidence": "Watched a maths lesson",
            "overall_level": level.pk,
        }
        data.update({f"domain_{d.pk}": level.pk for d in QADomain.objects.all()})
        response = client_as("school_leader").post(reverse("providers:visit-record", args=[visit.pk]), data)
        assert response.status_code == 302
        visit.refresh_from_db()
        assert visit.status == "completed" and visit.overall_level == level

    def test_the_record_form_shows_a_judgement_outside_the_scale_as_an_error(self, area, visit, client_as):
        data = {
            "carried_out_on-day": "20",
            "carried_out_on-month": "11",
            "carried_out_on-year": "2025",
            "evidence": "Seen",
            "overall_level": "999999",
        }
        response = client_as("la_qa_officer").post(reverse("providers:visit-record", args=[visit.pk]), data)
        page = response.content.decode()
        assert response.status_code == 200 and "The overall judgement must be one on the scale" in page
        assert "Choose a judgement for safeguarding and safety" in page

    def test_a_provider_sees_only_its_own_visits(self, area, qa, visit, client_as):
        other = services_qa.schedule_visit(by=qa, provider=area.provider_b, kind="annual", scheduled_for=D(2025, 12, 1))
        client = client_as("provider_staff")
        assert client.get(reverse("providers:visit-detail", args=[visit.pk])).status_code == 200
        assert client.get(reverse("providers:visit-detail", args=[other.pk])).status_code == 404
        listing = client.get(reverse("providers:visits")).content.decode()
        assert "Other Provider" not in listing


def test_report_downloads_as_a_pdf(area, qa, visit, client_as):
    record(qa, visit)
    response = client_as("school_staff").get(reverse("providers:visit-pdf", args=[visit.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_self_assessment_covers_every_domain(area, manager, client_as):
    with pytest.raises(ValidationError):
        services_qa.submit_self_assessment(by=manager, provider=area.provider, ratings={})
    assessment = services_qa.submit_self_assessment(by=manager, provider=area.provider, ratings=judgements())
    assert assessment.ratings.count() == 8
    page = (
        client_as("provider_manager")
        .get(reverse("providers:self-assessment", args=[area.provider.pk]))
        .content.decode()
    )
    assert "Notes on Attendance" in page  # the last answers are filled in
    assert SelfAssessment.objects.count() == 1


class TestDashboard:
    def test_dashboard_lists_overdue_visits_unassured_providers_documents_and_actions(self, area, qa, user_as):
        from providers.models import BlockCommission
        from providers.services_documents import add_document
        from providers.tests.conftest import pdf_upload

        BlockCommission.objects.create(
            provider=area.provider,
            academic_year=2025,
            commissioner=area.la,
            places=5,
            place_funding_pence=1_000_000,
            top_up_pence=0,
        )
        overdue = Visit.objects.create(
            provider=area.provider_b, kind="annual", scheduled_for=D(2025, 11, 1), visiting_organisation=area.la
        )
        add_document(
            by=qa,
            provider=area.provider_b,
            kind="insurance",
            issued_on=D(2025, 1, 1),
            expires_on=D(2025, 12, 1),
            upload=pdf_upload(),
        )
        board = dashboard.build(D(2025, 11, 20))
        assert board.overdue_visits == [overdue]
        assert [d.provider for d in board.never_assured] == [area.provider]  # in use (block places), never visited
        assert [d.kind for d in board.documents] == ["insurance"]
        assert {p for p, _ in board.missing_documents} == {area.provider, area.provider_b}

    def test_schedule_annual_visits_for_providers_due(self, area, qa, client_as):
        from providers.models import BlockCommission

        BlockCommission.objects.create(
            provider=area.provider,
            academic_year=2025,
            commissioner=area.la,
            places=5,
            place_funding_pence=1_000_000,
            top_up_pence=0,
        )
        client = client_as("la_qa_officer")
        response = client.post(
            reverse("providers:schedule-annual"),
            {"scheduled_for-day": "15", "scheduled_for-month": "1", "scheduled_for-year": "2026"},
        )
        assert response.status_code == 302
        assert Visit.objects.get().provider == area.provider
        assert dashboard.build(D(2025, 11, 20)).to_schedule == []


def test_school_visits_are_scheduled_by_a_named_school_user(area):
    head = make_user("head@brook.example.org", area.school_b.organisation, "school_leader")
    visit = services_qa.schedule_visit(
        by=head, provider=area.provider, kind="focus", scheduled_for=D(2025, 12, 1), focus="x"
    )
    assert visit.visiting_organisation == area.school_b.organisation and visit.created_by == head
