"""Directory services: bad input gets a clear message on the right field and nothing is saved;
status changes are named, reasoned and audited; changes that matter are kept and shown."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Organisation
from core.models import AuditEvent
from providers import services
from providers.models import DirectoryChange, DirectorySettings, FrameworkStatusChange, Need, Programme, Provider
from providers.tests.conftest import D
from providers.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def provider_fields(**overrides):
    fields = {
        "name": "Moss Lane Motor Project",
        "provider_type": "unregistered",
        "setting_type": "OTH",
        "ofsted_status": "not_inspected",
        "town": "Stretford",
        "postcode": "M32 0TL",
        "min_age": 13,
        "max_age": 16,
    }
    fields.update(overrides)
    return fields


def programme_fields(**overrides):
    fields = {
        "name": "Motor vehicle",
        "vocational_area": "motor_vehicle",
        "accreditation": "vocational",
        "teaches_english_and_maths": False,
        "delivery_pattern": "part_time",
        "min_age": 14,
        "max_age": 16,
        "places": 8,
        "price_per_day_pence": 9_500,
        "active": True,
    }
    fields.update(overrides)
    return fields


def errors(excinfo):
    return excinfo.value.message_dict


class TestCreateProvider:
    def test_new_provider_is_applied_with_an_organisation_and_audit(self, area, qa):
        provider = services.create_provider(by=qa, needs=[Need.objects.get(code="semh")], **provider_fields())
        assert provider.framework_status == "applied"
        assert provider.organisation.kind == "provider" and provider.name == "Moss Lane Motor Project"
        assert [n.code for n in provider.needs.all()] == ["semh"]
        assert AuditEvent.objects.filter(object_type="providers.provider", action="create").exists()

    def test_registration_is_required(self, area, qa):
        with pytest.raises(ValidationError) as excinfo:
            services.create_provider(by=qa, **provider_fields(setting_type=""))
        assert "URN" in errors(excinfo)["urn"][0]
        assert not Organisation.objects.filter(name="Moss Lane Motor Project").exists()

    def test_duplicate_urn_names_the_other_provider(self, area, qa):
        with pytest.raises(ValidationError) as excinfo:
            services.create_provider(
                by=qa, **provider_fields(provider_type="pru", setting_type="", urn=area.provider.urn, ofsted_status="")
            )
        assert "Riverside Learning Centre already has URN" in errors(excinfo)["urn"][0]

    def test_unregistered_provider_cannot_have_an_ofsted_grade(self, area, qa):
        with pytest.raises(ValidationError) as excinfo:
            services.create_provider(by=qa, **provider_fields(ofsted_status="good", ofsted_date=D(2024, 1, 1)))
        assert "no Ofsted grade" in errors(excinfo)["ofsted_status"][0]

    def test_ages_and_area(self, area, qa):
        with pytest.raises(ValidationError) as excinfo:
            services.create_provider(by=qa, **provider_fields(min_age=16, max_age=11, out_of_area=True))
        assert "oldest age" in errors(excinfo)["max_age"][0]
        assert "local authority the provider is in" in errors(excinfo)["host_local_authority"][0]
        assert Provider.objects.count() == 2


class TestFrameworkStatus:
    def test_change_is_named_reasoned_and_audited(self, area, qa):
        change = services.change_framework_status(
            by=qa, provider=area.provider, to_status="suspended", reason="Safeguarding"
        )
        assert change.changed_by == qa and change.reason == "Safeguarding" and change.from_status == "approved"
        area.provider.refresh_from_db()
        assert area.provider.framework_status == "suspended" and area.provider.framework_status_since == D(2025, 11, 20)
        event = AuditEvent.objects.get(object_type="providers.provider", action="update")
        assert event.reason == "Safeguarding" and event.changes == {"framework_status": ["approved", "suspended"]}

    def test_decommissioning_without_a_reason_is_refused_and_nothing_changes(self, area, qa):
        with pytest.raises(ValidationError) as excinfo:
            services.change_framework_status(by=qa, provider=area.provider, to_status="decommissioned", reason=" ")
        assert errors(excinfo)["reason"] == ["Enter the reason for decommissioning the provider"]
        area.provider.refresh_from_db()
        assert area.provider.framework_status == "approved"
        assert not FrameworkStatusChange.objects.exists()

    def test_transitions_follow_the_ladder(self, area, qa):
        services.change_framework_status(
            by=qa, provider=area.provider, to_status="decommissioned", reason="Contract ended"
        )
        with pytest.raises(ValidationError) as excinfo:
            services.change_framework_status(by=qa, provider=area.provider, to_status="approved", reason="Mistake")
        assert "decommissioned cannot become approved" in errors(excinfo)["to_status"][0]

    def test_conditional_needs_conditions(self, area, qa):
        with pytest.raises(ValidationError) as excinfo:
            services.change_framework_status(
                by=qa, provider=area.provider, to_status="conditional", reason="Late registers"
            )
        assert "conditions" in errors(excinfo)

    def test_a_stale_status_is_not_overwritten(self, area, qa):
        stale = Provider.objects.get(pk=area.provider.pk)
        services.change_framework_status(by=qa, provider=area.provider, to_status="suspended", reason="First")
        with pytest.raises(ValidationError) as excinfo:
            services.change_framework_status(
                by=qa, provider=stale, to_status="conditional", reason="Second", conditions="x"
            )
        assert "Someone else changed" in errors(excinfo)["to_status"][0]


class TestProgrammes:
    def test_negative_and_absurd_prices_are_refused(self, area, manager):
        with pytest.raises(ValidationError) as excinfo:
            services.add_programme(
                by=manager,
                provider=area.provider,
                **programme_fields(price_per_day_pence=-500, price_per_place_year_pence=25_000_000),
            )
        assert "cannot be negative" in errors(excinfo)["price_per_day_pence"][0]
        assert "£200,000.00 or less" in errors(excinfo)["price_per_place_year_pence"][0]
        assert not Programme.objects.exists()

    def test_a_programme_needs_a_price(self, area, manager):
        with pytest.raises(ValidationError) as excinfo:
            services.add_programme(by=manager, provider=area.provider, **programme_fields(price_per_day_pence=None))
        assert "at least one price" in errors(excinfo)["price_per_day_pence"][0]

    def test_new_prices_and_lost_accreditation_are_shown_as_changes(self, area, manager):
        programme = ProgrammeFactory(provider=area.provider, accreditation="gcse", price_per_day_pence=9_500)
        services.update_programme(
            by=manager, programme=programme, price_per_day_pence=10_500, accreditation="none", description="New wording"
        )
        changes = {c.field: c for c in DirectoryChange.objects.filter(programme=programme)}
        assert set(changes) == {"price_per_day_pence", "accreditation"}
        assert (changes["price_per_day_pence"].old_value, changes["price_per_day_pence"].new_value) == (
            "£95.00",
            "£105.00",
        )
        assert (changes["accreditation"].old_value, changes["accreditation"].new_value) == ("GCSE", "No accreditation")
        assert changes["accreditation"].acknowledged_at is None

    def test_changes_appear_on_the_provider_page_and_can_be_marked_seen(self, area, manager, client_as):
        programme = ProgrammeFactory(provider=area.provider, price_per_day_pence=9_500)
        services.update_programme(by=manager, programme=programme, price_per_day_pence=12_000)
        page = client_as("school_leader").get(reverse("providers:detail", args=[area.provider.pk])).content.decode()
        assert "Price per day" in page and "£95.00" in page and "£120.00" in page
        client = client_as("la_qa_officer")
        client.post(reverse("providers:acknowledge", args=[area.provider.pk]))
        assert not DirectoryChange.objects.filter(acknowledged_at__isnull=True).exists()

    def test_unchanged_programme_writes_nothing(self, area, manager):
        programme = ProgrammeFactory(provider=area.provider)
        services.update_programme(by=manager, programme=programme, name=programme.name)
        assert not AuditEvent.objects.filter(action="update").exists()


def test_provider_manager_edits_own_entry_through_the_page(area, client_as):
    client = client_as("provider_manager")
    url = reverse("providers:edit", args=[area.provider.pk])
    data = {
        "name": "Riverside Learning Centre",
        "provider_type": "pru",
        "urn": area.provider.urn,
        "ofsted_status": "good",
        "ofsted_date-day": "3",
        "ofsted_date-month": "3",
        "ofsted_date-year": "2024",
        "out_of_area": "no",
        "town": "Sale",
        "postcode": "m33 7xx",
        "min_age": "11",
        "max_age": "16",
        "needs": [Need.objects.get(code="ebsa").pk],
    }
    response = client.post(url, data)
    assert response.status_code == 302
    area.provider.refresh_from_db()
    assert area.provider.town == "Sale" and area.provider.postcode == "M33 7XX"
    assert client.get(reverse("providers:edit", args=[area.provider_b.pk])).status_code == 404
    assert client.post(reverse("providers:edit", args=[area.provider_b.pk]), data).status_code == 404
    area.provider_b.refresh_from_db()
    assert area.provider_b.town == ""


def test_price_typed_in_pounds_reaches_the_service_in_pence(area, client_as):
    client = client_as("provider_manager")
    data = {
        "name": "Catering",
        "vocational_area": "catering",
        "accreditation": "vocational",
        "teaches_english_and_maths": "yes",
        "delivery_pattern": "part_time",
        "min_age": "14",
        "max_age": "16",
        "places": "6",
        "price_per_day_pence": "£1,050.50",
        "active": "yes",
    }
    assert client.post(reverse("providers:programme-add", args=[area.provider.pk]), data).status_code == 302
    assert Programme.objects.get().price_per_day_pence == 105_050
    data["price_per_day_pence"] = "-12"
    response = client.post(reverse("providers:programme-add", args=[area.provider.pk]), data)
    assert "The price a day cannot be negative" in response.content.decode()
    assert Programme.objects.count() == 1


def test_contacts_need_email_or_phone(area, manager):
    with pytest.raises(ValidationError) as excinfo:
        services.add_contact(by=manager, provider=area.provider, kind="main", name="Sam Holt")
    assert "email" in errors(excinfo)
    contact = services.add_contact(
        by=manager, provider=area.provider, kind="main", name="Sam Holt", phone="0161 000 0000"
    )
    services.remove_contact(by=manager, contact=contact)
    assert not area.provider.contacts.exists()


class TestSettings:
    def test_place_funding_is_data_the_la_edits(self, area, qa):
        services.update_settings(by=qa, reason="Guidance changed", place_funding_pence=1_100_000)
        assert DirectorySettings.load().place_funding_pence == 1_100_000
        assert AuditEvent.objects.get(object_type="providers.directorysettings").changes == {
            "place_funding_pence": [1_000_000, 1_100_000]
        }

    def test_bad_settings_need_a_reason_and_sane_values(self, area, qa):
        with pytest.raises(ValidationError) as excinfo:
            services.update_settings(by=qa, reason="", document_warning_days=0)
        assert set(errors(excinfo)) == {"reason", "document_warning_days"}
        assert DirectorySettings.load().document_warning_days == 60
