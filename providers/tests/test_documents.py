"""Compliance documents: checked by content, size and dates; stored privately; downloaded only with permission."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from providers import services_documents
from providers.models import ComplianceDocument
from providers.tests.conftest import D, docx_upload, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def add(area, by, upload, **overrides):
    fields = {"kind": "insurance", "issued_on": D(2025, 4, 1), "expires_on": D(2026, 3, 31)}
    fields.update(overrides)
    return services_documents.add_document(by=by, provider=area.provider, upload=upload, **fields)


def errors(excinfo):
    return excinfo.value.message_dict


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("make", [pdf_upload, png_upload, docx_upload])
def test_accepted_types_are_stored_privately(area, manager, private_files, make):
    document = add(area, manager, make())
    path = Path(document.file.path)
    assert path.is_file() and str(path).startswith(str(private_files.resolve()))
    assert document.original_name == make().name and document.file_type in {"pdf", "png", "docx"}
    assert path.name == f"{document.token}.{document.file_type}"  # never the uploader's file name


def test_a_renamed_file_is_refused_by_its_magic_bytes(area, manager, private_files):
    fake = SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 this is really a program", content_type="application/pdf")
    with pytest.raises(ValidationError) as excinfo:
        add(area, manager, fake)
    assert "not a real PDF, Word (.docx), JPEG or PNG file" in errors(excinfo)["file"][0]
    assert not ComplianceDocument.objects.exists()
    assert stored_files(private_files) == []


def test_a_png_named_pdf_is_refused(area, manager):
    with pytest.raises(ValidationError) as excinfo:
        add(area, manager, png_upload(name="policy.pdf"))
    assert "ends .pdf but it is a PNG file" in errors(excinfo)["file"][0]


def test_a_zip_that_is_not_a_word_document_is_refused(area, manager):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "x")
    with pytest.raises(ValidationError) as excinfo:
        add(area, manager, SimpleUploadedFile("policy.docx", buffer.getvalue()))
    assert "file" in errors(excinfo)


@pytest.mark.parametrize("name", ["policy.exe", "policy", "policy.txt"])
def test_wrong_extensions_are_refused(area, manager, name):
    with pytest.raises(ValidationError) as excinfo:
        add(area, manager, pdf_upload(name=name))
    assert "must be a PDF, Word (.docx), JPEG or PNG" in errors(excinfo)["file"][0]


def test_too_large_a_file_is_refused(area, manager, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    big = pdf_upload(body=b"%PDF-1.4\n" + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as excinfo:
        add(area, manager, big)
    assert "smaller than 1MB" in errors(excinfo)["file"][0]


def test_expiry_before_issue_is_refused_and_nothing_saved(area, manager, private_files):
    with pytest.raises(ValidationError) as excinfo:
        add(area, manager, pdf_upload(), issued_on=D(2025, 4, 1), expires_on=D(2025, 3, 1))
    assert errors(excinfo)["expires_on"] == ["The expiry date must be after the issue date"]
    assert not ComplianceDocument.objects.exists()
    assert stored_files(private_files) == []


def test_issue_date_in_the_future_and_missing_named_lead(area, manager):
    with pytest.raises(ValidationError) as excinfo:
        add(area, manager, pdf_upload(), kind="safeguarding_lead", issued_on=D(2025, 12, 1), expires_on=D(2026, 12, 1))
    assert set(errors(excinfo)) == {"issued_on", "named_person"}


def test_download_is_permission_checked_and_audited(area, manager, client_as):
    document = add(area, manager, pdf_upload())
    url = reverse("providers:document-download", args=[document.pk])
    response = client_as("school_leader").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="policy.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(object_type="providers.compliancedocument", action="view").count() == 1
    assert client_as("school_staff").get(url).status_code == 403


def test_another_providers_users_cannot_download(area, manager, client_as):
    from providers.tests.conftest import make_user

    document = add(area, manager, pdf_upload())
    other = make_user("staff@other.example.org", area.provider_b.organisation, "provider_staff")
    from django.test import Client

    client = Client()
    client.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("providers:document-download", args=[document.pk])).status_code == 404


def test_upload_through_the_page_and_errors_on_the_form(area, client_as):
    client = client_as("provider_manager")
    url = reverse("providers:document-add", args=[area.provider.pk])
    data = {
        "kind": "premises",
        "issued_on-day": "1",
        "issued_on-month": "9",
        "issued_on-year": "2025",
        "expires_on-day": "1",
        "expires_on-month": "8",
        "expires_on-year": "2025",
        "file": pdf_upload(),
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "The expiry date must be after the issue date" in page
    assert 'href="#expires_on-day"' in page  # the error summary links to the field
    data.update({"expires_on-year": "2026", "file": pdf_upload()})
    assert client.post(url, data).status_code == 302
    assert ComplianceDocument.objects.get().kind == "premises"


def test_la_verifies_a_document(area, manager, qa):
    document = add(area, manager, pdf_upload())
    services_documents.verify_document(by=qa, document=document)
    assert document.verified_by == qa and document.verified_on == D(2025, 11, 20)
    with pytest.raises(ValidationError):
        services_documents.verify_document(by=qa, document=document)
