"""Pages after the start: reviews, the return to school and its checks, destinations and the survey."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.policy import policy, public
from core.govuk_forms import apply_validation_error
from placements import queries, services_followup, services_survey
from placements.forms import (
    AddReviewForm,
    DestinationForm,
    ReturnCheckForm,
    ReturnForm,
    ReviewForm,
    SurveyForm,
    SurveyInviteForm,
)
from placements.models import PlacementStatus
from placements.views import PAGE_SIZE

UPCOMING_DAYS = 14


def _back(placement) -> str:
    return reverse("placements:detail", args=[placement.pk])


@policy("placements.view_placement_list")
def reviews_due(request):
    """Reviews that are overdue, then those due in the next two weeks, for the user's placements."""
    on = queries.today()
    overdue = queries.overdue_reviews(request.user, on)
    upcoming = queries.overdue_reviews(request.user, on + datetime.timedelta(days=UPCOMING_DAYS + 1)).filter(
        due_date__gte=on
    )
    page = Paginator(overdue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "placements/reviews_due.html",
        {"page": page, "upcoming": list(upcoming[:PAGE_SIZE]), "today": on, "days": UPCOMING_DAYS},
    )


@policy("placements.record_review")
def review(request, pk, review_pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    item = queries.review_or_404(placement, review_pk)
    back = _back(placement)
    initial = {name: getattr(item, name) for name in ReviewForm.base_fields}
    if item.held_on is None:
        initial["held_on"] = min(item.due_date, queries.today())
    form = ReviewForm(request.POST or None, initial=initial)
    unavailable = (
        ""
        if placement.status in (PlacementStatus.ACTIVE, PlacementStatus.ENDED)
        else ("A review can be recorded only once the placement has started.")
    )
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            services_followup.record_review(by=request.user, review=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The review has been recorded")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": f"{item.get_kind_display()} (due {item.due_date:%-d %B %Y})",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
            "intro": [
                "Objectives: " + placement.objectives,
                "Attendance since the start of the placement is added from the registers when you save.",
            ],
        },
    )


@policy("placements.record_review")
def review_add(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    back = _back(placement)
    form = AddReviewForm(request.POST or None)
    unavailable = (
        ""
        if placement.status == PlacementStatus.ACTIVE
        else "Additional reviews can be arranged only while the placement is active."
    )
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            services_followup.add_review(by=request.user, placement=placement, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The additional review has been arranged")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": "Arrange an additional review",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
        },
    )


@policy("placements.record_outcomes")
def return_plan(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    back = _back(placement)
    existing = queries.return_of(placement)
    initial = (
        {"school": existing.school_id, "return_date": existing.return_date, "plan": existing.plan}
        if existing
        else {"school": placement.home_school_id}
    )
    form = ReturnForm(request.POST or None, initial=initial)
    unavailable = (
        ""
        if placement.status in (PlacementStatus.AGREED, PlacementStatus.ACTIVE)
        else ("A return can be planned only for an agreed or active placement.")
    )
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            services_followup.plan_return(by=request.user, placement=placement, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The return plan has been saved")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": "Plan the return to mainstream school",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
            "intro": [
                "After the return the pupil stays dual registered with the provider for 3 months, and the "
                "return is checked after 6 weeks and after a term."
            ],
        },
    )


@policy("placements.record_outcomes")
def return_check(request, pk, check_pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    check = queries.return_check_or_404(placement, check_pk)
    back = _back(placement)
    initial = {
        "checked_on": check.checked_on or min(check.due_date, queries.today()),
        "held": {True: "yes", False: "no"}.get(check.held),
        "notes": check.notes,
    }
    form = ReturnCheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_followup.record_return_check(by=request.user, check=check, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The check has been recorded")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": f"Check the return: {check.get_kind_display()}",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "intro": [
                f"The pupil returned to {check.return_plan.school.name} on "
                f"{check.return_plan.return_date:%-d %B %Y}. This check is due on {check.due_date:%-d %B %Y}."
            ],
        },
    )


@policy("placements.record_outcomes")
def destination(request, pk, destination_pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    item = queries.destination_or_404(placement, destination_pk)
    back = _back(placement)
    initial = {
        "recorded_on": item.recorded_on or min(item.due_date, queries.today()),
        "outcome": item.outcome,
        "detail": item.detail,
    }
    form = DestinationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_followup.record_destination(by=request.user, destination=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The destination has been recorded")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": f"Destination due {item.due_date:%-d %B %Y}",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "intro": [
                "Year 11 leavers' destinations are recorded in the October after leaving, "
                "then every 6 months for 2 years."
            ],
        },
    )


@policy("placements.send_survey")
def survey_invite(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    back = _back(placement)
    form = SurveyInviteForm(request.POST or None)
    unavailable = (
        "" if placement.status == PlacementStatus.ENDED else "The survey can be sent once the placement has ended."
    )
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            invitation, token = services_survey.create_survey_invitation(
                by=request.user, placement=placement, respondent=form.cleaned_data["respondent"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            link = request.build_absolute_uri(reverse("placements:survey", args=[token]))
            return render(
                request,
                "placements/survey_link.html",
                {"placement": placement, "invitation": invitation, "link": link, "back_url": back},
            )
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": "Send the end-of-placement survey",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
            "button": "Make a survey link",
            "intro": [
                f"You get a link to send to the young person or the family. It works once, needs no account, "
                f"and expires after {services_survey.LINK_VALID_DAYS} days."
            ],
        },
    )


@public
def survey(request, token):
    """The end-of-placement survey, opened from a one-time link by someone without an account."""
    try:
        invitation = services_survey.invitation_for_token(token)
    except services_survey.SurveyLinkError as exc:
        return render(request, "placements/survey_closed.html", {"message": str(exc)}, status=410 if exc.gone else 404)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_survey.submit_survey(token=token, **form.cleaned_data)
        except services_survey.SurveyLinkError as exc:
            return render(request, "placements/survey_closed.html", {"message": str(exc)}, status=410)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return render(
                request,
                "placements/survey_closed.html",
                {"message": "Thank you. Your answers have been sent.", "thanks": True},
            )
    return render(request, "placements/survey.html", {"form": form, "invitation": invitation})
