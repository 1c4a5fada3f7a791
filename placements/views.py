"""Placement pages: the list, one placement, recording one, its package and its learner profile.

Lifecycle pages (agree, start, cancel, end, extend) are in views_lifecycle.py; reviews,
returns, destinations and the survey in views_followup.py; the agreement in views_agreement.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from accounts.policy import policy
from accounts.roles import LA_CASEWORK_ROLES, OrganisationKind
from core.calendar import SchoolCalendar
from core.govuk_forms import apply_validation_error, error_list
from placements import queries, rules, services
from placements.forms import COMPONENT_NAMES, ComponentForm, LearnerProfileForm, PlanForm, TermsForm
from placements.models import PlacementStatus
from pupils.queries import visible_pupil_or_404

PAGE_SIZE = 50


def is_la(user) -> bool:
    membership = user.active_membership
    return membership is not None and membership.role in LA_CASEWORK_ROLES


def acting_organisation(user) -> Organisation:
    return user.active_membership.organisation


def error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [message for messages_ in exc.message_dict.values() for message in messages_]
    return list(exc.messages)


def apply_to_forms(exc: ValidationError, main, component) -> None:
    """Put a service's errors on whichever of the two forms has the field."""
    if not hasattr(exc, "error_dict"):
        main.add_error(None, exc.messages)
        return
    for field, messages_ in exc.message_dict.items():
        if component is not None and field in component.fields:
            component.add_error(field, messages_)
        elif field in main.fields:
            main.add_error(field, messages_)
        else:
            main.add_error(None, messages_)


def component_form(request, *, initial=None, with_dates=True, data=None):
    return ComponentForm(
        data,
        initial=initial or {},
        providers=queries.provider_choices(),
        programmes=queries.programme_choices(),
        with_dates=with_dates,
    )


# ---------------------------------------------------------------------------------------
# The list


@policy("placements.view_placement_list")
def placement_list(request):
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in PlacementStatus.values:
        status = ""
    on = queries.today()
    placements = queries.list_placements(request.user, status=status, query=query)
    page = Paginator(placements, PAGE_SIZE).get_page(request.GET.get("page"))
    overdue = {
        r.placement_id
        for r in queries.overdue_reviews(request.user, on).filter(placement__in=[p.pk for p in page.object_list])
    }
    rows = [
        {
            "placement": p,
            "providers": ", ".join(dict.fromkeys(c.provider.name for c in p.visible_components)),
            "past_end": rules.past_planned_end(p.status, p.planned_end_date, on),
            "review_overdue": p.pk in overdue,
        }
        for p in page.object_list
    ]
    return render(
        request,
        "placements/list.html",
        {"rows": rows, "page": page, "query": query, "status": status, "statuses": PlacementStatus.choices},
    )


# ---------------------------------------------------------------------------------------
# One placement


@policy("placements.view_placement")
def placement_detail(request, pk):
    user = request.user
    placement = queries.visible_placement_or_404(user, pk)
    on = queries.today()
    services.record_placement_view(by=user, placement=placement)
    components = queries.visible_components(user, placement)
    calendar = SchoolCalendar.load()
    costs, total, cost_error = queries.package_costs(placement, components, calendar)
    provider_view = queries.is_provider_view(user)
    reviews = queries.reviews_of(placement)
    return_plan = queries.return_of(placement)
    context = {
        "placement": placement,
        "pupil": placement.pupil,
        "costs": costs,
        "total": None if provider_view else total,
        "cost_error": cost_error,
        "provider_view": provider_view,
        "profile": queries.learner_profile_of(placement),
        "reviews": reviews,
        "overdue": [
            r for r in reviews if placement.status == "active" and rules.review_overdue(r.due_date, r.held_on, on)
        ],
        "past_end": rules.past_planned_end(placement.status, placement.planned_end_date, on),
        "return_plan": return_plan,
        "return_checks": list(return_plan.checks.all()) if return_plan else [],
        "destinations": queries.destinations_of(placement),
        "extensions": queries.extensions_of(placement),
        "invitations": queries.survey_invitations_of(placement)
        if user.has_perm("placements.view_survey_results")
        else None,
        "today": on,
        "now": timezone.now(),
        "can_change": user.has_perm("placements.change_placement"),
        "can_review": user.has_perm("placements.record_review"),
        "can_record": user.has_perm("placements.record_outcomes"),
        "can_survey": user.has_perm("placements.send_survey"),
        "can_see_pupil": user.has_perm("pupils.view_pupil") and not provider_view,
    }
    return render(request, "placements/detail.html", context)


