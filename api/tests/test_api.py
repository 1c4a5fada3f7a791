"""The REST API: a provider's system reads its own placements and register and sends marks, all or nothing."""

import datetime

import pytest
import yaml
from django.urls import reverse
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from attendance.models import AttendanceMark
from core.models import AuditEvent

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")


def test_placements_lists_only_the_providers_own_pupils(api_for, placed):
    response = api_for("a").get(reverse("api:placements"))
    assert response.status_code == 200
    upns = {item["pupil"]["upn"] for item in response.json()}
    assert upns == {placed.full.placement.pupil.upn, placed.part.placement.pupil.upn}
    full = next(i for i in response.json() if i["component_id"] == placed.full.pk)
    assert full["expected_on_date"] == ["AM", "PM"] and "mon_am" in full["sessions"]
    assert full["home_school"] == "Ashton High School" and full["start_date"] == "2025-11-03"
    other = api_for("b").get(reverse("api:placements")).json()
    assert [i["pupil"]["upn"] for i in other] == [placed.other.placement.pupil.upn]


def test_placements_on_a_day_off(api_for, placed):
    response = api_for("a").get(reverse("api:placements"), {"date": "2025-11-22"})
    assert all(item["expected_on_date"] == [] for item in response.json())
    assert api_for("a").get(reverse("api:placements"), {"date": "22/11/2025"}).status_code == 400


def test_post_marks_then_read_the_register(api_for, placed, tokens):
    client = api_for("a")
    upn = placed.full.placement.pupil.upn
    response = client.post(
        reverse("api:attendance"),
        {
            "marks": [
                {"upn": upn, "date": "2025-11-20", "session": "AM", "code": "/"},
                {"upn": placed.part.placement.pupil.upn, "date": "2025-11-20", "session": "AM", "code": "N"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200 and response.json() == {"created": 2, "updated": 0, "unchanged": 0}
    mark = AttendanceMark.objects.get(component=placed.full, session="AM")
    assert mark.source == "api" and mark.recorded_by == tokens["a"][0].user
    event = AuditEvent.objects.filter(pupil_id=placed.full.placement.pupil_id).latest("at")
    assert event.user_email == "manager@riverside.example" and event.role == "provider_manager"
    register = client.get(reverse("api:attendance"), {"date": "2025-11-20"}).json()
    assert {(r["upn"], r["session"], r["code"]) for r in register} == {
        (upn, "AM", "/"),
        (upn, "PM", None),
        (placed.part.placement.pupil.upn, "AM", "N"),
    }


def test_one_bad_mark_saves_nothing_and_each_error_names_its_item(api_for, placed):
    upn = placed.full.placement.pupil.upn
    response = api_for("a").post(
        reverse("api:attendance"),
        {
            "marks": [
                {"upn": upn, "date": "2025-11-17", "session": "AM", "code": "/"},
                {"upn": upn, "date": "2025-11-15", "session": "AM", "code": "/"},
                {"upn": upn, "date": "2025-11-18", "session": "PM", "code": "H"},
                {"upn": placed.part.placement.pupil.upn, "date": "2025-11-17", "session": "AM", "code": "/"},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["index"], e["field"]) for e in errors] == [(1, "date"), (2, "code"), (3, "session")]
    assert "not a school day" in errors[0]["message"]
    assert not AttendanceMark.objects.exists()


@pytest.mark.parametrize("body", [[], {"marks": "x"}, {"marks": []}])
def test_malformed_bodies(api_for, placed, body):
    response = api_for("a").post(reverse("api:attendance"), body, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "marks"


def test_a_provider_token_cannot_read_or_write_another_providers_pupils(api_for, placed):
    other_upn = placed.other.placement.pupil.upn
    client = api_for("a")
    assert other_upn not in str(client.get(reverse("api:placements")).json())
    assert other_upn not in str(client.get(reverse("api:attendance"), {"date": "2025-11-17"}).json())
    response = client.post(
        reverse("api:attendance"),
        {"marks": [{"upn": other_upn, "date": "2025-11-17", "session": "AM", "code": "O"}]},
        format="json",
    )
    assert response.status_code == 400
    assert (
        response.json()["errors"][0]["message"]
        == f"No pupil with UPN {other_upn} is placed with Riverside Learning Centre"
    )
    assert not AttendanceMark.objects.exists()


@pytest.mark.parametrize("header", [None, "Token nonsense", "Token", "Bearer abc", "Token a b"])
def test_without_a_good_token_the_api_answers_401(area, placed, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(reverse("api:placements"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_signed_in_session_is_not_a_token(client_as, placed):
    assert client_as("provider_manager").get(reverse("api:placements")).status_code == 401


def test_revoked_token_and_former_manager_stop_working(api_for, tokens, placed, user_as):
    from accounts.models import Membership
    from api import services

    token_a, _ = tokens["a"]
    client = api_for("a")
    assert client.get(reverse("api:placements")).status_code == 200
    Membership.objects.filter(user=token_a.user).update(role="provider_staff")
    response = client.get(reverse("api:placements"))
    assert response.status_code == 401 and "no longer manages Riverside Learning Centre" in response.json()["detail"]
    Membership.objects.filter(user=token_a.user).update(role="provider_manager")
    services.revoke_token(by=user_as("la_inclusion_officer"), token=token_a)
    assert client.get(reverse("api:placements")).status_code == 401


def test_last_use_is_remembered(api_for, tokens, placed):
    api_for("a").get(reverse("api:placements"))
    tokens["a"][0].refresh_from_db()
    assert tokens["a"][0].last_used_at is not None


def test_schema_is_public_and_valid_openapi_3(client, db):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert {"/api/placements/", "/api/attendance/"} <= set(spec["paths"])
    assert set(spec["paths"]["/api/attendance/"]) == {"get", "post"}
    assert spec["components"]["securitySchemes"]["providerToken"]["name"] == "Authorization"
    json_spec = client.get(reverse("api:schema"), {"format": "json"}).json()
    validate(json_spec)


def test_posting_needs_no_csrf_token(tokens, placed):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens['a'][1]}")
    upn = placed.full.placement.pupil.upn
    response = client.post(
        reverse("api:attendance"),
        {"marks": [{"upn": upn, "date": "2025-11-20", "session": "AM", "code": "/"}]},
        format="json",
    )
    assert response.status_code == 200
