"""The provider directory: each provider's record, its programmes, contacts and framework status.

Read through providers.queries; change only through providers.services.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from accounts.models import Organisation
from core.models import TimestampedModel

MIN_AGE, MAX_AGE = 4, 25
AGE_VALIDATORS = [MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)]
POSTCODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$", "Enter a real postcode, like M32 0TL"
)


class Need(models.Model):
    """A need a provider can specialise in. The codes match the needs named on requests for support."""

    code = models.SlugField(max_length=30, unique=True)
    label = models.CharField(max_length=120)
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "label"]

    def __str__(self) -> str:
        return self.label


class FrameworkStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    APPROVED = "approved", "Approved"
    CONDITIONAL = "conditional", "Conditional"
    SUSPENDED = "suspended", "Suspended"
    DECOMMISSIONED = "decommissioned", "Decommissioned"


COMMISSIONABLE_STATUSES = (FrameworkStatus.APPROVED, FrameworkStatus.CONDITIONAL)


class OfstedStatus(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_YET_INSPECTED = "not_yet_inspected", "Registered, not yet inspected"
    NOT_INSPECTED = "not_inspected", "Not inspected by Ofsted (not a registered school)"


class Provider(TimestampedModel):
    """An alternative provision provider: its directory record and how it is registered.

    AP census rule: a setting is identified by its URN, or failing that its UKPRN, or failing
    both by an AP census setting type (NFE, OOT, OTH, WBP).
    """

    class ProviderType(models.TextChoices):
        PRU = "pru", "Pupil referral unit"
        AP_ACADEMY = "ap_academy", "AP academy"
        AP_FREE_SCHOOL = "ap_free_school", "AP free school"
        INDEPENDENT_SCHOOL = "independent_school", "Independent school"
        UNREGISTERED = "unregistered", "Unregistered provider"
        FE_COLLEGE = "fe_college", "Further education college"
        TUITION = "tuition", "Tuition provider"
        WORK_BASED = "work_based", "Work-based placement"
        RESOURCE_BASE = "resource_base", "In-school resource base"

    class SettingType(models.TextChoices):
        NFE = "NFE", "Non-maintained further education provision"
        OOT = "OOT", "One-on-one tuition"
        OTH = "OTH", "Other unregistered provider"
        WBP = "WBP", "Work-based placement"

    FrameworkStatus = FrameworkStatus
    OfstedStatus = OfstedStatus

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="provider")
    provider_type = models.CharField(max_length=30, choices=ProviderType.choices)
    urn = models.CharField(
        "URN", max_length=6, blank=True, validators=[RegexValidator(r"^\d{6}$", "A URN is 6 digits")]
    )
    ukprn = models.CharField(
        "UKPRN", max_length=8, blank=True, validators=[RegexValidator(r"^\d{8}$", "A UKPRN is 8 digits")]
    )
    setting_type = models.CharField("AP census setting type", max_length=3, blank=True, choices=SettingType.choices)
    framework_status = models.CharField(
        max_length=20, choices=FrameworkStatus.choices, default=FrameworkStatus.APPLIED, db_index=True
    )
    framework_status_since = models.DateField(null=True, blank=True)
    ofsted_status = models.CharField("Ofsted status", max_length=30, choices=OfstedStatus.choices, blank=True)
    ofsted_date = models.DateField("date of the last Ofsted inspection", null=True, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[POSTCODE_VALIDATOR])
    locality = models.ForeignKey(
        "schools.Partnership", null=True, blank=True, on_delete=models.SET_NULL, related_name="providers"
    )
    out_of_area = models.BooleanField(default=False, help_text="The provider is outside the local authority's area")
    host_local_authority = models.CharField(
        max_length=100, blank=True, help_text="For a provider out of area: the local authority it is in"
    )
    min_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=AGE_VALIDATORS)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=AGE_VALIDATORS)
    needs = models.ManyToManyField(Need, blank=True, related_name="providers")
    description = models.TextField("the offer", blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(max_age__gte=F("min_age")),
                name="provider_max_age_not_below_min",
            )
        ]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def is_commissionable(self) -> bool:
        return self.framework_status in COMMISSIONABLE_STATUSES

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(p for p in parts if p)

    @property
    def registration(self) -> str:
        if self.urn:
            return f"URN {self.urn}"
        if self.ukprn:
            return f"UKPRN {self.ukprn}"
        if self.setting_type:
            return f"AP census setting type {self.setting_type} ({self.get_setting_type_display()})"
        return "Not recorded"

    def clean(self):
        super().clean()
        if not (self.urn or self.ukprn or self.setting_type):
            raise ValidationError(
                {"urn": "Enter the provider's URN, or its UKPRN, or choose an AP census setting type"}
            )
        if self.setting_type and (self.urn or self.ukprn):
            raise ValidationError({"setting_type": "Leave the setting type blank when the provider has a URN or UKPRN"})


class Programme(TimestampedModel):
    """Something a provider offers: a course or programme, its places and its prices (in pence)."""

    class VocationalArea(models.TextChoices):
        CONSTRUCTION = "construction", "Construction and building trades"
        HAIR_BEAUTY = "hair_beauty", "Hair and beauty"
        ANIMAL_CARE = "animal_care", "Animal care"
        MOTOR_VEHICLE = "motor_vehicle", "Motor vehicle"
        CATERING = "catering", "Catering and hospitality"
        HORTICULTURE = "horticulture", "Horticulture and land-based"
        SPORT = "sport", "Sport and fitness"
        CREATIVE_ARTS = "creative_arts", "Creative arts, music and media"
        DIGITAL = "digital", "Digital and IT"
        CARE = "care", "Health and social care"
        BUSINESS = "business", "Business and retail"
        OUTDOOR = "outdoor", "Outdoor education"
        ACADEMIC = "academic", "Core academic curriculum"
        PERSONAL = "personal", "Personal development, mentoring and therapeutic"

    class Accreditation(models.TextChoices):
        GCSE = "gcse", "GCSE"
        FUNCTIONAL_SKILLS = "functional_skills", "Functional skills"
        VOCATIONAL = "vocational", "Vocational qualification (entry level to level 2)"
        UNIT_AWARD = "unit_award", "Unit-based award"
        NONE = "none", "No accreditation"

    class DeliveryPattern(models.TextChoices):
        FULL_TIME = "full_time", "Full-time"
        PART_TIME = "part_time", "Part-time"
        SESSIONAL = "sessional", "Sessional"
        ONE_TO_ONE = "one_to_one", "One-to-one"
        GROUP = "group", "Small group"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    vocational_area = models.CharField(max_length=20, choices=VocationalArea.choices)
    accreditation = models.CharField(max_length=20, choices=Accreditation.choices, default=Accreditation.NONE)
    accreditation_detail = models.CharField(
        max_length=200, blank=True, help_text="The awarding body and qualification, like AQA Unit Award Scheme"
    )
    teaches_english_and_maths = models.BooleanField("teaches English and maths", default=False)
    delivery_pattern = models.CharField(max_length=20, choices=DeliveryPattern.choices)
    min_age = models.PositiveSmallIntegerField(validators=AGE_VALIDATORS)
    max_age = models.PositiveSmallIntegerField(validators=AGE_VALIDATORS)
    places = models.PositiveIntegerField(help_text="How many pupils the programme can take at once")
    pupils_per_staff = models.PositiveSmallIntegerField(
        "staff ratio (pupils per adult)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    price_per_place_year_pence = models.PositiveIntegerField(null=True, blank=True)
    price_per_day_pence = models.PositiveIntegerField(null=True, blank=True)
    price_per_session_pence = models.PositiveIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["provider", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_age__gte=F("min_age")), name="programme_max_age_not_below_min"),
            models.CheckConstraint(
                condition=Q(price_per_place_year_pence__isnull=False)
                | Q(price_per_day_pence__isnull=False)
                | Q(price_per_session_pence__isnull=False),
                name="programme_has_a_price",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"

    @property
    def staff_ratio(self) -> str:
        return (
            f"1 adult to {self.pupils_per_staff} pupil{'s' if self.pupils_per_staff != 1 else ''}"
            if self.pupils_per_staff
            else ""
        )


class ProviderContact(TimestampedModel):
    """A named person at a provider that commissioners can contact."""

    class Kind(models.TextChoices):
        MAIN = "main", "Main contact"
        REFERRALS = "referrals", "Referrals and admissions"
        SAFEGUARDING = "safeguarding", "Designated safeguarding lead"
        FINANCE = "finance", "Finance and invoices"
        OTHER = "other", "Other"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["provider", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class FrameworkStatusChange(models.Model):
    """One change of a provider's framework status: who made it, when and why. Never edited."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=FrameworkStatus.choices)
    to_status = models.CharField(max_length=20, choices=FrameworkStatus.choices)
    effective_on = models.DateField()
    reason = models.TextField()
    conditions = models.TextField(blank=True, help_text="For a conditional approval: the conditions to meet")
    review_on = models.DateField(null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="status_change_has_reason")]

    def __str__(self) -> str:
        return f"{self.provider}: {self.from_status} to {self.to_status}"


