"""The term dates and reference code pages: who may open them, and the forms' flows."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from conftest import ALL_ROLES
from core.models import AuditEvent, Code, NonSchoolDay, TermPeriod
from tests.matrix import check_page, check_signed_out

D = datetime.date


@pytest.fixture
def no_role_client(area):
    client = Client()
    client.force_login(UserFactory(email="nobody@example.org"))
    return client


def inset_day():
    return NonSchoolDay.objects.get(date=D(2026, 1, 5))


def k_code():
    return Code.objects.get(code_list__key="attendance", code="K")


EVERY_ROLE = set(Role)
EDITORS = {Role.LA_STRATEGIC_LEAD, Role.ADMINISTRATOR}

# (url name, kind of object or None, roles allowed, roles scoped to their own organisation),
# in the format of tests/matrix.py. Term dates and codes are LA-wide: nothing is scoped.
PAGES = [
    ("core:term-dates", None, EVERY_ROLE, set()),
    ("core:term-period-add", None, EDITORS, set()),
    ("core:non-school-day-add", None, EDITORS, set()),
    ("core:non-school-day-remove", "day", EDITORS, set()),
    ("core:code-lists", None, EVERY_ROLE, set()),
    ("core:code-list", "code_list", EVERY_ROLE, set()),
    ("core:code-edit", "code", EDITORS, set()),
]


@pytest.fixture
def objects(area):
    day, code = inset_day().pk, k_code().pk
    return {"day": (day, day), "code": (code, code), "code_list": (("attendance", "2024"), ("attendance", "2024"))}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_role_page_matrix(client_as, objects, role, name, kind, allowed, scoped):
    check_page(client_as, objects, role, name, kind, allowed, scoped)


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_signed_out_visitors_are_sent_to_sign_in(client, objects, name, kind, allowed, scoped):
    check_signed_out(client, objects, name, kind)


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_no_role_is_refused(no_role_client, objects, name, kind, allowed, scoped):
    args = objects[kind][0] if kind else ()
    response = no_role_client.get(reverse(name, args=args if isinstance(args, tuple) else [args]))
    assert response.status_code == 403
    assert b"no role in any organisation" in response.content


def test_refusal_explains_itself(client_as):
    response = client_as(Role.SCHOOL_STAFF).get(reverse("core:code-edit", args=[k_code().pk]))
    assert response.status_code == 403
    assert "That role cannot change reference codes" in response.content.decode()


def test_unknown_objects_are_404(client_as):
    client = client_as("la_strategic_lead")
    assert client.get(reverse("core:code-list", args=["attendance", "1999"])).status_code == 404
    assert client.get(reverse("core:code-edit", args=[999999])).status_code == 404
    assert client.get(reverse("core:non-school-day-remove", args=[999999])).status_code == 404


def test_term_dates_page_shows_periods_and_days(client_as):
    lead_page = client_as("la_strategic_lead").get(reverse("core:term-dates")).content.decode()
    assert "Academic year 2025/26" in lead_page
    assert "Autumn 1" in lead_page and "3 September 2025" in lead_page
    assert "5 January 2026" in lead_page
    assert "4 May 2026: May Day" in lead_page
    assert "Add a term period" in lead_page
    staff_page = client_as("school_staff").get(reverse("core:term-dates")).content.decode()
    assert "Add a term period" not in staff_page
    assert "Remove" not in staff_page


def test_code_list_page_shows_confidence_and_the_note(client_as):
    page = (
        client_as("school_staff").get(reverse("core:code-list", args=["ap-placement-reason", "2023"])).content.decode()
    )
    assert "Not confirmed" in page
    assert "assumption" in page
    assert "Change" not in page
    lead_page = (
        client_as("la_strategic_lead").get(reverse("core:code-list", args=["attendance", "2024"])).content.decode()
    )
    assert reverse("core:code-edit", args=[k_code().pk]) in lead_page
    assert "AEA" in lead_page


# ---------------------------------------------------------------------------------------
# Adding a term period


def period_data(**overrides):
    data = {
        "start_year": "2027",
        "name": "Autumn 1",
        "start_date-day": "2",
        "start_date-month": "9",
        "start_date-year": "2027",
        "end_date-day": "22",
        "end_date-month": "10",
        "end_date-year": "2027",
    }
    data.update(overrides)
    return data


def test_add_term_period(client_as):
    response = client_as("la_strategic_lead").post(reverse("core:term-period-add"), period_data())
    assert response.status_code == 302
    period = TermPeriod.objects.get(academic_year__start_year=2027)
    assert (period.name, period.start_date, period.end_date) == ("Autumn 1", D(2027, 9, 2), D(2027, 10, 22))
    event = AuditEvent.objects.get(object_type="core.termperiod")
    assert event.action == "create" and event.role == "la_strategic_lead"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_date-day": "1", "end_date-month": "9"}, "The end date must be the same as or after the start date"),
        ({"start_date-day": "31", "start_date-month": "2"}, "The start date must be a real date"),
        ({"start_date-month": ""}, "The start date must include a month"),
        ({"end_date-day": "", "end_date-month": "", "end_date-year": ""}, "Enter the end date"),
        ({"start_date-year": "2026", "start_date-month": "8"}, "The start date must be in the 2027/28 academic year"),
        (
            {"start_year": "2025", "start_date-year": "2025", "end_date-year": "2025"},
            "These dates overlap Autumn 1 2025/26",
        ),
        ({"name": ""}, "Enter a name for the term period"),
        ({"start_year": "twenty"}, "Enter the year the academic year starts as a number"),
    ],
)
def test_add_term_period_bad_input_saves_nothing(client_as, overrides, message):
    before = TermPeriod.objects.count()
    response = client_as("administrator").post(reverse("core:term-period-add"), period_data(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert TermPeriod.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_lesser_role_cannot_post_a_term_period(client_as):
    response = client_as("school_leader").post(reverse("core:term-period-add"), period_data())
    assert response.status_code == 403
    assert not TermPeriod.objects.filter(academic_year__start_year=2027).exists()


# ---------------------------------------------------------------------------------------
# Adding and removing an INSET or closure day


def day_data(day, month, year, **overrides):
    data = {
        "date-day": str(day),
        "date-month": str(month),
        "date-year": str(year),
        "kind": "inset",
        "description": "Training",
    }
    data.update(overrides)
    return data


def test_add_non_school_day(client_as):
    response = client_as("la_strategic_lead").post(reverse("core:non-school-day-add"), day_data(16, 10, 2025))
    assert response.status_code == 302
    day = NonSchoolDay.objects.get(date=D(2025, 10, 16))
    assert day.kind == "inset" and day.description == "Training"
    assert AuditEvent.objects.filter(object_type="core.nonschoolday", action="create").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (day_data(18, 10, 2025), "The date must be a weekday"),  # Saturday
        (day_data(28, 10, 2025), "The date must be inside a term period"),  # half-term
        (day_data(4, 5, 2026), "bank holiday"),
        (day_data(5, 1, 2026), "already an INSET or closure day"),
        (day_data(30, 2, 2026), "The date must be a real date"),
        (day_data(16, 10, 2025, kind=""), "Select the kind of day"),
        (day_data(16, 10, 2025, description="x" * 201), "Description must be 200 characters or fewer"),
    ],
)
def test_add_non_school_day_bad_input_saves_nothing(client_as, data, message):
    before = NonSchoolDay.objects.count()
    response = client_as("la_strategic_lead").post(reverse("core:non-school-day-add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert NonSchoolDay.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_remove_non_school_day_asks_then_removes(client_as):
    client = client_as("administrator")
    url = reverse("core:non-school-day-remove", args=[inset_day().pk])
    page = client.get(url).content.decode()
    assert "Are you sure you want to remove the INSET day on 5 January 2026?" in page
    assert NonSchoolDay.objects.filter(date=D(2026, 1, 5)).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not NonSchoolDay.objects.filter(date=D(2026, 1, 5)).exists()
    event = AuditEvent.objects.get(object_type="core.nonschoolday")
    assert event.action == "delete"


def test_lesser_role_cannot_remove_a_day(client_as):
    url = reverse("core:non-school-day-remove", args=[inset_day().pk])
    assert client_as("school_staff").post(url).status_code == 403
    assert NonSchoolDay.objects.filter(date=D(2026, 1, 5)).exists()


# ---------------------------------------------------------------------------------------
# Editing a reference code


def test_edit_code(client_as):
    code = k_code()
    response = client_as("la_strategic_lead").post(
        reverse("core:code-edit", args=[code.pk]),
        {"label": "LA-arranged education", "category": "AEA", "active": "yes", "reason": "Plainer words"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:code-list", args=["attendance", "2024"])
    code.refresh_from_db()
    assert code.label == "LA-arranged education"
    event = AuditEvent.objects.get(object_type="core.code")
    assert event.reason == "Plainer words"
    assert event.changes["label"][1] == "LA-arranged education"


def test_edit_code_without_categories(client_as):
    code = Code.objects.get(code_list__key="sen-provision", code="S")
    page = client_as("administrator").get(reverse("core:code-edit", args=[code.pk])).content.decode()
    assert 'name="category"' not in page
    response = client_as("la_strategic_lead").post(
        reverse("core:code-edit", args=[code.pk]), {"label": "Statement", "active": "no", "reason": "Shorter"}
    )
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.label == "Statement"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "New", "category": "AEA", "active": "yes", "reason": ""}, "Enter a reason for the change"),
        ({"label": "", "category": "AEA", "active": "yes", "reason": "x"}, "Enter a label"),
        ({"label": "New", "category": "Holiday", "active": "yes", "reason": "x"}, "Select a category"),
        ({"label": "New", "category": "AEA", "reason": "x"}, "Select whether the code is in use"),
    ],
)
def test_edit_code_bad_input_saves_nothing(client_as, data, message):
    code = k_code()
    response = client_as("la_strategic_lead").post(reverse("core:code-edit", args=[code.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "<title>Error: " in page
    code.refresh_from_db()
    assert code.label == "Attending education provision arranged by the local authority"
    assert not AuditEvent.objects.exists()


def test_lesser_role_cannot_edit_a_code(client_as):
    code = k_code()
    response = client_as("school_staff").post(
        reverse("core:code-edit", args=[code.pk]),
        {"label": "Hacked", "category": "AEA", "active": "yes", "reason": "x"},
    )
    assert response.status_code == 403
    code.refresh_from_db()
    assert code.label != "Hacked"
