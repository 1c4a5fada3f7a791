"""Same-day alerts: who gets what, when, and never twice."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from accounts.tests.factories import MembershipFactory, UserFactory
from attendance import services
from attendance.models import Alert
from attendance.queries import alerts_for
from attendance.services_alerts import check_alerts
from attendance.tests.conftest import TODAY, mark

D = datetime.date


def at(hour, minute=0, day=TODAY):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.UTC)  # GMT in November


@pytest.fixture
def people(area, user_as):
    dsl = UserFactory(email="dsl@ashton.example")
    MembershipFactory(user=dsl, organisation=area.school_a.organisation, role="school_staff", is_safeguarding_lead=True)
    other_dsl = UserFactory(email="dsl@brook.example")
    MembershipFactory(
        user=other_dsl, organisation=area.school_b.organisation, role="school_leader", is_safeguarding_lead=True
    )
    officer = UserFactory(email="officer@la.example")
    MembershipFactory(user=officer, organisation=area.la, role="la_inclusion_officer")
    return {"dsl": dsl, "officer": officer, "other_dsl": other_dsl}


def record(user, component, session, code, day=TODAY):
    with time_machine.travel(at(9, 30, day), tick=False):
        services.record_marks(by=user, source="web", marks=[mark(component.placement.pupil.upn, day, session, code)])


def test_before_the_deadline_only_unexplained_absence_alerts(placed, staff, people):
    record(staff, placed.full, "AM", "N")
    run = check_alerts(day=TODAY, now=at(9, 45))
    assert [(a.kind, a.pupil_id, a.code) for a in run.raised] == [("absent", placed.full.placement.pupil_id, "N")]
    assert {m.to[0] for m in mail.outbox} == {"dsl@ashton.example", "officer@la.example"}
    body = mail.outbox[0].body
    assert placed.full.placement.pupil.full_name in body and "absent, code N" in body
    assert "/attendance/alerts/?date=2025-11-20" in body


def test_after_the_deadline_unmarked_sessions_and_missing_registers_alert(placed, people):
    run = check_alerts(day=TODAY, now=at(10, 31))
    kinds = sorted((a.kind, a.provider.name) for a in run.raised)
    assert kinds == [
        ("register_missing", "Other Provider"),
        ("register_missing", "Riverside Learning Centre"),
        ("unmarked", "Other Provider"),
        ("unmarked", "Riverside Learning Centre"),
        ("unmarked", "Riverside Learning Centre"),
    ]
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_address) == {"dsl@ashton.example", "dsl@brook.example", "officer@la.example"}
    assert "has not submitted its morning register" in by_address["officer@la.example"]
    assert "has not submitted" not in by_address["dsl@ashton.example"]  # a missing register goes to the LA only
    assert placed.other.placement.pupil.full_name not in by_address["dsl@ashton.example"]


def test_a_partly_marked_register_is_submitted_but_its_gaps_alert(placed, staff, people):
    record(staff, placed.full, "AM", "/")
    run = check_alerts(day=TODAY, now=at(11))
    riverside = [(a.kind, a.pupil_id) for a in run.raised if a.provider_id == placed.full.provider.organisation_id]
    assert riverside == [("unmarked", placed.part.placement.pupil_id)]


def test_running_twice_sends_nothing_twice(placed, staff, people):
    record(staff, placed.full, "AM", "O")
    first = check_alerts(day=TODAY, now=at(10, 45))
    sent = len(mail.outbox)
    assert first.raised and sent == 3
    second = check_alerts(day=TODAY, now=at(10, 50))
    assert second.raised == [] and second.emails == 0 and len(mail.outbox) == sent
    assert Alert.objects.count() == len(first.raised)


def test_the_afternoon_deadline_raises_only_new_alerts(placed, people):
    check_alerts(day=TODAY, now=at(10, 45))
    morning = Alert.objects.count()
    run = check_alerts(day=TODAY, now=at(14, 31))
    assert {a.session for a in run.raised} == {"PM"}
    assert Alert.objects.count() == morning + len(run.raised)


def test_a_resolved_alert_is_not_emailed(placed, staff, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from attendance.services_alerts import raise_alerts, send_alert_emails

    raise_alerts(day=TODAY, now=at(10, 45))
    record(staff, placed.full, "AM", "/")
    record(staff, placed.part, "AM", "/")
    with time_machine.travel(at(10, 50), tick=False):
        send_alert_emails(day=TODAY, now=at(10, 50))
    riverside = "Riverside Learning Centre"
    assert all(riverside not in m.body for m in mail.outbox)


def test_failed_email_is_tried_again(placed, people, monkeypatch):
    from attendance import services_alerts

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(services_alerts, "get_connection", lambda: type("C", (), {"send_messages": broken})())
    with pytest.raises(ConnectionError):
        check_alerts(day=TODAY, now=at(10, 45))
    assert not Alert.objects.filter(notified_at__isnull=False).exists()
    monkeypatch.undo()
    run = check_alerts(day=TODAY, now=at(10, 50))
    assert run.raised == [] and run.emails == 3


def test_no_checks_on_a_day_that_is_not_a_school_day(placed, people):
    run = check_alerts(day=D(2025, 11, 22), now=at(12, day=D(2025, 11, 22)))
    assert run.skipped == "it is not a school day" and not Alert.objects.exists()
    assert check_alerts(day=D(2030, 1, 7), now=at(12)).skipped == "there are no term dates for this day"


def test_the_deadline_is_the_las_setting(placed, people, user_as):
    services.update_alert_settings(
        by=user_as("la_strategic_lead"), am_deadline=datetime.time(11, 30), pm_deadline=datetime.time(15, 0)
    )
    assert check_alerts(day=TODAY, now=at(11)).raised == []
    assert check_alerts(day=TODAY, now=at(11, 30)).raised


def test_management_command(placed, people):
    out = StringIO()
    with time_machine.travel(at(10, 45), tick=False):
        call_command("check_attendance_alerts", "--date", "2025-11-20", stdout=out)
        call_command("check_attendance_alerts", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Attendance alerts for 2025-11-20: 5 new") and "3 emails sent" in lines[0]
    assert lines[1] == "Attendance alerts for 2025-11-20: 0 new (none); 0 emails sent."


def test_management_command_rejects_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date must be a date"):
        call_command("check_attendance_alerts", "--date", "20/11/2025")


def test_alerts_for_the_home_page(placed, people, area, user_as):
    check_alerts(day=TODAY, now=at(10, 45))
    officer = user_as("la_inclusion_officer")
    assert len(alerts_for(officer, TODAY)) == 5
    assert {a.pupil_id for a in alerts_for(people["dsl"], TODAY)} == {
        placed.full.placement.pupil_id,
        placed.part.placement.pupil_id,
    }
    assert alerts_for(user_as("school_leader"), TODAY) == []  # not the safeguarding lead
    provider = alerts_for(user_as("provider_manager"), TODAY)
    assert {a.provider_id for a in provider} == {area.provider.organisation_id}
    assert alerts_for(user_as("la_finance_officer"), TODAY) == []
    assert alerts_for(officer, D(2025, 11, 19)) == []


class TestAlertSettings:
    def test_defaults(self, db):
        from attendance.models import AlertSettings

        current = AlertSettings.current()
        assert (current.am_deadline, current.pm_deadline) == (datetime.time(10, 30), datetime.time(14, 30))

    @pytest.mark.parametrize(
        ("am", "pm", "field", "words"),
        [
            (datetime.time(13), datetime.time(12), "pm_deadline", "later than the morning"),
            (datetime.time(6), datetime.time(14), "am_deadline", "between 07:00 and 18:00"),
            (None, datetime.time(14), "am_deadline", "Enter a time"),
        ],
    )
    def test_bad_times(self, area, user_as, am, pm, field, words):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as excinfo:
            services.update_alert_settings(by=user_as("la_strategic_lead"), am_deadline=am, pm_deadline=pm)
        assert words in excinfo.value.message_dict[field][0]


def test_home_page_macro_renders_the_alerts(placed, people):
    from django.template import engines

    check_alerts(day=TODAY, now=at(10, 45))
    template = engines["jinja2"].from_string(
        '{% from "attendance/home_alerts.html" import attendance_alerts %}{{ attendance_alerts(alerts, today) }}'
    )
    html = template.render({"alerts": alerts_for(people["dsl"], TODAY), "today": TODAY})
    assert "Attendance alerts today" in html and placed.full.placement.pupil.full_name in html
    assert "See all 2 attendance alerts for today" in html
    assert template.render({"alerts": [], "today": TODAY}).strip() == ""
