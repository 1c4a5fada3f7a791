"""The end-of-placement survey for the young person and the family, reached through a one-time link."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.models import TimestampedModel
from placements.models.placement import Placement


class Respondent(models.TextChoices):
    YOUNG_PERSON = "young_person", "The young person"
    FAMILY = "family", "The parent, carer or family"


class SurveyInvitation(TimestampedModel):
    """A one-time link to the survey. Only a hash of the link's token is kept; it works once, until it expires."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="survey_invitations")
    respondent = models.CharField(max_length=20, choices=Respondent.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(used_at__lte=models.F("expires_at")),
                name="survey_used_before_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"Survey for {self.get_respondent_display().lower()} ({self.placement_id})"


class SurveyResponse(models.Model):
    """One respondent's answers, attached to the placement."""

    class Rating(models.IntegerChoices):
        VERY_POOR = 1, "Very poor"
        POOR = 2, "Poor"
        OKAY = 3, "Okay"
        GOOD = 4, "Good"
        VERY_GOOD = 5, "Very good"

    class Agreement(models.TextChoices):
        YES = "yes", "Yes"
        MOSTLY = "mostly", "Mostly"
        NO = "no", "No"

    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.CASCADE, related_name="response")
    submitted_at = models.DateTimeField()
    overall = models.PositiveSmallIntegerField(choices=Rating.choices)
    felt_safe = models.CharField(max_length=10, choices=Agreement.choices)
    felt_listened_to = models.CharField(max_length=10, choices=Agreement.choices)
    helped = models.CharField(max_length=10, choices=Agreement.choices)
    went_well = models.TextField(blank=True)
    could_be_better = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(overall__gte=1, overall__lte=5), name="survey_overall_1_to_5")
        ]

    def __str__(self) -> str:
        return f"Survey response {self.pk}"
