"""After the start: reviews, the return to mainstream and its checks, and Year 11 leavers' destinations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.models import TimestampedModel
from placements.models.placement import Placement


class Review(TimestampedModel):
    """A review of progress against the placement's objectives, due on a date and held on another."""

    class Kind(models.TextChoices):
        SIX_WEEKS = "six_weeks", "6-week review"
        TWELVE_WEEKS = "twelve_weeks", "12-week review"
        HALF_TERMLY = "half_termly", "Half-termly review"
        OTHER = "other", "Additional review"

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue the placement as planned"
        EXTEND = "extend", "Ask the panel to extend the placement"
        END = "end", "End the placement"
        RETURN = "return", "Plan the return to mainstream school"

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_date = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    progress = models.TextField("Progress against the objectives", blank=True)
    young_person_views = models.TextField("The young person's views", blank=True)
    parent_views = models.TextField("The parent's or carer's views", blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    next_steps = models.TextField(blank=True)
    # Attendance from the start of the placement to the review, as recorded at the time.
    possible_sessions = models.PositiveIntegerField(null=True, blank=True)
    attended_sessions = models.PositiveIntegerField(null=True, blank=True)
    attendance_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(held_on__isnull=True) | ~Q(outcome=""), name="review_held_has_outcome")
        ]
        indexes = [models.Index(fields=["held_on", "due_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_date}"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


class Return(TimestampedModel):
    """The plan for a pupil's return to mainstream school, and when it happens."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="return_plan")
    school = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", help_text="The school the pupil returns to"
    )
    return_date = models.DateField(help_text="The pupil's first day back at school")
    plan = models.TextField(help_text="How the return will work: timetable, support, who does what")
    dual_registration_ends = models.DateField(
        null=True, blank=True, help_text="When the subsidiary registration at the provider ends"
    )

    def __str__(self) -> str:
        return f"Return to {self.school} on {self.return_date}"


class ReturnCheck(TimestampedModel):
    """A check, after the return, on whether it has held."""

    class Kind(models.TextChoices):
        SIX_WEEKS = "six_weeks", "6 weeks after the return"
        ONE_TERM = "one_term", "A term after the return"

    return_plan = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_date = models.DateField()
    checked_on = models.DateField(null=True, blank=True)
    held = models.BooleanField(null=True, blank=True, help_text="Whether the pupil is still attending the school")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["return_plan", "kind"], name="return_check_one_per_kind"),
            models.CheckConstraint(
                condition=Q(checked_on__isnull=True) | Q(held__isnull=False), name="return_check_records_held"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (due {self.due_date})"


class Destination(TimestampedModel):
    """Where a Year 11 leaver is at one of the set points in the two years after leaving."""

    class Outcome(models.TextChoices):
        EDUCATION = "education", "Education (school sixth form or college)"
        EMPLOYMENT = "employment", "Employment"
        TRAINING = "training", "Training or apprenticeship"
        NEET = "neet", "Not in education, employment or training (NEET)"
        UNKNOWN = "unknown", "Not known"

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="destinations")
    due_date = models.DateField()
    recorded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    detail = models.TextField(blank=True, help_text="For example the college and course, or the employer")

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "due_date"], name="destination_one_per_point"),
            models.CheckConstraint(
                condition=Q(recorded_on__isnull=True) | ~Q(outcome=""), name="destination_recorded_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"Destination due {self.due_date}"
