"""Escalation and the concerns log: notices to improve, and concerns shared by every commissioner."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from accounts.policy import policy
from core.govuk_forms import apply_validation_error
from providers import queries, services_escalation
from providers.forms_qa import CloseNoticeForm, ConcernForm, ConcernUpdateForm, NoticeForm
from providers.models import Concern, Visit
from providers.queries import today


@policy("providers.issue_notice")
def notice_issue(request, pk):
    provider = queries.provider_or_404(pk)
    visits = queries.visits_visible_to(request.user).filter(provider=provider, status=Visit.Status.COMPLETED)
    initial = {"arising_from_visit": request.GET.get("visit")} if request.GET.get("visit", "").isdigit() else {}
    form = NoticeForm(request.POST or None, visits=visits, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services_escalation.issue_notice(by=request.user, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                f"Notice to improve issued to {provider.name}. A follow-up visit is booked for {notice.improve_by:%-d %B %Y}",
            )
            return redirect("providers:detail", pk=provider.pk)
    return render(request, "providers/notice_form.html", {"form": form, "provider": provider})


@policy("providers.issue_notice")
def notice_close(request, pk):
    notice = queries.notice_or_404(pk)
    form = CloseNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_escalation.close_notice(by=request.user, notice=notice, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The notice to improve has been closed")
            return redirect("providers:detail", pk=notice.provider_id)
    return render(request, "providers/notice_close.html", {"form": form, "notice": notice})


@policy("providers.view_concerns")
def concern_list(request):
    concerns = queries.concerns_visible_to(request.user).order_by("-raised_on", "-id")
    status = request.GET.get("status", "")
    if status in Concern.Status.values:
        concerns = concerns.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in Concern.Kind.values:
        concerns = concerns.filter(kind=kind)
    page = Paginator(concerns, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "providers/concern_list.html",
        {
            "page": page,
            "concerns": page.object_list,
            "status": status,
            "kind": kind,
            "statuses": Concern.Status.choices,
            "kinds": Concern.Kind.choices,
            "can_raise": request.user.has_perm("providers.raise_concern"),
        },
    )


@policy("providers.raise_concern")
def concern_add(request):
    providers = queries.providers_with_organisation().order_by("organisation__name")
    initial = {"raised_on": today()}
    if request.GET.get("provider", "").isdigit():
        initial["provider"] = int(request.GET["provider"])
    form = ConcernForm(request.POST or None, providers=providers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services_escalation.raise_concern(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, "The concern has been logged and shared with everyone who commissions the provider"
            )
            return redirect("providers:concern-detail", pk=concern.pk)
    return render(request, "providers/concern_form.html", {"form": form})


@policy("providers.view_concerns")
def concern_detail(request, pk):
    concern = queries.concern_or_404(request.user, pk)
    can_manage = request.user.has_perm("providers.manage_concern")
    form = (
        ConcernUpdateForm(request.POST or None, initial={"status": concern.status, "response": concern.response})
        if can_manage
        else None
    )
    if request.method == "POST" and can_manage and form.is_valid():
        try:
            services_escalation.update_concern(by=request.user, concern=concern, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The concern has been updated")
            return redirect("providers:concern-detail", pk=concern.pk)
    return render(request, "providers/concern_detail.html", {"concern": concern, "form": form})
