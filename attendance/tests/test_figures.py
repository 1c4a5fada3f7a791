"""Attendance figures: possible sessions leave out NP codes, AEA counts as attending, and each role sees its own."""

import datetime
from decimal import Decimal

import pytest

from attendance.models import AttendanceMark
from attendance.queries import attendance_summary, marks_visible_to, summaries_by, summarise
from attendance.tests.factories import place
from placements.models import Placement

D = datetime.date
START, END = D(2025, 9, 1), D(2025, 11, 20)
FIRST_MONDAY = D(2025, 11, 3)
pytestmark = pytest.mark.usefixtures("frozen")


def put(component, codes, start=FIRST_MONDAY):
    """Marks straight into the table, one AM session per weekday from ``start``: figures only read them."""
    day, made = start, []
    for code in codes:
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        made.append(
            AttendanceMark(component=component, pupil=component.placement.pupil, date=day, session="AM", code=code)
        )
        day += datetime.timedelta(days=1)
    AttendanceMark.objects.bulk_create(made)


@pytest.fixture
def marked(placed):
    put(placed.full, ["/", "/", "L", "K", "I", "N", "D", "Y1", "/", "#"])  # 5 attended of 7 possible
    put(placed.part, ["/", "O", "O", "O", "I", "/"])  # 2 of 6: severe
    put(placed.other, ["/"] * 9 + ["G"])  # 9 of 10: persistent (10% absent)
    return placed


def test_a_summary_counts_only_possible_sessions(marked):
    s = attendance_summary(Placement.objects.filter(pk=marked.full.placement_id), START, END)
    assert (s.possible, s.present, s.authorised, s.unauthorised) == (7, 5, 1, 1)  # D and Y1 (NP) and # (Admin) left out
    assert s.percent == Decimal("71.4") and s.absence_percent == Decimal("28.6")
    assert s.persistent and not s.severe


def test_a_summary_of_pupils_and_of_a_list(marked):
    pupils = [marked.part.placement.pupil, marked.other.placement.pupil]
    s = attendance_summary(pupils, START, END)
    assert (s.possible, s.present, s.unauthorised) == (16, 11, 4)
    assert attendance_summary([], START, END).possible == 0
    assert attendance_summary(pupils, D(2025, 11, 10), END).possible == 16 - 5 - 5


def test_persistent_and_severe_absence_per_pupil(marked):
    by_pupil = {s.key: s for s in summaries_by(AttendanceMark.objects.all(), "pupil_id", START, END)}
    part, other = by_pupil[marked.part.placement.pupil_id], by_pupil[marked.other.placement.pupil_id]
    assert part.severe and part.persistent and part.percent == Decimal("33.3")
    assert other.persistent and not other.severe and other.percent == Decimal("90.0")


def test_figures_per_provider_and_per_school(marked, area):
    marks = AttendanceMark.objects.all()
    providers = {s.key: s for s in summaries_by(marks, "component__provider__organisation_id", START, END)}
    assert providers[area.provider.organisation_id].possible == 13
    assert providers[area.provider_b.organisation_id].possible == 10
    schools = {s.key: s.possible for s in summaries_by(marks, "component__placement__home_school_id", START, END)}
    assert schools == {area.school_a.organisation_id: 13, area.school_b.organisation_id: 10}


def test_each_role_sees_only_its_own_marks(marked, user_as, area):
    assert summarise(marks_visible_to(user_as("la_inclusion_officer")), START, END).possible == 23
    assert summarise(marks_visible_to(user_as("school_staff")), START, END).possible == 13
    assert (
        summarise(marks_visible_to(user_as("provider_staff", area.provider_b.organisation)), START, END).possible == 10
    )
    for role in ("la_finance_officer", "la_qa_officer", "partnership_chair", "partner_practitioner", "administrator"):
        assert not marks_visible_to(user_as(role)).exists(), role


def test_a_provider_sees_only_its_own_part_of_a_shared_placement(area, user_as):
    shared = place(area.school_a, area.provider, sessions=["mon_am"])
    from attendance.tests.factories import ComponentFactory

    second = ComponentFactory(placement=shared.placement, provider=area.provider_b, sessions=["tue_am"])
    put(shared, ["/"])
    put(second, ["/"], start=D(2025, 11, 4))
    assert marks_visible_to(user_as("provider_manager", area.provider_b.organisation)).get().component == second
    assert marks_visible_to(user_as("school_leader")).count() == 2
