"""Directory pages: the searchable list, the provider page, adding and editing an entry, its status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from accounts.policy import policy
from core.govuk_forms import apply_validation_error
from providers import commissioning, listing, queries, rules, services
from providers.forms import DirectoryFilterForm, ProviderForm, StatusForm
from providers.models import ComplianceDocument, DirectorySettings, FrameworkStatus
from providers.queries import today

PAGE_SIZE = 25


def _localities():
    return queries.localities()


def _filters(form: DirectoryFilterForm, la: bool) -> listing.DirectoryFilters:
    if not form.is_valid():
        return listing.DirectoryFilters()
    data = form.cleaned_data
    return listing.DirectoryFilters(
        query=(data.get("q") or "").strip(),
        need=data.get("need") or "",
        vocational_area=data.get("vocational_area") or "",
        accreditation=data.get("accreditation") or "",
        age=data.get("age"),
        locality_id=int(data["locality"]) if data.get("locality") else None,
        available_only=bool(data.get("available")),
        max_day_price_pence=data.get("max_price"),
        english_and_maths=bool(data.get("english_maths")),
        provider_type=data.get("provider_type") or "",
        status=(data.get("status") or "") if la else "",
    )


@policy("providers.view_directory")
def directory(request):
    la = queries.is_la_viewer(request.user)
    form = DirectoryFilterForm(request.GET or None, needs=queries.all_needs(), localities=_localities())
    entries = listing.search(request.user, _filters(form, la), today=today())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "providers/directory.html",
        {
            "form": form,
            "page": page,
            "entries": page.object_list,
            "total": len(entries),
            "is_la": la,
            "filtered": bool(request.GET.dict().keys() - {"page"}),
            "can_add": request.user.has_perm("providers.add_provider"),
            "own_provider": queries.own_provider_id(request.user),
        },
    )


@policy("providers.view_provider")
def provider_detail(request, pk):
    provider = queries.provider_or_404(pk)
    user = request.user
    on = today()
    settings = DirectorySettings.load()
    entry = listing.entry_for(provider, today=on)
    provider = entry.provider
    can_edit = queries.providers_editable_by(user).filter(pk=provider.pk).exists()
    own = queries.own_provider_id(user) == provider.pk
    sees_documents = user.has_perm("providers.view_documents") and (not queries.own_provider_id(user) or own)
    visits = list(queries.visits_for_provider(user, provider)) if user.has_perm("providers.view_visits") else None
    latest_visit = next((v for v in visits or [] if v.status == "completed"), None)
    concerns = None
    if user.has_perm("providers.view_concerns"):
        concerns = list(queries.concerns_visible_to(user).filter(provider=provider)[:20])
    return render(
        request,
        "providers/detail.html",
        {
            "provider": provider,
            "entry": entry,
            "today": on,
            "settings": settings,
            "all_programmes": list(provider.programmes.order_by("-active", "name", "id"))
            if can_edit
            else entry.programmes,
            "contacts": list(provider.contacts.order_by("kind", "name")),
            "documents": list(entry.compliance.documents.values()) if sees_documents else None,
            "kinds": ComplianceDocument.Kind.choices,
            "document_state": lambda d: rules.document_state(d.expires_on, on, settings.document_warning_days),
            "status_history": list(queries.status_history(provider)[:20]),
            "changes": list(queries.directory_changes(provider)[:30]),
            "visits": visits,
            "latest_visit": latest_visit,
            "latest_judgements": list(queries.visit_judgements(latest_visit)) if latest_visit else [],
            "notices": list(queries.notices_for(provider))
            if user.has_perm("providers.view_qa_dashboard") or own
            else None,
            "concerns": concerns,
            "self_assessment": queries.latest_self_assessment(provider)
            if (own or queries.is_la_viewer(user))
            else None,
            "pupils_placed": commissioning.pupils_placed_count(provider, on) if queries.is_la_viewer(user) else None,
            "can_edit": can_edit,
            "own": own,
            "can_change_status": user.has_perm("providers.change_framework_status"),
            "can_acknowledge": user.has_perm("providers.acknowledge_changes"),
            "can_add_document": can_edit and user.has_perm("providers.add_document"),
            "can_verify": user.has_perm("providers.verify_document"),
            "can_schedule": user.has_perm("providers.schedule_visit")
            and provider.framework_status != FrameworkStatus.DECOMMISSIONED,
            "can_issue_notice": user.has_perm("providers.issue_notice"),
            "can_raise_concern": user.has_perm("providers.raise_concern"),
            "can_self_assess": own and user.has_perm("providers.self_assess"),
            "can_see_pupils": user.has_perm("providers.view_pupils_to_move"),
        },
    )


def _provider_form(request, provider=None):
    initial = {}
    if provider is not None:
        initial = {name: getattr(provider, name) for name in services.PROVIDER_FIELDS if name != "locality"}
        initial.update(name=provider.name, locality=provider.locality_id, needs=[n.pk for n in provider.needs.all()])
    return ProviderForm(request.POST or None, initial=initial, localities=_localities(), needs=queries.all_needs())


def _provider_fields(form) -> dict:
    data = dict(form.cleaned_data)
    for key in (
        "urn",
        "ukprn",
        "setting_type",
        "ofsted_status",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "host_local_authority",
        "description",
        "website",
        "email",
        "phone",
    ):
        data[key] = data.get(key) or ""
    data["postcode"] = data["postcode"].upper()
    return data


@policy("providers.add_provider")
def provider_add(request):
    form = _provider_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.create_provider(by=request.user, **_provider_fields(form))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                f"{provider.name} has been added to the directory. It is not on the approved list until the LA approves it",
            )
            return redirect("providers:detail", pk=provider.pk)
    return render(request, "providers/provider_form.html", {"form": form, "provider": None, "title": "Add a provider"})


@policy("providers.change_provider")
def provider_edit(request, pk):
    provider = queries.editable_provider_or_404(request.user, pk)
    form = _provider_form(request, provider)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_provider(by=request.user, provider=provider, **_provider_fields(form))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The directory entry has been saved")
            return redirect("providers:detail", pk=provider.pk)
    return render(
        request,
        "providers/provider_form.html",
        {"form": form, "provider": provider, "title": "Change the directory entry"},
    )


@policy("providers.change_framework_status")
def provider_status(request, pk):
    provider = queries.provider_or_404(pk)
    allowed = services.STATUS_TRANSITIONS.get(provider.framework_status, set())
    form = StatusForm(request.POST or None, allowed=allowed, initial={"to_status": request.GET.get("to", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_framework_status(by=request.user, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            status = provider.get_framework_status_display().lower()
            messages.success(request, f"{provider.name} is now {status}")
            if provider.framework_status == FrameworkStatus.DECOMMISSIONED and request.user.has_perm(
                "providers.view_pupils_to_move"
            ):
                return redirect("providers:pupils-to-move", pk=provider.pk)
            return redirect("providers:detail", pk=provider.pk)
    return render(
        request,
        "providers/status_form.html",
        {"form": form, "provider": provider, "pupils_placed": commissioning.pupils_placed_count(provider, today())},
    )


@policy("providers.view_directory")
def changes(request):
    rows = queries.directory_changes()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "providers/changes.html", {"page": page, "rows": page.object_list})


@policy("providers.acknowledge_changes")
def acknowledge(request, pk):
    provider = queries.provider_or_404(pk)
    if request.method == "POST":
        count = services.acknowledge_changes(by=request.user, provider=provider)
        messages.success(request, f"{count} change{'s' if count != 1 else ''} marked as seen")
        return redirect("providers:detail", pk=provider.pk)
    unseen = [c for c in queries.directory_changes(provider) if c.acknowledged_at is None]
    return render(request, "providers/acknowledge.html", {"provider": provider, "unseen": unseen})