def _terms_form_options(request, pupil_school=None):
    user = request.user
    if is_la(user):
        return {}, {
            "home_school": pupil_school,
            "commissioner": acting_organisation(user),
            "funder": acting_organisation(user),
        }
    school = acting_organisation(user)
    funders = Organisation.objects.filter(pk=school.pk)
    partnership = getattr(getattr(school, "school", None), "partnership", None)
    if partnership is not None:
        funders = Organisation.objects.filter(pk__in=[school.pk, partnership.organisation_id])
    return {"fixed_school": school, "fixed_commissioner": school, "funder_choices": funders}, {"funder": school}


def _current_school(pupil):
    registration = (
        pupil.registrations.filter(organisation__kind=OrganisationKind.SCHOOL, end_date__isnull=True)
        .select_related("organisation")
        .order_by("-start_date")
        .first()
    )
    return registration.organisation if registration else None


def _terms_data(request, form) -> dict:
    data = dict(form.cleaned_data)
    if "home_school" not in form.fields:
        data["home_school"] = acting_organisation(request.user)
    if "commissioner" not in form.fields:
        data["commissioner"] = acting_organisation(request.user)
    return data


@policy("placements.add_placement")
def placement_add(request, pupil_pk):
    """Record a placement directly (a school's own commissioning, which the LA then sees)."""
    pupil = visible_pupil_or_404(request.user, pupil_pk)
    options, initial = _terms_form_options(request, _current_school(pupil))
    initial.setdefault("tier", "time_limited")
    initial.setdefault("registration_arrangement", "single_home")
    form = TermsForm(request.POST or None, initial=initial, **options)
    package = component_form(request, with_dates=False, data=request.POST or None)
    existing = queries.open_placement_of_pupil(pupil)
    if request.method == "POST" and form.is_valid() & package.is_valid():
        try:
            placement = services.create_placement(
                by=request.user, pupil=pupil, components=[package.component_data()], **_terms_data(request, form)
            )
        except ValidationError as exc:
            apply_to_forms(exc, form, package)
        else:
            messages.success(
                request, "The placement has been recorded as proposed. Write the learner profile, then agree it"
            )
            return redirect("placements:detail", pk=placement.pk)
    return render(
        request,
        "placements/new.html",
        {
            "form": form,
            "package": package,
            "pupil": pupil,
            "existing": existing,
            "decision": None,
            "errors": error_list(form) + error_list(package),
            "title": "Record a placement",
            "back_url": reverse("pupils:detail", args=[pupil.pk]),
        },
    )


@policy("placements.add_placement")
def create_from_decision(request, decision_pk):
    """Make the placement a panel decided on."""
    user = request.user
    decision = queries.placement_decision_or_404(user, decision_pk)
    unavailable = ""
    if decision.outcome not in rules.PLACEMENT_DECISION_TIERS:
        unavailable = f"The panel decided '{decision.get_outcome_display()}', which is not a placement."
    elif decision.request_id is None:
        unavailable = "This decision is not about a request for a pupil."
    elif decision.placements.exclude(status=PlacementStatus.CANCELLED).exists():
        unavailable = "A placement has already been made from this decision."
    options, initial = _terms_form_options(request)
    options.pop("fixed_commissioner", None)
    options.pop("funder_choices", None)
    options["fixed_school"] = decision.request.school if decision.request_id else None
    if options["fixed_school"] is None:
        options.pop("fixed_school")
    initial.update(
        {
            "registration_arrangement": "single_home",
            "commissioner": initial.get("commissioner") or acting_organisation(user),
        }
    )
    form = TermsForm(request.POST or None, initial=initial, with_tier=False, **options)
    package = component_form(
        request, with_dates=False, data=request.POST or None, initial={"provider": decision.provider_id}
    )
    if request.method == "POST" and not unavailable and form.is_valid() & package.is_valid():
        data = dict(form.cleaned_data)
        try:
            placement = services.create_placement_from_decision(
                by=user, decision=decision, components=[package.component_data()], **data
            )
        except ValidationError as exc:
            apply_to_forms(exc, form, package)
        else:
            messages.success(
                request, "The placement has been recorded as proposed. Write the learner profile, then agree it"
            )
            return redirect("placements:detail", pk=placement.pk)
    pupil = decision.request.pupil if decision.request_id else None
    return render(
        request,
        "placements/new.html",
        {
            "form": form,
            "package": package,
            "pupil": pupil,
            "decision": decision,
            "unavailable": unavailable,
            "existing": None,
            "errors": error_list(form) + error_list(package),
            "title": "Make the placement the panel decided",
            "back_url": reverse("placements:list"),
        },
    )


