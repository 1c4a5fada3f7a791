"""Scoped reads of placements. Views reach placements only through these functions.

``placements_visible_to(user)`` is the single definition of who sees which placement:
LA caseworkers see every placement (school-commissioned ones included); a school sees
the placements of its pupils (it is the home school, or the pupil is on its roll or in its
care); a provider sees placements with a component at it. Anyone else sees none.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.predicates import active_organisation_id, active_role
from accounts.roles import LA_CASEWORK_ROLES, PROVIDER_ROLES, SCHOOL_ROLES
from core.calendar import SchoolCalendar
from placements.models import (
    Destination,
    Placement,
    PlacementComponent,
    PlacementStatus,
    ProgrammeOccupancy,
    ReturnCheck,
    Review,
    SurveyInvitation,
)
from pupils.queries import pupils_visible_to, today

__all__ = [
    "active_components_for_provider",
    "expected_sessions",
    "overdue_reviews",
    "placements_visible_to",
    "today",
]


def placements_visible_to(user) -> QuerySet[Placement]:
    """Every placement this user may see, acting in their active membership."""
    role = active_role(user)
    organisation_id = active_organisation_id(user)
    if role in LA_CASEWORK_ROLES:
        return Placement.objects.all()
    if role in SCHOOL_ROLES:
        return Placement.objects.filter(Q(home_school_id=organisation_id) | Q(pupil__in=pupils_visible_to(user)))
    if role in PROVIDER_ROLES:
        at_provider = PlacementComponent.objects.filter(
            placement=OuterRef("pk"), provider__organisation_id=organisation_id
        )
        return Placement.objects.filter(Exists(at_provider))
    return Placement.objects.none()


def is_provider_view(user) -> bool:
    """Whether the user sees placements as a provider (only what the placement needs)."""
    return active_role(user) in PROVIDER_ROLES


def list_placements(user, *, status: str = "", query: str = "") -> QuerySet[Placement]:
    """The placement list: the user's placements with pupil, schools and components in a fixed number of queries."""
    placements = placements_visible_to(user)
    if status:
        placements = placements.filter(status=status)
    if query:
        placements = placements.filter(
            Q(pupil__upn__iexact=query.replace(" ", ""))
            | Q(pupil__legal_surname__icontains=query)
            | Q(pupil__legal_forename__icontains=query)
            | Q(pupil__preferred_forename__icontains=query)
        )
    components = PlacementComponent.objects.select_related("provider__organisation", "programme").order_by(
        "start_date", "id"
    )
    organisation_id = active_organisation_id(user)
    if is_provider_view(user):
        components = components.filter(provider__organisation_id=organisation_id)
    return (
        placements.select_related("pupil", "home_school", "commissioner")
        .prefetch_related(Prefetch("components", queryset=components, to_attr="visible_components"))
        .order_by("-start_date", "-id")
    )


def visible_placement_or_404(user, pk: int) -> Placement:
    placements = placements_visible_to(user).select_related(
        "pupil", "home_school", "commissioner", "funder", "decision", "agreed_by"
    )
    return get_object_or_404(placements, pk=pk)


def visible_components(user, placement: Placement) -> list[PlacementComponent]:
    """A placement's components; a provider sees only its own parts of the package."""
    components = placement.components.select_related("provider__organisation", "programme").order_by("start_date", "id")
    if is_provider_view(user):
        components = components.filter(provider__organisation_id=active_organisation_id(user))
    return list(components)


def visible_component_or_404(user, placement: Placement, pk: int) -> PlacementComponent:
    return get_object_or_404(placement.components.select_related("provider__organisation", "programme"), pk=pk)


def learner_profile_of(placement: Placement):
    from placements.models import LearnerProfile

    return LearnerProfile.objects.filter(placement=placement).first()


def reviews_of(placement: Placement) -> list[Review]:
    return list(placement.reviews.order_by("due_date", "id"))


def review_or_404(placement: Placement, pk: int) -> Review:
    return get_object_or_404(Review, placement=placement, pk=pk)


def return_of(placement: Placement):
    from placements.models import Return

    return Return.objects.filter(placement=placement).select_related("school").first()


