from django.db import models
from django.db.models import F, Q


class CodeList(models.Model):
    """A versioned list of reference codes (attendance codes 2024, exclusion reasons, ...).

    A new version is a new row with its own ``valid_from``; old versions stay so that
    records made under them still read correctly.
    """

    key = models.SlugField(max_length=60)
    version = models.CharField(max_length=30)
    name = models.CharField(max_length=200)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="code_list_key_version_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="code_list_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Code(models.Model):
    """One code in a list, with its meaning, statistical category and how sure the source is."""

    class Confidence(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        THIRD_PARTY = "third_party", "Third-party source"
        NOT_CONFIRMED = "not_confirmed", "Not confirmed"

    code_list = models.ForeignKey(CodeList, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=20)
    label = models.CharField(max_length=300)
    category = models.CharField(max_length=60, blank=True)
    confidence = models.CharField(max_length=20, choices=Confidence.choices, default=Confidence.CONFIRMED)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["code_list", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["code_list", "code"], name="code_unique_in_list")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"