@policy("placements.change_placement")
def placement_edit(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    back = reverse("placements:detail", args=[placement.pk])
    proposed = placement.status == PlacementStatus.PROPOSED
    if proposed:
        options, _ = _terms_form_options(request)
        initial = {
            name: getattr(placement, name)
            for name in TermsForm.base_fields
            if name not in ("home_school", "commissioner", "funder")
        }
        initial.update(
            home_school=placement.home_school_id, commissioner=placement.commissioner_id, funder=placement.funder_id
        )
        if "fixed_school" in options:
            options["fixed_school"] = placement.home_school
        form = TermsForm(request.POST or None, initial=initial, **options)
    else:
        form = PlanForm(
            request.POST or None,
            initial={"objectives": placement.objectives, "reintegration_plan": placement.reintegration_plan},
        )
    unavailable = (
        ""
        if placement.is_open
        else f"This placement is {placement.get_status_display().lower()}, so it cannot be changed."
    )
    if request.method == "POST" and not unavailable and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_placement(by=request.user, placement=placement, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The placement has been changed")
            return redirect(back)
    intro = (
        [] if proposed else ["The placement has been agreed, so only its objectives and reintegration plan can change."]
    )
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": "Change the placement",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "intro": intro,
            "unavailable": unavailable,
        },
    )


# ---------------------------------------------------------------------------------------
# The package


@policy("placements.change_placement")
def component_add(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    back = reverse("placements:detail", args=[placement.pk])
    form = component_form(request, data=request.POST or None)
    unavailable = (
        ""
        if placement.status == PlacementStatus.PROPOSED
        else "Providers can be added only while the placement is proposed."
    )
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            services.add_component(by=request.user, placement=placement, **form.component_data())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The provider has been added to the placement")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": "Add a provider to the placement",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
        },
    )


@policy("placements.change_placement")
def component_edit(request, pk, component_pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    component = queries.visible_component_or_404(request.user, placement, component_pk)
    back = reverse("placements:detail", args=[placement.pk])
    initial = {name: getattr(component, name) for name in COMPONENT_NAMES + ["start_date", "end_date"]}
    initial.update(provider=component.provider_id, programme=component.programme_id)
    form = component_form(request, data=request.POST or None, initial=initial)
    unavailable = (
        ""
        if placement.status == PlacementStatus.PROPOSED
        else "Providers can be changed only while the placement is proposed."
    )
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            services.update_component(by=request.user, component=component, **form.component_data())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The provider's part of the placement has been changed")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": f"Change {component.provider.name}'s part",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
        },
    )


@policy("placements.change_placement")
def component_remove(request, pk, component_pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    component = queries.visible_component_or_404(request.user, placement, component_pk)
    back = reverse("placements:detail", args=[placement.pk])
    errors = []
    if request.method == "POST":
        try:
            services.remove_component(by=request.user, component=component)
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, f"{component.provider.name} has been removed from the placement")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": None,
            "title": f"Remove {component.provider.name} from the placement?",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "errors": errors,
            "button": "Remove",
            "button_classes": "govuk-button--warning",
        },
    )


# ---------------------------------------------------------------------------------------
# The learner profile


@policy("placements.view_placement")
def learner_profile(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    services.record_placement_view(by=request.user, placement=placement, what="Learner profile")
    return render(
        request,
        "placements/profile.html",
        {
            "placement": placement,
            "profile": queries.learner_profile_of(placement),
            "can_change": request.user.has_perm("placements.change_placement") and placement.is_open,
        },
    )


@policy("placements.change_placement")
def learner_profile_edit(request, pk):
    placement = queries.visible_placement_or_404(request.user, pk)
    profile = queries.learner_profile_of(placement)
    back = reverse("placements:profile", args=[placement.pk])
    initial = {name: getattr(profile, name) for name in LearnerProfileForm.base_fields} if profile else {}
    form = LearnerProfileForm(request.POST or None, initial=initial)
    unavailable = "" if placement.is_open else "This placement has finished, so its learner profile cannot change."
    if request.method == "POST" and not unavailable and form.is_valid():
        try:
            services.save_learner_profile(by=request.user, placement=placement, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The learner profile has been saved")
            return redirect(back)
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "title": "Learner profile",
            "caption": placement.pupil.full_name,
            "back_url": back,
            "unavailable": unavailable,
            "intro": [
                "The provider reads this before the placement starts. Write what they need to teach the pupil well and keep them safe."
            ],
        },
    )
