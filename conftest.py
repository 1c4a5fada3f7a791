"""Shared test fixtures: a small local area and a signed-in client for each role."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client

from accounts.roles import ROLE_ORGANISATION_KIND, OrganisationKind, Role
from accounts.tests.factories import LocalAuthorityFactory, MembershipFactory, PartnerServiceFactory, UserFactory
from core.models import AcademicYear, NonSchoolDay, TermPeriod
from providers.tests.factories import ProviderFactory
from schools.tests.factories import PartnershipFactory, SchoolFactory

# Plausible term dates for the tests (half terms), with a bank holiday and INSET days inside.
TERM_DATES = {
    2025: [
        ("Autumn 1", datetime.date(2025, 9, 3), datetime.date(2025, 10, 24)),
        ("Autumn 2", datetime.date(2025, 11, 3), datetime.date(2025, 12, 19)),
        ("Spring 1", datetime.date(2026, 1, 5), datetime.date(2026, 2, 13)),
        ("Spring 2", datetime.date(2026, 2, 23), datetime.date(2026, 3, 27)),
        ("Summer 1", datetime.date(2026, 4, 13), datetime.date(2026, 5, 22)),
        ("Summer 2", datetime.date(2026, 6, 1), datetime.date(2026, 7, 22)),
    ],
    2026: [
        ("Autumn 1", datetime.date(2026, 9, 3), datetime.date(2026, 10, 23)),
        ("Autumn 2", datetime.date(2026, 11, 2), datetime.date(2026, 12, 18)),
        ("Spring 1", datetime.date(2027, 1, 5), datetime.date(2027, 2, 12)),
        ("Spring 2", datetime.date(2027, 2, 22), datetime.date(2027, 3, 25)),
        ("Summer 1", datetime.date(2027, 4, 12), datetime.date(2027, 5, 28)),
        ("Summer 2", datetime.date(2027, 6, 7), datetime.date(2027, 7, 21)),
    ],
}
INSET_DAYS = [datetime.date(2026, 1, 5), datetime.date(2026, 9, 3), datetime.date(2026, 11, 2)]


def make_term_dates():
    for start_year, periods in TERM_DATES.items():
        year, _ = AcademicYear.objects.get_or_create(start_year=start_year)
        for name, start, end in periods:
            TermPeriod.objects.get_or_create(academic_year=year, name=name, start_date=start, end_date=end)
    for day in INSET_DAYS:
        NonSchoolDay.objects.get_or_create(date=day, defaults={"kind": NonSchoolDay.Kind.INSET})


@pytest.fixture
def term_dates(db):
    make_term_dates()


@pytest.fixture
def area(db):
    """One LA with two schools in one partnership, a third school elsewhere, a provider and a partner service."""
    make_term_dates()
    la = LocalAuthorityFactory()
    partnership = PartnershipFactory(organisation__name="North Locality")
    school_a = SchoolFactory(organisation__name="Ashton High School", partnership=partnership)
    school_b = SchoolFactory(organisation__name="Brook High School", partnership=partnership)
    school_c = SchoolFactory(organisation__name="Castle Primary School", phase="primary", rolls={1: 30, 2: 30})
    provider = ProviderFactory(organisation__name="Riverside Learning Centre")
    provider_b = ProviderFactory(organisation__name="Other Provider")
    partner = PartnerServiceFactory()
    return SimpleNamespace(
        la=la.organisation,
        partnership=partnership,
        school_a=school_a,
        school_b=school_b,
        school_c=school_c,
        provider=provider,
        provider_b=provider_b,
        partner=partner,
    )


def default_organisation(area, role):
    kind = ROLE_ORGANISATION_KIND[Role(role)]
    return {
        OrganisationKind.LOCAL_AUTHORITY: area.la,
        OrganisationKind.SCHOOL: area.school_a.organisation,
        OrganisationKind.PARTNERSHIP: area.partnership.organisation,
        OrganisationKind.PROVIDER: area.provider.organisation,
        OrganisationKind.PARTNER_SERVICE: area.partner.organisation,
    }[kind]


@pytest.fixture
def user_as(area):
    """user_as(role, organisation=None) -> a user holding that role (in the area's default organisation)."""

    def make(role, organisation=None):
        organisation = organisation or default_organisation(area, role)
        user = UserFactory(email=f"{role}.{organisation.pk}@example.org", full_name=f"{Role(role).label} person")
        MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def client_as(user_as):
    """client_as(role, organisation=None) -> a test Client signed in as someone with that role."""

    def make(role, organisation=None):
        client = Client()
        client.force_login(user_as(role, organisation), backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


ALL_ROLES = [r.value for r in Role]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests hash many passwords; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