def return_check_or_404(placement: Placement, pk: int) -> ReturnCheck:
    return get_object_or_404(ReturnCheck.objects.select_related("return_plan"), return_plan__placement=placement, pk=pk)


def destinations_of(placement: Placement) -> list[Destination]:
    return list(placement.destinations.order_by("due_date", "id"))


def destination_or_404(placement: Placement, pk: int) -> Destination:
    return get_object_or_404(Destination, placement=placement, pk=pk)


def extensions_of(placement: Placement) -> list:
    return list(placement.extensions.select_related("decision").order_by("created_at", "id"))


def survey_invitations_of(placement: Placement) -> list[SurveyInvitation]:
    return list(placement.survey_invitations.select_related("response").order_by("-created_at", "-id"))


def occupancy_of(programme_ids) -> dict[int, int]:
    """{programme id: places booked} for the given programmes."""
    return dict(
        ProgrammeOccupancy.objects.filter(programme_id__in=list(programme_ids)).values_list("programme_id", "booked")
    )


def open_placement_of_pupil(pupil) -> Placement | None:
    return Placement.objects.filter(pupil=pupil, status__in=["proposed", "agreed", "active"]).first()


# ---------------------------------------------------------------------------------------
# For other apps: the register, the home page, attendance


def overdue_reviews(user, today: datetime.date) -> QuerySet[Review]:
    """Reviews of active placements this user can see whose due date has passed without a review held."""
    return (
        Review.objects.filter(
            placement__in=placements_visible_to(user),
            placement__status=PlacementStatus.ACTIVE,
            held_on__isnull=True,
            due_date__lt=today,
        )
        .select_related("placement__pupil", "placement__home_school")
        .order_by("due_date", "id")
    )


def overdue_review_flags(user, today: datetime.date) -> dict[int, list]:
    """{pupil id: [pupils.rules.Flag]} for overdue placement reviews, for the register and home page."""
    from pupils.rules import Flag

    flags: dict[int, list] = {}
    for review in overdue_reviews(user, today):
        flags.setdefault(review.placement.pupil_id, []).append(
            Flag(
                "review_overdue",
                f"{review.get_kind_display()} was due on {review.due_date:%-d %B %Y}",
                True,
                review.due_date,
            )
        )
    return flags


def due_return_checks(user, today: datetime.date) -> QuerySet[ReturnCheck]:
    """Checks on returns to mainstream that are due and not yet recorded."""
    return ReturnCheck.objects.filter(
        return_plan__placement__in=placements_visible_to(user), checked_on__isnull=True, due_date__lte=today
    ).select_related("return_plan__placement__pupil")


def due_destinations(user, today: datetime.date) -> QuerySet[Destination]:
    """Year 11 leavers' destinations that are due and not yet recorded."""
    return Destination.objects.filter(
        placement__in=placements_visible_to(user), recorded_on__isnull=True, due_date__lte=today
    ).select_related("placement__pupil")


