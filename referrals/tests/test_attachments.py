"""Attachments: type by content, size by setting, private storage, served only after the checks."""

import pathlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from referrals import services_attachments
from referrals.models import Attachment
from referrals.tests.builders import approve, on_agenda, panel_with_meeting, pupil_at, request_at, seat

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def setup(area, user_as):
    approve(area.provider)
    leader, la = user_as("school_leader"), user_as("la_inclusion_officer")
    request = request_at("draft", school_leader=leader, la=la, pupil=pupil_at(area.school_a.organisation))
    return leader, la, request


def stored_files(root) -> list[pathlib.Path]:
    return [p for p in pathlib.Path(root).rglob("*") if p.is_file()]


def test_pdf_is_stored_privately_under_a_random_name(setup, private_files):
    leader, _, request = setup
    attachment = services_attachments.add_attachment(
        by=leader, request=request, upload=upload("EP report (Sam).pdf", PDF)
    )
    assert (
        attachment.kind == "pdf" and attachment.original_name == "EP report (Sam).pdf" and attachment.size == len(PDF)
    )
    (path,) = stored_files(private_files)
    assert path.read_bytes() == PDF
    assert "Sam" not in str(path) and path.name == f"{attachment.token}.pdf"
    assert AuditEvent.objects.get(object_type="referrals.attachment").pupil_id == request.pupil_id


def test_wrong_type_is_refused_whatever_its_name(setup, private_files):
    leader, _, request = setup
    with pytest.raises(ValidationError) as excinfo:
        services_attachments.add_attachment(
            by=leader, request=request, upload=upload("report.pdf", b"MZ\x90\x00 program")
        )
    assert "PDF, Word document (DOCX), JPEG or PNG" in excinfo.value.message_dict["upload"][0]
    assert not Attachment.objects.exists() and stored_files(private_files) == []


def test_too_large_is_refused(setup, private_files, settings):
    leader, _, request = setup
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as excinfo:
        services_attachments.add_attachment(by=leader, request=request, upload=upload("big.pdf", big))
    assert "smaller than 1 MB" in excinfo.value.message_dict["upload"][0]
    assert not Attachment.objects.exists() and stored_files(private_files) == []


def test_upload_page_shows_the_error_on_the_field(setup, client_as):
    _, _, request = setup
    response = client_as("school_leader").post(
        reverse("referrals:attachment-add", args=[request.pk]), {"upload": upload("notes.txt", b"just text")}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content and 'href="#upload"' in content
    assert "must be a PDF" in content


def test_upload_page_saves_a_png(setup, client_as):
    _, _, request = setup
    response = client_as("school_leader").post(
        reverse("referrals:attachment-add", args=[request.pk]),
        {"upload": upload("plan.png", PNG, "image/png"), "description": "Behaviour plan"},
    )
    assert response.status_code == 302
    assert request.attachments.get().kind == "png"


@pytest.fixture
def on_panel(area, user_as, setup):
    leader, la, request = setup
    attachment = services_attachments.add_attachment(by=leader, request=request, upload=upload("report.pdf", PDF))
    from referrals import services

    services.submit_request(by=leader, request=request)
    services.triage_request(by=la, request=request)
    lead = user_as("la_strategic_lead")
    panel, meeting = panel_with_meeting(lead)
    seat(lead, panel, user_as("partner_practitioner"), area.partner.organisation, role="clerk")
    seat(lead, panel, user_as("provider_manager"), area.provider.organisation, role="ap_leader")
    seat(lead, panel, user_as("partnership_chair"), area.partnership.organisation, role="chair")
    on_agenda(la, meeting, request)
    return request, attachment


def url_of(request, attachment):
    return reverse("referrals:attachment", args=[request.pk, attachment.pk])


def test_download_is_private_and_audited(on_panel, client_as):
    request, attachment = on_panel
    response = client_as("school_leader").get(url_of(request, attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(object_type="referrals.attachment", action="view").count() == 1


def test_panel_chair_on_the_agenda_may_open_it(on_panel, client_as):
    assert client_as("partnership_chair").get(url_of(*on_panel)).status_code == 200


def test_a_seat_that_does_not_need_safeguarding_gets_404(on_panel, client_as):
    assert client_as("partner_practitioner").get(url_of(*on_panel)).status_code == 404  # seated as clerk


def test_provider_is_refused_even_on_the_panel(on_panel, client_as):
    assert client_as("provider_manager").get(url_of(*on_panel)).status_code == 403


def test_another_school_gets_404(on_panel, client_as, area):
    assert client_as("school_leader", area.school_b.organisation).get(url_of(*on_panel)).status_code == 404


def test_no_documents_once_on_an_agenda(on_panel):
    request, attachment = on_panel
    with pytest.raises(ValidationError, match="cannot be removed"):
        services_attachments.remove_attachment(by=request.created_by, attachment=attachment)


def test_remove_deletes_the_file(setup, private_files, django_capture_on_commit_callbacks):
    leader, _, request = setup
    attachment = services_attachments.add_attachment(by=leader, request=request, upload=upload("r.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        services_attachments.remove_attachment(by=leader, attachment=attachment)
    assert not Attachment.objects.exists() and stored_files(private_files) == []
