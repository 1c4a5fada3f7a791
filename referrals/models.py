"""Requests for support: a school (or the LA) asks the area for help with one pupil.

Read only through referrals.queries (scoped to the user); change only through
referrals.services. The status moves draft -> submitted -> triaged or returned ->
on_agenda -> decided -> closed, one service per step (see services.TRANSITIONS).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from accounts.models import Organisation
from core.models import TimestampedModel
from providers.models import Provider
from pupils.models import EducationEpisode, Pupil
from referrals.storage import private_storage


class Route(models.TextChoices):
    SCHOOL = "school", "School request for support"
    PEX = "pex", "Permanent exclusion"
    FAIR_ACCESS = "fair_access", "Fair access"


class Need(models.TextChoices):
    SEMH = "semh", "Social, emotional and mental health (SEMH)"
    EBSA = "ebsa", "Emotionally based school avoidance (EBSA)"
    MEDICAL = "medical", "Medical"
    SEN = "sen", "Special educational needs (SEN)"
    BEHAVIOUR = "behaviour", "Behaviour"
    OTHER = "other", "Other"


class Tier(models.TextChoices):
    """The three tiers of the SEND and AP Improvement Plan (2023)."""

    TARGETED = "targeted", "Targeted support in mainstream"
    TIME_LIMITED = "time_limited", "Time-limited placement"
    TRANSITIONAL = "transitional", "Transitional placement"


class ParentAgreement(models.TextChoices):
    NOT_INFORMED = "not_informed", "Not yet informed"
    INFORMED = "informed", "Informed"
    CONSENTED = "consented", "Informed and consented"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    TRIAGED = "triaged", "Triaged, waiting for a panel"
    RETURNED = "returned", "Returned for more information"
    ON_AGENDA = "on_agenda", "On a panel agenda"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = [Status.DRAFT, Status.SUBMITTED, Status.TRIAGED, Status.RETURNED, Status.ON_AGENDA, Status.DECIDED]


class Request(TimestampedModel):
    """One request for support for one pupil."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="support_requests")
    school = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_requests",
        help_text="The referring or home school (the excluding school for a permanent exclusion)",
    )
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.SCHOOL)
    exclusion = models.ForeignKey(
        EducationEpisode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a permanent exclusion: the exclusion on the pupil's record",
    )
    need = models.CharField(max_length=20, choices=Need.choices)
    need_detail = models.TextField("what the pupil needs", blank=True)
    tier = models.CharField(max_length=20, choices=Tier.choices)
    child_views = models.TextField("the child's views", blank=True)
    parent_views = models.TextField("the parent's or carer's views", blank=True)
    parent_agreement = models.CharField(
        "parent or carer informed",
        max_length=20,
        choices=ParentAgreement.choices,
        default=ParentAgreement.NOT_INFORMED,
    )
    preferred_providers = models.ManyToManyField(Provider, blank=True, related_name="+")
    risks = models.TextField("risks", blank=True)
    safeguarding = models.TextField("safeguarding notes", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triage_notes = models.TextField(blank=True)
    returned_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["school", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(route="pex") | Q(exclusion__isnull=False), name="request_pex_names_exclusion"
            ),
            models.CheckConstraint(
                condition=~Q(route="school") | Q(school__isnull=False), name="request_school_route_has_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_need_display()}"

    @property
    def reference(self) -> str:
        return f"REQ-{self.pk:05d}" if self.pk else "REQ-new"


class GraduatedResponse(TimestampedModel):
    """Something the school already tried: what, when, and how it went."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="graduated_responses")
    what = models.CharField(max_length=300)
    started = models.DateField()
    ended = models.DateField(null=True, blank=True)
    outcome = models.TextField()

    class Meta:
        ordering = ["started", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=F("started")), name="graduated_response_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.what


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never uses the uploader's file name, which stays in original_name.
    return f"{instance.request_id}/{instance.token}.{instance.kind}"


class Attachment(TimestampedModel):
    """A document attached to a request, stored privately and served only after a permission check."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        JPEG = "jpg", "JPEG image"
        PNG = "png", "PNG image"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    size = models.PositiveIntegerField()
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "jpg": "image/jpeg",
            "png": "image/png",
        }[self.kind]
