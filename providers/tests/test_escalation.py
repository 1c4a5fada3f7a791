"""Escalation (notice to improve, follow-up, suspension, decommissioning) and the shared concerns log."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from providers import services, services_escalation
from providers.models import BlockCommission, Concern, NoticeToImprove, Provider, Visit
from providers.queries import approved_providers, concerns_visible_to
from providers.tests.conftest import D, make_user

pytestmark = pytest.mark.django_db


def errors(excinfo):
    return excinfo.value.message_dict


def issue(qa, provider, **overrides):
    fields = {"reasons": "Registers are late and risk assessments out of date", "improve_by": D(2026, 1, 16)}
    fields.update(overrides)
    return services_escalation.issue_notice(by=qa, provider=provider, **fields)


class TestNoticeToImprove:
    def test_notice_makes_the_provider_conditional_and_books_a_follow_up(self, area, qa):
        notice = issue(qa, area.provider)
        area.provider.refresh_from_db()
        assert area.provider.framework_status == "conditional"
        follow_up = notice.follow_up_visit
        assert (
            follow_up.kind == "follow_up"
            and follow_up.scheduled_for == D(2026, 1, 16)
            and follow_up.status == "scheduled"
        )
        change = area.provider.status_changes.get()
        assert change.changed_by == qa and change.reason.startswith("Notice to improve issued")
        assert area.provider in approved_providers()  # conditional providers may still be commissioned

    def test_bad_notice_saves_nothing(self, area, qa):
        with pytest.raises(ValidationError) as excinfo:
            issue(qa, area.provider, reasons="", improve_by=D(2025, 11, 1))
        assert set(errors(excinfo)) == {"reasons", "improve_by"}
        area.provider.refresh_from_db()
        assert area.provider.framework_status == "approved"
        assert not Visit.objects.exists() and not NoticeToImprove.objects.exists()

    def test_one_open_notice_at_a_time(self, area, qa):
        issue(qa, area.provider)
        with pytest.raises(ValidationError) as excinfo:
            issue(qa, area.provider)
        assert "already has an open notice" in errors(excinfo)["reasons"][0]

    def test_met_returns_the_provider_to_approved(self, area, qa):
        notice = issue(qa, area.provider)
        services_escalation.close_notice(by=qa, notice=notice, outcome="met", note="Registers now on time")
        area.provider.refresh_from_db()
        assert (
            area.provider.framework_status == "approved"
            and notice.status == "met"
            and notice.closed_on == D(2025, 11, 20)
        )

    def test_not_met_suspends_and_stops_new_commissioning(self, area, qa, user_as):
        notice = issue(qa, area.provider)
        services_escalation.close_notice(by=qa, notice=notice, outcome="not_met", note="No improvement at follow-up")
        area.provider.refresh_from_db()
        assert area.provider.framework_status == "suspended"
        assert area.provider not in approved_providers()
        from providers import services_commissioning

        with pytest.raises(ValidationError) as excinfo:
            services_commissioning.add_block_commission(
                by=user_as("la_finance_officer"),
                provider=area.provider,
                commissioner=area.la,
                academic_year=2025,
                places=5,
                place_funding_pence=1_000_000,
                top_up_pence=0,
            )
        assert "suspended, so no places can be commissioned" in errors(excinfo)["places"][0]

    def test_closing_needs_a_note_and_an_open_notice(self, area, qa):
        notice = issue(qa, area.provider)
        with pytest.raises(ValidationError) as excinfo:
            services_escalation.close_notice(by=qa, notice=notice, outcome="met", note="")
        assert "note" in errors(excinfo)
        services_escalation.close_notice(by=qa, notice=notice, outcome="withdrawn", note="Issued in error")
        with pytest.raises(ValidationError):
            services_escalation.close_notice(by=qa, notice=notice, outcome="met", note="Again")


def test_journey_la_issues_a_notice_and_a_school_finds_the_provider_conditional(area, client_as):
    """The browser journey in miniature: schedule, record, notice to improve, then the school's view of the directory."""
    qa_client = client_as("la_qa_officer")
    response = qa_client.post(
        reverse("providers:visit-schedule", args=[area.provider.pk]),
        {"kind": "annual", "scheduled_for-day": "20", "scheduled_for-month": "11", "scheduled_for-year": "2025"},
    )
    visit = Visit.objects.get()
    assert response["Location"] == reverse("providers:visit-detail", args=[visit.pk])
    from providers.models import JudgementLevel, QADomain

    inadequate = JudgementLevel.objects.get(label="Inadequate")
    data = {
        "carried_out_on-day": "20",
        "carried_out_on-month": "11",
        "carried_out_on-year": "2025",
        "evidence": "No single central record on site",
        "overall_level": inadequate.pk,
        "action_1": "Put the single central record on site",
        "action_1_due-day": "5",
        "action_1_due-month": "12",
        "action_1_due-year": "2025",
    }
    data.update({f"domain_{d.pk}": inadequate.pk for d in QADomain.objects.all()})
    assert qa_client.post(reverse("providers:visit-record", args=[visit.pk]), data).status_code == 302
    response = qa_client.post(
        reverse("providers:notice-issue", args=[area.provider.pk]),
        {
            "reasons": "Safeguarding records missing",
            "improve_by-day": "16",
            "improve_by-month": "1",
            "improve_by-year": "2026",
            "arising_from_visit": visit.pk,
        },
    )
    assert response.status_code == 302
    page = client_as("school_leader").get(reverse("providers:directory")).content.decode()
    entry = page[page.index("Riverside Learning Centre") :]
    assert "Conditional" in entry[:600]
    detail = client_as("school_leader").get(reverse("providers:detail", args=[area.provider.pk])).content.decode()
    assert "Conditional approval" in detail and "16 January 2026" in detail


