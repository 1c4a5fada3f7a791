"""Pages for the term dates (school-day calendar) and the reference code lists."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.policy import policy
from core import services
from core.calendar import get_non_school_day, term_dates_overview
from core.codes import all_code_lists, categories_in, codes_of, get_code, get_code_list
from core.forms import CodeForm, NonSchoolDayForm, TermPeriodForm
from core.govuk_forms import apply_validation_error
from core.jinja2 import govuk_date
from core.models import Code

# ---------------------------------------------------------------------------------------
# Term dates


@policy("core.view_calendar")
def term_dates(request):
    overview = term_dates_overview(timezone.localdate())
    return render(
        request,
        "core/term_dates.html",
        {**overview, "can_change": request.user.has_perm("core.change_calendar")},
    )


@policy("core.change_calendar")
def term_period_add(request):
    form = TermPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.add_term_period(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{period.name} {period.academic_year} added")
            return redirect("core:term-dates")
    return render(request, "core/term_period_form.html", {"form": form})


@policy("core.change_calendar")
def non_school_day_add(request):
    form = NonSchoolDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            day = services.add_non_school_day(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{day.get_kind_display()} on {govuk_date(day.date)} added")
            return redirect("core:term-dates")
    return render(
        request,
        "core/non_school_day_form.html",
        {"form": form},
    )


@policy("core.change_calendar")
def non_school_day_remove(request, pk: int):
    day = get_non_school_day(pk)
    if day is None:
        raise Http404("No such INSET or closure day")
    if request.method == "POST":
        services.remove_non_school_day(by=request.user, day=day)
        messages.success(request, f"{day.get_kind_display()} on {govuk_date(day.date)} removed")
        return redirect("core:term-dates")
    return render(request, "core/non_school_day_remove.html", {"day": day})


# ---------------------------------------------------------------------------------------
# Reference codes


@policy("core.view_codes")
def code_lists(request):
    return render(request, "core/code_lists.html", {"code_lists": all_code_lists()})


@policy("core.view_codes")
def code_list(request, key: str, version: str):
    found = get_code_list(key, version)
    if found is None:
        raise Http404("No such code list")
    items = codes_of(found)
    return render(
        request,
        "core/code_list.html",
        {
            "code_list": found,
            "codes": items,
            "has_categories": any(item.category for item in items),
            "has_not_confirmed": any(item.confidence == Code.Confidence.NOT_CONFIRMED for item in items),
            "can_change": request.user.has_perm("core.change_code"),
        },
    )


@policy("core.change_code")
def code_edit(request, pk: int):
    code = get_code(pk)
    if code is None:
        raise Http404("No such code")
    categories = categories_in(code.code_list)
    initial = {"label": code.label, "category": code.category, "active": "yes" if code.active else "no"}
    form = CodeForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.update_code(by=request.user, code=code, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            changed = (updated.label, updated.category, updated.active) != (code.label, code.category, code.active)
            text = f"Code {code.code} changed" if changed else f"Nothing was changed in code {code.code}"
            messages.success(request, text)
            return redirect("core:code-list", key=code.code_list.key, version=code.code_list.version)
    return render(
        request,
        "core/code_edit.html",
        {"form": form, "code": code},
    )
