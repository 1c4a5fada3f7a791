"""Pages for a request's graduated-response rows and its attachments.

Attachments are served only here, after the permission and scope checks: the referring
school and LA caseworkers, and panel members whose seat needs the safeguarding detail while
the case is on their agenda. Everyone else gets a 404, as if the file did not exist.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.policy import policy
from core.govuk_forms import apply_validation_error
from referrals import queries, services, services_attachments
from referrals.forms import AttachmentForm, GraduatedResponseForm


@policy("referrals.change_request")
def response_add(request, pk):
    item = queries.editable_request_or_404(request.user, pk)
    if item.status not in services.EDITABLE_STATUSES:
        messages.info(request, f"Request {item.reference} cannot be changed now")
        return redirect("referrals:detail", pk=item.pk)
    form = GraduatedResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_graduated_response(by=request.user, request=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Added to the graduated response")
            return redirect("referrals:detail", pk=item.pk)
    return render(request, "referrals/response_form.html", {"form": form, "item": item})


@policy("referrals.change_request")
def response_remove(request, pk, response_pk):
    item = queries.editable_request_or_404(request.user, pk)
    response = get_object_or_404(item.graduated_responses, pk=response_pk)
    if request.method == "POST":
        try:
            services.remove_graduated_response(by=request.user, response=response)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "Removed from the graduated response")
        return redirect("referrals:detail", pk=item.pk)
    return render(request, "referrals/response_remove.html", {"item": item, "response": response})


@policy("referrals.change_request")
def attachment_add(request, pk):
    item = queries.editable_request_or_404(request.user, pk)
    if item.status not in services_attachments.ADD_STATUSES:
        messages.info(
            request, f"Request {item.reference} is {item.get_status_display().lower()}, so documents cannot be added"
        )
        return redirect("referrals:detail", pk=item.pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services_attachments.add_attachment(
                by=request.user,
                request=item,
                upload=form.cleaned_data["upload"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{attachment.original_name} added")
            return redirect("referrals:detail", pk=item.pk)
    return render(
        request, "referrals/attachment_form.html", {"form": form, "item": item, "max_bytes": settings.MAX_UPLOAD_BYTES}
    )


@policy("referrals.view_attachment")
def attachment_download(request, pk, attachment_pk):
    item = queries.visible_request_or_404(request.user, pk)
    if not queries.access_for(request.user, item).safeguarding:
        raise Http404("No document found")
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The document's file is missing") from None
    services_attachments.record_download(by=request.user, attachment=attachment)
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@policy("referrals.change_request")
def attachment_remove(request, pk, attachment_pk):
    item = queries.editable_request_or_404(request.user, pk)
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    if request.method == "POST":
        try:
            services_attachments.remove_attachment(by=request.user, attachment=attachment)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"{attachment.original_name} removed")
        return redirect("referrals:detail", pk=item.pk)
    return render(request, "referrals/attachment_remove.html", {"item": item, "attachment": attachment})
