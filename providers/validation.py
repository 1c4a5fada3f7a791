"""Checks on input that need more than one field: uploaded files, ages and prices.

A file is accepted only when its first bytes say it is a PDF, a Word document (DOCX), a
JPEG or a PNG and its name agrees; the size limit is settings.MAX_UPLOAD_BYTES.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

from providers import rules
from providers.models.directory import MAX_AGE, MIN_AGE

EXTENSIONS = {"pdf": "pdf", "docx": "docx", "jpg": "jpg", "jpeg": "jpg", "png": "png"}
ACCEPTED = "PDF, Word (.docx), JPEG or PNG"


def sniff(head: bytes) -> str | None:
    """The file type its first bytes show: pdf, docx (a zip holding word/), jpg, png, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    return None


def _is_word_document(upload) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)


def check_upload(upload, *, field: str = "file") -> str:
    """Return the file type of an acceptable upload, or raise a ValidationError on ``field``."""
    if upload is None:
        raise ValidationError({field: "Choose a file to upload"})
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", 0) or 0
    limit = settings.MAX_UPLOAD_BYTES
    if size == 0:
        raise ValidationError({field: "The selected file is empty"})
    if size > limit:
        raise ValidationError({field: f"The selected file must be smaller than {limit // (1024 * 1024)}MB"})
    extension = EXTENSIONS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
    if extension is None:
        raise ValidationError({field: f"The selected file must be a {ACCEPTED}"})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    detected = sniff(head)
    if detected == "docx" and not _is_word_document(upload):
        detected = None
    if detected is None:
        raise ValidationError({field: f"The selected file is not a real {ACCEPTED} file"})
    if detected != extension:
        raise ValidationError(
            {
                field: f"The selected file's name ends .{name.rsplit('.', 1)[-1].lower()} but it is a {detected.upper()} file"
            }
        )
    return detected


def check_ages(min_age: int | None, max_age: int | None, *, required: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key, value in (("min_age", min_age), ("max_age", max_age)):
        if value is None:
            if required:
                errors[key] = "Enter the " + ("youngest" if key == "min_age" else "oldest") + " age"
        elif not MIN_AGE <= value <= MAX_AGE:
            errors[key] = f"Ages must be between {MIN_AGE} and {MAX_AGE}"
    if not errors and min_age is not None and max_age is not None and max_age < min_age:
        errors["max_age"] = "The oldest age must be the same as or more than the youngest age"
    if (min_age is None) != (max_age is None) and not errors:
        errors["max_age" if max_age is None else "min_age"] = "Enter both the youngest and the oldest age, or neither"
    return errors


def check_prices(prices: dict[str, int | None]) -> dict[str, str]:
    errors = {field: problem for field, pence in prices.items() if (problem := rules.price_problem(field, pence))}
    if not errors and all(p is None for p in prices.values()):
        errors["price_per_day_pence"] = "Enter at least one price: per place a year, per day or per session"
    return errors
