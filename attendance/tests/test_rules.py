"""One test per named rule in attendance/rules.py."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from attendance import rules
from attendance.models import AlertSettings
from core.calendar import SchoolCalendar

D = datetime.date
START = D(2025, 11, 3)
CALENDAR = SchoolCalendar(
    periods=[(2025, D(2025, 9, 3), D(2025, 12, 19))], non_school_days=[D(2025, 11, 14)], bank_holidays={}
)


def component(sessions=("mon_am", "mon_pm", "wed_am"), start=START, end=None, status="active", p_end=None):
    placement = SimpleNamespace(status=status, start_date=D(2025, 11, 3), end_date=p_end)
    return SimpleNamespace(placement=placement, sessions=list(sessions), start_date=start, end_date=end)


@pytest.mark.parametrize(
    ("category", "possible"),
    [("Present", True), ("AEA", True), ("Auth", True), ("Unauth", True), ("NP", False), ("Admin", False)],
)
def test_counts_as_possible(category, possible):
    assert rules.counts_as_possible(category) is possible


@pytest.mark.parametrize(
    ("category", "attended"), [("Present", True), ("AEA", True), ("Auth", False), ("Unauth", False), ("NP", False)]
)
def test_counts_as_attended(category, attended):
    assert rules.counts_as_attended(category) is attended


def test_counts_as_absent():
    assert rules.counts_as_absent("Auth") and rules.counts_as_absent("Unauth")
    assert not rules.counts_as_absent("AEA") and not rules.counts_as_absent("NP")


def test_attendance_percent():
    assert rules.attendance_percent(9, 10) == Decimal("90.0")
    assert rules.attendance_percent(2, 3) == Decimal("66.7")
    assert rules.attendance_percent(0, 0) is None


def test_absence_percent():
    assert rules.absence_percent(1, 8) == Decimal("12.5")
    assert rules.absence_percent(0, 0) is None


def test_is_persistently_absent_at_ten_percent():
    assert rules.is_persistently_absent(10, 100)
    assert not rules.is_persistently_absent(9, 100)
    assert not rules.is_persistently_absent(0, 0)


def test_is_severely_absent_at_fifty_percent():
    assert rules.is_severely_absent(50, 100)
    assert not rules.is_severely_absent(49, 100)


@pytest.mark.parametrize(("code", "alert"), [("N", True), ("O", True), ("I", False), ("G", False), ("/", False)])
def test_is_absent_without_reason(code, alert):
    assert rules.is_absent_without_reason(code) is alert


def test_present_code_fits_session():
    assert rules.present_code_fits_session("/", "AM") and not rules.present_code_fits_session("/", "PM")
    assert rules.present_code_fits_session("\\", "PM") and not rules.present_code_fits_session("\\", "AM")
    assert rules.present_code_fits_session("L", "PM")


def test_session_key():
    assert rules.session_key(D(2025, 11, 17), "AM") == "mon_am"
    assert rules.session_key(D(2025, 11, 21), "PM") == "fri_pm"


class TestIsExpected:
    def test_expected_on_a_weekday_session_in_term(self):
        assert rules.is_expected(component(), D(2025, 11, 17), "AM", CALENDAR)
        assert rules.expected_sessions(component(), D(2025, 11, 17), CALENDAR) == ["AM", "PM"]
        assert rules.expected_sessions(component(), D(2025, 11, 19), CALENDAR) == ["AM"]

    @pytest.mark.parametrize(
        ("day", "kwargs", "field", "words"),
        [
            (D(2025, 11, 18), {}, "session", "Tuesday mornings"),
            (D(2025, 11, 15), {}, "date", "not a school day"),  # a Saturday
            (D(2025, 11, 14), {}, "date", "not a school day"),  # an INSET day
            (D(2025, 12, 22), {}, "date", "not a school day"),  # the Christmas holiday
            (D(2026, 9, 7), {}, "date", "no term dates"),
            (D(2025, 11, 10), {"start": D(2025, 11, 11)}, "date", "runs from 11 November 2025"),
            (D(2025, 11, 17), {"end": D(2025, 11, 12)}, "date", "to 12 November 2025"),
            (D(2025, 11, 17), {"status": "ended", "p_end": D(2025, 11, 14)}, "date", "not running"),
            (D(2025, 11, 17), {"status": "proposed"}, "date", "not running"),
        ],
    )
    def test_not_expected(self, day, kwargs, field, words):
        got_field, reason = rules.why_not_expected(component(**kwargs), day, "AM", CALENDAR)
        assert got_field == field and words in reason
        assert not rules.is_expected(component(**kwargs), day, "AM", CALENDAR)


def test_expected_sessions():
    assert rules.expected_sessions(component(sessions=["mon_pm"]), D(2025, 11, 17), CALENDAR) == ["PM"]


def test_may_mark_date():
    assert rules.may_mark_date(D(2025, 11, 20), D(2025, 11, 20))
    assert not rules.may_mark_date(D(2025, 11, 21), D(2025, 11, 20))


def test_session_overdue_after_the_deadline(settings):
    deadlines = AlertSettings(am_deadline=datetime.time(10, 30), pm_deadline=datetime.time(14, 30))
    day = D(2025, 11, 20)
    at = lambda h, m: datetime.datetime(2025, 11, 20, h, m, tzinfo=datetime.UTC)  # noqa: E731  (GMT in November)
    assert not rules.session_overdue(day, "AM", at(10, 29), deadlines)
    assert rules.session_overdue(day, "AM", at(10, 30), deadlines)
    assert not rules.session_overdue(day, "PM", at(14, 0), deadlines)
    assert rules.session_overdue(D(2025, 11, 19), "PM", at(8, 0), deadlines)
    assert not rules.session_overdue(D(2025, 11, 21), "AM", at(23, 0), deadlines)


def test_register_not_submitted():
    assert rules.register_not_submitted(3, 0)
    assert not rules.register_not_submitted(3, 1)
    assert not rules.register_not_submitted(0, 0)


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (D(2025, 9, 3), (2025, "autumn")),
        (D(2025, 12, 19), (2025, "autumn")),
        (D(2026, 1, 5), (2025, "spring")),
        (D(2026, 3, 27), (2025, "spring")),
        (D(2026, 4, 13), (2025, "summer")),
        (D(2026, 7, 22), (2025, "summer")),
    ],
)
def test_term_of(day, term):
    assert rules.term_of(day) == term


def test_week_start_is_the_monday():
    assert rules.week_start(D(2025, 11, 20)) == D(2025, 11, 17)
    assert rules.week_start(D(2025, 11, 17)) == D(2025, 11, 17)


def test_distance_travelled():
    assert rules.distance_travelled(2, 4) == 2
    assert rules.distance_travelled(3, 2) == -1


@pytest.mark.parametrize(
    ("score", "valid"), [(1, True), (5, True), (0, False), (6, False), ("3", False), (True, False), (None, False)]
)
def test_valid_score(score, valid):
    assert rules.valid_score(score) is valid
