"""Commissioning: block-commissioned places, every placement in the area, occupancy, the
independent-school registration check, pupils to move, and sufficiency against requests."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent
from placements.models import Placement, PlacementComponent
from providers import commissioning, listing, services_commissioning
from providers.models import BlockCommission, DirectorySettings, Need, Provider
from providers.queries import concerns_visible_to
from providers.tests.conftest import D
from providers.tests.factories import ProgrammeFactory, ProviderFactory
from pupils.tests.factories import PupilFactory
from referrals.models import Request

pytestmark = pytest.mark.django_db
FULL_WEEK = [f"{d}_{h}" for d in ("mon", "tue", "wed", "thu", "fri") for h in ("am", "pm")]


def place(provider, *, school, commissioner=None, status="active", sessions=FULL_WEEK, hours=None, **pupil):
    pupil = PupilFactory(**pupil)
    placement = Placement.objects.create(
        pupil=pupil,
        home_school=school,
        commissioner=commissioner or school,
        funder=commissioner or school,
        status=status,
        start_date=D(2025, 9, 8),
        planned_end_date=D(2026, 2, 13),
        objectives="Re-engage with learning",
        home_attendance_code="B" if (commissioner or school).kind == "school" else "K",
        **({"end_date": D(2025, 10, 17), "end_reason": "returned"} if status == "ended" else {}),
    )
    PlacementComponent.objects.create(
        placement=placement,
        provider=provider,
        sessions=sessions,
        hours_per_week=hours,
        cost_per_session_pence=5_000,
        start_date=D(2025, 9, 8),
    )
    return placement


def add_block(by, provider, **overrides):
    fields = {
        "commissioner": None,
        "academic_year": 2025,
        "places": 20,
        "place_funding_pence": 1_000_000,
        "top_up_pence": 600_000,
    }
    fields.update(overrides)
    return services_commissioning.add_block_commission(by=by, provider=provider, **fields)


def errors(excinfo):
    return excinfo.value.message_dict


class TestBlockCommissions:
    def test_places_with_place_funding_plus_top_up(self, area, user_as):
        finance = user_as("la_finance_officer")
        block = add_block(finance, area.provider, commissioner=area.la)
        block.refresh_from_db()
        assert block.per_place_pence == 1_600_000 and block.total_pence == 32_000_000
        assert AuditEvent.objects.filter(object_type="providers.blockcommission", action="create").exists()

    def test_place_funding_only_for_state_funded_ap(self, area, user_as):
        tuition = ProviderFactory(provider_type="tuition", urn="", setting_type="OOT")
        with pytest.raises(ValidationError) as excinfo:
            add_block(user_as("la_finance_officer"), tuition, commissioner=area.la)
        assert "only to PRUs, AP academies and AP free schools" in errors(excinfo)["place_funding_pence"][0]
        add_block(
            user_as("la_finance_officer"), tuition, commissioner=area.la, place_funding_pence=0, top_up_pence=1_500_000
        )

    def test_negative_absurd_and_duplicate_amounts_are_refused(self, area, user_as):
        finance = user_as("la_finance_officer")
        with pytest.raises(ValidationError) as excinfo:
            add_block(
                finance, area.provider, commissioner=area.la, top_up_pence=-1, place_funding_pence=25_000_000, places=0
            )
        assert set(errors(excinfo)) == {"top_up_pence", "place_funding_pence", "places"}
        add_block(finance, area.provider, commissioner=area.la)
        with pytest.raises(ValidationError) as excinfo:
            add_block(finance, area.provider, commissioner=area.la)
        assert "already recorded" in errors(excinfo)["academic_year"][0]
        assert BlockCommission.objects.count() == 1

    def test_joint_commissioning_and_change_through_the_page(self, area, client_as):
        client = client_as("la_finance_officer")
        data = {
            "provider": area.provider.pk,
            "academic_year": "2025",
            "places": "12",
            "place_funding_pence": "10,000",
            "top_up_pence": "6500.00",
            "joint_commissioners": [area.partnership.organisation.pk],
        }
        assert client.post(reverse("providers:block-add"), data).status_code == 302
        block = BlockCommission.objects.get()
        assert block.commissioner == area.la and block.top_up_pence == 650_000
        assert list(block.joint_commissioners.all()) == [area.partnership.organisation]
        data.update(places="15", reason="Demand rose")
        assert client.post(reverse("providers:block-edit", args=[block.pk]), data).status_code == 302
        block.refresh_from_db()
        assert block.places == 15
        page = client.get(reverse("providers:commissioning")).content.decode()
        assert "jointly with North Locality" in page and "£247,500.00" in page


class TestPlacementsInTheArea:
    def test_every_commissioned_placement_is_counted_by_commissioner(self, area):
        unregistered = ProviderFactory(
            provider_type="unregistered",
            urn="",
            setting_type="OTH",
            out_of_area=True,
            host_local_authority="Salford",
            organisation__name="Salford Bike Works",
        )
        place(area.provider, school=area.school_a.organisation, commissioner=area.la)
        place(unregistered, school=area.school_a.organisation)
        place(unregistered, school=area.school_b.organisation, status="agreed")
        place(unregistered, school=area.school_b.organisation, status="ended")
        rows = {r.provider: r for r in commissioning.commissioned_placements(D(2025, 11, 20))}
        assert (rows[area.provider].by_la, rows[area.provider].by_schools) == (1, 0)
        assert (rows[unregistered].pupils, rows[unregistered].by_schools) == (2, 2)
        assert not rows[unregistered].registered and rows[unregistered].provider.out_of_area

    def test_commissioning_page_shows_school_commissioned_unregistered_placements(self, area, client_as):
        unregistered = ProviderFactory(
            provider_type="unregistered", urn="", setting_type="OTH", organisation__name="Canal Boxing Academy"
        )
        place(unregistered, school=area.school_a.organisation)
        page = client_as("la_inclusion_officer").get(reverse("providers:commissioning")).content.decode()
        assert "Canal Boxing Academy" in page and "not a registered school" in page

    def test_occupancy_and_availability_in_the_directory(self, area, user_as):
        ProgrammeFactory(provider=area.provider, places=1)
        ProgrammeFactory(provider=area.provider_b, places=3)
        place(area.provider, school=area.school_a.organisation)
        leader = user_as("school_leader")
        entries = {e.provider: e for e in listing.search(leader, listing.DirectoryFilters(), today=D(2025, 11, 20))}
        assert (entries[area.provider].pupils, entries[area.provider].free_places) == (1, 0)
        available = listing.search(leader, listing.DirectoryFilters(available_only=True), today=D(2025, 11, 20))
        assert [e.provider for e in available] == [area.provider_b]

    def test_providers_in_use_and_commissioned_by(self, area):
        place(area.provider_b, school=area.school_b.organisation)
        assert commissioning.providers_in_use(D(2025, 11, 20)) == {area.provider_b.pk}
        assert commissioning.providers_commissioned_by(area.school_b.organisation.pk) == {area.provider_b.pk}
        assert commissioning.providers_commissioned_by(area.school_a.organisation.pk) == set()

    def test_concerns_reach_schools_with_pupils_placed_there(self, area, qa, user_as):
        from providers.services_escalation import raise_concern

        concern = raise_concern(
            by=qa, provider=area.provider_b, kind="quality", summary="Late", details="Late", raised_on=D(2025, 11, 1)
        )
        place(area.provider_b, school=area.school_b.organisation)
        assert concern in concerns_visible_to(user_as("school_leader", area.school_b.organisation))
        assert concern not in concerns_visible_to(user_as("school_leader"))


class TestRegistrationCheck:
    @pytest.fixture
    def unregistered(self, db):
        return ProviderFactory(provider_type="unregistered", urn="", setting_type="OTH", organisation__name="Moss Farm")

    def test_five_full_time_pupils_of_compulsory_school_age(self, area, unregistered):
        for _ in range(4):
            place(unregistered, school=area.school_a.organisation)
        place(unregistered, school=area.school_a.organisation, sessions=["mon_am"])  # part-time: not counted
        place(unregistered, school=area.school_a.organisation, date_of_birth=datetime.date(2008, 1, 1))  # over 16
        settings = DirectorySettings.load()
        assert commissioning.registration_warnings(D(2025, 11, 20), settings) == {}
        place(unregistered, school=area.school_b.organisation, hours=20)
        warning = commissioning.registration_warnings(D(2025, 11, 20), settings)[unregistered.pk]
        assert warning.full_time_pupils == 5

    def test_one_pupil_with_an_ehcp_or_looked_after(self, area, unregistered, client_as):
        place(unregistered, school=area.school_a.organisation, sen_provision="E")
        warnings = commissioning.registration_warnings(D(2025, 11, 20), DirectorySettings.load())
        assert warnings[unregistered.pk].looked_after_or_ehcp == 1
        page = client_as("la_qa_officer").get(reverse("providers:detail", args=[unregistered.pk])).content.decode()
        assert "appears to need registration as an independent school" in page
        assert (
            "appears to need registration"
            in client_as("la_qa_officer").get(reverse("providers:qa-dashboard")).content.decode()
        )

    def test_the_threshold_is_the_las_to_set(self, area, unregistered):
        place(unregistered, school=area.school_a.organisation, hours=16, looked_after=True)
        settings = DirectorySettings.load()
        assert commissioning.registration_warnings(D(2025, 11, 20), settings) == {}
        settings.full_time_hours = 15
        assert unregistered.pk in commissioning.registration_warnings(D(2025, 11, 20), settings)

    def test_registered_schools_are_not_checked(self, area):
        for _ in range(6):
            place(area.provider, school=area.school_a.organisation)
        assert commissioning.registration_warnings(D(2025, 11, 20), DirectorySettings.load()) == {}


def test_decommissioned_provider_lists_the_pupils_to_move(area, qa, client_as):
    from providers import services

    placement = place(area.provider, school=area.school_a.organisation, legal_forename="Jordan")
    place(area.provider_b, school=area.school_b.organisation, legal_forename="Elsewhere")
    services.change_framework_status(by=qa, provider=area.provider, to_status="decommissioned", reason="Contract ended")
    page = (
        client_as("la_inclusion_officer")
        .get(reverse("providers:pupils-to-move", args=[area.provider.pk]))
        .content.decode()
    )
    assert "Jordan" in page and "Elsewhere" not in page and "takes no new placements" in page
    assert reverse("placements:detail", args=[placement.pk]) in page
    status_page = (
        client_as("la_qa_officer").get(reverse("providers:status", args=[area.provider_b.pk])).content.decode()
    )
    assert "1 pupil is placed here now" in status_page
    assert not Provider.objects.get(pk=area.provider.pk).is_commissionable


class TestSufficiency:
    def request(self, school, need, **pupil):
        return Request.objects.create(
            pupil=PupilFactory(**pupil),
            school=school.organisation,
            route="school",
            need=need,
            tier="time_limited",
            status="submitted",
            submitted_at=datetime.datetime(2025, 10, 1, 9, tzinfo=datetime.UTC),
        )

    def test_gaps_for_a_need_no_provider_offers_and_a_locality_without_places(self, area):
        area.provider.needs.set([Need.objects.get(code="semh")])
        area.provider.locality = area.partnership
        area.provider.save()
        ProgrammeFactory(provider=area.provider, places=1)
        place(area.provider, school=area.school_a.organisation)  # the one place is taken
        self.request(area.school_a, "semh")
        self.request(area.school_b, "ebsa")
        self.request(area.school_c, "medical", date_of_birth=datetime.date(2017, 5, 1))
        report = commissioning.sufficiency(D(2025, 11, 20))
        needs = {r.key: r for r in report.by_need}
        assert needs["semh"].demand == 1 and needs["semh"].providers == 1 and not needs["semh"].gap
        assert needs["ebsa"].gap and needs["medical"].gap
        localities = {r.label: r for r in report.by_locality}
        assert localities["North Locality"].demand == 2 and localities["North Locality"].free == 0
        assert localities["North Locality"].gap
        phases = {r.label: r for r in report.by_phase}
        assert phases["Key stage 3"].demand == 2 and phases["Primary"].demand == 1 and phases["Primary"].gap
        assert {kind for kind, _ in report.gaps} == {"Need", "Phase", "Locality"}

    def test_drafts_and_old_requests_are_not_demand(self, area):
        draft = self.request(area.school_a, "semh")
        draft.status = "draft"
        draft.save()
        old = self.request(area.school_a, "ebsa")
        Request.objects.filter(pk=old.pk).update(submitted_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC))
        assert all(r.demand == 0 for r in commissioning.sufficiency(D(2025, 11, 20)).by_need)

    def test_sufficiency_page(self, area, client_as):
        self.request(area.school_a, "ebsa")
        page = client_as("partnership_chair").get(reverse("providers:sufficiency")).content.decode()
        assert "no approved provider offers it" in page
