"""Scoped reads of requests for support. Views reach requests only through these functions.

``requests_visible_to(user)`` is the single definition of who may see which request:
LA caseworkers see every request; a school sees its own pupils' requests; anyone who sits on
a panel (any role but a provider's) sees the requests on that panel's agenda while the
meeting is upcoming or up to 7 days after it. Providers see none: what they need travels
with a placement.

Panel membership is read through the reverse relations the panels app declares
(``agenda_items``, ``panel_memberships``), so this module never imports from panels.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.predicates import active_membership, active_organisation_id, active_role
from accounts.roles import LA_CASEWORK_ROLES, PROVIDER_ROLES, SCHOOL_ROLES, Role
from core.calendar import academic_year_of
from providers.models import Provider
from pupils.models import Pupil
from pupils.queries import pupils_visible_to
from pupils.queries import today as local_today
from pupils.rules import national_curriculum_year
from referrals import rules
from referrals.models import Request

LIVE_MEETING_STATUSES = ("scheduled", "concluded")


def _window_start(on: datetime.date) -> datetime.date:
    return on - datetime.timedelta(days=rules.PANEL_VISIBILITY_DAYS_AFTER)


def _panel_case_ids(user, on: datetime.date) -> QuerySet:
    """Ids of requests on live agendas of panels where this user sits for their acting organisation."""
    return Request.objects.filter(
        agenda_items__meeting__date__gte=_window_start(on),
        agenda_items__meeting__status__in=LIVE_MEETING_STATUSES,
        agenda_items__meeting__panel__members__user=user,
        agenda_items__meeting__panel__members__organisation_id=active_organisation_id(user),
        agenda_items__meeting__panel__members__active=True,
    ).values("pk")


def requests_visible_to(user, *, on: datetime.date | None = None) -> QuerySet[Request]:
    """Every request this user may see, acting in their active membership."""
    on = on or local_today()
    role = active_role(user)
    if role is None or role in PROVIDER_ROLES:
        return Request.objects.none()
    if role in LA_CASEWORK_ROLES:
        return Request.objects.all()
    on_panel = Q(pk__in=_panel_case_ids(user, on))
    if role in SCHOOL_ROLES:
        return Request.objects.filter(Q(school_id=active_organisation_id(user)) | on_panel)
    return Request.objects.filter(on_panel)


def with_list_context(queryset: QuerySet[Request]) -> QuerySet[Request]:
    return queryset.select_related("pupil", "school", "exclusion", "created_by")


def visible_request_or_404(user, pk: int) -> Request:
    queryset = requests_visible_to(user).select_related("pupil", "school", "exclusion", "created_by")
    return get_object_or_404(queryset, pk=pk)


def editable_request_or_404(user, pk: int) -> Request:
    """A request the user's organisation owns (the LA owns all): panel members never edit."""
    request = visible_request_or_404(user, pk)
    if not access_for(user, request).owner:
        raise Http404("No request found")
    return request


# ---------------------------------------------------------------------------------------
# What one user may see of a request they can reach


@dataclass(frozen=True)
class Access:
    owner: bool  # the LA, or the referring school
    identity: bool  # the pupil's name and UPN, not just initials
    safeguarding: bool  # risks and safeguarding notes, and attachments


NO_ACCESS = Access(False, False, False)


def _member_rows(user, on: datetime.date, request_ids) -> list[tuple[int, str, int]]:
    """(request id, panel role, represented organisation) for each live panel seat covering these requests."""
    if not getattr(user, "pk", None):
        return []
    return list(
        user.panel_memberships.filter(
            active=True,
            organisation_id=active_organisation_id(user),
            panel__meetings__items__request_id__in=request_ids,
            panel__meetings__date__gte=_window_start(on),
            panel__meetings__status__in=LIVE_MEETING_STATUSES,
        ).values_list("panel__meetings__items__request_id", "panel_role", "organisation_id")
    )


def _owner_access(user, request: Request) -> Access | None:
    role = active_role(user)
    if role in LA_CASEWORK_ROLES:
        return Access(True, True, True)
    if role in SCHOOL_ROLES and request.school_id == active_organisation_id(user):
        membership = active_membership(user)
        sees = role == Role.SCHOOL_LEADER or bool(membership and membership.is_safeguarding_lead)
        return Access(True, True, sees)
    return None


def _panel_access(role, request: Request, rows) -> Access:
    if not rows:
        return NO_ACCESS
    identity = any(rules.panel_member_sees_identity(role, org_id, request.school_id) for _, _, org_id in rows)
    safeguarding = any(rules.panel_member_sees_safeguarding(panel_role, role) for _, panel_role, _ in rows)
    return Access(False, identity, safeguarding)


def access_for(user, request: Request, *, on: datetime.date | None = None) -> Access:
    """How much of this request the user may see: everything, or what their panel seat needs."""
    owner = _owner_access(user, request)
    if owner is not None:
        return owner
    role = active_role(user)
    if role is None or role in PROVIDER_ROLES:
        return NO_ACCESS
    return _panel_access(role, request, _member_rows(user, on or local_today(), [request.pk]))


def access_for_many(user, requests: list[Request], *, on: datetime.date | None = None) -> dict[int, Access]:
    """access_for for a page of requests, in at most one query."""
    result: dict[int, Access] = {}
    pending = []
    for request in requests:
        owner = _owner_access(user, request)
        if owner is not None:
            result[request.pk] = owner
        else:
            pending.append(request)
    role = active_role(user)
    if pending and role is not None and role not in PROVIDER_ROLES:
        rows = _member_rows(user, on or local_today(), [r.pk for r in pending])
        for request in pending:
            result[request.pk] = _panel_access(role, request, [row for row in rows if row[0] == request.pk])
    for request in pending:
        result.setdefault(request.pk, NO_ACCESS)
    return result


def pupil_label(pupil: Pupil, access: Access, on: datetime.date) -> str:
    """The pupil as this viewer may see them: the full name, or initials and year group."""
    if access.identity:
        return pupil.full_name
    return f"{initials(pupil)}, {year_group_text(pupil, on)}"


def initials(pupil: Pupil) -> str:
    return f"{pupil.legal_forename[:1]}{pupil.legal_surname[:1]}".upper()


def year_group_text(pupil: Pupil, on: datetime.date) -> str:
    year = national_curriculum_year(pupil.date_of_birth, academic_year_of(on))
    return "Reception" if year == 0 else f"Year {year}"


# ---------------------------------------------------------------------------------------
# Pupils a user may ask for support for, and the detail a request page shows


def pupils_for_new_request(user):
    """The pupils this user may ask for support for: those they can see."""
    return pupils_visible_to(user)


def request_detail(request: Request) -> Request:
    """Prefetch what the request page shows, in a fixed number of queries."""
    return (
        Request.objects.filter(pk=request.pk)
        .select_related("pupil", "school", "exclusion", "created_by")
        .prefetch_related(
            "graduated_responses",
            "attachments",
            Prefetch("preferred_providers", queryset=Provider.objects.select_related("organisation")),
        )
        .get()
    )
