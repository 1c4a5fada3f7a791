import datetime

import factory
from stdnum.gb import upn as stdnum_upn

from pupils.models import EducationEpisode, Pupil, Registration


def make_upn(n: int, la: str = "358", estab: str = "4001", year: str = "20") -> str:
    body = f"{la}{estab}{year}{n % 1000:03d}"
    return stdnum_upn.calc_check_digit(body) + body


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil
        skip_postgeneration_save = True

    upn = factory.Sequence(lambda n: make_upn(n, estab=f"{4000 + n // 1000:04d}"))
    legal_forename = factory.Sequence(lambda n: f"Test{n}")
    legal_surname = "Pupil"
    date_of_birth = datetime.date(2012, 3, 14)
    sex = "F"
    sen_provision = "N"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration
        skip_postgeneration_save = True

    pupil = factory.SubFactory(PupilFactory)
    enrolment_status = "C"
    start_date = datetime.date(2023, 9, 4)


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationEpisode
        skip_postgeneration_save = True

    pupil = factory.SubFactory(PupilFactory)
    status = "part_time"
    start_date = datetime.date(2025, 10, 6)
