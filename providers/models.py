from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from accounts.models import Organisation
from core.models import TimestampedModel


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

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="provider")
    provider_type = models.CharField(max_length=30, choices=ProviderType.choices)
    urn = models.CharField(
        "URN", max_length=6, blank=True, validators=[RegexValidator(r"^\d{6}$", "A URN is 6 digits")]
    )
    ukprn = models.CharField(
        "UKPRN", max_length=8, blank=True, validators=[RegexValidator(r"^\d{8}$", "A UKPRN is 8 digits")]
    )
    setting_type = models.CharField("AP census setting type", max_length=3, blank=True, choices=SettingType.choices)

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name

    def clean(self):
        super().clean()
        if not (self.urn or self.ukprn or self.setting_type):
            raise ValidationError(
                {"urn": "Enter the provider's URN, or its UKPRN, or choose an AP census setting type"}
            )
        if self.setting_type and (self.urn or self.ukprn):
            raise ValidationError(
                {"setting_type": "Leave the setting type blank when the provider has a URN or UKPRN"}
            )
