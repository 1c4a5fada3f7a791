"""Placement pages end to end: forms call the services, errors come back on the fields, providers see only their part."""

import datetime

import pytest
from django.urls import reverse

from placements.models import Placement, Review
from placements.tests.conftest import PROFILE, active_placement, agreed_placement, make_placement, pupil_at
from providers.tests.factories import ProgrammeFactory

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")


def date_fields(name, day):
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def test_a_school_records_its_own_placement_which_the_la_then_sees(area, client_as, programme):
    pupil = pupil_at(area.school_a)
    leader = client_as("school_leader")
    data = {
        "funder": str(area.school_a.organisation.pk),
        "tier": "time_limited",
        "registration_arrangement": "single_home",
        "objectives": "Build confidence",
        "reintegration_plan": "Back after half term",
        "provider": str(area.provider.pk),
        "programme": str(programme.pk),
        "sessions": ["wed_am", "wed_pm"],
        **date_fields("start_date", D(2025, 11, 24)),
    }
    response = leader.post(reverse("placements:add", args=[pupil.pk]), data)
    placement = Placement.objects.get(pupil=pupil)
    assert response.status_code == 302 and response["Location"] == reverse("placements:detail", args=[placement.pk])
    assert placement.commissioner == area.school_a.organisation and placement.home_attendance_code == "B"
    assert placement.planned_end_date == D(2026, 2, 15)
    listing = client_as("la_inclusion_officer").get(reverse("placements:list")).content.decode()
    assert pupil.legal_forename in listing


def test_bad_input_comes_back_on_the_fields_and_nothing_is_saved(area, client_as):
    pupil = pupil_at(area.school_a)
    response = client_as("la_inclusion_officer").post(
        reverse("placements:add", args=[pupil.pk]),
        {
            "home_school": str(area.school_a.organisation.pk),
            "commissioner": str(area.la.pk),
            "funder": str(area.la.pk),
            "tier": "time_limited",
            "registration_arrangement": "single_home",
            "objectives": "x",
            "reintegration_plan": "y",
            "provider": str(area.provider.pk),
            "sessions": ["mon_am"],
            "cost_per_session_pence": "45.00",
            **date_fields("start_date", D(2025, 12, 1)),
            **date_fields("planned_end_date", D(2025, 11, 1)),
        },
    )
    content = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in content
    assert "The planned end date must be on or after the start date, 1 December 2025" in content
    assert 'href="#planned_end_date-day"' in content
    assert not Placement.objects.exists()


def test_a_placement_from_a_panel_decision(area, client_as, helpers, programme):
    pupil = pupil_at(area.school_a)
    decision = helpers.make_decision(
        outcome="time_limited_placement",
        pupil=pupil,
        school=area.school_a.organisation,
        provider=area.provider,
        weeks=6,
    )
    client = client_as("la_inclusion_officer")
    url = reverse("placements:create-from-decision", args=[decision.pk])
    page = client.get(url).content.decode()
    assert "The panel&#39;s decision" in page or "The panel's decision" in page
    response = client.post(
        url,
        {
            "commissioner": str(area.la.pk),
            "funder": str(area.la.pk),
            "registration_arrangement": "dual",
            "objectives": "Assess needs",
            "reintegration_plan": "Return after 6 weeks",
            "provider": str(area.provider.pk),
            "programme": str(programme.pk),
            "sessions": ["mon_am"],
            **date_fields("start_date", D(2025, 11, 24)),
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get(decision=decision)
    assert placement.planned_end_date == D(2026, 1, 4) and placement.home_attendance_code == "D"
    assert "already been made" in client.get(url).content.decode()


def test_agreeing_on_the_page_lists_what_is_missing_then_agrees(area, client_as, la_user):
    placement = make_placement(la_user, area)
    client = client_as("la_strategic_lead")
    url = reverse("placements:agree", args=[placement.pk])
    assert "Write the learner profile" in client.get(url).content.decode()
    client.post(reverse("placements:profile-edit", args=[placement.pk]), PROFILE)
    assert client.post(url).status_code == 302
    placement.refresh_from_db()
    assert placement.status == "agreed"


def test_a_full_programme_is_explained_on_the_agree_page(area, client_as, la_user):
    full = ProgrammeFactory(provider=area.provider, places=1, name="Hair and beauty")
    agreed_placement(la_user, area, programme=full)
    second = make_placement(la_user, area, programme=full)
    client = client_as("la_strategic_lead")
    client.post(reverse("placements:profile-edit", args=[second.pk]), PROFILE)
    response = client.post(reverse("placements:agree", args=[second.pk]))
    assert response.status_code == 200
    assert "Hair and beauty at Riverside Learning Centre is full" in response.content.decode()


def test_start_and_end_on_the_pages(area, client_as, la_user):
    placement = agreed_placement(la_user, area)
    client = client_as("la_inclusion_officer")
    assert (
        client.post(
            reverse("placements:start", args=[placement.pk]), date_fields("start_date", D(2025, 11, 3))
        ).status_code
        == 302
    )
    response = client.post(
        reverse("placements:end", args=[placement.pk]),
        {**date_fields("end_date", D(2025, 10, 1)), "end_reason": "breakdown"},
    )
    assert "cannot end before it starts" in response.content.decode()
    assert (
        client.post(
            reverse("placements:end", args=[placement.pk]),
            {**date_fields("end_date", D(2025, 11, 20)), "end_reason": "breakdown"},
        ).status_code
        == 302
    )
    placement.refresh_from_db()
    assert placement.status == "ended"


def test_a_provider_sees_only_its_part_and_no_total(area, client_as, la_user):
    placement = make_placement(
        la_user,
        area,
        components=[
            {"provider": area.provider, "sessions": ["mon_am"], "cost_per_session_pence": 4_000},
            {"provider": area.provider_b, "sessions": ["tue_am"], "cost_per_session_pence": 9_900},
        ],
    )
    detail = client_as("provider_staff").get(reverse("placements:detail", args=[placement.pk])).content.decode()
    assert "Riverside Learning Centre" in detail and "Other Provider" not in detail
    assert "£99.00" not in detail and "Total cost" not in detail
    assert (
        "Total cost"
        in client_as("la_inclusion_officer").get(reverse("placements:detail", args=[placement.pk])).content.decode()
    )


def test_the_agreement_as_a_pdf(area, client_as, la_user):
    placement = agreed_placement(la_user, area)
    client = client_as("provider_manager")
    response = client.get(reverse("placements:agreement-pdf", args=[placement.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    page = client.get(reverse("placements:agreement", args=[placement.pk])).content.decode()
    assert "Re-engage with learning" in page and "code K" in page


def test_a_provider_records_a_review(area, client_as, la_user):
    placement = active_placement(la_user, area)
    review = placement.reviews.first()
    response = client_as("provider_staff").post(
        reverse("placements:review", args=[placement.pk, review.pk]),
        {
            **date_fields("held_on", D(2025, 11, 19)),
            "progress": "Good",
            "young_person_views": "Happy",
            "parent_views": "Happy",
            "outcome": "continue",
        },
    )
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).held_on == D(2025, 11, 19)


def test_the_survey_link_is_shown_once(area, client_as, la_user):
    from placements import services_lifecycle

    placement = active_placement(la_user, area)
    services_lifecycle.end_placement(by=la_user, placement=placement, end_date=D(2025, 11, 20), end_reason="breakdown")
    response = client_as("school_leader").post(
        reverse("placements:survey-invite", args=[placement.pk]), {"respondent": "young_person"}
    )
    content = response.content.decode()
    assert response.status_code == 200 and "/survey/" in content and "shown only now" in content
