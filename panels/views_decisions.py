"""Pages for decisions: record one for a case, see it, its actions, and a fair access admission."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse

from accounts.policy import policy
from core.calendar import CalendarError, SchoolCalendar
from core.govuk_forms import apply_validation_error
from panels import queries, rules, services_decisions
from panels.forms import ActionForm, AdmissionForm, DecisionForm, DoneForm
from panels.models import AgendaItem, Outcome
from panels.pack import case_entries
from providers.queries import approved_providers
from pupils.queries import today

PLACEMENT_OUTCOMES = {Outcome.TIME_LIMITED_PLACEMENT, Outcome.TRANSITIONAL_PLACEMENT, Outcome.TARGETED_SUPPORT}


@functools.cache
def _placement_route_exists() -> bool:
    """Whether the placements app offers 'Create the placement' from a decision (checked once)."""
    try:
        reverse("placements:create-from-decision", args=[1])
    except NoReverseMatch:
        return False
    return True


def _pupil_placements(user, pupil):
    try:
        from placements.queries import placements_visible_to
    except ImportError:
        return []
    return list(
        placements_visible_to(user).filter(pupil=pupil, status__in=["agreed", "active"]).order_by("start_date", "pk")
    )


@policy("panels.run_meeting")
def decide(request, pk, item_pk):
    meeting = queries.managed_meeting_or_404(request.user, pk)
    item = get_object_or_404(
        meeting.items.select_related("request__pupil", "request__school"), pk=item_pk, kind=AgendaItem.Kind.CASE
    )
    existing = getattr(item, "decision", None)
    if existing is not None:
        return redirect("panels:decision", pk=existing.pk)
    on = today()
    case = next((c for c in case_entries(request.user, meeting, on, with_history=False) if c.item.pk == item.pk), None)
    present = queries.present_members(meeting)
    automatic = services_decisions.automatic_conflicts(present, item.request.school_id)
    others = [m for m in present if m not in automatic]
    placements = _pupil_placements(request.user, item.request.pupil)
    form = DecisionForm(
        request.POST or None,
        providers=approved_providers().select_related("organisation").order_by("organisation__name"),
        placements=placements,
        owners=queries.organisations_for_actions(),
        conflict_choices=[(str(m.pk), f"{m.user.full_name}, {m.organisation.name}") for m in others],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {str(m.pk): m for m in others}
        conflicts = [(by_pk[pk], data["conflict_reason"]) for pk in data["conflicts"] if pk in by_pk]
        actions = [services_decisions.ActionInput(r["description"], r["owner"], r["due"]) for r in form.action_rows()]
        try:
            decision = services_decisions.record_decision(
                by=request.user,
                item=item,
                outcome=data["outcome"],
                rationale=data["rationale"],
                today=on,
                provider=data["provider"],
                placement_weeks=data["placement_weeks"],
                named_school=data["named_school"],
                return_date=data["return_date"],
                extend_placement=form.chosen_placement(),
                conflicts=conflicts,
                actions=actions,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Decision recorded: {decision.get_outcome_display()}")
            return redirect("panels:decision", pk=decision.pk)
    voting = services_decisions.voting_count(present, {m.pk for m in automatic})
    return render(
        request,
        "panels/decide.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "case": case,
            "present": present,
            "automatic": automatic,
            "voting": voting,
            "quorate": rules.quorum_met(voting, meeting.panel.quorum),
            "non_field": NON_FIELD_ERRORS,
        },
    )


@policy("panels.view_meeting")
def decision_detail(request, pk):
    decision = queries.decision_or_404(request.user, pk)
    on = today()
    user = request.user
    can_run = user.has_perm("panels.run_meeting") and queries.can_manage(user, decision.meeting.panel)
    case = None
    if decision.agenda_item_id:
        case = next(
            (
                c
                for c in case_entries(user, decision.meeting, on, with_history=False)
                if c.item.pk == decision.agenda_item_id
            ),
            None,
        )
    flag = None
    if decision.allocation_deadline:
        try:
            flag = rules.fair_access_flag(SchoolCalendar.load(), decision.allocation_deadline, decision.admitted_on, on)
        except CalendarError as exc:
            flag = rules.AllocationFlag(False, str(exc))
    create_placement = None
    if (
        can_run
        and decision.outcome in PLACEMENT_OUTCOMES
        and decision.provider_id
        and _placement_route_exists()
        and not queries.placements_from(decision)
    ):
        create_placement = reverse("placements:create-from-decision", args=[decision.pk])
    return render(
        request,
        "panels/decision.html",
        {
            "decision": decision,
            "case": case,
            "conflicts": list(decision.conflicts.select_related("member__user", "member__organisation")),
            "actions": list(decision.actions.select_related("owner", "owner_organisation")),
            "flag": flag,
            "today": on,
            "can_run": can_run,
            "create_placement": create_placement,
            "can_record_admission": decision.outcome == Outcome.FAIR_ACCESS_ALLOCATION
            and decision.admitted_on is None
            and user.has_perm("panels.record_admission")
            and services_decisions.may_record_admission(user, decision),
        },
    )


@policy("panels.run_meeting")
def action_add(request, pk):
    decision = queries.managed_decision_or_404(request.user, pk)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_decisions.add_action(
                by=request.user,
                decision=decision,
                today=today(),
                action=services_decisions.ActionInput(
                    data["description"], data["owner_organisation"], data["due_date"]
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Action added")
            return redirect("panels:decision", pk=decision.pk)
    return render(request, "panels/action_form.html", {"form": form, "decision": decision})


@policy("panels.run_meeting")
def action_done(request, pk, action_pk):
    decision = queries.managed_decision_or_404(request.user, pk)
    action = get_object_or_404(decision.actions.all(), pk=action_pk)
    form = DoneForm(request.POST or None, initial={"done_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services_decisions.complete_action(
                by=request.user, action=action, done_on=form.cleaned_data["done_on"], today=today()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Action marked as done")
            return redirect("panels:decision", pk=decision.pk)
    return render(request, "panels/action_done.html", {"form": form, "decision": decision, "action": action})


@policy("panels.record_admission")
def admission(request, pk):
    decision = queries.allocation_or_404(request.user, pk)
    form = AdmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_decisions.record_admission(
                by=request.user, decision=decision, admitted_on=form.cleaned_data["admitted_on"], today=today()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "Admission recorded")
            return redirect("panels:fair-access")
    return render(request, "panels/admission.html", {"form": form, "decision": decision})
