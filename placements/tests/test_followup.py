"""Reviews, the return to school and its checks, leavers' destinations, and the queries other apps use."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from attendance.models import AttendanceMark
from placements import queries, services_followup, services_lifecycle
from placements.models import Destination, ReturnCheck
from placements.tests.conftest import active_placement, make_placement, pupil_at
from pupils.models import EducationEpisode, Pupil, Registration
from pupils.register import build_register

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")

REVIEW = {
    "held_on": D(2025, 11, 19),
    "progress": "Attending well; first unit done",
    "young_person_views": "Likes the workshop",
    "parent_views": "Pleased",
    "outcome": "continue",
    "next_steps": "",
}


def errors_of(excinfo):
    return excinfo.value.message_dict if hasattr(excinfo.value, "error_dict") else {"__all__": excinfo.value.messages}


class TestReviews:
    def test_recording_a_review_takes_attendance_from_the_registers(self, area, la_user):
        placement = active_placement(la_user, area)
        component = placement.components.get()
        for day, code in [(D(2025, 11, 3), "/"), (D(2025, 11, 4), "/"), (D(2025, 11, 10), "O"), (D(2025, 11, 11), "/")]:
            AttendanceMark.objects.create(component=component, pupil=placement.pupil, date=day, session="AM", code=code)
        review = placement.reviews.first()
        services_followup.record_review(by=la_user, review=review, **REVIEW)
        review.refresh_from_db()
        assert (review.possible_sessions, review.attended_sessions) == (4, 3)
        assert review.attendance_percent == 75

    def test_a_review_needs_the_views_and_an_outcome(self, area, la_user):
        placement = active_placement(la_user, area)
        review = placement.reviews.first()
        with pytest.raises(ValidationError) as excinfo:
            services_followup.record_review(
                by=la_user, review=review, **{**REVIEW, "young_person_views": "", "parent_views": "", "outcome": ""}
            )
        assert set(errors_of(excinfo)) == {"young_person_views", "parent_views", "outcome"}
        review.refresh_from_db()
        assert review.held_on is None

    def test_a_review_cannot_be_in_the_future_or_before_the_start(self, area, la_user):
        review = active_placement(la_user, area).reviews.first()
        with pytest.raises(ValidationError) as excinfo:
            services_followup.record_review(by=la_user, review=review, **{**REVIEW, "held_on": D(2025, 11, 21)})
        assert "cannot be in the future" in errors_of(excinfo)["held_on"][0]
        with pytest.raises(ValidationError) as excinfo:
            services_followup.record_review(by=la_user, review=review, **{**REVIEW, "held_on": D(2025, 10, 1)})
        assert "before the placement started" in errors_of(excinfo)["held_on"][0]

    def test_overdue_reviews_are_listed_for_those_who_can_see_the_placement(self, area, la_user, user_as):
        placement = active_placement(la_user, area, start_date=D(2025, 9, 8), planned_end_date=D(2025, 12, 19))
        overdue = list(queries.overdue_reviews(la_user, D(2025, 11, 20)))
        # Started 8 September: the 6-week review fell on 20 October, inside Autumn 1, and was not held.
        assert [(r.kind, r.due_date) for r in overdue] == [("six_weeks", D(2025, 10, 20))]
        assert list(queries.overdue_reviews(user_as("school_leader"), D(2025, 11, 20))) == overdue
        assert (
            list(queries.overdue_reviews(user_as("school_leader", area.school_b.organisation), D(2025, 11, 20))) == []
        )
        assert list(queries.overdue_reviews(user_as("provider_staff"), D(2025, 11, 20))) == overdue
        assert list(queries.overdue_reviews(user_as("la_finance_officer"), D(2025, 11, 20))) == []
        flags = queries.overdue_review_flags(la_user, D(2025, 11, 20))
        assert list(flags) == [placement.pupil_id] and flags[placement.pupil_id][0].overdue

    def test_the_register_flags_overdue_reviews_of_its_pupils(self, area, la_user):
        placement = active_placement(la_user, area, start_date=D(2025, 9, 8), planned_end_date=D(2025, 12, 19))
        other = active_placement(la_user, area, start_date=D(2025, 9, 8), planned_end_date=D(2025, 12, 19))
        pupil_ids = Pupil.objects.filter(pk=placement.pupil_id).values("pk")
        flags = queries.review_flags_for_pupils(pupil_ids, D(2025, 11, 20))
        assert list(flags) == [placement.pupil_id]
        assert [(f.key, f.overdue, f.due) for f in flags[placement.pupil_id]] == [
            ("review_overdue", True, D(2025, 10, 20))
        ]
        assert queries.review_flags_for_pupils(Pupil.objects.none().values("pk"), D(2025, 11, 20)) == {}
        # Starting the placement put the other pupil on the register (in AP); the review is flagged there.
        entry = next(e for e in build_register(la_user, today=D(2025, 11, 20)) if e.pupil.pk == other.pupil_id)
        assert [f.key for f in entry.flags] == ["review_overdue"]

    def test_an_additional_review_can_be_arranged(self, area, la_user):
        placement = active_placement(la_user, area)
        review = services_followup.add_review(by=la_user, placement=placement, due_date=D(2025, 11, 28))
        assert review.kind == "other"


class TestReturn:
    def test_return_keeps_dual_registration_for_three_months_and_schedules_checks(self, area, la_user):
        placement = active_placement(la_user, area, registration_arrangement="dual")
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.end_placement(
                by=la_user, placement=placement, end_date=D(2025, 11, 19), end_reason="returned"
            )
        assert "Record the return plan" in errors_of(excinfo)["end_reason"][0]
        services_followup.plan_return(
            by=la_user,
            placement=placement,
            school=area.school_a.organisation,
            return_date=D(2025, 11, 24),
            plan="Mornings first, full days from week 3",
        )
        services_lifecycle.end_placement(
            by=la_user, placement=placement, end_date=D(2025, 11, 20), end_reason="returned"
        )
        placement.refresh_from_db()
        assert placement.status == "ended"
        assert EducationEpisode.objects.get(pupil=placement.pupil, status="in_ap").end_date == D(2025, 11, 20)
        assert EducationEpisode.objects.get(pupil=placement.pupil, status="dual").end_date == D(2026, 2, 24)
        registration = Registration.objects.get(pupil=placement.pupil, organisation=area.provider.organisation)
        assert registration.end_date == D(2026, 2, 24)
        assert placement.return_plan.dual_registration_ends == D(2026, 2, 24)
        checks = dict(ReturnCheck.objects.values_list("kind", "due_date"))
        assert checks == {"six_weeks": D(2026, 1, 5), "one_term": D(2026, 2, 23)}

    def test_return_date_must_follow_the_start(self, area, la_user):
        placement = active_placement(la_user, area)
        with pytest.raises(ValidationError) as excinfo:
            services_followup.plan_return(
                by=la_user, placement=placement, school=area.school_a.organisation, return_date=D(2025, 11, 1), plan="x"
            )
        assert "after the placement started" in errors_of(excinfo)["return_date"][0]

    def test_a_return_check_records_whether_it_held(self, area, la_user):
        placement = active_placement(la_user, area)
        services_followup.plan_return(
            by=la_user,
            placement=placement,
            school=area.school_a.organisation,
            return_date=D(2025, 11, 17),
            plan="Back full time",
        )
        services_lifecycle.end_placement(
            by=la_user, placement=placement, end_date=D(2025, 11, 14), end_reason="returned"
        )
        check = ReturnCheck.objects.get(kind="six_weeks")
        with pytest.raises(ValidationError) as excinfo:
            services_followup.record_return_check(by=la_user, check=check, checked_on=D(2025, 11, 10), held=True)
        assert "cannot be before the return" in errors_of(excinfo)["checked_on"][0]
        services_followup.record_return_check(
            by=la_user, check=check, checked_on=D(2025, 11, 20), held=True, notes="Settled"
        )
        check.refresh_from_db()
        assert check.held is True and check.checked_on == D(2025, 11, 20)


class TestDestinations:
    def test_year_11_leaver_gets_destination_points(self, area, la_user):
        pupil = pupil_at(area.school_a, date_of_birth=D(2010, 1, 10))  # year 11 in 2025/26
        placement = active_placement(la_user, area, pupil=pupil)
        services_lifecycle.end_placement(
            by=la_user, placement=placement, end_date=D(2025, 11, 20), end_reason="breakdown"
        )
        assert list(placement.destinations.values_list("due_date", flat=True)) == [
            D(2026, 10, 1),
            D(2027, 4, 1),
            D(2027, 10, 1),
            D(2028, 4, 1),
        ]

    def test_younger_pupils_get_none(self, area, la_user):
        placement = active_placement(la_user, area)
        services_lifecycle.end_placement(
            by=la_user, placement=placement, end_date=D(2025, 11, 20), end_reason="breakdown"
        )
        assert not Destination.objects.exists()

    def test_recording_a_destination(self, area, la_user):
        pupil = pupil_at(area.school_a, date_of_birth=D(2010, 1, 10))
        placement = active_placement(la_user, area, pupil=pupil)
        services_lifecycle.end_placement(
            by=la_user, placement=placement, end_date=D(2025, 11, 20), end_reason="post_16"
        )
        destination = placement.destinations.first()
        with pytest.raises(ValidationError) as excinfo:
            services_followup.record_destination(
                by=la_user, destination=destination, recorded_on=D(2025, 11, 20), outcome=""
            )
        assert "Choose the destination" in errors_of(excinfo)["outcome"][0]
        services_followup.record_destination(
            by=la_user,
            destination=destination,
            recorded_on=D(2025, 11, 20),
            outcome="training",
            detail="Apprenticeship",
        )
        destination.refresh_from_db()
        assert destination.outcome == "training"


class TestQueriesForOtherApps:
    def test_who_sees_which_placement(self, area, la_user, user_as):
        own = make_placement(la_user, area)
        other_pupil = pupil_at(area.school_b)
        other = make_placement(
            la_user,
            area,
            pupil=other_pupil,
            home_school=area.school_b.organisation,
            components=[{"provider": area.provider_b, "sessions": ["mon_am"], "cost_per_session_pence": 100}],
        )
        assert set(queries.placements_visible_to(la_user)) == {own, other}
        assert set(queries.placements_visible_to(user_as("school_staff"))) == {own}
        assert set(queries.placements_visible_to(user_as("provider_manager"))) == {own}
        assert set(queries.placements_visible_to(user_as("provider_staff", area.provider_b.organisation))) == {other}
        for role in (
            "la_finance_officer",
            "la_qa_officer",
            "partnership_chair",
            "partner_practitioner",
            "administrator",
        ):
            assert not queries.placements_visible_to(user_as(role)).exists(), role

    def test_active_components_and_expected_sessions(self, area, la_user):
        placement = active_placement(la_user, area)
        components = list(queries.active_components_for_provider(area.provider.organisation, D(2025, 11, 17)))
        assert [c.placement for c in components] == [placement]
        component = components[0]
        assert queries.expected_sessions(component, D(2025, 11, 17)) == ["AM", "PM"]  # Monday
        assert queries.expected_sessions(component, D(2025, 11, 18)) == ["AM"]  # Tuesday
        assert queries.expected_sessions(component, D(2025, 11, 19)) == []  # Wednesday
        assert queries.expected_sessions(component, D(2025, 10, 27)) == []  # before the start
        assert queries.expected_sessions(component, D(2025, 12, 22)) == []  # Christmas holiday
        assert list(queries.active_components_for_provider(area.provider_b.organisation, D(2025, 11, 17))) == []
        assert list(queries.active_components_for_provider(area.provider.organisation, D(2026, 2, 2))) == []
