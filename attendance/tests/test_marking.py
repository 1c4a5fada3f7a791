"""record_marks: good marks are saved and audited; every kind of bad mark is refused and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from attendance import services
from attendance.models import Alert, AttendanceMark
from attendance.tests.conftest import mark
from core.models import AuditEvent

D = datetime.date
MON, TUE, THU = D(2025, 11, 17), D(2025, 11, 18), D(2025, 11, 20)
pytestmark = pytest.mark.usefixtures("frozen")


def problems_of(excinfo):
    return [(p.index, p.field, p.message) for p in excinfo.value.problems]


def test_records_marks_for_expected_sessions(placed, staff):
    upn = placed.full.placement.pupil.upn
    result = services.record_marks(
        by=staff,
        source="web",
        marks=[
            mark(upn, MON, "AM", "/"),
            mark(upn, MON, "PM", "\\"),
            mark(placed.part.placement.pupil.upn, MON, "AM", "I"),
        ],
    )
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    saved = AttendanceMark.objects.get(component=placed.full, date=MON, session="PM")
    assert saved.code == "\\" and saved.recorded_by == staff and saved.source == "web"
    assert saved.pupil == placed.full.placement.pupil
    events = AuditEvent.objects.filter(object_type="placements.placementcomponent")
    assert {e.pupil_id for e in events} == {placed.full.placement.pupil_id, placed.part.placement.pupil_id}
    assert events.get(pupil_id=placed.full.placement.pupil_id).organisation_name == "Riverside Learning Centre"


def test_strings_from_csv_or_api_are_understood(placed, staff):
    upn = placed.full.placement.pupil.upn
    services.record_marks(
        by=staff,
        source="api",
        marks=[
            {"upn": upn.lower(), "date": "2025-11-17", "session": "am", "code": "/"},
            {"upn": upn, "date": "17/11/2025", "session": "PM", "code": "l"},
        ],
    )
    assert set(AttendanceMark.objects.values_list("session", "code", "source")) == {
        ("AM", "/", "api"),
        ("PM", "L", "api"),
    }


def test_a_correction_changes_the_code_and_keeps_the_old_one_in_the_audit(placed, staff):
    upn = placed.full.placement.pupil.upn
    services.record_marks(by=staff, source="web", marks=[mark(upn, MON, "AM", "N")])
    result = services.record_marks(
        by=staff, source="csv", marks=[mark(upn, MON, "AM", "I"), mark(upn, MON, "PM", "\\")]
    )
    assert (result.created, result.updated) == (1, 1)
    assert AttendanceMark.objects.get(date=MON, session="AM").code == "I"
    event = AuditEvent.objects.filter(action="update").get()
    assert list(event.changes.values()) == [["N", "I"]]
    again = services.record_marks(by=staff, source="web", marks=[mark(upn, MON, "AM", "I")])
    assert again.unchanged == 1


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"code": "H"}, "code", "'H' is not an attendance code in use"),  # withdrawn in August 2024
        ({"code": "ZZ"}, "code", "not an attendance code"),
        ({"code": "\\"}, "code", "Use / for a morning session"),
        ({"code": ""}, "code", "Enter the attendance code"),
        ({"session": "EVE"}, "session", "use AM or PM"),
        ({"date": "2025-13-01"}, "date", "is not a date"),
        ({"date": D(2025, 11, 21)}, "date", "in the future"),
        ({"date": D(2025, 11, 15)}, "date", "not a school day"),  # Saturday
        ({"date": D(2024, 11, 18)}, "date", "no term dates"),
        ({"date": D(2025, 10, 31)}, "date", "not a school day"),  # half term
        ({"date": D(2025, 10, 20)}, "date", "runs from 3 November 2025"),  # before the placement
        ({"upn": ""}, "upn", "Enter the pupil's UPN"),
    ],
)
def test_bad_marks_are_refused_with_the_field_and_nothing_is_saved(placed, staff, change, field, words):
    upn = placed.full.placement.pupil.upn
    bad = {**mark(upn, MON, "AM", "/"), **change}
    with pytest.raises(services.MarkErrors) as excinfo:
        services.record_marks(by=staff, source="web", marks=[mark(upn, TUE, "AM", "/"), bad])
    [(index, got_field, message)] = problems_of(excinfo)
    assert (index, got_field) == (1, field) and words in message, message
    assert not AttendanceMark.objects.exists()


def test_a_session_the_pupil_does_not_attend_is_refused(placed, staff):
    upn = placed.part.placement.pupil.upn
    with pytest.raises(services.MarkErrors) as excinfo:
        services.record_marks(
            by=staff, source="web", marks=[mark(upn, MON, "PM", "\\"), mark(upn, D(2025, 11, 19), "AM", "/")]
        )
    assert [(i, f) for i, f, _ in problems_of(excinfo)] == [(0, "session"), (1, "session")]
    assert "does not attend here on Monday afternoons" in problems_of(excinfo)[0][2]
    assert not AttendanceMark.objects.exists()


def test_a_pupil_placed_elsewhere_is_not_found(placed, staff):
    """Provider A cannot mark provider B's pupil, and the message does not say where the pupil is."""
    upn = placed.other.placement.pupil.upn
    with pytest.raises(services.MarkErrors) as excinfo:
        services.record_marks(by=staff, source="api", marks=[mark(upn, MON, "AM", "/")])
    assert problems_of(excinfo) == [(0, "upn", f"No pupil with UPN {upn} is placed with Riverside Learning Centre")]


