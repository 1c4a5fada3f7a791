"""Outcomes of the national AP performance framework on the constructed area, worked by hand."""

import datetime
from decimal import Decimal

from attendance.models import Achievement, AttendanceMark
from oversight.outcomes import BEFORE_NOT_RECORDED, outcomes
from oversight.period import Period
from oversight.scope import AREA_SCOPE, Scope
from placements.models import Destination, Return, ReturnCheck
from providers.models import Programme

D = datetime.date
PERIOD = Period(D(2025, 9, 1), D(2025, 11, 20))


def marks(placement, codes):
    component = placement.components.get()
    for i, code in enumerate(codes):
        AttendanceMark.objects.create(
            component=component,
            pupil=placement.pupil,
            date=D(2025, 10, 6) + datetime.timedelta(days=i // 2),
            session="AM" if i % 2 == 0 else "PM",
            code=code,
        )


def achieve(placement, title, kind="qualification"):
    Achievement.objects.create(
        component=placement.components.get(), pupil=placement.pupil, kind=kind, title=title, achieved_on=D(2025, 11, 1)
    )


def test_outcomes_from_the_records(records):
    p = records.placements
    marks(p["p1"], ["/", "\\", "/", "I"])  # 3 of 4 attended; 1 authorised absence (25%)
    marks(p["p3"], ["O", "O"])  # absent both sessions
    plan = Return.objects.create(
        placement=p["p3"], school=records.area.school_b.organisation, return_date=D(2025, 10, 20), plan="Back full time"
    )
    ReturnCheck.objects.create(
        return_plan=plan, kind="six_weeks", due_date=D(2025, 12, 1), checked_on=D(2025, 11, 19), held=True
    )
    ReturnCheck.objects.create(return_plan=plan, kind="one_term", due_date=D(2026, 1, 19))
    achieve(p["p1"], "GCSE English Language")
    achieve(p["p1"], "Functional Skills Maths Level 1")
    achieve(p["p1"], "Cooking unit award", kind="unit")
    achieve(p["p2"], "Entry Level Certificate in Mathematics")
    programme = Programme.objects.create(
        provider=records.area.provider,
        name="Core English and maths",
        vocational_area="academic",
        teaches_english_and_maths=True,
        delivery_pattern="part_time",
        min_age=14,
        max_age=16,
        places=8,
        price_per_session_pence=5_000,
    )
    p["p2"].components.update(programme=programme)
    Destination.objects.create(
        placement=p["p10"], due_date=D(2025, 10, 1), recorded_on=D(2025, 10, 15), outcome="education"
    )
    Destination.objects.create(placement=p["p4"], due_date=D(2025, 10, 1), recorded_on=D(2025, 11, 1), outcome="neet")
    Destination.objects.create(placement=p["p3"], due_date=D(2025, 10, 1))

    found = outcomes(AREA_SCOPE, PERIOD)
    a = found.attendance
    assert (a.pupils, a.possible, a.attended, a.percent, a.persistent, a.severe) == (2, 6, 3, Decimal("50.0"), 2, 1)
    assert a.before == BEFORE_NOT_RECORDED
    r = found.reintegration
    assert (r.returns, r.six_weeks.held, r.six_weeks.held_percent, r.one_term.not_yet, r.one_term.held_percent) == (
        1,
        1,
        Decimal("100.0"),
        1,
        None,
    )
    e = found.english_maths
    assert (e.pupils_placed, e.taught, e.english, e.maths, e.both) == (5, 1, 1, 2, 1)
    d = found.destinations
    assert (d.recorded, d.sustained, d.sustained_percent, d.neet_percent, d.due_not_recorded) == (
        2,
        1,
        Decimal("50.0"),
        Decimal("50.0"),
        1,
    )

    school_a = Scope("school", "x", "A", frozenset({records.area.school_a.organisation_id}))
    only_a = outcomes(school_a, PERIOD)
    assert (only_a.attendance.pupils, only_a.attendance.percent) == (1, Decimal("75.0"))
    assert (only_a.reintegration.returns, only_a.destinations.recorded, only_a.english_maths.pupils_placed) == (0, 0, 2)
