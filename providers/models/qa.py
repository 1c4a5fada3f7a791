"""Quality assurance: the LA's framework, visits and their judgements, actions, self-assessments,
notices to improve and the concerns log. One shared record for every commissioner.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.models import Organisation
from core.models import TimestampedModel
from providers.models.directory import Provider


class QADomain(TimestampedModel):
    """A domain of the QA framework, like safeguarding and safety. The LA edits the list."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "QA domain"

    def __str__(self) -> str:
        return self.name


class QACriterion(TimestampedModel):
    """What a visitor looks for within a domain."""

    domain = models.ForeignKey(QADomain, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(max_length=300)
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["domain", "sort_order", "id"]
        verbose_name = "QA criterion"
        verbose_name_plural = "QA criteria"

    def __str__(self) -> str:
        return self.text


class JudgementLevel(TimestampedModel):
    """A point on the LA's judgement scale. Rank 1 is the strongest judgement."""

    rank = models.PositiveSmallIntegerField(unique=True)
    label = models.CharField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True)
    prompts_escalation = models.BooleanField(
        default=False, help_text="A judgement at this level should lead to a notice to improve"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.label


class Visit(TimestampedModel):
    """A QA visit to a provider, scheduled then carried out by the LA or a school."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", "Annual visit"
        FOCUS = "focus", "Focus visit"
        FOLLOW_UP = "follow_up", "Follow-up visit"
        PRE_APPROVAL = "pre_approval", "Visit before approval"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    focus = models.CharField(max_length=300, blank=True, help_text="For a focus visit: what it looks at")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_for = models.DateField()
    visiting_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carried_out_on = models.DateField(null=True, blank=True)
    evidence = models.TextField("evidence seen", blank=True)
    pupil_voice = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    overall_level = models.ForeignKey(JudgementLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="completed") | (Q(carried_out_on__isnull=False) & Q(overall_level__isnull=False)),
                name="visit_completed_has_date_and_judgement",
            ),
        ]
        indexes = [models.Index(fields=["provider", "status", "scheduled_for"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.provider} ({self.scheduled_for})"

    @property
    def date(self):
        return self.carried_out_on or self.scheduled_for


class VisitJudgement(models.Model):
    """The judgement a visit made in one domain. The label is kept as it read on the day."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="judgements")
    domain = models.ForeignKey(QADomain, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(JudgementLevel, on_delete=models.PROTECT, related_name="+")
    level_label = models.CharField(max_length=60)
    commentary = models.TextField(blank=True)

    class Meta:
        ordering = ["domain__sort_order", "domain__name"]
        constraints = [models.UniqueConstraint(fields=["visit", "domain"], name="judgement_one_per_domain")]

    def __str__(self) -> str:
        return f"{self.domain}: {self.level_label}"


class VisitAction(TimestampedModel):
    """Something the provider must do after a visit, by a date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="actions")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="qa_actions")
    description = models.CharField(max_length=300)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.description


class SelfAssessment(TimestampedModel):
    """A provider's own judgement of itself against the QA framework."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="self_assessments")
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Self-assessment by {self.provider}"


class SelfAssessmentRating(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    domain = models.ForeignKey(QADomain, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(JudgementLevel, on_delete=models.PROTECT, related_name="+")
    level_label = models.CharField(max_length=60)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["domain__sort_order", "domain__name"]
        constraints = [models.UniqueConstraint(fields=["assessment", "domain"], name="self_rating_one_per_domain")]


class NoticeToImprove(TimestampedModel):
    """A formal notice that a provider must improve by a date, with a follow-up visit to check."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Improvements made"
        NOT_MET = "not_met", "Improvements not made"
        WITHDRAWN = "withdrawn", "Withdrawn"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="notices")
    issued_on = models.DateField()
    improve_by = models.DateField()
    reasons = models.TextField(help_text="What must improve, and why")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    arising_from_visit = models.ForeignKey(
        Visit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices_arising",
        help_text="The visit whose findings led to the notice",
    )
    follow_up_visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(improve_by__gt=F("issued_on")), name="notice_improve_by_after_issue"),
        ]

    def __str__(self) -> str:
        return f"Notice to improve for {self.provider} by {self.improve_by}"


class Concern(TimestampedModel):
    """A safeguarding or quality concern about a provider, shared with everyone who commissions it."""

    class Kind(models.TextChoices):
        SAFEGUARDING = "safeguarding", "Safeguarding"
        QUALITY = "quality", "Quality"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        INVESTIGATING = "investigating", "Being looked into"
        CLOSED = "closed", "Closed"

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="concerns")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    raised_on = models.DateField()
    raised_by_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(max_length=200)
    details = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(blank=True, help_text="What has been done about it")
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["provider", "status"])]

    def __str__(self) -> str:
        return self.summary
