"""Oversight: the published benchmarks the area's measures are shown beside, and the LA's thresholds.

Both are data an LA edits (through oversight.services), never constants in code: the
benchmarks ship in oversight/data/benchmarks.json (seed 001 Table 1, and national and
Trafford figures derived from DfE statistics) and are loaded by a data migration that only
adds what is missing, so an LA's corrections survive; the thresholds that flag a school as
an outlier live in one OversightSettings row.

The measures themselves are never stored: they are computed from the records each time
(oversight.queries, oversight.measures), so every figure can be traced to the rows behind it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import TimestampedModel


class MeasureKey(models.TextChoices):
    """The figures oversight computes and benchmarks. The first seven are seed 001's Table 1."""

    PUPILS_IN_AP = "pupils_in_ap", "Pupils placed in AP per 10,000 pupils"
    PLACES = "places", "Places commissioned in AP per 10,000 pupils"
    SECONDARY_PEX = "secondary_pex", "Permanent exclusions per 100 secondary-age pupils"
    REINTEGRATED = "reintegrated", "Pupils placed in AP reintegrated into mainstream (%)"
    KS4_PREVENTION = "ks4_prevention", "Key stage 4 AP used for prevention (%)"
    KS4_EXCLUSION = "ks4_exclusion", "Key stage 4 AP used after permanent exclusion (%)"
    SPEND_IN_LINE = "spend_in_line", "Spend on AP in line with budget (%)"
    SUSPENSIONS = "suspensions", "Suspensions per 100 pupils"
    EXCLUSIONS = "exclusions", "Permanent exclusions per 100 pupils"
    AP_ATTENDANCE = "ap_attendance", "Attendance in AP (%)"
    NEET = "neet", "Not in education, employment or training after AP (%)"
    ENGLISH_MATHS = "english_maths", "English and maths (%)"


TABLE_1_MEASURES = (
    MeasureKey.PUPILS_IN_AP,
    MeasureKey.PLACES,
    MeasureKey.SECONDARY_PEX,
    MeasureKey.REINTEGRATED,
    MeasureKey.KS4_PREVENTION,
    MeasureKey.KS4_EXCLUSION,
    MeasureKey.SPEND_IN_LINE,
)


class Comparator(models.TextChoices):
    """Whom a benchmark describes."""

    DEVOLVED = "devolved", "Areas with devolved funding (seed 001, Table 1)"
    CENTRALISED = "centralised", "Areas with centralised funding (seed 001, Table 1)"
    NATIONAL = "national", "England"
    LOCAL = "local", "This local authority, as published"
    OTHER = "other", "Other comparison"


COMPARATOR_ORDER = [
    Comparator.DEVOLVED,
    Comparator.CENTRALISED,
    Comparator.NATIONAL,
    Comparator.LOCAL,
    Comparator.OTHER,
]


class Benchmark(TimestampedModel):
    """One published figure to compare a measure with: its value, the period it covers and its source."""

    key = models.SlugField(
        max_length=80, unique=True, help_text="A stable name, so reloading the data adds only new rows"
    )
    measure = models.CharField(max_length=30, choices=MeasureKey.choices)
    comparator = models.CharField(max_length=20, choices=Comparator.choices)
    label = models.CharField(max_length=150, help_text="Who the figure describes, like 'England' or 'Trafford'")
    value = models.DecimalField(max_digits=9, decimal_places=2)
    period = models.CharField(max_length=80, help_text="The year or survey the figure comes from")
    source = models.TextField(help_text="The publication, and where the figure is in it")
    derivation = models.TextField(
        blank=True, help_text="How the figure was worked out, when it was not published as such"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Shown beside the measures")

    class Meta:
        ordering = ["measure", "sort_order", "id"]
        constraints = [models.CheckConstraint(condition=~Q(source=""), name="benchmark_has_source")]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} ({self.period})"


def _range(low, high) -> list:
    return [
        MinValueValidator(low, message=f"Enter a number of {low} or more"),
        MaxValueValidator(high, message=f"Enter a number of {high} or less"),
    ]


def _between(label: str, default: str, low, high, max_digits: int = 4, decimal_places: int = 2) -> models.DecimalField:
    """A decimal setting the LA may change, kept between ``low`` and ``high``."""
    return models.DecimalField(
        label,
        max_digits=max_digits,
        decimal_places=decimal_places,
        default=Decimal(default),
        validators=_range(low, high),
    )


class OversightSettings(models.Model):
    """The LA's thresholds for flagging a school as an outlier, and for spend "in line" with budget.

    One row (id 1). ``current()`` gives the defaults without writing them if the LA never
    changed them. None of these values is set by statute: seed 001 asks for a "level
    playing field" but names no threshold, so each is the LA's to agree with its schools.
    """

    use_ratio = _between("a school's use of AP counts as high above this many times its share", "1.50", 1, 10)
    exclusion_ratio = _between(
        "a school's permanent exclusion rate counts as high above this many times the area's", "2.00", 1, 10
    )
    suspension_ratio = _between(
        "a school's suspension rate counts as high above this many times the area's", "2.00", 1, 10
    )
    contribution_ratio = _between(
        "a school takes back too few pupils below this fraction of its share", "0.50", 0, 1, max_digits=3
    )
    min_pupils = models.PositiveSmallIntegerField(
        "pupils placed before a school's use is compared with its share",
        default=3,
        validators=_range(1, 100),
    )
    fsm_weight = _between(
        "extra weight of a pupil eligible for free school meals, where the funding formula gives no share",
        "1.00",
        0,
        10,
    )
    spend_tolerance_percent = _between(
        "spend is in line with budget within this many per cent either side", "5.0", 0, 50, decimal_places=1
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    FIELDS = [
        "use_ratio",
        "exclusion_ratio",
        "suspension_ratio",
        "contribution_ratio",
        "min_pupils",
        "fsm_weight",
        "spend_tolerance_percent",
    ]

    class Meta:
        verbose_name_plural = "oversight settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="oversight_settings_single_row")]

    def __str__(self) -> str:
        return "Oversight thresholds"

    @classmethod
    def current(cls) -> OversightSettings:
        """The LA's thresholds, or the defaults if it has never changed them (not saved)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
