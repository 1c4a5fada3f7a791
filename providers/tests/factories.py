import datetime

import factory

from accounts.roles import OrganisationKind
from accounts.tests.factories import OrganisationFactory
from providers.models import FrameworkStatus, Programme, Provider


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    organisation = factory.SubFactory(
        OrganisationFactory, kind=OrganisationKind.PROVIDER, name=factory.Sequence(lambda n: f"Test Provider {n}")
    )
    provider_type = Provider.ProviderType.PRU
    urn = factory.Sequence(lambda n: f"{150000 + n}")
    framework_status = FrameworkStatus.APPROVED
    framework_status_since = datetime.date(2024, 9, 1)
    min_age = 11
    max_age = 16


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Programme {n}")
    vocational_area = Programme.VocationalArea.CONSTRUCTION
    accreditation = Programme.Accreditation.FUNCTIONAL_SKILLS
    teaches_english_and_maths = True
    delivery_pattern = Programme.DeliveryPattern.FULL_TIME
    min_age = 11
    max_age = 16
    places = 10
    pupils_per_staff = 4
    price_per_place_year_pence = 1_800_000
    price_per_day_pence = 9_500
    price_per_session_pence = 4_750
