"""Drill-downs of the figures on the fairness, triangulation and outcomes pages, and the registry of all.

``DEFINITIONS`` maps each figure's key (the ``figure`` in /oversight/records/<figure>/) to its
Definition.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch

from attendance.models import AttendanceMark
from attendance.queries import summaries_by
from oversight import drilldown_figures as measures
from oversight import outcomes, queries, rules
from oversight.drilldown import Definition
from oversight.drilldown_figures import PUPIL, _pupil, _with_roll
from oversight.tables import Column
from placements.models import Placement, PlacementStatus, Return, ReturnCheck
from referrals.models import Need, Request, Status


def _grouped(queryset, field_name: str) -> dict:
    return {row[field_name]: row["n"] for row in queryset.order_by().values(field_name).annotate(n=Count("pk"))}


# ---------------------------------------------------------------------------------------
# Requests for support (triangulation)


def submitted_requests(scope, period, need: str = ""):
    requests = Request.objects.exclude(status=Status.DRAFT).filter(
        submitted_at__date__gte=period.start, submitted_at__date__lte=period.end
    )
    if need:
        requests = requests.filter(need=need)
    return queries.in_scope(requests, "school_id", scope)


def _requests(key: str, title: str, need: str = "") -> Definition:
    return Definition(
        key,
        title,
        "Requests for support submitted in the period, by the school that asked"
        + (f" (need: {Need(need).label})." if need else "."),
        lambda scope, period: _with_roll(_grouped(submitted_requests(scope, period, need), "school_id"), scope),
        "Requests",
        "Pupils on roll",
        rules.per_hundred,
        "Per 100 pupils",
        rate_kind="rate",
        records=lambda scope, period: (
            submitted_requests(scope, period, need).select_related("pupil", "school").order_by("submitted_at", "pk")
        ),
        request_path="pk",
        columns=(
            Column("reference", "Request"),
            *PUPIL,
            Column("school", "School"),
            Column("submitted", "Submitted", "date"),
            Column("need", "Need"),
            Column("tier", "Tier asked for"),
            Column("status", "Status"),
        ),
        row=lambda r, today: [
            r.reference,
            *_pupil(r.pupil),
            r.school.name if r.school_id else "",
            r.submitted_at.date(),
            r.get_need_display(),
            r.get_tier_display(),
            r.get_status_display(),
        ],
    )


REQUESTS = _requests("requests", "Requests for support")
SEN_REQUESTS = _requests("requests_sen", "Requests for support for special educational needs", Need.SEN)
SEMH_REQUESTS = _requests(
    "requests_semh", "Requests for support for social, emotional and mental health needs", Need.SEMH
)


def started_placements(scope, period):
    placements = Placement.objects.filter(
        status__in=[PlacementStatus.AGREED, PlacementStatus.ACTIVE, PlacementStatus.ENDED],
        start_date__gte=period.start,
        start_date__lte=period.end,
    )
    return queries.in_scope(placements, "home_school_id", scope)


PLACEMENTS_STARTED = Definition(
    "placements_started",
    "Placements started",
    "Agreed, active or ended placements that started in the period, by home school.",
    lambda scope, period: _with_roll(_grouped(started_placements(scope, period), "home_school_id"), scope),
    "Placements",
    "Pupils on roll",
    rules.per_hundred,
    "Per 100 pupils",
    rate_kind="rate",
    records=lambda scope, period: (
        started_placements(scope, period).select_related("pupil", "home_school").order_by("start_date", "pk")
    ),
    placement_path="pk",
    columns=(
        *PUPIL,
        Column("school", "Home school"),
        Column("start", "Started", "date"),
        Column("status", "Status"),
        Column("tier", "Tier"),
    ),
    row=lambda p, today: [
        *_pupil(p.pupil),
        p.home_school.name,
        p.start_date,
        p.get_status_display(),
        p.get_tier_display(),
    ],
)


# ---------------------------------------------------------------------------------------
# Attendance in AP


def _marks(scope, period):
    return AttendanceMark.objects.filter(component__placement__in=outcomes.scoped_placements(scope, period))


def _attendance_by_school(scope, period):
    rows = summaries_by(_marks(scope, period), "component__placement__home_school_id", period.start, period.end)
    return {s.key: (s.present, s.possible) for s in rows}


def _attendance_records(scope, period, user):
    from placements.queries import placements_visible_to
    from pupils.queries import pupils_visible_to

    marks = _marks(scope, period).filter(
        pupil__in=pupils_visible_to(user).values("pk"),
        component__placement__in=placements_visible_to(user).values("pk"),
    )
    extra = ("pupil__legal_surname", "pupil__legal_forename", "pupil__upn")
    rows = summaries_by(marks, "pupil_id", period.start, period.end, extra=extra)
    return sorted(rows, key=lambda s: (s.extra["pupil__legal_surname"], s.extra["pupil__legal_forename"], s.key))


ATTENDANCE = Definition(
    "attendance",
    "Attendance in AP",
    "Sessions marked at providers in the period for the pupils placed, by home school: attended (present or approved "
    "educational activity) over possible sessions.",
    _attendance_by_school,
    "Sessions attended",
    "Possible sessions",
    rules.percent,
    "Attendance (%)",
    rate_kind="percent",
    records=_attendance_records,
    records_in_python=True,
    columns=(
        *PUPIL,
        Column("possible", "Possible sessions", "int"),
        Column("attended", "Attended", "int"),
        Column("percent", "Attendance (%)", "percent"),
        Column("persistent", "Persistently absent", "bool"),
    ),
    row=lambda s, today: [
        f"{s.extra['pupil__legal_surname']}, {s.extra['pupil__legal_forename']}",
        s.extra["pupil__upn"],
        s.possible,
        s.present,
        s.percent,
        s.persistent,
    ],
)


# ---------------------------------------------------------------------------------------
# Returns to mainstream, destinations, English and maths, fair access


def _check_text(plan, kind: str) -> str:
    check = next((c for c in plan.checks.all() if c.kind == kind), None)
    if check is None:
        return "Not scheduled"
    if check.checked_on is None:
        return f"Due {check.due_date.day} {check.due_date:%B %Y}"
    return "Held" if check.held else "Did not hold"


def _return_prepare(records, scope, period):
    return (
        records.select_related("placement__pupil", "placement__home_school", "school")
        .prefetch_related(Prefetch("checks", queryset=ReturnCheck.objects.order_by("due_date", "pk")))
        .order_by("return_date", "pk")
    )


RETURN_COLUMNS = (
    *PUPIL,
    Column("from", "Home school"),
    Column("to", "Returned to"),
    Column("date", "Return date", "date"),
    Column("six_weeks", "Check at 6 weeks"),
    Column("term", "Check after a term"),
)


def _return_row(plan, today):
    return [
        *_pupil(plan.placement.pupil),
        plan.placement.home_school.name,
        plan.school.name,
        plan.return_date,
        _check_text(plan, ReturnCheck.Kind.SIX_WEEKS),
        _check_text(plan, ReturnCheck.Kind.ONE_TERM),
    ]


RETURNS = Definition(
    "returns",
    "Returns to mainstream",
    "Returns from AP to a mainstream school in the period, by the pupil's home school, "
    "with the checks 6 weeks and a term later on whether the return held.",
    lambda scope, period: {
        k: (n, None)
        for k, n in _grouped(outcomes.returns_to_mainstream(scope, period), "placement__home_school_id").items()
    },
    "Returns",
    records=outcomes.returns_to_mainstream,
    pupil_path="placement__pupil",
    placement_path="placement",
    prepare=_return_prepare,
    columns=RETURN_COLUMNS,
    row=_return_row,
)


def returns_received(scope, period):
    return queries.in_scope(
        Return.objects.filter(return_date__gte=period.start, return_date__lte=period.end), "school_id", scope
    )


RETURNS_RECEIVED = Definition(
    "returns_received",
    "Pupils taken back from AP",
    "Returns from AP in the period, by the school the pupil returned to.",
    lambda scope, period: {k: (n, None) for k, n in _grouped(returns_received(scope, period), "school_id").items()},
    "Returns received",
    records=returns_received,
    pupil_path="placement__pupil",
    placement_path="placement",
    prepare=_return_prepare,
    columns=RETURN_COLUMNS,
    row=_return_row,
)


def _destinations_by_school(scope, period):
    rows = (
        outcomes.recorded_destinations(scope, period)
        .order_by()
        .values("placement__home_school_id", "outcome")
        .annotate(n=Count("pk"))
    )
    result: dict = {}
    for row in rows:
        sustained, recorded = result.get(row["placement__home_school_id"], (0, 0))
        good = row["n"] if rules.is_education_employment_or_training(row["outcome"]) else 0
        result[row["placement__home_school_id"]] = (sustained + good, recorded + row["n"])
    return result


DESTINATIONS = Definition(
    "destinations",
    "Post-16 destinations",
    "Year 11 leavers' destinations recorded in the period, by home school: in "
    "education, employment or training over all recorded.",
    _destinations_by_school,
    "In education, employment or training",
    "Destinations recorded",
    rules.percent,
    "Per cent",
    rate_kind="percent",
    records=lambda scope, period: (
        outcomes.recorded_destinations(scope, period)
        .select_related("placement__pupil", "placement__home_school")
        .order_by("recorded_on", "pk")
    ),
    pupil_path="placement__pupil",
    placement_path="placement",
    columns=(
        *PUPIL,
        Column("school", "Home school"),
        Column("due", "Due", "date"),
        Column("recorded", "Recorded", "date"),
        Column("outcome", "Destination"),
        Column("detail", "Detail"),
    ),
    row=lambda d, today: [
        *_pupil(d.placement.pupil),
        d.placement.home_school.name,
        d.due_date,
        d.recorded_on,
        d.get_outcome_display(),
        d.detail,
    ],
)

ENGLISH_MATHS = Definition(
    "english_maths",
    "English and maths qualifications",
    "Qualifications recorded at providers in the period whose title "
    "names English or maths, by the pupil's home school.",
    lambda scope, period: {
        k: (n, None)
        for k, n in _grouped(
            outcomes.english_qualifications(scope, period), "component__placement__home_school_id"
        ).items()
    },
    "Qualifications",
    records=lambda scope, period: (
        outcomes.english_qualifications(scope, period)
        .select_related("pupil", "component__placement")
        .order_by("achieved_on", "pk")
    ),
    placement_path="component__placement",
    columns=(
        *PUPIL,
        Column("title", "Qualification"),
        Column("level", "Level"),
        Column("grade", "Grade"),
        Column("date", "Achieved", "date"),
        Column("subject", "English or maths"),
    ),
    row=lambda a, today: [
        *_pupil(a.pupil),
        a.title,
        a.get_level_display(),
        a.grade,
        a.achieved_on,
        ", ".join(sorted(rules.subjects_of(a.title))) or "Neither",
    ],
)


def fair_access_allocations(scope, period):
    from panels.models import Decision, Outcome

    decisions = Decision.objects.filter(
        outcome=Outcome.FAIR_ACCESS_ALLOCATION, decided_at__date__gte=period.start, decided_at__date__lte=period.end
    )
    return queries.in_scope(decisions, "named_school_id", scope)


FAIR_ACCESS = Definition(
    "fair_access",
    "Fair access allocations",
    "Panel decisions in the period allocating a pupil to a school under the fair access protocol, by the school named.",
    lambda scope, period: {
        k: (n, None) for k, n in _grouped(fair_access_allocations(scope, period), "named_school_id").items()
    },
    "Allocations",
    records=lambda scope, period: (
        fair_access_allocations(scope, period)
        .select_related("request__pupil", "named_school")
        .order_by("decided_at", "pk")
    ),
    pupil_path="request__pupil",
    request_path="request",
    columns=(
        *PUPIL,
        Column("school", "School named"),
        Column("decided", "Decided", "date"),
        Column("deadline", "Place due by", "date"),
        Column("admitted", "Admitted", "date"),
    ),
    row=lambda d, today: [
        *_pupil(d.request.pupil),
        d.named_school.name,
        d.decided_at.date(),
        d.allocation_deadline,
        d.admitted_on,
    ],
)


DEFINITIONS = {
    d.key: d
    for d in (
        measures.PUPILS_IN_AP,
        measures.PLACES,
        measures.SECONDARY_PEX,
        measures.REINTEGRATED,
        measures.KEY_STAGE_4,
        measures.SPEND,
        measures.SUSPENSIONS,
        measures.EXCLUSIONS,
        REQUESTS,
        SEN_REQUESTS,
        SEMH_REQUESTS,
        PLACEMENTS_STARTED,
        ATTENDANCE,
        RETURNS,
        RETURNS_RECEIVED,
        DESTINATIONS,
        ENGLISH_MATHS,
        FAIR_ACCESS,
    )
}
