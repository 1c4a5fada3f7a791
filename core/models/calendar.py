from django.db import models
from django.db.models import F, Q


class AcademicYear(models.Model):
    """An academic year, 1 September to 31 August, named by the year it starts (2025 = 2025/26)."""

    start_year = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["start_year"]

    def __str__(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"


class TermPeriod(models.Model):
    """A run of weeks in which the LA's schools are open: a half term, usually six a year."""

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(max_length=60)
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="term_period_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.academic_year} ({self.start_date} to {self.end_date})"


class NonSchoolDay(models.Model):
    """A weekday inside a term period when pupils are not taught: INSET or an LA-wide closure."""

    class Kind(models.TextChoices):
        INSET = "inset", "INSET day"
        CLOSURE = "closure", "Closure"

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INSET)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
