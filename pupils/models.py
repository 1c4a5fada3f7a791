import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from accounts.models import Organisation
from core.models import TimestampedModel
from pupils.identifiers import is_temporary_upn, validate_uln, validate_upn


class Pupil(TimestampedModel):
    """A child or young person. Read only through pupils.queries, never Pupil.objects in a view."""

    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"
        UNKNOWN = "U", "Unknown"

    class SENProvision(models.TextChoices):
        NONE = "N", "No special educational need"
        SEN_SUPPORT = "K", "SEN support"
        EHC_PLAN = "E", "Education, health and care plan"

    upn = models.CharField("UPN", max_length=13, unique=True, validators=[validate_upn])
    uln = models.CharField("ULN", max_length=10, blank=True, validators=[validate_uln])
    legal_forename = models.CharField(max_length=100)
    legal_surname = models.CharField(max_length=100)
    preferred_forename = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    sen_provision = models.CharField("SEN provision", max_length=1, choices=SENProvision.choices, default="N")
    fsm_eligible = models.BooleanField("eligible for free school meals", default=False)
    looked_after = models.BooleanField(default=False)
    child_in_need = models.BooleanField("child in need", default=False)

    class Meta:
        ordering = ["legal_surname", "legal_forename"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.preferred_forename or self.legal_forename} {self.legal_surname}"

    @property
    def has_temporary_upn(self) -> bool:
        return is_temporary_upn(self.upn)

    @property
    def has_ehcp(self) -> bool:
        return self.sen_provision == self.SENProvision.EHC_PLAN


class Registration(TimestampedModel):
    """A pupil on a setting's admission register: single (C) or dual, main (M) or subsidiary (S)."""

    class EnrolmentStatus(models.TextChoices):
        SINGLE = "C", "Single registration"
        MAIN = "M", "Dual registration, main"
        SUBSIDIARY = "S", "Dual registration, subsidiary"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="registrations")
    enrolment_status = models.CharField(max_length=1, choices=EnrolmentStatus.choices, default="C")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="registration_end_after_start",
            )
        ]
        indexes = [models.Index(fields=["organisation", "end_date"])]

    def __str__(self) -> str:
        return f"{self.pupil} at {self.organisation} ({self.enrolment_status})"

    def is_current(self, on: datetime.date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class EducationStatus(models.TextChoices):
    FULL_TIME_MAINSTREAM = "full_time", "Full-time in mainstream school"
    PART_TIME_TIMETABLE = "part_time", "Part-time timetable"
    SUSPENDED = "suspended", "Suspended"
    PERMANENTLY_EXCLUDED = "excluded", "Permanently excluded"
    IN_AP = "in_ap", "In alternative provision"
    DUAL_REGISTERED = "dual", "Dual registered"
    ELECTIVE_HOME_EDUCATION = "ehe", "Electively home educated"
    MISSING_EDUCATION = "cme", "Missing education"
    MEDICAL = "medical", "Out of school for medical reasons (s19)"
    AWAITING_PLACE = "awaiting", "Awaiting a school place"


NOT_FULL_TIME_MAINSTREAM = [s for s in EducationStatus if s != EducationStatus.FULL_TIME_MAINSTREAM]


class EducationEpisode(TimestampedModel):
    """A dated period of a pupil's education status. Episodes of one kind never overlap."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="episodes")
    status = models.CharField(max_length=20, choices=EducationStatus.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Last day of the episode, if it has ended")
    school = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The school responsible (the excluding or home school)",
    )
    agreed_end_date = models.DateField(
        null=True, blank=True, help_text="For a part-time timetable: the date agreed for full-time return"
    )
    sessions = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="For a suspension: the number of sessions (half days) it covers",
    )
    provision_start_date = models.DateField(
        null=True, blank=True, help_text="When full-time alternative provision started, if it has"
    )
    reason_code = models.CharField(max_length=10, blank=True, help_text="Exclusion reason code, for an exclusion")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="episode_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "end_date"]), models.Index(fields=["pupil", "start_date"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.start_date}"

    def is_current(self, on: datetime.date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    @property
    def suspension_days(self):
        """Length of a suspension in school days (two sessions a day)."""
        return None if self.sessions is None else self.sessions / 2
