"""A provider keeps its entry current: programmes, contacts, compliance documents, self-assessment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from accounts.policy import policy
from core.govuk_forms import apply_validation_error
from providers import queries, services, services_documents, services_qa
from providers.forms import ContactForm, DocumentForm, ProgrammeForm
from providers.forms_qa import SelfAssessmentForm
from providers.models import ComplianceDocument

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def _programme_page(request, provider, programme=None):
    initial = {"active": True}
    if programme is not None:
        initial = {name: getattr(programme, name) for name in services.PROGRAMME_FIELDS}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if programme is None:
                services.add_programme(by=request.user, provider=provider, **form.cleaned_data)
            else:
                services.update_programme(by=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The programme has been saved")
            return redirect("providers:detail", pk=provider.pk)
    title = "Change a programme" if programme else "Add a programme"
    return render(request, "providers/programme_form.html", {"form": form, "provider": provider, "title": title})


@policy("providers.change_provider")
def programme_add(request, pk):
    return _programme_page(request, queries.editable_provider_or_404(request.user, pk))


@policy("providers.change_provider")
def programme_edit(request, pk):
    programme = queries.programme_editable_or_404(request.user, pk)
    return _programme_page(request, programme.provider, programme)


@policy("providers.change_provider")
def contact_add(request, pk):
    provider = queries.editable_provider_or_404(request.user, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_contact(by=request.user, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The contact has been added")
            return redirect("providers:detail", pk=provider.pk)
    return render(request, "providers/contact_form.html", {"form": form, "provider": provider})


@policy("providers.change_provider")
def contact_remove(request, pk):
    contact = queries.contact_or_404(request.user, pk)
    provider = contact.provider
    if request.method == "POST":
        services.remove_contact(by=request.user, contact=contact)
        messages.success(request, f"{contact.name} has been removed")
        return redirect("providers:detail", pk=provider.pk)
    return render(request, "providers/contact_remove.html", {"contact": contact, "provider": provider})


@policy("providers.add_document")
def document_add(request, pk):
    provider = queries.editable_provider_or_404(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            services_documents.add_document(by=request.user, provider=provider, upload=upload, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The document has been uploaded")
            return redirect("providers:detail", pk=provider.pk)
    return render(request, "providers/document_form.html", {"form": form, "provider": provider})


@policy("providers.view_documents")
def document_download(request, pk):
    document = queries.document_or_404(request.user, pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file is missing") from None
    services_documents.record_download(by=request.user, document=document)
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=CONTENT_TYPES[document.file_type]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@policy("providers.verify_document")
def document_verify(request, pk):
    document = queries.document_or_404(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            services_documents.verify_document(by=request.user, document=document)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, f"{document.get_kind_display()} marked as checked")
            return redirect("providers:detail", pk=document.provider_id)
    return render(request, "providers/document_verify.html", {"document": document, "error": error})


@policy("providers.self_assess")
def self_assessment(request, pk):
    provider = queries.editable_provider_or_404(request.user, pk)
    domains, levels = list(queries.active_domains()), list(queries.scale())
    previous = queries.latest_self_assessment(provider)
    initial = {}
    if previous is not None:
        initial = {"summary": previous.summary}
        for rating in previous.ratings.all():
            initial[f"domain_{rating.domain_id}"] = str(rating.level_id)
            initial[f"comment_{rating.domain_id}"] = rating.evidence
    form = SelfAssessmentForm(request.POST or None, initial=initial, domains=domains, levels=levels)
    if request.method == "POST" and form.is_valid():
        try:
            services_qa.submit_self_assessment(
                by=request.user, provider=provider, ratings=form.judgements(), summary=form.cleaned_data["summary"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Your self-assessment has been submitted")
            return redirect("providers:detail", pk=provider.pk)
    return render(
        request,
        "providers/self_assessment.html",
        {"form": form, "provider": provider, "levels": levels, "previous": previous, "kinds": ComplianceDocument.Kind},
    )
