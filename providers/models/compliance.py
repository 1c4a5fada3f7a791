"""Compliance documents: policies, checks, insurance and risk assessments, each with an expiry date.

Files are stored under settings.PRIVATE_STORAGE_ROOT and are served only through the
permission-checked download view, never as static or media files.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q

from core.models import TimestampedModel
from providers.models.directory import Provider


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_STORAGE_ROOT/providers, read from settings each time (tests move it)."""

    @property
    def base_location(self):
        return Path(settings.PRIVATE_STORAGE_ROOT) / "providers"

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):
        return None


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage


def document_path(instance: ComplianceDocument, filename: str) -> str:
    # The stored name never uses the uploader's file name, which stays in original_name.
    return f"{instance.provider_id}/{instance.token}.{instance.file_type}"


class ComplianceDocument(TimestampedModel):
    """One compliance document a provider holds, with the date it was issued and the date it expires."""

    class Kind(models.TextChoices):
        SAFEGUARDING_POLICY = "safeguarding_policy", "Safeguarding and child protection policy"
        SAFEGUARDING_LEAD = "safeguarding_lead", "Named designated safeguarding lead (training certificate)"
        DBS_SCR = "dbs_scr", "Enhanced DBS checks and single central record"
        INSURANCE = "insurance", "Employer's and public liability insurance"
        HEALTH_SAFETY = "health_safety", "Health and safety risk assessment"
        PREMISES = "premises", "Premises check (fire safety and suitability)"

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        JPEG = "jpg", "JPEG image"
        PNG = "png", "PNG image"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    named_person = models.CharField(max_length=150, blank=True, help_text="For the safeguarding lead: the person named")
    issued_on = models.DateField()
    expires_on = models.DateField()
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    file_type = models.CharField(max_length=4, choices=FileType.choices)
    original_name = models.CharField(max_length=200)
    size_bytes = models.PositiveIntegerField()
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_on__gt=F("issued_on")), name="document_expires_after_issue"),
        ]
        indexes = [models.Index(fields=["provider", "kind", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.provider}"
