import factory

from accounts.roles import OrganisationKind
from accounts.tests.factories import OrganisationFactory
from schools.models import Partnership, School, SchoolRoll


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    organisation = factory.SubFactory(
        OrganisationFactory, kind=OrganisationKind.PARTNERSHIP, name=factory.Sequence(lambda n: f"Locality {n}")
    )
    kind = Partnership.Kind.LOCALITY


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        skip_postgeneration_save = True

    organisation = factory.SubFactory(
        OrganisationFactory, kind=OrganisationKind.SCHOOL, name=factory.Sequence(lambda n: f"Test High School {n}")
    )
    urn = factory.Sequence(lambda n: f"{140000 + n}")
    laestab = factory.Sequence(lambda n: f"358{4000 + n}")
    phase = School.Phase.SECONDARY
    school_type = School.SchoolType.ACADEMY
    fsm_percent = 20
    idaci_score = "0.150"

    @factory.post_generation
    def rolls(self, create, extracted, **kwargs):
        if not create:
            return
        years = extracted if extracted is not None else {7: 180, 8: 180, 9: 180, 10: 175, 11: 170}
        SchoolRoll.objects.bulk_create([SchoolRoll(school=self, year_group=y, pupils=n) for y, n in years.items()])
