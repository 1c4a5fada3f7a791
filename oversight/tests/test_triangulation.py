"""Termly triangulation for Ashton High (school A) in 2025/26, worked by hand.

Terms from the test term dates: autumn 1 September to 4 January (spring's first half term starts
5 January), spring 5 January to 12 April, summer 13 April to 31 August.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from attendance.models import AttendanceMark
from oversight.tests.conftest import pupil_at, suspend
from oversight.triangulation import terms_of, triangulation
from referrals.models import Request

D = datetime.date
OCTOBER_1 = D(2025, 10, 1)


def request_at(school, *, need="semh", status="submitted", on=OCTOBER_1):
    return Request.objects.create(
        pupil=pupil_at(school),
        school=school.organisation,
        route="school",
        need=need,
        tier="time_limited",
        status=status,
        submitted_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
        if status != "draft"
        else None,
    )


def test_terms_follow_the_term_dates(term_dates):
    assert [(t.key, t.start, t.end) for t in terms_of(2025)] == [
        ("autumn", D(2025, 9, 1), D(2026, 1, 4)),
        ("spring", D(2026, 1, 5), D(2026, 4, 12)),
        ("summer", D(2026, 4, 13), D(2026, 8, 31)),
    ]


def test_terms_without_term_dates_split_at_january_and_april(db):
    assert [(t.start, t.end) for t in terms_of(2030)] == [
        (D(2030, 9, 1), D(2030, 12, 31)),
        (D(2031, 1, 1), D(2031, 3, 31)),
        (D(2031, 4, 1), D(2031, 8, 31)),
    ]


def test_one_schools_signals_term_by_term(records):
    area = records.area
    a = area.school_a
    suspend(pupil_at(a), a, D(2025, 10, 6), sessions=4)
    suspend(pupil_at(a), a, D(2026, 2, 2), sessions=3)
    request_at(a, need="semh")
    request_at(a, need="sen", on=D(2025, 11, 3))
    request_at(a, status="draft")
    request_at(area.school_b, need="behaviour")
    component = records.placements["p1"].components.get()
    for day, session, code in [
        (D(2025, 11, 17), "AM", "/"),
        (D(2025, 11, 17), "PM", "/"),
        (D(2025, 11, 18), "AM", "O"),
    ]:
        AttendanceMark.objects.create(component=component, pupil=records.p1, date=day, session=session, code=code)

    found = triangulation(a, 2025)
    autumn, spring, summer = found.rows
    assert (found.roll, found.area_roll) == (885, 1830)
    assert (autumn.suspensions, autumn.suspension_days, autumn.exclusions) == (1, Decimal(2), 1)
    assert (spring.suspensions, spring.suspension_days) == (1, Decimal("1.5"))
    assert (autumn.requests, autumn.sen_requests, autumn.semh_requests) == (2, 1, 1)
    assert autumn.placements_started == 2  # p1 and p2
    assert (autumn.possible, autumn.attended, autumn.attendance, autumn.persistent) == (3, 2, Decimal("66.7"), 1)
    assert spring.attendance is None and summer.requests == 0
    # The area in the autumn: exclusions of p1 (A), p7 (C) and p8 (B); requests from A (2) and B (1).
    assert autumn.area == {"suspensions": 1, "exclusions": 3, "requests": 3}
    assert (found.rate(autumn.requests), found.area_rate(autumn.area["requests"])) == (Decimal("0.23"), Decimal("0.16"))
