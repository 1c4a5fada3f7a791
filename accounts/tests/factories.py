import factory

from accounts.models import LocalAuthority, Membership, Organisation, PartnerService, User
from accounts.roles import OrganisationKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("correct-horse-battery")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = OrganisationKind.SCHOOL
    name = factory.Sequence(lambda n: f"Organisation {n}")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        skip_postgeneration_save = True
        django_get_or_create = ("la_code",)

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LOCAL_AUTHORITY, name="Trafford")
    la_code = "358"
    ons_code = "E08000009"


class PartnerServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerService
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PARTNER_SERVICE, name="Early Help")
    service_type = PartnerService.ServiceType.EARLY_HELP


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "school_leader"
