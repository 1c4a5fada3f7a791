"""The records behind a figure: the count for each school, and the pupil rows for those entitled.

Every figure on the oversight pages links here with its scope and period. The page shows:

1. the figure for each school in the scope (aggregates: no child is named), to everyone who
   may see the figure;
2. the records themselves, one row each, only where the user may see the pupil: every record
   is filtered through pupils.queries.pupils_visible_to(user), records of placements also
   through placements.queries.placements_visible_to(user), and requests for support through
   referrals.queries.requests_visible_to(user). A role that sees no pupils (the finance
   officer, a partnership chair) gets the aggregates only, and the page says why.

The figures themselves are defined in drilldown_figures.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from accounts.predicates import active_role
from accounts.roles import LA_CASEWORK_ROLES, SCHOOL_ROLES
from oversight.period import Period
from oversight.scope import Scope
from oversight.tables import Column, Table

PAGE_SIZE = 50
PUPIL_ROW_ROLES = LA_CASEWORK_ROLES | SCHOOL_ROLES


@dataclass(frozen=True)
class Definition:
    """One figure's drill-down: how to count it by school, and which records are behind it."""

    key: str
    title: str
    explanation: str
    by_school: Callable[[Scope, Period], dict]  # {school org id or None: (count, denominator or None)}
    count_heading: str
    denominator_heading: str = ""
    rate: Callable | None = None  # (count, denominator) -> figure
    rate_heading: str = ""
    count_kind: str = "int"
    rate_kind: str = "number"
    records: Callable[[Scope, Period], QuerySet] | None = None
    pupil_path: str = "pupil"
    placement_path: str | None = None
    request_path: str | None = None
    columns: tuple[Column, ...] = ()
    row: Callable | None = None  # (record, today) -> list of values
    prepare: Callable | None = None  # (queryset, scope, period) -> queryset with what the rows need
    supplement: Callable | None = None  # (scope, period) -> Table of non-pupil records (block commissions)
    by_organisation: bool = False  # counted by commissioning organisation, not only schools
    records_in_python: bool = False  # ``records`` returns a list already restricted (see attendance)


def may_see_pupil_rows(user) -> bool:
    """LA caseworkers and school staff see pupil rows (their own pupils); every other role sees aggregates only."""
    return active_role(user) in PUPIL_ROW_ROLES


def restrict(user, definition: Definition, records: QuerySet) -> QuerySet:
    """Only the records whose pupil (and placement, and request) this user may see."""
    from placements.queries import placements_visible_to
    from pupils.queries import pupils_visible_to

    if not may_see_pupil_rows(user):
        return records.none()
    records = records.filter(**{f"{definition.pupil_path}__in": pupils_visible_to(user).values("pk")})
    if definition.placement_path is not None:
        records = records.filter(**{f"{definition.placement_path}__in": placements_visible_to(user).values("pk")})
    if definition.request_path is not None:
        from referrals.queries import requests_visible_to

        records = records.filter(**{f"{definition.request_path}__in": requests_visible_to(user).values("pk")})
    return records


@dataclass
class Drilldown:
    definition: Definition
    scope: Scope
    period: Period
    schools: Table
    records: Table | None = None
    page: Page | None = None
    supplement: Table | None = None
    others_with_none: int = 0
    tables: dict[str, Table] = field(default_factory=dict)


def _school_table(
    definition: Definition, scope: Scope, period: Period, *, everything: bool, shown: frozenset[int] | None = None
) -> tuple[Table, int]:
    from accounts.models import Organisation
    from schools.models import School

    counts = definition.by_school(scope, period)
    columns = [
        Column("school", "School" if not definition.by_organisation else "Organisation"),
        Column("count", definition.count_heading, definition.count_kind),
    ]
    if definition.denominator_heading:
        columns.append(
            Column(
                "denominator", definition.denominator_heading, "pence" if definition.count_kind == "pence" else "int"
            )
        )
    if definition.rate:
        columns.append(Column("rate", definition.rate_heading, definition.rate_kind))
    table = Table("schools", f"{definition.title}: by school", columns, empty="No school has any.")
    if definition.by_organisation:
        names = dict(Organisation.objects.filter(pk__in=[k for k in counts if k is not None]).values_list("pk", "name"))
    else:
        schools = School.objects.select_related("organisation").order_by("organisation__name")
        if scope.school_ids is not None:
            schools = schools.filter(organisation_id__in=sorted(scope.school_ids))
        names = {s.organisation_id: s.organisation.name for s in schools}
        for org in names:
            counts.setdefault(org, (0, None))
    none_count = 0
    ordered = sorted(counts.items(), key=lambda item: (-(item[1][0] or 0), names.get(item[0], "")))
    for org, (count, denominator) in ordered:
        if (org is not None and org not in names) or (shown is not None and org not in shown):
            continue
        if not count and not everything:
            none_count += 1
            continue
        values = [names.get(org, "No school recorded"), count]
        if definition.denominator_heading:
            values.append(denominator)
        if definition.rate:
            values.append(definition.rate(count or 0, denominator or 0))
        table.add(*values)
    return table, none_count


def record_table(
    definition: Definition, user, scope: Scope, period: Period, today: datetime.date
) -> tuple[Table, object]:
    """The pupil rows this user may see, as a Table, and the records they came from (a queryset or list)."""
    if definition.records_in_python:
        records = definition.records(scope, period, user) if may_see_pupil_rows(user) else []
    else:
        records = restrict(user, definition, definition.records(scope, period))
        if definition.prepare:
            records = definition.prepare(records, scope, period)
    table = Table(
        "records",
        f"{definition.title}: the records",
        list(definition.columns),
        pupil_rows=True,
        empty="There are no records you can see.",
    )
    return table, records


def build(
    definition: Definition,
    user,
    scope: Scope,
    period: Period,
    *,
    today: datetime.date,
    page_number=None,
    everything: bool = False,
) -> Drilldown:
    """The page (one page of records) or, with ``everything``, every row for export."""
    from oversight.scope import organisations_in_view

    schools, none_count = _school_table(
        definition, scope, period, everything=everything, shown=organisations_in_view(user)
    )
    result = Drilldown(definition, scope, period, schools, others_with_none=none_count)
    if definition.supplement:
        result.supplement = definition.supplement(scope, period)
    if definition.records is not None and may_see_pupil_rows(user):
        table, records = record_table(definition, user, scope, period, today)
        if everything:
            items = records
        else:
            result.page = Paginator(records, PAGE_SIZE).get_page(page_number)
            items = result.page.object_list
        for record in items:
            table.add(*definition.row(record, today))
        result.records = table
    result.tables = {t.key: t for t in (result.schools, result.records, result.supplement) if t is not None}
    return result
