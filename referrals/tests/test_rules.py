"""One test (or more) per named rule in referrals/rules.py."""

import datetime
import io
import zipfile

import pytest

from core.calendar import SchoolCalendar
from referrals import rules

D = datetime.date


@pytest.fixture
def cal(term_dates):
    return SchoolCalendar.load()


def test_views_required_to_submit_names_each_missing_view():
    errors = rules.views_required_to_submit("", "  ")
    assert set(errors) == {"child_views", "parent_views"}
    assert "child's views" in errors["child_views"] and "parent's or carer's views" in errors["parent_views"]
    assert rules.views_required_to_submit("Wants help", "Agrees") == {}


@pytest.mark.parametrize(("agreement", "ok"), [("not_informed", False), ("informed", True), ("consented", True)])
def test_parent_informed_before_submission(agreement, ok):
    assert (rules.parent_informed_before_submission(agreement) == {}) is ok


def test_graduated_response_required_only_for_a_school_request():
    assert "graduated_responses" in rules.graduated_response_required("school", 0)
    assert rules.graduated_response_required("school", 2) == {}
    assert rules.graduated_response_required("pex", 0) == {}
    assert rules.graduated_response_required("fair_access", 0) == {}


@pytest.mark.parametrize(
    ("role", "route", "allowed"),
    [
        ("school_leader", "school", True),
        ("school_leader", "pex", False),
        ("school_leader", "fair_access", False),
        ("la_inclusion_officer", "pex", True),
        ("la_strategic_lead", "fair_access", True),
        ("la_inclusion_officer", "school", True),
        ("school_staff", "school", False),
        ("provider_manager", "school", False),
    ],
)
def test_may_raise_route(role, route, allowed):
    assert rules.may_raise_route(role, route) is allowed


def test_pex_deadline_is_the_sixth_school_day(cal):
    # Monday 17 November 2025: 17, 18, 19, 20, 21, then Monday 24 is the 6th school day.
    assert rules.pex_deadline(cal, D(2025, 11, 17)) == D(2025, 11, 24)


def test_school_days_left_counts_school_days_after_today(cal):
    assert rules.school_days_left(cal, D(2025, 11, 20), D(2025, 11, 24)) == 2  # Friday 21, Monday 24
    assert rules.school_days_left(cal, D(2025, 11, 22), D(2025, 11, 24)) == 1  # from a Saturday
    assert rules.school_days_left(cal, D(2025, 11, 24), D(2025, 11, 24)) == 0
    assert rules.school_days_left(cal, D(2025, 11, 25), D(2025, 11, 24)) == 0


def test_on_panel_window_is_upcoming_or_seven_days_after():
    today = D(2025, 11, 20)
    assert rules.on_panel_window(D(2025, 12, 1), today)
    assert rules.on_panel_window(D(2025, 11, 13), today)
    assert not rules.on_panel_window(D(2025, 11, 12), today)


@pytest.mark.parametrize(
    ("panel_role", "account_role", "sees"),
    [
        ("chair", "school_leader", True),
        ("la_officer", "la_inclusion_officer", True),
        ("school", "school_leader", True),
        ("partner", "partner_practitioner", True),
        ("send", "la_inclusion_officer", True),
        ("ap_leader", "provider_manager", False),
        ("clerk", "la_strategic_lead", False),
        ("chair", "provider_manager", False),  # a provider never sees them, whatever the seat
    ],
)
def test_panel_member_sees_safeguarding(panel_role, account_role, sees):
    assert rules.panel_member_sees_safeguarding(panel_role, account_role) is sees


def test_panel_member_sees_identity():
    assert rules.panel_member_sees_identity("la_inclusion_officer", 1, 2)
    assert rules.panel_member_sees_identity("partner_practitioner", 1, 2)
    assert rules.panel_member_sees_identity("school_leader", 2, 2)  # the referring school
    assert not rules.panel_member_sees_identity("school_leader", 3, 2)  # another school
    assert not rules.panel_member_sees_identity("partnership_chair", 4, 2)
    assert not rules.panel_member_sees_identity("provider_manager", 5, 2)
    assert not rules.panel_member_sees_identity("school_leader", 3, None)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (_docx(), "docx"),
        (_zip(), None),
        (b"MZ\x90\x00", None),
        (b"plain text pretending", None),
        (b"", None),
        (b"<html>%PDF-", None),
    ],
)
def test_attachment_kind_is_judged_by_content(content, kind):
    assert rules.attachment_kind(content) == kind


def test_attachment_size_ok():
    assert rules.attachment_size_ok(1, 10)
    assert rules.attachment_size_ok(10, 10)
    assert not rules.attachment_size_ok(11, 10)
    assert not rules.attachment_size_ok(0, 10)