def test_a_pupil_whose_placement_has_ended_cannot_be_marked_after_it(placed, staff):
    placement = placed.full.placement
    placement.status, placement.end_date, placement.end_reason = "ended", D(2025, 11, 14), "returned"
    placement.save()
    upn = placement.pupil.upn
    services.record_marks(by=staff, source="web", marks=[mark(upn, D(2025, 11, 13), "AM", "/")])
    with pytest.raises(services.MarkErrors) as excinfo:
        services.record_marks(by=staff, source="web", marks=[mark(upn, MON, "AM", "/")])
    assert "not running" in problems_of(excinfo)[0][2]


def test_the_same_session_twice_in_one_submission(placed, staff):
    upn = placed.full.placement.pupil.upn
    with pytest.raises(services.MarkErrors) as excinfo:
        services.record_marks(by=staff, source="csv", marks=[mark(upn, MON, "AM", "/"), mark(upn, MON, "AM", "L")])
    assert problems_of(excinfo) == [(1, "session", "This session is already given in item 1")]


def test_every_problem_is_reported_at_once(placed, staff):
    upn = placed.full.placement.pupil.upn
    with pytest.raises(services.MarkErrors) as excinfo:
        services.record_marks(
            by=staff,
            source="csv",
            marks=[
                {"upn": upn, "date": "x", "session": "AM", "code": "/"},
                mark("A999", MON, "AM", "/"),
                mark(upn, MON, "PM", "Q9"),
            ],
        )
    assert [(i, f) for i, f, _ in problems_of(excinfo)] == [(0, "date"), (1, "upn"), (2, "code")]
    assert excinfo.value.message_dict["marks"][0].startswith("Item 1, date:")


def test_only_provider_staff_record_attendance(placed, user_as):
    with pytest.raises(ValidationError, match="Only staff of a provider"):
        services.record_marks(by=user_as("school_leader"), source="web", marks=[mark("x", MON, "AM", "/")])


def test_empty_and_oversized_submissions(placed, staff):
    with pytest.raises(ValidationError, match="no marks"):
        services.record_marks(by=staff, source="web", marks=[])
    with pytest.raises(ValidationError, match="at most 5000"):
        services.record_marks(by=staff, source="web", marks=[{}] * 5001)


def test_marking_resolves_open_alerts(placed, staff, area):
    component = placed.full
    pupil = component.placement.pupil
    common = {
        "date": THU,
        "session": "AM",
        "provider": area.provider.organisation,
        "home_school": area.school_a.organisation,
    }
    unmarked = Alert.objects.create(kind="unmarked", component=component, pupil=pupil, **common)
    missing = Alert.objects.create(kind="register_missing", date=THU, session="AM", provider=area.provider.organisation)
    services.record_marks(by=staff, source="web", marks=[mark(pupil.upn, THU, "AM", "N")])
    unmarked.refresh_from_db()
    missing.refresh_from_db()
    assert unmarked.resolved_at and missing.resolved_at
    absent = Alert.objects.create(kind="absent", component=component, pupil=pupil, code="N", **common)
    services.record_marks(by=staff, source="web", marks=[mark(pupil.upn, THU, "AM", "O")])
    absent.refresh_from_db()
    assert absent.resolved_at is None  # still unexplained
    services.record_marks(by=staff, source="web", marks=[mark(pupil.upn, THU, "AM", "I")])
    absent.refresh_from_db()
    assert absent.resolved_at is not None


def test_a_component_can_be_named_when_a_pupil_has_two_here(placed, staff, area):
    from attendance.tests.factories import ComponentFactory

    second = ComponentFactory(placement=placed.full.placement, provider=area.provider, sessions=["mon_am"])
    upn = placed.full.placement.pupil.upn
    services.record_marks(by=staff, source="web", marks=[{**mark(upn, MON, "AM", "/"), "component_id": second.pk}])
    assert AttendanceMark.objects.get().component == second
    with pytest.raises(services.MarkErrors) as excinfo:
        services.record_marks(
            by=staff, source="api", marks=[{**mark(upn, MON, "AM", "/"), "component_id": placed.other.pk}]
        )
    assert problems_of(excinfo)[0][:2] == (0, "component_id")
