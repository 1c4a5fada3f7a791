"""What a figure is about (the area, a partnership or a school) and who may look at which.

PRODUCT.md I: the LA strategic lead, inclusion officer and finance officer see the whole area;
a school's leader and staff see the area's aggregates and their own school (and the
partnership it belongs to); a partnership chair sees the area and its own partnership and
schools. Everyone else is refused by the permissions before they get here. A scope the user
may not choose is a 404, as another organisation's object is everywhere else.

Scopes carry aggregates only. Pupil rows are a separate question, answered per record by
pupils.queries.pupils_visible_to and placements.queries.placements_visible_to (drilldown.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from accounts.predicates import active_organisation_id, active_role
from accounts.roles import SCHOOL_ROLES, Role
from schools.models import Partnership, School

LA_VIEW_ROLES = frozenset({Role.LA_STRATEGIC_LEAD, Role.LA_INCLUSION_OFFICER, Role.LA_FINANCE_OFFICER})
AREA = "area"


@dataclass(frozen=True)
class Scope:
    """The area, one partnership or one school, with the school organisations it covers."""

    kind: str  # "area", "partnership" or "school"
    key: str  # "area", "partnership-<partnership id>" or "school-<school organisation id>"
    name: str
    school_ids: frozenset[int] | None = None  # school organisation ids; None means every record in the area
    partnership_organisation_id: int | None = None

    @property
    def is_area(self) -> bool:
        return self.kind == AREA

    @property
    def organisation_ids(self) -> frozenset[int] | None:
        """Organisations whose commissioning belongs to the scope: its schools, and a partnership itself."""
        if self.school_ids is None:
            return None
        extra = {self.partnership_organisation_id} if self.partnership_organisation_id else set()
        return self.school_ids | extra

    @property
    def description(self) -> str:
        return "the whole area" if self.is_area else self.name


AREA_SCOPE = Scope(AREA, AREA, "The whole area")


def available_scopes(user) -> list[Scope]:
    """The scopes this user may choose, the area first, then partnerships, then schools (two queries)."""
    role = active_role(user)
    organisation_id = active_organisation_id(user)
    if role not in LA_VIEW_ROLES and role not in SCHOOL_ROLES and role != Role.PARTNERSHIP_CHAIR:
        return []
    schools = list(
        School.objects.order_by("organisation__name", "pk").values_list(
            "organisation_id", "organisation__name", "partnership_id"
        )
    )
    partnerships = list(
        Partnership.objects.order_by("organisation__name", "pk").values_list(
            "pk", "organisation_id", "organisation__name"
        )
    )
    if role in SCHOOL_ROLES:
        own = [s for s in schools if s[0] == organisation_id]
        chosen_partnerships = {s[2] for s in own if s[2] is not None}
        chosen_schools = own
    elif role == Role.PARTNERSHIP_CHAIR:
        chosen_partnerships = {pk for pk, org, _ in partnerships if org == organisation_id}
        chosen_schools = [s for s in schools if s[2] in chosen_partnerships]
    else:
        chosen_partnerships = {pk for pk, _, _ in partnerships}
        chosen_schools = schools
    members: dict[int, set[int]] = {}
    for school_org, _, partnership_id in schools:
        if partnership_id in chosen_partnerships:
            members.setdefault(partnership_id, set()).add(school_org)
    return (
        [AREA_SCOPE]
        + [
            Scope("partnership", f"partnership-{pk}", name, frozenset(members.get(pk, ())), org)
            for pk, org, name in partnerships
            if pk in chosen_partnerships
        ]
        + [Scope("school", f"school-{org}", name, frozenset({org})) for org, name, _ in chosen_schools]
    )


def scope_for(user, key: str | None, scopes: list[Scope] | None = None) -> Scope:
    """The scope named by ``key`` if this user may choose it (the area when no key is given), else 404."""
    key = (key or AREA).strip()
    if key == AREA:
        return AREA_SCOPE
    for scope in available_scopes(user) if scopes is None else scopes:
        if scope.key == key:
            return scope
    raise Http404("No such area, partnership or school")


def schools_in_view(user):
    """Schools whose aggregate rows this user sees in the fairness table: the LA and schools every school, a chair its partnership's."""
    role = active_role(user)
    schools = School.objects.select_related("organisation", "partnership__organisation").order_by("organisation__name")
    if role in LA_VIEW_ROLES or role in SCHOOL_ROLES:
        return schools
    if role == Role.PARTNERSHIP_CHAIR:
        return schools.filter(partnership__organisation_id=active_organisation_id(user))
    return schools.none()


def triangulation_schools(user):
    """Schools whose termly triangulation this user may open: the LA any, a school its own, a chair its partnership's."""
    role = active_role(user)
    schools = School.objects.select_related("organisation", "partnership__organisation").order_by("organisation__name")
    if role in LA_VIEW_ROLES:
        return schools
    if role in SCHOOL_ROLES:
        return schools.filter(organisation_id=active_organisation_id(user))
    if role == Role.PARTNERSHIP_CHAIR:
        return schools.filter(partnership__organisation_id=active_organisation_id(user))
    return schools.none()


def organisations_in_view(user) -> frozenset[int] | None:
    """Whose per-school (or per-commissioner) rows the user sees: everyone's (None), or a chair's partnership and its schools."""
    if active_role(user) != Role.PARTNERSHIP_CHAIR:
        return None
    organisation_id = active_organisation_id(user)
    schools = School.objects.filter(partnership__organisation_id=organisation_id).values_list(
        "organisation_id", flat=True
    )
    return frozenset(schools) | {organisation_id}
