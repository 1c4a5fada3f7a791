"""The register, CSV upload and figures pages: what each shows, saving, errors, and flat query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attendance.models import AttendanceMark
from attendance.tests.factories import place

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")


def test_provider_register_lists_expected_pupils_with_a_code_select(client_as, placed):
    response = client_as("provider_staff").get(reverse("attendance:today"))
    content = response.content.decode()
    assert "Register for Thursday 20 November 2025" in content
    assert placed.full.placement.pupil.legal_forename in content
    assert placed.other.placement.pupil.upn not in content  # another provider's pupil
    assert f'name="c{placed.full.pk}_AM"' in content and f'name="c{placed.full.pk}_PM"' in content
    assert f'name="c{placed.part.pk}_AM"' in content and f'name="c{placed.part.pk}_PM"' not in content  # thu_am only
    assert (
        "<table" not in content.split("<main")[1].split("Other ways")[0]
    )  # one block per pupil, narrow-screen friendly


def test_saving_the_register(client_as, placed):
    client = client_as("provider_manager")
    url = reverse("attendance:register") + "?date=2025-11-20"
    response = client.post(
        url, {f"c{placed.full.pk}_AM": "/", f"c{placed.full.pk}_PM": "", f"c{placed.part.pk}_AM": "N"}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert set(AttendanceMark.objects.values_list("component_id", "session", "code", "source")) == {
        (placed.full.pk, "AM", "/", "web"),
        (placed.part.pk, "AM", "N", "web"),
    }
    page = client.get(url).content.decode()
    assert "Register saved for Thursday 20 November 2025: 2 new marks, 0 changed" in page
    assert '<option value="N" selected' in page


def test_a_code_the_session_does_not_allow_is_shown_on_its_field(client_as, placed):
    url = reverse("attendance:register") + "?date=2025-11-20"
    response = client_as("provider_staff").post(url, {f"c{placed.full.pk}_AM": "\\"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and f'href="#c{placed.full.pk}_AM"' in content
    assert not AttendanceMark.objects.exists()


def test_saving_nothing_is_an_error(client_as, placed):
    response = client_as("provider_staff").post(reverse("attendance:register") + "?date=2025-11-20", {})
    assert "Choose a code for at least one session" in response.content.decode()


def test_a_future_day_cannot_be_marked(client_as, placed):
    client = client_as("provider_staff")
    url = reverse("attendance:register") + "?date=2025-11-21"
    assert "This day has not happened yet" in client.get(url).content.decode()
    client.post(url, {f"c{placed.full.pk}_AM": "/"})
    assert not AttendanceMark.objects.exists()


def test_another_day_from_the_date_boxes_and_a_day_off(client_as, placed):
    client = client_as("provider_staff")
    page = client.get(reverse("attendance:register"), {"day-day": "22", "day-month": "11", "day-year": "2025"})
    assert "Saturday 22 November 2025 is not a school day" in page.content.decode()


def test_school_sees_its_pupils_attendance_today(client_as, placed, user_as, area):
    from attendance import services

    services.record_marks(
        by=user_as("provider_staff"),
        source="web",
        marks=[{"upn": placed.full.placement.pupil.upn, "date": D(2025, 11, 20), "session": "AM", "code": "I"}],
    )
    content = client_as("school_staff").get(reverse("attendance:today")).content.decode()
    assert "Attendance in alternative provision on Thursday 20 November 2025" in content
    assert placed.full.placement.pupil.legal_forename in content and "Illness" in content
    assert placed.other.placement.pupil.legal_forename not in content  # school B's pupil


def test_la_sees_each_providers_register_status(client_as, placed):
    content = client_as("la_inclusion_officer").get(reverse("attendance:daily")).content.decode()
    assert "Providers&#39; registers" in content or "Providers' registers" in content
    assert "Not submitted" in content


def test_upload_saves_a_good_file(client_as, placed):
    upn = placed.full.placement.pupil.upn
    body = f"UPN,Date,Session,Code\n{upn},2025-11-17,AM,/\n{upn},2025-11-17,PM,\\\n\n".encode()
    response = client_as("provider_staff").post(
        reverse("attendance:upload"), {"file": SimpleUploadedFile("marks.csv", body)}
    )
    assert response.status_code == 302
    assert set(AttendanceMark.objects.values_list("session", "code", "source")) == {
        ("AM", "/", "csv"),
        ("PM", "\\", "csv"),
    }


def test_upload_rejects_the_whole_file_with_row_and_column(client_as, placed):
    upn = placed.full.placement.pupil.upn
    other = placed.other.placement.pupil.upn
    body = (
        f"upn,date,session,code\n{upn},2025-11-17,AM,/\n{other},2025-11-17,AM,/\n{upn},2025-11-15,AM,/\n{upn},2025-11-18,AM,H\n"
    ).encode()
    response = client_as("provider_staff").post(
        reverse("attendance:upload"), {"file": SimpleUploadedFile("m.csv", body)}
    )
    content = response.content.decode()
    assert "The file has 3 problems, listed below. Nothing was saved" in content
    import re

    cells = re.findall(r'<td class="govuk-table__cell[^"]*">([^<]*)</td>', content)
    assert [tuple(cells[i : i + 2]) for i in range(0, len(cells), 3)] == [("3", "upn"), ("4", "date"), ("5", "code")]
    assert not AttendanceMark.objects.exists()


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", "Choose a CSV file"),
        (b"pupil,day\nx,y\n", "missing upn, date, session, code"),
        (b"upn,date,session,code\n", "no marks in it"),
        ("upn,date,session,code\nä,1,AM,/\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_upload_file_problems(client_as, placed, body, words):
    data = {"file": SimpleUploadedFile("m.csv", body)} if body else {}
    content = client_as("provider_staff").post(reverse("attendance:upload"), data).content.decode()
    assert words in content


def test_figures_page_flags_persistent_absence(client_as, placed, user_as):
    from attendance import services

    upn = placed.part.placement.pupil.upn
    services.record_marks(
        by=user_as("provider_staff"),
        source="web",
        marks=[
            {"upn": upn, "date": D(2025, 11, 17), "session": "AM", "code": "O"},
            {"upn": upn, "date": D(2025, 11, 18), "session": "AM", "code": "/"},
        ],
    )
    response = client_as("school_leader").get(reverse("attendance:summary"), {"show": "severe"})
    content = response.content.decode()
    assert "Severe absence" in content and placed.part.placement.pupil.legal_forename in content
    assert "By provider" in content and "By home school" not in content


def test_pupil_page_is_audited(client_as, placed):
    from core.models import AuditEvent

    client_as("school_staff").get(reverse("attendance:pupil", args=[placed.full.placement.pupil_id]))
    assert AuditEvent.objects.filter(action="view", pupil_id=placed.full.placement.pupil_id).exists()


def test_la_changes_the_alert_times(client_as, area):
    client = client_as("la_strategic_lead")
    response = client.post(reverse("attendance:alert-settings"), {"am_deadline": "10:00", "pm_deadline": "9:00"})
    assert "The afternoon deadline must be later than the morning deadline" in response.content.decode()
    response = client.post(reverse("attendance:alert-settings"), {"am_deadline": "10:00", "pm_deadline": "14:00"})
    assert response.status_code == 302
    from attendance.models import AlertSettings

    assert AlertSettings.current().am_deadline == datetime.time(10, 0)


def _more_pupils(area, count):
    from accounts.models import User
    from attendance import services

    staff = User.objects.get(email__startswith="provider_staff")
    for i in range(count):
        component = place(area.school_a if i % 2 else area.school_b, area.provider)
        services.record_marks(
            by=staff,
            source="web",
            marks=[
                {"upn": component.placement.pupil.upn, "date": D(2025, 11, 19), "session": s, "code": c}
                for s, c in (("AM", "/"), ("PM", "O"))
            ],
        )
    from attendance.services_alerts import check_alerts

    check_alerts(day=D(2025, 11, 20), now=datetime.datetime(2025, 11, 20, 15, 0, tzinfo=datetime.UTC))


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("provider_staff", "attendance:today"),
        ("la_inclusion_officer", "attendance:daily"),
        ("la_inclusion_officer", "attendance:summary"),
        ("school_leader", "attendance:summary"),
        ("la_inclusion_officer", "attendance:alerts"),
        ("provider_manager", "attendance:register"),
    ],
)
def test_query_count_does_not_grow_with_rows(area, client_as, user_as, role, url):
    if role != "provider_staff":
        user_as("provider_staff")  # _more_pupils marks the register as this person
    client = client_as(role)
    _more_pupils(area, 2)
    client.get(reverse(url))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url)).status_code == 200
    _more_pupils(area, 6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(url)).status_code == 200
    assert len(many) == len(few), [q["sql"][:150] for q in many.captured_queries]
