"""Attendance marks, alerts, and the provider's record of a pupil's progress.

Every table here hangs off a placement component (one provider's part of a placement), so
who may see a row follows from who may see the component: the LA sees all, the home school
its pupils', a provider only its own components (attendance.queries).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from accounts.models import Organisation
from core.models import TimestampedModel


class Session(models.TextChoices):
    AM = "AM", "Morning"
    PM = "PM", "Afternoon"


class AttendanceMark(models.Model):
    """One session's attendance code for a pupil at a provider. Registers are kept six years (SI 2024/208 reg 7)."""

    class Source(models.TextChoices):
        WEB = "web", "Daily register"
        CSV = "csv", "CSV upload"
        API = "api", "API"

    component = models.ForeignKey(
        "placements.PlacementComponent", on_delete=models.PROTECT, related_name="attendance_marks"
    )
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="attendance_marks")
    date = models.DateField()
    session = models.CharField(max_length=2, choices=Session.choices)
    code = models.CharField(max_length=3, help_text="An attendance code (core.codes 'attendance')")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=3, choices=Source.choices, default=Source.WEB)

    class Meta:
        ordering = ["date", "session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "component", "date", "session"], name="attendance_mark_one_per_session"
            ),
            models.CheckConstraint(condition=Q(session__in=["AM", "PM"]), name="attendance_mark_session_am_pm"),
            models.CheckConstraint(condition=~Q(code=""), name="attendance_mark_has_code"),
        ]
        indexes = [models.Index(fields=["component", "date"]), models.Index(fields=["pupil", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.session} {self.code}"


class AlertSettings(models.Model):
    """When a session counts as unmarked: one row the LA edits (defaults 10:30 and 14:30)."""

    DEFAULT_AM = datetime.time(10, 30)
    DEFAULT_PM = datetime.time(14, 30)

    am_deadline = models.TimeField("morning register deadline", default=DEFAULT_AM)
    pm_deadline = models.TimeField("afternoon register deadline", default=DEFAULT_PM)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "alert settings"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="alert_settings_single_row"),
            models.CheckConstraint(
                condition=Q(pm_deadline__gt=models.F("am_deadline")), name="alert_settings_pm_after_am"
            ),
        ]

    def __str__(self) -> str:
        return f"Registers due by {self.am_deadline:%H:%M} and {self.pm_deadline:%H:%M}"

    @classmethod
    def current(cls) -> AlertSettings:
        """The LA's settings, or the defaults if it has never changed them (not saved)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def deadline(self, session: str) -> datetime.time:
        return self.am_deadline if session == Session.AM else self.pm_deadline


class Alert(models.Model):
    """Something about an expected session that the home school and the LA must know today.

    Raised once: the natural key (kind, date, session and component, or provider for a
    missing register) is unique in the database, so running the checks again adds nothing.
    """

    class Kind(models.TextChoices):
        ABSENT = "absent", "Absent without a reason"
        UNMARKED = "unmarked", "Not marked"
        REGISTER_MISSING = "register_missing", "Register not submitted"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    session = models.CharField(max_length=2, choices=Session.choices)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    component = models.ForeignKey(
        "placements.PlacementComponent", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    pupil = models.ForeignKey("pupils.Pupil", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    home_school = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=3, blank=True)
    raised_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "session", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "date", "session", "component"],
                condition=Q(component__isnull=False),
                name="alert_once_per_pupil_session",
            ),
            models.UniqueConstraint(
                fields=["kind", "date", "session", "provider"],
                condition=Q(component__isnull=True),
                name="alert_once_per_register",
            ),
            models.CheckConstraint(
                condition=(Q(kind="register_missing") & Q(component__isnull=True) & Q(pupil__isnull=True))
                | (~Q(kind="register_missing") & Q(component__isnull=False) & Q(pupil__isnull=False)),
                name="alert_pupil_alerts_name_a_pupil",
            ),
        ]
        indexes = [models.Index(fields=["date", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} {self.session}"


class ProgressNote(TimestampedModel):
    """The provider's weekly monitoring note on a pupil."""

    component = models.ForeignKey(
        "placements.PlacementComponent", on_delete=models.PROTECT, related_name="progress_notes"
    )
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="progress_notes")
    week_start = models.DateField(help_text="The Monday of the week the note covers")
    summary = models.TextField("How the week went")
    concerns = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)

    class Meta:
        ordering = ["-week_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["component", "week_start"], name="progress_note_one_per_week"),
        ]

    def __str__(self) -> str:
        return f"Week of {self.week_start}"


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class TargetArea(models.TextChoices):
    INTERACTION = "interaction", "Interaction"
    MOTIVATION = "motivation", "Motivation"
    RELIABILITY = "reliability", "Reliability"
    PUNCTUALITY = "punctuality", "Punctuality"
    ATTENDANCE = "attendance", "Attendance"


class Term(models.TextChoices):
    AUTUMN = "autumn", "Autumn term"
    SPRING = "spring", "Spring term"
    SUMMER = "summer", "Summer term"


class TargetRating(TimestampedModel):
    """One area's termly target on the fixed 1 to 5 scale: where the pupil started the term, the aim, where they got to."""

    component = models.ForeignKey("placements.PlacementComponent", on_delete=models.PROTECT, related_name="targets")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="target_ratings")
    area = models.CharField(max_length=20, choices=TargetArea.choices)
    academic_year = models.PositiveSmallIntegerField(help_text="The year the academic year starts (2025 = 2025/26)")
    term = models.CharField(max_length=10, choices=Term.choices)
    baseline = models.PositiveSmallIntegerField(validators=SCORE, help_text="At the start of the term")
    target = models.PositiveSmallIntegerField(validators=SCORE, help_text="The aim for the end of the term")
    outcome = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=SCORE, help_text="At the end of the term"
    )
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["academic_year", "term", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "area", "academic_year", "term"], name="target_one_per_area_per_term"
            ),
            models.CheckConstraint(condition=Q(baseline__gte=1, baseline__lte=5), name="target_baseline_1_to_5"),
            models.CheckConstraint(condition=Q(target__gte=1, target__lte=5), name="target_target_1_to_5"),
            models.CheckConstraint(
                condition=Q(outcome__isnull=True) | Q(outcome__gte=1, outcome__lte=5), name="target_outcome_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()} {self.academic_year} {self.term}"


class Achievement(TimestampedModel):
    """A qualification or unit the pupil achieved at the provider."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", "Qualification"
        UNIT = "unit", "Unit"

    class Level(models.TextChoices):
        ENTRY = "entry", "Entry level"
        LEVEL_1 = "1", "Level 1"
        LEVEL_2 = "2", "Level 2"
        LEVEL_3 = "3", "Level 3"
        NONE = "none", "Not levelled"

    component = models.ForeignKey(
        "placements.PlacementComponent", on_delete=models.PROTECT, related_name="achievements"
    )
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="achievements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    awarding_body = models.CharField(max_length=100, blank=True)
    level = models.CharField(max_length=5, choices=Level.choices, default=Level.NONE)
    grade = models.CharField(max_length=30, blank=True)
    achieved_on = models.DateField()

    class Meta:
        ordering = ["-achieved_on", "-id"]

    def __str__(self) -> str:
        return self.title
