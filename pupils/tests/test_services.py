"""Pupil services: bad input gets a clear message on the right field and nothing is saved."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from pupils import services
from pupils.models import EducationEpisode, Pupil, Registration
from pupils.tests.factories import make_upn

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2025, 11, 20, 10, 0), tick=False):
        yield


@pytest.fixture
def leader(user_as):
    return user_as("school_leader")


def pupil_fields(**overrides):
    fields = {
        "upn": make_upn(1),
        "legal_forename": "Sam",
        "legal_surname": "Example",
        "date_of_birth": D(2012, 5, 1),
        "sex": "M",
        "sen_provision": "K",
    }
    fields.update(overrides)
    return fields


def create(area, leader, **overrides):
    return services.create_pupil(
        by=leader, school=area.school_a.organisation, registration_start=D(2023, 9, 4), **pupil_fields(**overrides)
    )


def errors_of(excinfo):
    return excinfo.value.message_dict


class TestCreatePupil:
    def test_creates_pupil_registration_and_audit(self, area, leader):
        pupil = create(area, leader)
        assert pupil.registrations.get().organisation == area.school_a.organisation
        events = AuditEvent.objects.filter(pupil_id=pupil.pk)
        assert {e.action for e in events} == {"create"}
        assert events.first().organisation_name == "Ashton High School"
        assert events.first().role == "school_leader"

    def test_wrong_check_letter(self, area, leader):
        upn = make_upn(1)
        wrong = ("B" if upn[0] != "B" else "C") + upn[1:]
        with pytest.raises(ValidationError) as excinfo:
            create(area, leader, upn=wrong)
        assert f"should be {upn[0]}" in errors_of(excinfo)["upn"][0]
        assert not Pupil.objects.exists() and not Registration.objects.exists()

    @pytest.mark.parametrize(
        ("upn", "message"),
        [
            ("A12345", "13 characters"),
            ("A35840012000X1", "13 characters"),
            ("A3584001200XX", "letter, 11 digits"),
            ("A999400120001", "not one"),
        ],
    )
    def test_invalid_upn(self, area, leader, upn, message):
        with pytest.raises(ValidationError) as excinfo:
            create(area, leader, upn=upn)
        assert message in errors_of(excinfo)["upn"][0]
        assert not Pupil.objects.exists()

    def test_temporary_upn_is_accepted_and_flagged(self, area, leader):
        from stdnum.gb import upn as stdnum_upn

        body = "35840012001A"
        pupil = create(area, leader, upn=stdnum_upn.calc_check_digit(body) + body)
        assert pupil.has_temporary_upn

    def test_duplicate_upn(self, area, leader):
        create(area, leader)
        with pytest.raises(ValidationError) as excinfo:
            create(area, leader, legal_forename="Other")
        assert "already recorded" in errors_of(excinfo)["upn"][0]
        assert Pupil.objects.count() == 1 and Registration.objects.count() == 1

    @pytest.mark.parametrize(("born", "age"), [(D(2023, 6, 1), 2), (D(2000, 6, 1), 25)])
    def test_impossible_date_of_birth(self, area, leader, born, age):
        with pytest.raises(ValidationError) as excinfo:
            create(area, leader, date_of_birth=born)
        assert f"makes the pupil {age}" in errors_of(excinfo)["date_of_birth"][0]
        assert not Pupil.objects.exists()

    def test_unknown_sen_code(self, area, leader):
        with pytest.raises(ValidationError) as excinfo:
            create(area, leader, sen_provision="S")
        assert "sen_provision" in errors_of(excinfo)

    def test_update_records_old_and_new_values(self, area, leader):
        pupil = create(area, leader)
        services.update_pupil(by=leader, pupil=pupil, sen_provision="E", reason="EHC plan issued")
        event = AuditEvent.objects.filter(pupil_id=pupil.pk, action="update").get()
        assert event.changes == {"sen_provision": ["K", "E"]}
        assert event.reason == "EHC plan issued"


class TestEpisodes:
    @pytest.fixture
    def pupil(self, area, leader):
        return create(area, leader)

    def add(self, leader, pupil, **fields):
        return services.add_episode(by=leader, pupil=pupil, **fields)

    def test_end_before_start(self, area, leader, pupil):
        with pytest.raises(ValidationError) as excinfo:
            self.add(leader, pupil, status="in_ap", start_date=D(2025, 10, 6), end_date=D(2025, 10, 1))
        assert "same as or after the start date" in errors_of(excinfo)["end_date"][0]
        assert not EducationEpisode.objects.exists()

    def test_suspension_needs_reason_sessions_and_end(self, area, leader, pupil):
        with pytest.raises(ValidationError) as excinfo:
            self.add(leader, pupil, status="suspended", start_date=D(2025, 10, 6), school=area.school_a.organisation)
        assert set(errors_of(excinfo)) >= {"reason_code", "sessions", "end_date"}

    def test_unknown_exclusion_reason(self, area, leader, pupil):
        with pytest.raises(ValidationError) as excinfo:
            self.add(
                leader,
                pupil,
                status="excluded",
                start_date=D(2025, 10, 6),
                school=area.school_a.organisation,
                reason_code="ZZ",
            )
        assert "'ZZ' is not an exclusion reason code" in errors_of(excinfo)["reason_code"][0]
        assert not EducationEpisode.objects.exists()

    def test_more_sessions_than_the_dates_allow(self, area, leader, pupil):
        with pytest.raises(ValidationError) as excinfo:
            self.add(
                leader,
                pupil,
                status="suspended",
                start_date=D(2025, 10, 6),
                end_date=D(2025, 10, 7),
                sessions=6,
                school=area.school_a.organisation,
                reason_code="PD",
            )
        assert "at most 4 sessions" in errors_of(excinfo)["sessions"][0]

    def test_overlapping_episodes_of_the_same_kind(self, area, leader, pupil):
        self.add(
            leader,
            pupil,
            status="part_time",
            start_date=D(2025, 9, 8),
            agreed_end_date=D(2025, 10, 17),
            end_date=D(2025, 10, 17),
            school=area.school_a.organisation,
        )
        with pytest.raises(ValidationError) as excinfo:
            self.add(
                leader,
                pupil,
                status="part_time",
                start_date=D(2025, 10, 13),
                agreed_end_date=D(2025, 12, 1),
                school=area.school_a.organisation,
            )
        assert "overlaps" in errors_of(excinfo)["start_date"][0]
        assert EducationEpisode.objects.count() == 1

    def test_episodes_of_different_kinds_may_overlap(self, area, leader, pupil):
        self.add(
            leader,
            pupil,
            status="part_time",
            start_date=D(2025, 9, 8),
            agreed_end_date=D(2025, 12, 1),
            school=area.school_a.organisation,
        )
        self.add(leader, pupil, status="dual", start_date=D(2025, 9, 8))
        assert EducationEpisode.objects.count() == 2

    def test_part_time_needs_an_agreed_end_date(self, area, leader, pupil):
        with pytest.raises(ValidationError) as excinfo:
            self.add(leader, pupil, status="part_time", start_date=D(2025, 9, 8))
        assert "agreed_end_date" in errors_of(excinfo)

    def test_valid_suspension_is_saved_and_audited(self, area, leader, pupil):
        episode = self.add(
            leader,
            pupil,
            status="suspended",
            start_date=D(2025, 10, 6),
            end_date=D(2025, 10, 8),
            sessions=6,
            school=area.school_a.organisation,
            reason_code="PD",
        )
        assert AuditEvent.objects.filter(object_type="pupils.educationepisode", object_id=str(episode.pk)).exists()

    def test_update_episode_audits_the_change(self, area, leader, pupil):
        episode = self.add(leader, pupil, status="in_ap", start_date=D(2025, 10, 6))
        services.update_episode(by=leader, episode=episode, end_date=D(2025, 11, 14), reason="Returned")
        event = AuditEvent.objects.get(action="update", object_type="pupils.educationepisode")
        assert event.changes == {"end_date": [None, "2025-11-14"]}


def test_registration_end_before_start_is_refused(area, leader):
    pupil = create(area, leader)
    registration = pupil.registrations.get()
    with pytest.raises(ValidationError):
        services.end_registration(by=leader, registration=registration, end_date=D(2023, 1, 1))
    registration.refresh_from_db()
    assert registration.end_date is None
