"""Standing items on every agenda: the register, placements due review or extension, pupils
ready to return, the area's use of AP against its share, and fair access "whose turn".

Pupil-level rows are always read through the viewer's own scope (pupils.register.build_register,
placements.queries.placements_visible_to), so a panel member sees only the children they could
see anyway; everyone on the panel sees the area's counts, which name no child.

placements sits to the right of panels in the dependency order, so it is imported inside the
functions; if it is not installed the items say that placements are not recorded yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q

from accounts.predicates import active_role
from accounts.roles import LA_CASEWORK_ROLES
from core.calendar import academic_year_bounds, academic_year_of
from panels import rules
from panels.models import Decision, Outcome, Panel
from pupils.models import NOT_FULL_TIME_MAINSTREAM, EducationStatus
from pupils.queries import current_episodes, current_registrations
from pupils.register import RegisterFilters, build_register
from pupils.rules import national_curriculum_year
from schools.queries import schools_with_roll

REVIEW_HORIZON_DAYS = 14
EXTENSION_HORIZON_DAYS = 28


def area_schools(panel: Panel):
    """The schools a panel covers, each with its number on roll."""
    schools = schools_with_roll().order_by("organisation__name")
    if panel.area_id is not None:
        schools = schools.filter(partnership_id=panel.area_id)
    return list(schools)


def _placement_model():
    try:
        return apps.get_model("placements", "Placement")
    except LookupError:
        return None


# ---------------------------------------------------------------------------------------
# The register for the panel's area


@dataclass
class RegisterItem:
    counts: list[tuple[str, int]]
    total: int
    entries: list | None  # pupil rows for viewers who may see them, else None


def register_item(user, panel: Panel, on: datetime.date) -> RegisterItem:
    school_ids = [s.organisation_id for s in area_schools(panel)]
    on_roll = current_registrations(on).filter(pupil=OuterRef("pupil"), organisation_id__in=school_ids)
    rows = (
        current_episodes(on)
        .filter(status__in=NOT_FULL_TIME_MAINSTREAM)
        .filter(Exists(on_roll))
        .values("status")
        .annotate(n=Count("pupil", distinct=True))
        .order_by("status")
    )
    labels = dict(EducationStatus.choices)
    counts = [(labels.get(r["status"], r["status"]), r["n"]) for r in rows]
    pupils = (
        current_episodes(on)
        .filter(status__in=NOT_FULL_TIME_MAINSTREAM)
        .filter(Exists(on_roll))
        .values("pupil")
        .distinct()
        .count()
    )
    entries = None
    if active_role(user) in LA_CASEWORK_ROLES:
        filters = RegisterFilters(partnership_id=panel.area_id) if panel.area_id else RegisterFilters()
        entries = build_register(user, today=on, filters=filters)
    return RegisterItem(counts=counts, total=pupils, entries=entries)


# ---------------------------------------------------------------------------------------
# Placements: due review or extension, ready to return, use against share


@dataclass
class PlacementRow:
    pupil_label: str
    school: str
    detail: str
    due: datetime.date | None


@dataclass
class PlacementItem:
    recorded: bool  # whether placements are recorded in Custodian at all
    area_count: int = 0
    rows: list[PlacementRow] = field(default_factory=list)


def _label(pupil, identity: bool, on: datetime.date) -> str:
    if identity:
        return pupil.full_name
    year = national_curriculum_year(pupil.date_of_birth, academic_year_of(on))
    return f"{pupil.legal_forename[:1]}{pupil.legal_surname[:1]}, {'Reception' if year == 0 else f'Year {year}'}"


def _area_placements(panel: Panel, model):
    placements = model.objects.filter(status="active")
    if panel.area_id is not None:
        placements = placements.filter(home_school__school__partnership_id=panel.area_id)
    return placements


def reviews_due_item(user, panel: Panel, on: datetime.date) -> PlacementItem:
    model = _placement_model()
    if model is None:
        return PlacementItem(recorded=False)
    from placements.queries import placements_visible_to

    review_soon = on + datetime.timedelta(days=REVIEW_HORIZON_DAYS)
    end_soon = on + datetime.timedelta(days=EXTENSION_HORIZON_DAYS)
    due = Q(reviews__held_on__isnull=True, reviews__due_date__lte=review_soon) | Q(planned_end_date__lte=end_soon)
    area = _area_placements(panel, model).filter(due).distinct()
    visible = (
        area.filter(pk__in=placements_visible_to(user).values("pk"))
        .select_related("pupil", "home_school")
        .prefetch_related("reviews")
        .order_by("planned_end_date", "pk")
    )
    identity = active_role(user) in LA_CASEWORK_ROLES
    rows = []
    for placement in visible:
        pending = sorted(
            (r for r in placement.reviews.all() if r.held_on is None and r.due_date <= review_soon),
            key=lambda r: r.due_date,
        )
        if pending:
            detail, when = f"{pending[0].get_kind_display()} due", pending[0].due_date
        else:
            detail, when = "Planned end: extend or end the placement", placement.planned_end_date
        rows.append(PlacementRow(_label(placement.pupil, identity, on), placement.home_school.name, detail, when))
    return PlacementItem(recorded=True, area_count=area.count(), rows=rows)


def ready_to_return_item(user, panel: Panel, on: datetime.date) -> PlacementItem:
    model = _placement_model()
    if model is None:
        return PlacementItem(recorded=False)
    from placements.queries import placements_visible_to

    ready = Q(return_plan__return_date__gte=on) | Q(reviews__outcome="return", return_plan__isnull=True)
    area = _area_placements(panel, model).filter(ready).distinct()
    visible = (
        area.filter(pk__in=placements_visible_to(user).values("pk"))
        .select_related("pupil", "home_school", "return_plan__school")
        .order_by("planned_end_date", "pk")
    )
    identity = active_role(user) in LA_CASEWORK_ROLES
    rows = []
    for placement in visible:
        plan = getattr(placement, "return_plan", None)
        if plan is not None:
            rows.append(
                PlacementRow(
                    _label(placement.pupil, identity, on),
                    placement.home_school.name,
                    f"Returning to {plan.school.name}",
                    plan.return_date,
                )
            )
        else:
            rows.append(
                PlacementRow(
                    _label(placement.pupil, identity, on),
                    placement.home_school.name,
                    "Review recommends a return: plan it",
                    None,
                )
            )
    return PlacementItem(recorded=True, area_count=area.count(), rows=rows)


@dataclass
class UseRow:
    school: str
    number_on_roll: int
    placements: int
    share: Decimal

    @property
    def over(self) -> bool:
        return self.placements > self.share


@dataclass
class UseItem:
    recorded: bool
    total: int = 0
    rows: list[UseRow] = field(default_factory=list)


def ap_use_item(panel: Panel) -> UseItem:
    """Active placements per home school beside its share of the area's placements by number on roll."""
    model = _placement_model()
    if model is None:
        return UseItem(recorded=False)
    schools = area_schools(panel)
    counts = dict(
        model.objects.filter(status="active", home_school_id__in=[s.organisation_id for s in schools])
        .values("home_school_id")
        .annotate(n=Count("pk"))
        .values_list("home_school_id", "n")
    )
    total = sum(counts.values())
    area_roll = sum(s.number_on_roll or 0 for s in schools)
    rows = [
        UseRow(
            s.name,
            s.number_on_roll or 0,
            counts.get(s.organisation_id, 0),
            rules.fair_share(total, s.number_on_roll or 0, area_roll),
        )
        for s in schools
    ]
    return UseItem(recorded=True, total=total, rows=rows)


