"""Scoped reads of panels, meetings and decisions. Views reach them only through these functions.

Who sees a panel: LA caseworkers every panel; a partnership chair the panels of their
partnership; anyone else the panels they sit on (for the organisation they act for).
Who runs a panel (meetings, agenda, attendance, decisions): LA caseworkers, and a
partnership chair for their own partnership's panels. Which cases a viewer may read, and
how much of each, is referrals.queries' business (access_for).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.predicates import active_organisation_id, active_role
from accounts.roles import LA_CASEWORK_ROLES, Role
from panels import rules
from panels.models import Action, AgendaItem, Attendance, Decision, Meeting, Panel, PanelMember
from pupils.queries import today
from referrals.models import Request, Status
from referrals.queries import LIVE_MEETING_STATUSES, requests_visible_to


def _chair_partnership_id(user) -> int | None:
    if active_role(user) != Role.PARTNERSHIP_CHAIR:
        return None
    from schools.models import Partnership

    return Partnership.objects.filter(organisation_id=active_organisation_id(user)).values_list("pk", flat=True).first()


def _seats(user) -> Q:
    return Q(members__user=user, members__organisation_id=active_organisation_id(user), members__active=True)


def panels_visible_to(user) -> QuerySet[Panel]:
    """Every panel this user may see, acting in their active membership."""
    if active_role(user) in LA_CASEWORK_ROLES:
        return Panel.objects.all()
    if not getattr(user, "pk", None):
        return Panel.objects.none()
    condition = Q(pk__in=Panel.objects.filter(_seats(user)).values("pk"))
    partnership_id = _chair_partnership_id(user)
    if partnership_id is not None:
        condition |= Q(area_id=partnership_id)
    return Panel.objects.filter(condition)


def panels_managed_by(user) -> QuerySet[Panel]:
    """Panels whose meetings, agendas and decisions this user may run."""
    if active_role(user) in LA_CASEWORK_ROLES:
        return Panel.objects.all()
    partnership_id = _chair_partnership_id(user)
    if partnership_id is not None:
        return Panel.objects.filter(area_id=partnership_id)
    return Panel.objects.none()


def can_manage(user, panel: Panel) -> bool:
    return panels_managed_by(user).filter(pk=panel.pk).exists()


def panel_list(user) -> QuerySet[Panel]:
    return (
        panels_visible_to(user)
        .select_related("area__organisation")
        .annotate(member_count=Count("members", filter=Q(members__active=True), distinct=True))
        .order_by("-active", "name")
    )


def visible_panel_or_404(user, pk: int) -> Panel:
    return get_object_or_404(panels_visible_to(user).select_related("area__organisation"), pk=pk)


def managed_panel_or_404(user, pk: int) -> Panel:
    return get_object_or_404(panels_managed_by(user).select_related("area__organisation"), pk=pk)


def members_of(panel: Panel, *, active_only: bool = True) -> list[PanelMember]:
    members = panel.members.select_related("user", "organisation")
    if active_only:
        members = members.filter(active=True)
    return list(members.order_by("user__full_name", "pk"))


def meetings_of(panel: Panel) -> QuerySet[Meeting]:
    return panel.meetings.annotate(
        case_count=Count("items", filter=Q(items__kind="case"), distinct=True),
        decision_count=Count("decisions", distinct=True),
    ).order_by("-date", "-id")


def visible_meeting_or_404(user, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.filter(panel__in=panels_visible_to(user)).select_related("panel__area__organisation"), pk=pk
    )


def managed_meeting_or_404(user, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.filter(panel__in=panels_managed_by(user)).select_related("panel__area__organisation"), pk=pk
    )


def upcoming_meetings(user, on: datetime.date, limit: int = 10) -> list[Meeting]:
    return list(
        Meeting.objects.filter(panel__in=panels_visible_to(user), date__gte=on, status=Meeting.Status.SCHEDULED)
        .select_related("panel")
        .order_by("date", "id")[:limit]
    )


def seat_of(user, panel: Panel) -> PanelMember | None:
    """The user's active seat on a panel for the organisation they act for, if any."""
    if not getattr(user, "pk", None):
        return None
    return panel.members.filter(user=user, organisation_id=active_organisation_id(user), active=True).first()


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order, each case with its request, pupil, school and decision: a fixed number of queries."""
    decisions = Decision.objects.select_related("provider__organisation", "named_school").prefetch_related(
        Prefetch("conflicts", queryset=_conflicts()), Prefetch("actions", queryset=_actions())
    )
    items = (
        meeting.items.select_related("request__pupil", "request__school", "request__exclusion")
        .prefetch_related(Prefetch("decision", queryset=decisions))
        .prefetch_related("request__graduated_responses", "request__preferred_providers__organisation")
        .order_by("position", "id")
    )
    return list(items)


def _conflicts():
    from panels.models import Conflict

    return Conflict.objects.select_related("member__user", "member__organisation")


def _actions():
    return Action.objects.select_related("owner", "owner_organisation")


def attendance_of(meeting: Meeting) -> dict[int, str]:
    return dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))


def present_members(meeting: Meeting) -> list[PanelMember]:
    return list(
        PanelMember.objects.filter(attendance__meeting=meeting, attendance__status=Attendance.Status.PRESENT)
        .select_related("user", "organisation")
        .order_by("user__full_name", "pk")
    )


def decision_or_404(user, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.filter(meeting__panel__in=panels_visible_to(user)).select_related(
            "meeting__panel",
            "request__pupil",
            "request__school",
            "provider__organisation",
            "named_school",
            "agenda_item",
            "created_by",
        ),
        pk=pk,
    )


def managed_decision_or_404(user, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.filter(meeting__panel__in=panels_managed_by(user)).select_related(
            "meeting__panel", "request__pupil", "request__school", "named_school"
        ),
        pk=pk,
    )


def decisions_of(meeting: Meeting) -> list[Decision]:
    return list(
        meeting.decisions.select_related(
            "request__pupil", "request__school", "provider__organisation", "named_school", "agenda_item"
        )
        .prefetch_related(Prefetch("conflicts", queryset=_conflicts()), Prefetch("actions", queryset=_actions()))
        .order_by("agenda_item__position", "decided_at", "id")
    )


def triaged_requests_for(panel: Panel) -> list[Request]:
    """Triaged requests this panel can hear (its area and type); read only by someone who runs the panel."""
    requests = (
        Request.objects.filter(status=Status.TRIAGED)
        .select_related("pupil", "school__school")
        .order_by("triaged_at", "id")
    )
    if panel.area_id is not None:
        requests = requests.filter(school__school__partnership_id=panel.area_id)
    return [
        r
        for r in requests
        if rules.panel_hears(
            panel.panel_type,
            panel.area_id,
            route=r.route,
            school_partnership_id=_partnership_of(r),
            has_ehc_plan=r.pupil.has_ehcp,
        )
    ]


def _partnership_of(request: Request) -> int | None:
    school = getattr(request.school, "school", None) if request.school_id else None
    return school.partnership_id if school is not None else None


def cases_for_member(user, *, on: datetime.date | None = None) -> QuerySet[Request]:
    """Requests on agendas of panels the user sits on, while the meeting is upcoming or up to 7 days after it."""
    on = on or today()
    return (
        Request.objects.filter(
            agenda_items__meeting__date__gte=on - datetime.timedelta(days=7),
            agenda_items__meeting__status__in=LIVE_MEETING_STATUSES,
            agenda_items__meeting__panel__members__user=user,
            agenda_items__meeting__panel__members__organisation_id=active_organisation_id(user),
            agenda_items__meeting__panel__members__active=True,
        )
        .filter(pk__in=requests_visible_to(user, on=on).values("pk"))
        .distinct()
    )


def open_actions_for(user, on: datetime.date) -> QuerySet[Action]:
    """Actions from decisions of panels the user sees, not yet done, soonest first."""
    return (
        Action.objects.filter(decision__meeting__panel__in=panels_visible_to(user), done_on__isnull=True)
        .filter(Q(owner=user) | Q(owner_organisation_id=active_organisation_id(user)))
        .select_related("decision__meeting__panel", "owner_organisation")
        .order_by("due_date", "id")
    )


def spa_rotation_panels() -> list[Panel]:
    """Active panels that take a turn at the weekly single point of access, in turn order."""
    return list(Panel.objects.filter(active=True, in_spa_rotation=True).order_by("rotation_order", "name", "pk"))


def upcoming_spa_meetings(on: datetime.date, limit: int = 26) -> list[Meeting]:
    return list(
        Meeting.objects.filter(single_point_of_access=True, date__gte=on, status=Meeting.Status.SCHEDULED)
        .select_related("panel")
        .order_by("date", "id")[:limit]
    )


def fair_access_allocations(user) -> QuerySet[Decision]:
    """Fair access allocations: the LA sees all, a school those naming it, others those of panels they see."""
    decisions = Decision.objects.filter(outcome="fair_access_allocation").select_related(
        "named_school", "request__pupil", "request__school", "meeting__panel"
    )
    role = active_role(user)
    if role in LA_CASEWORK_ROLES:
        return decisions
    if role == Role.SCHOOL_LEADER:
        return decisions.filter(named_school_id=active_organisation_id(user))
    return decisions.filter(meeting__panel__in=panels_visible_to(user))


def allocation_or_404(user, pk: int) -> Decision:
    """A fair access allocation this user may record the admission for (the LA, or the named school)."""
    from panels.services_decisions import may_record_admission

    decision = get_object_or_404(fair_access_allocations(user), pk=pk)
    if not may_record_admission(user, decision):
        from django.http import Http404

        raise Http404("No allocation found")
    return decision


def organisations_for_actions() -> QuerySet:
    """Who can own a panel action: any organisation in the area (the LA, schools, providers, partners)."""
    from accounts.models import Organisation

    return Organisation.objects.order_by("name")


def placements_from(decision: Decision) -> bool:
    """Whether a placement has already been made from this decision (placements' reverse relation, if installed)."""
    related = getattr(decision, "placements", None)
    return related is not None and related.exists()
