"""Placement services: the package, the lifecycle and the pupil's record. Bad input is refused whole."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from placements import services, services_lifecycle
from placements.models import Placement, PlacementComponent, ProgrammeOccupancy, Review
from placements.tests.conftest import PROFILE, active_placement, agreed_placement, make_placement, pupil_at
from providers.models import FrameworkStatus
from providers.tests.factories import ProgrammeFactory, ProviderFactory
from pupils.models import EducationEpisode, Registration

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")


def errors_of(excinfo):
    return excinfo.value.message_dict if hasattr(excinfo.value, "error_dict") else {"__all__": excinfo.value.messages}


class TestCreate:
    def test_creates_a_proposed_placement_with_its_package_and_audit(self, area, la_user, programme):
        placement = make_placement(la_user, area, programme=programme)
        assert placement.status == "proposed"
        assert placement.planned_end_date == D(2026, 1, 25)  # 12 weeks from Monday 3 November, less a day
        assert placement.home_attendance_code == "K"  # LA-arranged, single registration
        component = placement.components.get()
        assert component.cost_per_session_pence == 4_000  # from the programme's price
        assert component.start_date == placement.start_date
        assert AuditEvent.objects.filter(pupil_id=placement.pupil_id, action="create").exists()

    def test_school_commissioned_off_site_direction_is_code_b(self, area, user_as):
        leader = user_as("school_leader")
        school = area.school_a.organisation
        placement = make_placement(
            leader, area, commissioner=school, funder=school, registration_arrangement="off_site_direction"
        )
        assert placement.home_attendance_code == "B"

    def test_dual_registration_is_code_d(self, area, la_user):
        assert make_placement(la_user, area, registration_arrangement="dual").home_attendance_code == "D"

    def test_bad_dates_are_refused_and_nothing_is_saved(self, area, la_user):
        with pytest.raises(ValidationError) as excinfo:
            make_placement(la_user, area, start_date=D(2025, 12, 1), planned_end_date=D(2025, 11, 1))
        assert "on or after the start date" in errors_of(excinfo)["planned_end_date"][0]
        assert not Placement.objects.exists() and not PlacementComponent.objects.exists()

    def test_provider_not_on_the_framework_is_refused(self, area, la_user):
        suspended = ProviderFactory(framework_status=FrameworkStatus.SUSPENDED)
        with pytest.raises(ValidationError) as excinfo:
            make_placement(
                la_user,
                area,
                components=[{"provider": suspended, "sessions": ["mon_am"], "cost_per_session_pence": 100}],
            )
        assert "not on the approved provider list" in errors_of(excinfo)["provider"][0]
        assert not Placement.objects.exists()

    def test_programme_of_another_provider_is_refused(self, area, la_user):
        elsewhere = ProgrammeFactory(provider=area.provider_b)
        with pytest.raises(ValidationError) as excinfo:
            make_placement(la_user, area, programme=elsewhere)
        assert "is not a programme of Riverside Learning Centre" in errors_of(excinfo)["programme"][0]

    def test_programme_for_other_ages_is_refused(self, area, la_user):
        older = ProgrammeFactory(provider=area.provider, min_age=16, max_age=18, name="Post-16 motor vehicle")
        with pytest.raises(ValidationError) as excinfo:
            make_placement(la_user, area, programme=older)
        assert "ages 16 to 18; the pupil will be 13" in errors_of(excinfo)["programme"][0]

    def test_sessions_or_hours_are_needed(self, area, la_user):
        with pytest.raises(ValidationError) as excinfo:
            make_placement(
                la_user, area, components=[{"provider": area.provider, "sessions": [], "cost_per_session_pence": 100}]
            )
        assert "Choose the sessions" in errors_of(excinfo)["sessions"][0]

    def test_hours_only_component_is_accepted(self, area, la_user):
        placement = make_placement(
            la_user,
            area,
            components=[{"provider": area.provider, "hours_per_week": "10", "cost_per_session_pence": 6_000}],
        )
        assert placement.components.get().hours_per_week == 10

    def test_a_price_is_needed_without_a_programme(self, area, la_user):
        with pytest.raises(ValidationError) as excinfo:
            make_placement(la_user, area, components=[{"provider": area.provider, "sessions": ["mon_am"]}])
        assert "price per session" in errors_of(excinfo)["cost_per_session_pence"][0]

    def test_one_open_placement_per_pupil(self, area, la_user):
        pupil = pupil_at(area.school_a)
        make_placement(la_user, area, pupil=pupil)
        with pytest.raises(ValidationError) as excinfo:
            make_placement(la_user, area, pupil=pupil)
        assert "already has a proposed, agreed or active placement" in errors_of(excinfo)["__all__"][0]
        assert Placement.objects.count() == 1

    def test_off_site_direction_must_be_commissioned_by_the_school(self, area, la_user):
        with pytest.raises(ValidationError) as excinfo:
            make_placement(la_user, area, registration_arrangement="off_site_direction")
        assert "commissioner must be the home school" in errors_of(excinfo)["registration_arrangement"][0]

    def test_dual_registration_needs_a_school_provider(self, area, la_user):
        tutor = ProviderFactory(provider_type="tuition", urn="", ukprn="10012345")
        with pytest.raises(ValidationError) as excinfo:
            make_placement(
                la_user,
                area,
                registration_arrangement="dual",
                components=[{"provider": tutor, "sessions": ["mon_am"], "cost_per_session_pence": 100}],
            )
        assert "dual registered only at a school" in errors_of(excinfo)["registration_arrangement"][0]

    def test_time_limited_placement_needs_a_reintegration_plan(self, area, la_user):
        with pytest.raises(ValidationError) as excinfo:
            make_placement(la_user, area, reintegration_plan="")
        assert "reintegration plan" in errors_of(excinfo)["reintegration_plan"][0]


class TestChanges:
    def test_terms_change_while_proposed_and_the_code_follows(self, area, la_user):
        placement = make_placement(la_user, area)
        services.update_placement(by=la_user, placement=placement, registration_arrangement="dual")
        placement.refresh_from_db()
        assert placement.home_attendance_code == "D"
        assert AuditEvent.objects.filter(action="update", object_id=str(placement.pk)).exists()

    def test_after_agreement_only_the_plan_changes(self, area, la_user):
        placement = agreed_placement(la_user, area)
        with pytest.raises(ValidationError) as excinfo:
            services.update_placement(by=la_user, placement=placement, start_date=D(2025, 11, 10))
        assert "only its objectives and reintegration plan" in errors_of(excinfo)["start_date"][0]
        services.update_placement(by=la_user, placement=placement, objectives="New objectives")
        placement.refresh_from_db()
        assert placement.objectives == "New objectives"

    def test_components_are_added_changed_and_removed_while_proposed(self, area, la_user, programme):
        placement = make_placement(la_user, area)
        added = services.add_component(
            by=la_user, placement=placement, provider=area.provider, programme=programme, sessions=["wed_am"]
        )
        services.update_component(by=la_user, component=added, sessions=["wed_am", "wed_pm"])
        added.refresh_from_db()
        assert added.sessions == ["wed_am", "wed_pm"]
        services.remove_component(by=la_user, component=added)
        assert placement.components.count() == 1
        with pytest.raises(ValidationError):
            services.remove_component(by=la_user, component=placement.components.get())

    def test_learner_profile_needs_its_core_fields(self, area, la_user):
        placement = make_placement(la_user, area)
        with pytest.raises(ValidationError) as excinfo:
            services.save_learner_profile(
                by=la_user, placement=placement, needs="x", what_helps="", what_to_avoid="", risks=""
            )
        assert set(errors_of(excinfo)) == {"what_helps", "what_to_avoid", "risks"}
        profile = services.save_learner_profile(by=la_user, placement=placement, **PROFILE)
        assert profile.pk and profile.needs == PROFILE["needs"]


class TestAgree:
    def test_agreeing_needs_a_learner_profile(self, area, la_user):
        placement = make_placement(la_user, area)
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.agree_placement(by=la_user, placement=placement)
        assert "learner profile" in errors_of(excinfo)["learner_profile"][0]
        placement.refresh_from_db()
        assert placement.status == "proposed"

    def test_agreeing_books_a_place_and_records_who(self, area, la_user, programme):
        placement = agreed_placement(la_user, area, programme=programme)
        assert placement.status == "agreed" and placement.agreed_by == la_user and placement.agreed_at
        assert ProgrammeOccupancy.objects.get(programme=programme).booked == 1
        assert placement.components.get().place_booked

    def test_a_full_programme_refuses_and_nothing_is_half_saved(self, area, la_user, programme):
        agreed_placement(la_user, area, programme=programme)
        agreed_placement(la_user, area, programme=programme)
        third = make_placement(la_user, area, programme=programme)
        second_component = services.add_component(
            by=la_user,
            placement=third,
            provider=area.provider,
            programme=ProgrammeFactory(provider=area.provider, places=5),
            sessions=["fri_am"],
        )
        services.save_learner_profile(by=la_user, placement=third, **PROFILE)
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.agree_placement(by=la_user, placement=third)
        assert "is full: all 2 places are taken" in errors_of(excinfo)["components"][0]
        third.refresh_from_db()
        assert third.status == "proposed"
        assert ProgrammeOccupancy.objects.get(programme=programme).booked == 2
        assert not ProgrammeOccupancy.objects.filter(programme=second_component.programme, booked__gt=0).exists()

    def test_cancelling_an_agreed_placement_frees_its_place(self, area, la_user, programme):
        placement = agreed_placement(la_user, area, programme=programme)
        with pytest.raises(ValidationError):
            services_lifecycle.cancel_placement(by=la_user, placement=placement, reason="")
        services_lifecycle.cancel_placement(by=la_user, placement=placement, reason="Family moved")
        assert ProgrammeOccupancy.objects.get(programme=programme).booked == 0
        placement.refresh_from_db()
        assert placement.status == "cancelled"


class TestStart:
    def test_cannot_start_before_it_is_agreed(self, area, la_user):
        placement = make_placement(la_user, area)
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.start_placement(by=la_user, placement=placement)
        assert "cannot start before it is agreed" in errors_of(excinfo)["__all__"][0]
        assert not EducationEpisode.objects.exists()

    def test_cannot_start_in_the_future(self, area, la_user):
        placement = agreed_placement(la_user, area, start_date=D(2025, 12, 1))
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.start_placement(by=la_user, placement=placement)
        assert "cannot be in the future" in errors_of(excinfo)["start_date"][0]

    def test_starting_puts_the_placement_on_the_pupils_record_and_schedules_reviews(self, area, la_user):
        placement = active_placement(la_user, area)
        episode = EducationEpisode.objects.get(pupil=placement.pupil)
        assert (episode.status, episode.start_date, episode.end_date) == ("in_ap", D(2025, 11, 3), None)
        assert episode.school == area.school_a.organisation
        kinds = list(Review.objects.filter(placement=placement).values_list("kind", "due_date"))
        assert kinds == [("six_weeks", D(2025, 12, 15)), ("twelve_weeks", D(2026, 1, 25))]

    def test_dual_registration_adds_a_dual_episode_and_a_subsidiary_registration(self, area, la_user):
        placement = active_placement(la_user, area, registration_arrangement="dual")
        statuses = set(EducationEpisode.objects.filter(pupil=placement.pupil).values_list("status", flat=True))
        assert statuses == {"in_ap", "dual"}
        registration = Registration.objects.get(pupil=placement.pupil, organisation=area.provider.organisation)
        assert registration.enrolment_status == "S" and registration.end_date is None

    def test_a_late_start_moves_the_start_date(self, area, la_user):
        placement = active_placement(la_user, area, start_date=D(2025, 11, 10))
        assert placement.start_date == D(2025, 11, 10)
        assert placement.components.get().start_date == D(2025, 11, 10)


class TestEnd:
    def test_cannot_end_before_it_starts_or_past_the_planned_end(self, area, la_user):
        placement = active_placement(la_user, area)
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.end_placement(
                by=la_user, placement=placement, end_date=D(2025, 10, 1), end_reason="breakdown"
            )
        assert "cannot end before it starts" in errors_of(excinfo)["end_date"][0]
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.end_placement(
                by=la_user, placement=placement, end_date=D(2026, 3, 1), end_reason="breakdown"
            )
        assert "extend it with a panel decision first" in errors_of(excinfo)["end_date"][0]
        placement.refresh_from_db()
        assert placement.status == "active"

    def test_ending_ends_the_episode_and_frees_the_place(self, area, la_user, programme):
        placement = active_placement(la_user, area, programme=programme)
        services_lifecycle.end_placement(
            by=la_user, placement=placement, end_date=D(2025, 11, 19), end_reason="breakdown"
        )
        assert EducationEpisode.objects.get(pupil=placement.pupil).end_date == D(2025, 11, 19)
        assert ProgrammeOccupancy.objects.get(programme=programme).booked == 0

    def test_a_proposed_placement_cannot_end(self, area, la_user):
        placement = make_placement(la_user, area)
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.end_placement(
                by=la_user, placement=placement, end_date=D(2025, 11, 19), end_reason="other"
            )
        assert "Cancel it instead" in errors_of(excinfo)["__all__"][0]

    def test_an_end_reason_is_needed(self, area, la_user):
        placement = active_placement(la_user, area)
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.end_placement(by=la_user, placement=placement, end_date=D(2025, 11, 19), end_reason="")
        assert "end_reason" in errors_of(excinfo)


class TestExtend:
    def test_refused_without_a_panel_decision_to_extend_this_placement(self, area, la_user, helpers):
        placement = active_placement(la_user, area)
        other = helpers.make_decision(
            outcome="time_limited_placement", pupil=placement.pupil, school=area.school_a.organisation
        )
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.extend_placement(
                by=la_user, placement=placement, decision=other, new_planned_end_date=D(2026, 3, 1)
            )
        assert "Only a panel decision to extend this placement" in errors_of(excinfo)["decision"][0]
        placement.refresh_from_db()
        assert placement.planned_end_date == D(2026, 1, 25)

    def test_extends_by_the_panels_weeks_and_schedules_more_reviews(self, area, la_user, helpers):
        placement = active_placement(la_user, area)
        reviews_before = placement.reviews.count()
        decision = helpers.make_decision(outcome="extend_placement", weeks=6, extend_placement=placement)
        services_lifecycle.extend_placement(by=la_user, placement=placement, decision=decision)
        placement.refresh_from_db()
        assert placement.planned_end_date == D(2026, 3, 8)
        assert placement.reviews.count() > reviews_before
        assert placement.extensions.get().decision == decision
        with pytest.raises(ValidationError) as excinfo:
            services_lifecycle.extend_placement(
                by=la_user, placement=placement, decision=decision, new_planned_end_date=D(2026, 4, 1)
            )
        assert "already been used" in errors_of(excinfo)["decision"][0]


class TestFromDecision:
    def test_a_placement_decision_gives_the_pupil_school_tier_and_length(self, area, la_user, helpers, programme):
        pupil = pupil_at(area.school_a)
        decision = helpers.make_decision(
            outcome="transitional_placement",
            pupil=pupil,
            school=area.school_a.organisation,
            provider=area.provider,
            weeks=8,
        )
        placement = services.create_placement_from_decision(
            by=la_user,
            decision=decision,
            commissioner=area.la,
            funder=area.la,
            start_date=D(2025, 11, 24),
            objectives="Move to a new school",
            reintegration_plan="",
            registration_arrangement="single_home",
            components=[{"provider": area.provider, "programme": programme, "sessions": ["mon_am"]}],
        )
        assert (placement.pupil, placement.home_school, placement.tier) == (
            pupil,
            area.school_a.organisation,
            "transitional",
        )
        assert placement.request == decision.request and placement.decision == decision
        assert placement.planned_end_date == D(2026, 1, 18)

    def test_other_outcomes_are_refused(self, area, la_user, helpers):
        decision = helpers.make_decision(
            outcome="decline", pupil=pupil_at(area.school_a), school=area.school_a.organisation
        )
        with pytest.raises(ValidationError) as excinfo:
            services.create_placement_from_decision(
                by=la_user,
                decision=decision,
                commissioner=area.la,
                funder=area.la,
                start_date=D(2025, 11, 24),
                objectives="x",
                components=[],
            )
        assert "not a placement" in errors_of(excinfo)["__all__"][0]
