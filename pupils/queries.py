"""Scoped reads of pupil data. Views reach pupils only through these functions.

``pupils_visible_to(user)`` is the single definition of who may see which child:
LA caseworkers see every pupil; a school sees pupils on its roll or in its care;
a provider sees pupils registered with it. Anyone else sees none.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Prefetch, Q, QuerySet
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
    """Every pupil this user may see, acting in their active membership.

    A school's or provider's pupils are found from its own registrations and episodes (by
    index) and matched by id, so the cost follows the size of the setting, not of the area.
    Each part of the UNION needs ``order_by()``: the models' default ordering would put an
    ORDER BY inside the compound statement, which SQLite refuses.
    """
    on = on or today()
    role = active_role(user)
    organisation_id = active_organisation_id(user)
    if role in LA_CASEWORK_ROLES:
        return Pupil.objects.all()
    if role in SCHOOL_ROLES:
        on_roll = current_registrations(on).filter(organisation_id=organisation_id).order_by().values("pupil_id")
        in_care = current_episodes(on).filter(school_id=organisation_id).order_by().values("pupil_id")
        return Pupil.objects.filter(pk__in=on_roll.union(in_care))
    if role in PROVIDER_ROLES:
        registered = current_registrations(on).filter(organisation_id=organisation_id).order_by().values("pupil_id")
        return Pupil.objects.filter(pk__in=registered)
    return Pupil.objects.none()


# The columns the register and the pupil list read: the rules in pupils.rules, the status
# text and dates, and the setting names. Reading any other field of a row loaded with these
# would cost one query per row (test_query_count_does_not_grow_with_rows catches that).
REGISTRATION_COLUMNS = ("pupil_id", "organisation_id", "enrolment_status", "start_date", "end_date")
EPISODE_COLUMNS = (
    "pupil_id",
    "status",
    "start_date",
    "end_date",
    "agreed_end_date",
    "sessions",
    "provision_start_date",
)


def current_registrations_with_names(on: datetime.date) -> QuerySet[Registration]:
    """Current registrations with their setting's name, without loading the setting.

    Each has ``organisation_name``; ``school_pk``, the id of the setting's School (None when
    the setting is not a school); and ``partnership_name``, the name of that school's
    partnership or locality (None when it has none).
    """
    return (
        current_registrations(on)
        .only(*REGISTRATION_COLUMNS)
        .annotate(
            organisation_name=F("organisation__name"),
            school_pk=F("organisation__school__id"),
            partnership_name=F("organisation__school__partnership__organisation__name"),
        )
    )


def episodes_for_rules() -> QuerySet[EducationEpisode]:
    """Episodes with the columns the register's rules read, oldest first."""
    return EducationEpisode.objects.only(*EPISODE_COLUMNS).order_by("start_date", "id")


def with_current_context(queryset: QuerySet[Pupil], on: datetime.date) -> QuerySet[Pupil]:
    """Prefetch each pupil's current registrations (with names, as above) and episodes.

    For a page of pupils: the prefetches filter on the list of the page's pupil ids.
    """
    return queryset.prefetch_related(
        Prefetch("registrations", queryset=current_registrations_with_names(on), to_attr="current_registrations"),
        Prefetch("episodes", queryset=episodes_for_rules(), to_attr="all_episodes"),
    )


def visible_pupil_or_404(user, pk: int) -> Pupil:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(pupils_visible_to(user), pk=pk)