def active_components_for_provider(provider_org, on: datetime.date) -> QuerySet[PlacementComponent]:
    """Components at a provider (given as its organisation) running on a day, for active placements."""
    return (
        PlacementComponent.objects.filter(
            provider__organisation=provider_org,
            placement__status=PlacementStatus.ACTIVE,
            start_date__lte=on,
            placement__start_date__lte=on,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .filter(
            Q(placement__end_date__isnull=True, placement__planned_end_date__gte=on) | Q(placement__end_date__gte=on)
        )
        .select_related("placement__pupil", "placement__home_school", "provider__organisation", "programme")
        .order_by("placement__pupil__legal_surname", "placement__pupil__legal_forename", "id")
    )


def expected_sessions(
    component: PlacementComponent, day: datetime.date, calendar: SchoolCalendar | None = None
) -> list[str]:
    """The sessions ("AM", "PM") the pupil is expected at this component on a day.

    None on a day outside the component or an active placement, on a weekend, or (when the
    calendar covers the day) on a day that is not a school day. Pass ``calendar`` when
    asking about many components or days, to load the term dates once.
    """
    placement = component.placement
    if placement.status != PlacementStatus.ACTIVE or day.weekday() >= 5:
        return []
    if day < max(component.start_date, placement.start_date):
        return []
    last = min(d for d in (component.end_date, placement.end_date or placement.planned_end_date) if d is not None)
    if day > last:
        return []
    calendar = calendar or SchoolCalendar.load()
    if calendar.covers(day) and not calendar.is_school_day(day):
        return []
    prefix = ("mon", "tue", "wed", "thu", "fri")[day.weekday()]
    return [half.upper() for half in ("am", "pm") if f"{prefix}_{half}" in (component.sessions or [])]


# ---------------------------------------------------------------------------------------
# Choices and costs for the placement pages


def provider_choices():
    """Providers a placement may use: approved or conditional on the framework."""
    from providers.queries import approved_providers

    return approved_providers().order_by("organisation__name")


def programme_choices():
    """Running programmes of the providers a placement may use."""
    from providers.models import Programme

    return (
        Programme.objects.filter(active=True, provider__in=provider_choices())
        .select_related("provider__organisation")
        .order_by("provider__organisation__name", "name")
    )


def placement_decision_or_404(user, pk: int):
    """A panel decision the user may make a placement from: the LA any, a school leader its own pupils'."""
    from accounts.roles import Role
    from panels.models import Decision

    decisions = Decision.objects.select_related(
        "request__pupil", "request__school", "provider__organisation", "meeting__panel"
    )
    role = active_role(user)
    if role in LA_CASEWORK_ROLES:
        pass
    elif role == Role.SCHOOL_LEADER:
        decisions = decisions.filter(request__school_id=active_organisation_id(user))
    else:
        decisions = decisions.none()
    return get_object_or_404(decisions, pk=pk)


def extension_decisions(placement: Placement):
    """Panel decisions to extend this placement that have not been used yet."""
    from panels.models import Decision

    return Decision.objects.filter(
        outcome="extend_placement", extend_placement=placement, placement_extension__isnull=True
    ).order_by("-decided_at", "-id")


def package_costs(placement: Placement, components: list[PlacementComponent], calendar: SchoolCalendar | None = None):
    """Each component's cost over its dates (price per session x sessions on school days) and the total.

    A cost is None when term dates for the period are missing; the total is then None too.
    """
    from core.calendar import CalendarError
    from placements import rules

    calendar = calendar or SchoolCalendar.load()
    rows, total, error = [], 0, None
    for component in components:
        end = component.end_date or placement.last_day()
        if placement.end_date and end > placement.end_date:
            end = placement.end_date
        try:
            cost = rules.component_cost_pence(
                calendar,
                sessions=component.sessions or [],
                hours_per_week=component.hours_per_week,
                cost_per_session=component.cost_per_session_pence,
                start=component.start_date,
                end=end,
            )
        except CalendarError as exc:
            cost, error = None, str(exc)
        rows.append((component, cost))
        if cost is None:
            total = None
        elif total is not None:
            total += cost
    return rows, total, error


def term_periods() -> list[tuple[datetime.date, datetime.date]]:
    """Every term period (half term) as (first day, last day), for review dates."""
    from core.models import TermPeriod

    return list(TermPeriod.objects.values_list("start_date", "end_date"))


def review_flags_for_pupils(pupil_ids: QuerySet | Iterable[int], today: datetime.date) -> dict[int, list]:
    """Register flag source: overdue reviews of active placements for these (already scoped) pupils, one query.

    ``pupil_ids`` is a ``values("pk")`` queryset of pupils, used as a subquery (or a list of ids).
    """
    from pupils.rules import Flag

    flags: dict[int, list] = {}
    reviews = (
        Review.objects.filter(
            placement__pupil_id__in=pupil_ids,
            placement__status=PlacementStatus.ACTIVE,
            held_on__isnull=True,
            due_date__lt=today,
        )
        .only("kind", "due_date", "placement__pupil_id")
        .select_related("placement")
        .order_by("due_date", "id")
    )
    for review in reviews:
        flags.setdefault(review.placement.pupil_id, []).append(
            Flag(
                "review_overdue",
                f"{review.get_kind_display()} was due on {review.due_date:%-d %B %Y}",
                True,
                review.due_date,
            )
        )
    return flags
