"""The end-of-placement survey: a one-time link, stored hashed, that needs no account."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from placements import services_lifecycle, services_survey
from placements.models import SurveyInvitation, SurveyResponse
from placements.tests.conftest import TODAY, active_placement, make_placement

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")
ANSWERS = {
    "overall": "4",
    "felt_safe": "yes",
    "felt_listened_to": "mostly",
    "helped": "yes",
    "went_well": "The staff",
    "could_be_better": "",
}


@pytest.fixture
def ended(area, la_user):
    placement = active_placement(la_user, area)
    return services_lifecycle.end_placement(
        by=la_user, placement=placement, end_date=D(2025, 11, 20), end_reason="breakdown"
    )


def test_only_for_an_ended_placement(area, la_user):
    with pytest.raises(ValidationError):
        services_survey.create_survey_invitation(
            by=la_user, placement=make_placement(la_user, area), respondent="family"
        )


def test_the_token_is_stored_only_as_a_hash(ended, la_user):
    invitation, token = services_survey.create_survey_invitation(by=la_user, placement=ended, respondent="young_person")
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert invitation.token_hash == services_survey.hash_token(token)
    assert not SurveyInvitation.objects.filter(token_hash=token).exists()


def test_a_link_works_once_without_an_account(ended, la_user):
    _, token = services_survey.create_survey_invitation(by=la_user, placement=ended, respondent="family")
    client = Client()
    url = reverse("placements:survey", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "parent, carer or family" in page.content.decode()
    response = client.post(url, ANSWERS)
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    answer = SurveyResponse.objects.get()
    assert answer.overall == 4 and answer.invitation.placement == ended
    assert client.get(url).status_code == 410
    assert client.post(url, ANSWERS).status_code == 410
    assert SurveyResponse.objects.count() == 1


def test_unanswered_questions_are_explained(ended, la_user):
    _, token = services_survey.create_survey_invitation(by=la_user, placement=ended, respondent="young_person")
    response = Client().post(reverse("placements:survey", args=[token]), {**ANSWERS, "felt_safe": ""})
    assert response.status_code == 200
    assert "Choose whether you felt safe" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_unknown_link_is_not_found(db):
    assert Client().get(reverse("placements:survey", args=["not-a-real-token"])).status_code == 404


def test_a_link_expires(ended, la_user):
    _, token = services_survey.create_survey_invitation(by=la_user, placement=ended, respondent="family")
    with time_machine.travel(TODAY + datetime.timedelta(days=services_survey.LINK_VALID_DAYS, minutes=1), tick=False):
        response = Client().get(reverse("placements:survey", args=[token]))
        assert response.status_code == 410 and "expired" in response.content.decode()
        with pytest.raises(services_survey.SurveyLinkError):
            services_survey.submit_survey(token=token, overall=3, felt_safe="yes", felt_listened_to="yes", helped="yes")