def test_decommissioning_through_the_page_needs_a_reason(area, client_as):
    client = client_as("la_strategic_lead")
    url = reverse("providers:status", args=[area.provider.pk])
    response = client.post(url, {"to_status": "decommissioned", "reason": ""})
    assert "Enter the reason for decommissioning the provider" in response.content.decode()
    area.provider.refresh_from_db()
    assert area.provider.framework_status == "approved"
    response = client.post(url, {"to_status": "decommissioned", "reason": "Contract ended"})
    assert response["Location"] == reverse("providers:pupils-to-move", args=[area.provider.pk])
    assert Provider.objects.get(pk=area.provider.pk).framework_status == "decommissioned"


class TestConcerns:
    def raise_(self, by, provider, **overrides):
        fields = {
            "kind": "safeguarding",
            "summary": "Gate left open",
            "details": "The site gate was open",
            "raised_on": D(2025, 11, 19),
        }
        fields.update(overrides)
        return services_escalation.raise_concern(by=by, provider=provider, **fields)

    def test_bad_concern_saves_nothing(self, area, qa):
        with pytest.raises(ValidationError) as excinfo:
            self.raise_(qa, area.provider, kind="rumour", summary="", details="", raised_on=D(2025, 12, 1))
        assert set(errors(excinfo)) == {"kind", "summary", "details", "raised_on"}
        assert not Concern.objects.exists()

    def test_shared_with_every_commissioner_of_the_provider(self, area, qa, user_as):
        concern = self.raise_(qa, area.provider)
        head_a, head_b = user_as("school_leader"), user_as("school_leader", area.school_b.organisation)
        assert concern not in concerns_visible_to(head_a)
        block = BlockCommission.objects.create(
            provider=area.provider,
            academic_year=2025,
            commissioner=area.la,
            places=4,
            place_funding_pence=1_000_000,
            top_up_pence=0,
        )
        block.joint_commissioners.set([area.school_a.organisation])
        assert concern in concerns_visible_to(head_a)
        assert concern not in concerns_visible_to(head_b)
        assert concern in concerns_visible_to(user_as("la_inclusion_officer"))
        assert not concerns_visible_to(user_as("provider_manager")).exists()

    def test_a_school_sees_the_concerns_it_raised(self, area, leader):
        concern = self.raise_(leader, area.provider_b, kind="quality")
        assert concern.raised_by_organisation == area.school_a.organisation
        assert concern in concerns_visible_to(leader)

    def test_the_la_moves_a_concern_on_with_a_response(self, area, qa, client_as):
        concern = self.raise_(qa, area.provider)
        with pytest.raises(ValidationError):
            services_escalation.update_concern(by=qa, concern=concern, status="closed", response="")
        services_escalation.update_concern(by=qa, concern=concern, status="investigating", response="LADO informed")
        services_escalation.update_concern(by=qa, concern=concern, status="closed", response="Gate lock fixed")
        assert concern.status == "closed" and concern.closed_on == D(2025, 11, 20)
        with pytest.raises(ValidationError):
            services_escalation.update_concern(by=qa, concern=concern, status="open", response="Reopen")

    def test_a_school_cannot_update_a_concern(self, area, qa, client_as):
        concern = self.raise_(qa, area.provider)
        block = BlockCommission.objects.create(
            provider=area.provider,
            academic_year=2025,
            commissioner=area.la,
            places=4,
            place_funding_pence=1_000_000,
            top_up_pence=0,
        )
        block.joint_commissioners.set([area.school_a.organisation])
        client_as("school_leader").post(
            reverse("providers:concern-detail", args=[concern.pk]), {"status": "closed", "response": "Not my call"}
        )
        concern.refresh_from_db()
        assert concern.status == "open"


def test_status_change_through_services_is_refused_for_an_unknown_status(area):
    qa = make_user("qa2@example.org", area.la, "la_qa_officer")
    with pytest.raises(ValidationError) as excinfo:
        services.change_framework_status(by=qa, provider=area.provider, to_status="banned", reason="x")
    assert "to_status" in errors(excinfo)
