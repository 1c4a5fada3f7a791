"""The demo builder: a term of realistic marks, notes and targets, the same every time for the same seed."""

import datetime
import random

import pytest

from attendance.demo import build_demo_attendance, term_start
from attendance.models import AttendanceMark, ProgressNote, TargetRating
from attendance.queries import summaries_by
from attendance.tests.factories import place
from core.calendar import SchoolCalendar

D = datetime.date


@pytest.fixture
def many(area):
    start = D(2025, 9, 3)
    return [place(area.school_a, area.provider if i % 2 else area.provider_b, start=start) for i in range(16)]


def build():
    return build_demo_attendance(rng=random.Random("7:attendance"), today=D(2025, 11, 20))


def test_a_term_of_marks_and_progress_to_yesterday(many):
    counts = build()
    assert counts["attendance marks"] == AttendanceMark.objects.count() == 16 * 2 * 51  # 51 school days to 19 November
    assert counts["pupils with attendance"] == 16
    assert (
        counts["weekly notes"] == ProgressNote.objects.count() == 16 * 10
    )  # weeks beginning 1 September to 10 November
    assert counts["termly targets"] == 16 * 5
    dates = AttendanceMark.objects.values_list("date", flat=True)
    assert min(dates) == D(2025, 9, 3) and max(dates) == D(2025, 11, 19)
    assert ProgressNote.objects.exists() and TargetRating.objects.filter(outcome__isnull=True).exists()


def test_realistic_absence_with_a_few_persistent_absentees(many):
    build()
    figures = summaries_by(AttendanceMark.objects.all(), "pupil_id", D(2025, 9, 1), D(2025, 11, 20))
    persistent = [s for s in figures if s.persistent]
    assert 1 <= len(persistent) <= 8
    overall = sum(s.present for s in figures) / sum(s.possible for s in figures)
    assert 0.75 < overall < 0.97


def test_deterministic_and_does_not_mark_twice(many):
    build()
    first = list(AttendanceMark.objects.order_by("component_id", "date", "session").values_list("code", flat=True))
    again = build()
    assert again["attendance marks"] == 0
    AttendanceMark.objects.all().delete()
    ProgressNote.objects.all().delete()
    TargetRating.objects.all().delete()
    from attendance.models import Achievement

    Achievement.objects.all().delete()
    build()
    assert (
        list(AttendanceMark.objects.order_by("component_id", "date", "session").values_list("code", flat=True)) == first
    )


def test_term_start(term_dates):
    calendar = SchoolCalendar.load()
    assert term_start(calendar, D(2025, 11, 20)) == D(2025, 9, 1)
    assert term_start(calendar, D(2026, 1, 5)) == D(2025, 9, 1)  # an INSET day: the autumn term is the last with days
    assert term_start(calendar, D(2026, 1, 7)) == D(2026, 1, 1)
