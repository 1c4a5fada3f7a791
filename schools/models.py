from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from accounts.models import Organisation
from core.models import TimestampedModel

URN_VALIDATOR = RegexValidator(r"^\d{6}$", "A URN is 6 digits, like 106350")
LAESTAB_VALIDATOR = RegexValidator(r"^\d{7}$", "A LAEstab is 7 digits: the 3-digit LA code then 4 digits, like 3582001")


class Partnership(TimestampedModel):
    """A partnership or locality of schools that may hold a panel, a budget or a share of places."""

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", "Partnership"
        LOCALITY = "locality", "Locality"

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="partnership")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LOCALITY)

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name


class School(TimestampedModel):
    """A school in the area, identified by its GIAS URN and LAEstab."""

    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special"
        ALTERNATIVE_PROVISION = "ap", "Alternative provision"
        SIXTEEN_PLUS = "16_plus", "16 plus"

    class SchoolType(models.TextChoices):
        COMMUNITY = "community", "Community school"
        VOLUNTARY_AIDED = "voluntary_aided", "Voluntary aided school"
        VOLUNTARY_CONTROLLED = "voluntary_controlled", "Voluntary controlled school"
        FOUNDATION = "foundation", "Foundation school"
        ACADEMY = "academy", "Academy"
        FREE_SCHOOL = "free_school", "Free school"
        SPECIAL = "special", "Special school"
        PUPIL_REFERRAL_UNIT = "pru", "Pupil referral unit"
        AP_ACADEMY = "ap_academy", "Alternative provision academy"
        INDEPENDENT = "independent", "Independent school"
        OTHER = "other", "Other"

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="school")
    urn = models.CharField("URN", max_length=6, unique=True, validators=[URN_VALIDATOR])
    laestab = models.CharField("LAEstab", max_length=7, unique=True, validators=[LAESTAB_VALIDATOR])
    phase = models.CharField(max_length=20, choices=Phase.choices)
    school_type = models.CharField(max_length=30, choices=SchoolType.choices)
    trust = models.CharField(max_length=200, blank=True)
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="schools"
    )
    fsm_percent = models.DecimalField(
        "pupils eligible for free school meals (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    idaci_score = models.DecimalField(
        "deprivation (IDACI score of the school's area)",
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    lsoa_code = models.CharField("small area (LSOA 2011)", max_length=9, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fsm_percent__isnull=True) | Q(fsm_percent__gte=0, fsm_percent__lte=100),
                name="school_fsm_percent_range",
            )
        ]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name


class SchoolRoll(models.Model):
    """Number on roll in one national curriculum year group (0 = reception)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="rolls")
    year_group = models.SmallIntegerField(validators=[MinValueValidator(-1), MaxValueValidator(14)])
    pupils = models.PositiveIntegerField()

    class Meta:
        ordering = ["school", "year_group"]
        constraints = [models.UniqueConstraint(fields=["school", "year_group"], name="roll_unique_year_group")]

    def __str__(self) -> str:
        return f"{self.school}: year {self.year_group} {self.pupils}"
