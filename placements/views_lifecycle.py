"""Lifecycle pages: agree, start, cancel, end and extend a placement. Each calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.policy import policy
from core.govuk_forms import apply_validation_error
from placements import queries, services_lifecycle
from placements.forms import CancelForm, EndForm, ExtendForm, StartForm
from placements.models import PlacementStatus
from placements.views import error_messages


def _back(placement) -> str:
    return reverse("placements:detail", args=[placement.pk])


@policy("placements.change_placement")
def agree(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    problems = list(services_lifecycle.readiness_problems(placement).values())
    unavailable = (
        ""
        if placement.status == PlacementStatus.PROPOSED
        else f"This placement is already {placement.get_status_display().lower()}."
    )
    errors = []
    if request.method == "POST" and not unavailable and not problems:
        try:
            services_lifecycle.agree_placement(by=request.user, placement=placement)
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            messages.success(
                request, "The placement is agreed. The provider can now read the agreement and the learner profile"
            )
            return redirect(_back(placement))
    return render(
        request,
        "placements/form.html",
        {
            "form": None,
            "title": "Agree the placement",
            "caption": placement.pupil.full_name,
            "back_url": _back(placement),
            "intro": [
                "Agreeing books a place on each programme in the package and shares the placement agreement "
                "and the learner profile with the provider.",
                f"The home school will mark the pupil with code {placement.home_attendance_code} "
                f"({placement.get_home_attendance_code_display().split(': ', 1)[-1]}) for sessions at the provider.",
            ],
            "problems": problems,
            "unavailable": unavailable,
            "errors": errors,
            "button": "Agree the placement",
        },
    )


@policy("placements.change_placement")
def start(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    back = _back(placement)
    unavailable = ""
    if placement.status == PlacementStatus.PROPOSED:
        unavailable = "A placement cannot start before it is agreed. Agree it first."
    elif placement.status != PlacementStatus.AGREED:
        unavailable = f"This placement is {placement.get_status_display().lower()}, so it cannot start."
    form = StartForm(request.POST or None, initial={"start_date": min(placement.start_date, queries.today())})
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            services_lifecycle.start_placement(
                by=request.user, placement=placement, start_date=form.cleaned_data["start_date"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, "The placement has started and shows on the pupil's record. Reviews are scheduled"
            )
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": "Record that the placement has started",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
            "button": "Start the placement",
            "intro": [
                "The pupil's record will show them in alternative provision from this date"
                + (", dual registered with the provider." if placement.registration_arrangement == "dual" else ".")
            ],
        },
    )


@policy("placements.change_placement")
def cancel(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    back = _back(placement)
    unavailable = ""
    if placement.status not in (PlacementStatus.PROPOSED, PlacementStatus.AGREED):
        unavailable = f"A placement that is {placement.get_status_display().lower()} cannot be cancelled."
    form = CancelForm(request.POST or None)
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            services_lifecycle.cancel_placement(
                by=request.user, placement=placement, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The placement has been cancelled")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": "Cancel the placement",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
            "button": "Cancel the placement",
            "button_classes": "govuk-button--warning",
        },
    )


@policy("placements.change_placement")
def end(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    back = _back(placement)
    unavailable = (
        ""
        if placement.status == PlacementStatus.ACTIVE
        else (f"Only an active placement can end; this one is {placement.get_status_display().lower()}.")
    )
    form = EndForm(request.POST or None)
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            services_lifecycle.end_placement(by=request.user, placement=placement, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The placement has ended")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": "End the placement",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
            "button": "End the placement",
            "intro": [
                f"The placement is planned to end on {placement.planned_end_date:%-d %B %Y}. "
                "For a return to school, record the return plan first: the pupil then stays dual registered "
                "for 3 months after the return."
            ],
        },
    )


@policy("placements.change_placement")
def extend(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    back = _back(placement)
    decisions = queries.extension_decisions(placement)
    unavailable = ""
    if placement.status not in (PlacementStatus.AGREED, PlacementStatus.ACTIVE):
        unavailable = f"A placement that is {placement.get_status_display().lower()} cannot be extended."
    elif not decisions.exists():
        unavailable = (
            "Extending a placement past its planned end needs a panel decision to extend it, and there is "
            "none yet. Put the placement on a panel agenda."
        )
    form = ExtendForm(request.POST or None, decisions=decisions)
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            services_lifecycle.extend_placement(
                by=request.user,
                placement=placement,
                decision=form.cleaned_data["decision"],
                new_planned_end_date=form.cleaned_data["new_planned_end_date"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The placement has been extended")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": "Extend the placement",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
            "button": "Extend the placement",
            "intro": [f"The placement is planned to end on {placement.planned_end_date:%-d %B %Y}."],
        },
    )
