"""Compliance documents: upload (checked by content, size and dates), verification, and downloads.

A document is checked completely before anything is written; if saving the row fails
after the file is stored, the file is removed again, so nothing is half-saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from providers.models import ComplianceDocument, Provider
from providers.services import local_today
from providers.validation import check_upload


def add_document(
    *, by, provider: Provider, kind: str, issued_on, expires_on, upload, title: str = "", named_person: str = ""
) -> ComplianceDocument:
    """Store a compliance document with its issue and expiry dates. The newest of a kind is the current one."""
    title, named_person = (title or "").strip(), (named_person or "").strip()
    errors: dict[str, str] = {}
    if kind not in ComplianceDocument.Kind.values:
        errors["kind"] = "Choose the kind of document"
    if issued_on is None:
        errors["issued_on"] = "Enter the date the document was issued"
    elif issued_on > local_today():
        errors["issued_on"] = "The issue date must be today or in the past"
    if expires_on is None:
        errors["expires_on"] = "Enter the date the document expires or is due for review"
    elif issued_on is not None and expires_on <= issued_on:
        errors["expires_on"] = "The expiry date must be after the issue date"
    if kind == ComplianceDocument.Kind.SAFEGUARDING_LEAD and not named_person:
        errors["named_person"] = "Enter the name of the designated safeguarding lead"
    if len(title) > 200:
        errors["title"] = "The description must be 200 characters or fewer"
    try:
        file_type = check_upload(upload)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        file_type = None
    if errors:
        raise ValidationError(errors)
    document = ComplianceDocument(
        provider=provider,
        kind=kind,
        title=title,
        named_person=named_person,
        issued_on=issued_on,
        expires_on=expires_on,
        file_type=file_type,
        original_name=upload.name[-200:],
        size_bytes=upload.size,
        created_by=by,
        updated_by=by,
    )
    stored = None
    try:
        with transaction.atomic():
            document.file.save(f"{document.token}.{file_type}", upload, save=False)
            stored = document.file.name
            document.save()
            audit.record(
                by=by,
                action="create",
                obj=document,
                summary=f"{document.get_kind_display()} for {provider.name} uploaded (expires {expires_on:%-d %B %Y})",
            )
    except Exception:
        if stored:
            document.file.storage.delete(stored)
        raise
    return document


def verify_document(*, by, document: ComplianceDocument) -> ComplianceDocument:
    """The LA records that it has checked a document."""
    if document.verified_on is not None:
        raise ValidationError({"document": "This document has already been checked"})
    with transaction.atomic():
        moved = ComplianceDocument.objects.filter(pk=document.pk, verified_on__isnull=True).update(
            verified_by=by, verified_on=local_today(), updated_by=by, updated_at=timezone.now()
        )
        if moved != 1:
            raise ValidationError({"document": "This document has already been checked"})
        document.refresh_from_db()
        audit.record(
            by=by,
            action="update",
            obj=document,
            summary=f"{document.get_kind_display()} for {document.provider.name} checked",
        )
    return document


def record_download(*, by, document: ComplianceDocument) -> None:
    audit.record(
        by=by,
        action="view",
        obj=document,
        summary=f"{document.get_kind_display()} for {document.provider.name} downloaded",
    )
