"""Attachments to a request: checked by content and size, stored privately, audited.

A file's type is judged from its first bytes (referrals.rules.attachment_kind), never from
its name or the browser's say-so; its size against settings.MAX_UPLOAD_BYTES. A refused
file is never written. The stored name is a random token, so nothing about the pupil or
the uploader's file name appears on disk.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from core import audit
from referrals import rules
from referrals.models import Attachment, Request
from referrals.services import EDITABLE_STATUSES

ADD_STATUSES = EDITABLE_STATUSES | {"submitted", "triaged"}


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def add_attachment(*, by, request: Request, upload, description: str = "") -> Attachment:
    """Attach a PDF, Word, JPEG or PNG file to a request that has not yet gone to a panel."""
    if request.status not in ADD_STATUSES:
        raise ValidationError(
            {
                "upload": f"Request {request.reference} is {request.get_status_display().lower()}, so documents cannot be added"
            }
        )
    description = (description or "").strip()
    if len(description) > 200:
        raise ValidationError({"description": "Keep the description to 200 characters or fewer"})
    if upload is None:
        raise ValidationError({"upload": "Choose a file to upload"})
    limit = settings.MAX_UPLOAD_BYTES
    if not rules.attachment_size_ok(upload.size, limit):
        if upload.size == 0:
            raise ValidationError({"upload": "The selected file is empty"})
        raise ValidationError({"upload": f"The selected file must be smaller than {_megabytes(limit)}"})
    content = upload.read()
    kind = rules.attachment_kind(content)
    if kind is None:
        raise ValidationError({"upload": "The selected file must be a PDF, Word document (DOCX), JPEG or PNG"})
    name = (upload.name or "document").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    attachment = Attachment(
        request=request,
        token=secrets.token_hex(16),
        original_name=name,
        kind=kind,
        size=len(content),
        description=description,
        created_by=by,
        updated_by=by,
    )
    with transaction.atomic():
        attachment.file.save(f"{attachment.token}.{kind}", ContentFile(content), save=False)
        try:
            attachment.save()
            audit.record(
                by=by,
                action="create",
                obj=attachment,
                pupil_id=request.pupil_id,
                summary=f"Document {name} added to {request.reference}",
            )
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def remove_attachment(*, by, attachment: Attachment) -> None:
    """Remove a document from a request that has not yet gone to a panel."""
    request = attachment.request
    if request.status not in ADD_STATUSES:
        raise ValidationError(
            f"Request {request.reference} is {request.get_status_display().lower()}, so documents cannot be removed"
        )
    with transaction.atomic():
        audit.record(
            by=by,
            action="delete",
            obj=attachment,
            pupil_id=request.pupil_id,
            summary=f"Document {attachment.original_name} removed from {request.reference}",
        )
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.storage.delete(attachment.file.name))


def record_download(*, by, attachment: Attachment) -> None:
    audit.record(
        by=by,
        action="view",
        obj=attachment,
        pupil_id=attachment.request.pupil_id,
        summary=f"Document {attachment.original_name} on {attachment.request.reference} opened",
    )