class DirectoryChange(models.Model):
    """A change to a provider's offer that matters to commissioners, kept so it is shown, not overwritten."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="directory_changes")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="directory_changes"
    )
    field = models.CharField(max_length=60)
    label = models.CharField(max_length=200)
    old_value = models.CharField(max_length=300, blank=True)
    new_value = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["provider", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.provider}: {self.label} {self.old_value} to {self.new_value}"


class DirectorySettings(models.Model):
    """Values the LA sets for its directory, commissioning and QA: data it can edit, not constants in code.

    One row. Place funding is £10,000 a place (ESFA high needs guidance, CONFIRMED); the
    full-time threshold used for the independent-school registration warning is NOT CONFIRMED
    in a DfE source, so the LA can correct it here.
    """

    place_funding_pence = models.PositiveIntegerField(
        "place funding per place per year (pence)",
        default=1_000_000,
        validators=[MaxValueValidator(20_000_000)],
    )
    document_warning_days = models.PositiveSmallIntegerField(
        "days before expiry to flag a document", default=60, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    visit_interval_months = models.PositiveSmallIntegerField(
        "months between annual QA visits", default=12, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    full_time_hours = models.DecimalField(
        "hours a week counted as full-time education",
        max_digits=4,
        decimal_places=1,
        default=18,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    session_hours = models.DecimalField(
        "hours in one session (half day)",
        max_digits=3,
        decimal_places=1,
        default=2.5,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "directory settings"

    def __str__(self) -> str:
        return "Directory, commissioning and QA settings"

    @classmethod
    def load(cls) -> DirectorySettings:
        settings_row, _ = cls.objects.get_or_create(pk=1)
        return settings_row
