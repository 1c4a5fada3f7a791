"""The QA framework the LA configures (domains, criteria, judgement scale) and the LA's settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts.policy import policy
from core.govuk_forms import apply_validation_error
from providers import queries, services, services_qa
from providers.forms import SettingsForm
from providers.forms_qa import CriterionForm, DomainForm, LevelForm
from providers.models import DirectorySettings


@policy("providers.view_qa_framework")
def framework(request):
    return render(
        request,
        "providers/framework.html",
        {
            "domains": list(queries.all_domains()),
            "levels": list(queries.all_levels()),
            "can_change": request.user.has_perm("providers.change_qa_framework"),
        },
    )


def _edit_page(request, *, form, save, title: str, caption: str = ""):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The QA framework has been saved")
            return redirect("providers:qa-framework")
    return render(request, "providers/framework_form.html", {"form": form, "title": title, "caption": caption})


@policy("providers.change_qa_framework")
def domain_add(request):
    form = DomainForm(request.POST or None, initial={"active": True, "sort_order": queries.all_domains().count() + 1})
    return _edit_page(
        request, form=form, title="Add a domain", save=lambda data: services_qa.save_domain(by=request.user, **data)
    )


@policy("providers.change_qa_framework")
def domain_edit(request, pk):
    domain = queries.domain_or_404(pk)
    initial = {
        "name": domain.name,
        "description": domain.description,
        "sort_order": domain.sort_order,
        "active": domain.active,
    }
    form = DomainForm(request.POST or None, initial=initial)
    return _edit_page(
        request,
        form=form,
        title="Change a domain",
        caption=domain.name,
        save=lambda data: services_qa.save_domain(by=request.user, domain=domain, **data),
    )


@policy("providers.change_qa_framework")
def criterion_add(request, pk):
    domain = queries.domain_or_404(pk)
    form = CriterionForm(request.POST or None, initial={"active": True, "sort_order": domain.criteria.count() + 1})
    return _edit_page(
        request,
        form=form,
        title="Add a criterion",
        caption=domain.name,
        save=lambda data: services_qa.save_criterion(by=request.user, domain=domain, **data),
    )


@policy("providers.change_qa_framework")
def criterion_edit(request, pk):
    criterion = queries.criterion_or_404(pk)
    initial = {"text": criterion.text, "sort_order": criterion.sort_order, "active": criterion.active}
    form = CriterionForm(request.POST or None, initial=initial)
    return _edit_page(
        request,
        form=form,
        title="Change a criterion",
        caption=criterion.domain.name,
        save=lambda data: services_qa.save_criterion(
            by=request.user, domain=criterion.domain, criterion=criterion, **data
        ),
    )


@policy("providers.change_qa_framework")
def level_add(request):
    form = LevelForm(request.POST or None, initial={"active": True, "prompts_escalation": False})
    return _edit_page(
        request,
        form=form,
        title="Add a judgement to the scale",
        save=lambda data: services_qa.save_level(by=request.user, **data),
    )


@policy("providers.change_qa_framework")
def level_edit(request, pk):
    level = queries.level_or_404(pk)
    initial = {
        "rank": level.rank,
        "label": level.label,
        "description": level.description,
        "prompts_escalation": level.prompts_escalation,
        "active": level.active,
    }
    form = LevelForm(request.POST or None, initial=initial)
    return _edit_page(
        request,
        form=form,
        title="Change a judgement",
        caption=level.label,
        save=lambda data: services_qa.save_level(by=request.user, level=level, **data),
    )


@policy("providers.change_settings")
def settings_page(request):
    current = DirectorySettings.load()
    initial = {name: getattr(current, name) for name in services.SETTINGS_FIELDS}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The settings have been saved")
            return redirect("providers:settings")
    return render(request, "providers/settings.html", {"form": form, "current": current})
