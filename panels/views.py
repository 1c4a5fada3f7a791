"""Pages for panels: the list, setting a panel up, its members, the single point of access rota,
and fair access ("whose turn" and open allocations). Meetings are in views_meetings.py;
decisions in views_decisions.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from accounts.policy import policy
from accounts.predicates import active_role
from accounts.roles import LA_CASEWORK_ROLES, Role
from core.calendar import CalendarError, SchoolCalendar
from core.govuk_forms import apply_validation_error
from panels import queries, rules, services, standing
from panels.forms import MemberForm, PanelForm, ReasonForm, SpaRotationForm
from pupils.queries import today
from referrals.queries import access_for_many, pupil_label


@policy("panels.view_panel_list")
def panel_list(request):
    on = today()
    user = request.user
    cases = list(queries.cases_for_member(user, on=on).select_related("pupil", "school").order_by("pk"))
    access = access_for_many(user, cases, on=on)
    return render(
        request,
        "panels/list.html",
        {
            "panels": queries.panel_list(user),
            "upcoming": queries.upcoming_meetings(user, on),
            "cases": [(c, pupil_label(c.pupil, access[c.pk], on)) for c in cases],
            "actions": list(queries.open_actions_for(user, on)[:20]),
            "today": on,
            "can_configure": user.has_perm("panels.configure_panel"),
            "can_see_fair_access": user.has_perm("panels.view_fair_access"),
        },
    )


@policy("panels.configure_panel")
def panel_add(request):
    form = PanelForm(request.POST or None, creating=True, initial={"in_spa_rotation": False, "cadence": "monthly"})
    if request.method == "POST" and form.is_valid():
        try:
            panel = services.create_panel(by=request.user, **form.panel_fields())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{panel.name} set up. Now add its members")
            return redirect("panels:detail", pk=panel.pk)
    return render(request, "panels/panel_form.html", {"form": form, "title": "Set up a panel", "panel": None})


@policy("panels.view_panel")
def panel_detail(request, pk):
    panel = queries.visible_panel_or_404(request.user, pk)
    user = request.user
    return render(
        request,
        "panels/detail.html",
        {
            "panel": panel,
            "members": queries.members_of(panel),
            "meetings": list(queries.meetings_of(panel)[:50]),
            "today": today(),
            "can_configure": user.has_perm("panels.configure_panel"),
            "can_run": user.has_perm("panels.run_meeting") and queries.can_manage(user, panel),
        },
    )


@policy("panels.configure_panel")
def panel_edit(request, pk):
    panel = queries.managed_panel_or_404(request.user, pk)
    initial = {name: getattr(panel, name) for name in PanelForm.base_fields}
    form = PanelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_panel(by=request.user, panel=panel, **form.panel_fields())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{panel.name} saved")
            return redirect("panels:detail", pk=panel.pk)
    return render(request, "panels/panel_form.html", {"form": form, "title": "Change the panel", "panel": panel})


@policy("panels.configure_panel")
def member_add(request, pk):
    panel = queries.managed_panel_or_404(request.user, pk)
    form = MemberForm(request.POST or None, initial={"voting": True, "authority_to_decide": True})
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            member = services.add_member(
                by=request.user,
                panel=panel,
                user=membership.user,
                organisation=membership.organisation,
                panel_role=form.cleaned_data["panel_role"],
                voting=form.cleaned_data["voting"],
                authority_to_decide=form.cleaned_data["authority_to_decide"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                exc = ValidationError(
                    {("membership" if k in ("user", "organisation") else k): v for k, v in exc.message_dict.items()}
                )
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{member.user.full_name} added to {panel.name}")
            return redirect("panels:detail", pk=panel.pk)
    return render(request, "panels/member_form.html", {"form": form, "panel": panel})


@policy("panels.configure_panel")
def member_end(request, pk, member_pk):
    panel = queries.managed_panel_or_404(request.user, pk)
    member = get_object_or_404(panel.members.select_related("user", "organisation"), pk=member_pk, active=True)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].required = False
    form.fields["reason"].label = "Reason (optional)"
    if request.method == "POST" and form.is_valid():
        try:
            services.end_member(by=request.user, member=member, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{member.user.full_name} has left {panel.name}")
            return redirect("panels:detail", pk=panel.pk)
    return render(request, "panels/member_end.html", {"form": form, "panel": panel, "member": member})


@policy("panels.configure_panel")
def spa_rotation(request):
    form = SpaRotationForm(request.POST or None)
    rotation = queries.spa_rotation_panels()
    if request.method == "POST" and form.is_valid():
        try:
            meetings = services.schedule_spa_rotation(by=request.user, today=today(), **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{len(meetings)} single point of access meetings scheduled")
            return redirect("panels:list")
    upcoming = queries.upcoming_spa_meetings(today())
    return render(request, "panels/spa_rotation.html", {"form": form, "rotation": rotation, "upcoming": upcoming})


@policy("panels.view_fair_access")
def fair_access(request):
    on = today()
    user = request.user
    cal = SchoolCalendar.load()
    allocations = list(queries.fair_access_allocations(user).order_by("admitted_on", "allocation_deadline", "pk")[:200])
    identity = active_role(user) in LA_CASEWORK_ROLES or active_role(user) == Role.SCHOOL_LEADER
    rows = []
    for decision in allocations:
        flag = None
        if decision.allocation_deadline:
            try:
                flag = rules.fair_access_flag(cal, decision.allocation_deadline, decision.admitted_on, on)
            except CalendarError as exc:
                flag = rules.AllocationFlag(False, str(exc))
        pupil = decision.request.pupil if decision.request_id else None
        label = ""
        if pupil is not None:
            label = pupil.full_name if identity else f"{pupil.legal_forename[:1]}{pupil.legal_surname[:1]}"
        rows.append({"decision": decision, "flag": flag, "pupil": label})
    return render(
        request,
        "panels/fair_access.html",
        {
            "turns": standing.whose_turn(None, on),
            "rows": rows,
            "today": on,
            "can_record": user.has_perm("panels.record_admission"),
        },
    )