# ---------------------------------------------------------------------------------------
# Fair access: whose turn


@dataclass
class TurnRow:
    school_id: int  # the school's organisation
    school: str
    phase: str
    number_on_roll: int
    admissions: int
    per_hundred: Decimal | None


def whose_turn(panel: Panel | None, on: datetime.date) -> list[TurnRow]:
    """Each school's fair access allocations this academic year per 100 on roll, lowest first."""
    start, end = academic_year_bounds(academic_year_of(on))
    schools = area_schools(panel) if panel is not None else list(schools_with_roll().order_by("organisation__name"))
    counts = dict(
        Decision.objects.filter(
            outcome=Outcome.FAIR_ACCESS_ALLOCATION,
            decided_at__date__range=(start, end),
            named_school_id__in=[s.organisation_id for s in schools],
        )
        .values("named_school_id")
        .annotate(n=Count("pk"))
        .values_list("named_school_id", "n")
    )
    rows = [
        TurnRow(
            s.organisation_id,
            s.name,
            s.phase,
            s.number_on_roll or 0,
            counts.get(s.organisation_id, 0),
            rules.admissions_per_hundred(counts.get(s.organisation_id, 0), s.number_on_roll or 0),
        )
        for s in schools
    ]
    return sorted(rows, key=lambda r: (r.per_hundred is None, r.per_hundred or 0, r.school))
