"""Progress pages for one pupil's place at a provider: weekly notes, termly targets, achievements."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from accounts.policy import policy
from attendance import rules, services_progress
from attendance.forms import AchievementForm, NoteForm, TargetsForm, term_choices
from attendance.queries import acting_provider_id, today, visible_component_or_404
from attendance.queries_progress import achievements_for, notes_for, ratings_for_term, target_table, term_label
from core.govuk_forms import apply_validation_error

NOTES_PER_PAGE = 10


def _can_record(user, component) -> bool:
    return (
        user.has_perm("attendance.record_progress") and acting_provider_id(user) == component.provider.organisation_id
    )


@policy("attendance.view_progress")
def progress(request, pk):
    component = visible_component_or_404(request.user, pk)
    page = Paginator(notes_for(component), NOTES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "attendance/progress.html",
        {
            "component": component,
            "pupil": component.placement.pupil,
            "page": page,
            "notes": page.object_list,
            "targets": target_table(component),
            "achievements": achievements_for(component),
            "can_record": _can_record(request.user, component),
            "scale": rules.SCALE,
            "title": f"Progress at {component.provider.name}: {component.placement.pupil.full_name}",
        },
    )


def _note_page(request, component, note=None):
    initial = {"week_of": rules.week_start(today())}
    if note is not None:
        initial = {
            "week_of": note.week_start,
            "summary": note.summary,
            "concerns": note.concerns,
            "next_steps": note.next_steps,
        }
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_progress.save_progress_note(by=request.user, component=component, note=note, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The weekly note has been saved")
            return redirect("attendance:progress", pk=component.pk)
    title = "Change a weekly note" if note else "Add a weekly note"
    return render(request, "attendance/note_form.html", {"form": form, "component": component, "title": title})


@policy("attendance.record_progress")
def note_add(request, pk):
    return _note_page(request, visible_component_or_404(request.user, pk))


@policy("attendance.record_progress")
def note_edit(request, pk, note_pk):
    component = visible_component_or_404(request.user, pk)
    return _note_page(request, component, get_object_or_404(notes_for(component), pk=note_pk))


@policy("attendance.record_progress")
def targets(request, pk):
    component = visible_component_or_404(request.user, pk)
    terms = term_choices(today(), component)
    chosen = request.GET.get("term") or (terms[0][0] if terms else "")
    if chosen not in dict(terms):
        chosen = terms[0][0] if terms else ""
    if not chosen:
        messages.info(request, "This pupil's place here has not started yet, so there are no targets to set")
        return redirect("attendance:progress", pk=component.pk)
    year_text, term = chosen.split("-")
    academic_year = int(year_text)
    existing = ratings_for_term(component, academic_year, term)
    initial = {}
    for area, rating in existing.items():
        initial.update(
            {
                f"{area}_baseline": rating.baseline,
                f"{area}_target": rating.target,
                f"{area}_outcome": rating.outcome,
                f"{area}_comment": rating.comment,
            }
        )
    form = TargetsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_progress.set_targets(
                by=request.user, component=component, academic_year=academic_year, term=term, ratings=form.ratings()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Targets for the {term_label(academic_year, term)} have been saved")
            return redirect("attendance:progress", pk=component.pk)
    return render(
        request,
        "attendance/targets_form.html",
        {
            "form": form,
            "component": component,
            "terms": terms,
            "chosen": chosen,
            "term_label": term_label(academic_year, term),
            "title": "Termly targets",
        },
    )


@policy("attendance.record_progress")
def achievement_add(request, pk):
    component = visible_component_or_404(request.user, pk)
    form = AchievementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_progress.add_achievement(by=request.user, component=component, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The achievement has been recorded")
            return redirect("attendance:progress", pk=component.pk)
    return render(
        request,
        "attendance/achievement_form.html",
        {"form": form, "component": component, "title": "Record a qualification or unit"},
    )
