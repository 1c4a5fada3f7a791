"""Scoped reads of pupil data. Views reach pupils only through these functions.

``pupils_visible_to(user)`` is the single definition of who may see which child:
LA caseworkers see every pupil; a school sees pupils on its roll or in its care;
a provider sees pupils registered with it. Anyone else sees none.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.predicates import active_organisation_id, active_role
from accounts.roles import LA_CASEWORK_ROLES, PROVIDER_ROLES, SCHOOL_ROLES
from pupils.models import EducationEpisode, Pupil, Registration


def today() -> datetime.date:
    return timezone.localdate()


def _current(prefix: str, on: datetime.date) -> Q:
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


def current_registrations(on: datetime.date) -> QuerySet[Registration]:
    return Registration.objects.filter(_current("", on))


def current_episodes(on: datetime.date) -> QuerySet[EducationEpisode]:
    return EducationEpisode.objects.filter(_current("", on))


def pupils_visible_to(user, *, on: datetime.date | None = None) -> QuerySet[Pupil]:
    """Every pupil this user may see, acting in their active membership."""
    on = on or today()
    role = active_role(user)
    organisation_id = active_organisation_id(user)
    if role in LA_CASEWORK_ROLES:
        return Pupil.objects.all()
    if role in SCHOOL_ROLES:
        on_roll = current_registrations(on).filter(pupil=OuterRef("pk"), organisation_id=organisation_id)
        in_care = current_episodes(on).filter(pupil=OuterRef("pk"), school_id=organisation_id)
        return Pupil.objects.filter(Exists(on_roll) | Exists(in_care))
    if role in PROVIDER_ROLES:
        registered = current_registrations(on).filter(pupil=OuterRef("pk"), organisation_id=organisation_id)
        return Pupil.objects.filter(Exists(registered))
    return Pupil.objects.none()


def with_current_context(queryset: QuerySet[Pupil], on: datetime.date) -> QuerySet[Pupil]:
    """Prefetch each pupil's current registrations (with school and partnership) and episodes."""
    return queryset.prefetch_related(
        Prefetch(
            "registrations",
            queryset=current_registrations(on).select_related("organisation__school__partnership__organisation"),
            to_attr="current_registrations",
        ),
        Prefetch("episodes", queryset=EducationEpisode.objects.order_by("start_date", "id"), to_attr="all_episodes"),
    )


def visible_pupil_or_404(user, pk: int) -> Pupil:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(pupils_visible_to(user), pk=pk)
