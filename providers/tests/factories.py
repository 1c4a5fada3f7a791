import factory

from accounts.roles import OrganisationKind
from accounts.tests.factories import OrganisationFactory
from providers.models import Provider


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    organisation = factory.SubFactory(
        OrganisationFactory, kind=OrganisationKind.PROVIDER, name=factory.Sequence(lambda n: f"Test Provider {n}")
    )
    provider_type = Provider.ProviderType.PRU
    urn = factory.Sequence(lambda n: f"{150000 + n}")
