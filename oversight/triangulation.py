"""Termly triangulation for one school: the signals a panel reads together, term by term.

For each term of an academic year: the attendance in AP of the school's pupils (placements
where it is the home school), its suspensions (and suspension days) and permanent
exclusions, its requests for support, those for special educational needs and for social,
emotional and mental health needs, and the placements it started, with the school's and the
area's rates per 100 pupils side by side. A fixed number of queries (ten) for any school.

Terms follow the LA's term dates (rules.term_of): autumn runs from 1 September to the day
before the spring term's first half term, spring to the day before the summer term's, summer
to 31 August, so every day of the year is in one term. Without term dates the spring and
summer terms start on 1 January and 1 April.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from attendance import rules as attendance_rules
from attendance.codebook import CodeBook
from attendance.models import AttendanceMark
from core.calendar import academic_year_bounds, academic_year_label, academic_year_of
from core.models import TermPeriod
from oversight import queries, rules
from oversight.scope import AREA_SCOPE
from placements.models import Placement, PlacementStatus
from pupils.models import EducationEpisode, EducationStatus
from referrals.models import Need, Request, Status

TERM_NAMES = {"autumn": "Autumn term", "spring": "Spring term", "summer": "Summer term"}


@dataclass(frozen=True)
class Term:
    key: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return TERM_NAMES[self.key]


def academic_years(today: datetime.date) -> list[int]:
    """The academic years to choose from: every year with term dates, up to this one, newest first (one query)."""
    current = academic_year_of(today)
    years = set(TermPeriod.objects.values_list("academic_year__start_year", flat=True).distinct()) | {current}
    return sorted((y for y in years if y <= current), reverse=True)


def terms_of(academic_year: int) -> list[Term]:
    """The autumn, spring and summer terms of an academic year, from the LA's term dates (one query)."""
    first, last = academic_year_bounds(academic_year)
    starts = {"spring": datetime.date(academic_year + 1, 1, 1), "summer": datetime.date(academic_year + 1, 4, 1)}
    found: dict[str, datetime.date] = {}
    for start in TermPeriod.objects.filter(academic_year__start_year=academic_year).values_list(
        "start_date", flat=True
    ):
        key = rules.term_of(start)
        if key in starts and (key not in found or start < found[key]):
            found[key] = start
    starts.update(found)
    one_day = datetime.timedelta(days=1)
    return [
        Term("autumn", first, starts["spring"] - one_day),
        Term("spring", starts["spring"], starts["summer"] - one_day),
        Term("summer", starts["summer"], last),
    ]


@dataclass
class TermRow:
    term: Term
    possible: int = 0
    attended: int = 0
    pupils_marked: int = 0
    persistent: int = 0
    suspensions: int = 0
    suspension_days: Decimal = Decimal(0)
    exclusions: int = 0
    requests: int = 0
    sen_requests: int = 0
    semh_requests: int = 0
    placements_started: int = 0
    area: dict[str, int] = field(default_factory=dict)

    @property
    def attendance(self) -> Decimal | None:
        return attendance_rules.attendance_percent(self.attended, self.possible)


@dataclass
class Triangulation:
    school: object
    academic_year: int
    roll: int
    area_roll: int
    rows: list[TermRow]

    @property
    def year_label(self) -> str:
        return academic_year_label(self.academic_year)

    def rate(self, count: int) -> Decimal | None:
        return rules.per_hundred(count, self.roll)

    def area_rate(self, count: int) -> Decimal | None:
        return rules.per_hundred(count, self.area_roll)


def _in(term: Term, date_field: str) -> Q:
    return Q(**{f"{date_field}__gte": term.start, f"{date_field}__lte": term.end})


def _episode_counts(terms: list[Term], school_id: int | None) -> dict:
    episodes = EducationEpisode.objects.filter(
        status__in=[EducationStatus.SUSPENDED, EducationStatus.PERMANENTLY_EXCLUDED]
    )
    if school_id is not None:
        episodes = episodes.filter(school_id=school_id)
    counts = {}
    for t in terms:
        counts[f"{t.key}_suspensions"] = Count("pk", filter=Q(status=EducationStatus.SUSPENDED) & _in(t, "start_date"))
        counts[f"{t.key}_sessions"] = Sum("sessions", filter=Q(status=EducationStatus.SUSPENDED) & _in(t, "start_date"))
        counts[f"{t.key}_exclusions"] = Count(
            "pk", filter=Q(status=EducationStatus.PERMANENTLY_EXCLUDED) & _in(t, "start_date")
        )
    return episodes.aggregate(**counts)


def _request_counts(terms: list[Term], school_id: int | None) -> dict:
    requests = Request.objects.exclude(status=Status.DRAFT).filter(submitted_at__isnull=False)
    if school_id is not None:
        requests = requests.filter(school_id=school_id)
    counts = {}
    for t in terms:
        counts[f"{t.key}_requests"] = Count("pk", filter=_in(t, "submitted_at__date"))
        counts[f"{t.key}_sen"] = Count("pk", filter=_in(t, "submitted_at__date") & Q(need=Need.SEN))
        counts[f"{t.key}_semh"] = Count("pk", filter=_in(t, "submitted_at__date") & Q(need=Need.SEMH))
    return requests.aggregate(**counts)


def _attendance(terms: list[Term], school_id: int, rows: dict[str, TermRow]) -> None:
    """Sessions possible and attended, pupils marked and pupils persistently absent, per term (three queries)."""
    codebook = CodeBook.load()
    attended = codebook.codes_in({attendance_rules.PRESENT, attendance_rules.AEA})
    absent = codebook.codes_in({attendance_rules.AUTH, attendance_rules.UNAUTH})
    counts = {}
    for t in terms:
        counts[f"{t.key}_attended"] = Count("pk", filter=attended & _in(t, "date"))
        counts[f"{t.key}_absent"] = Count("pk", filter=absent & _in(t, "date"))
    marks = AttendanceMark.objects.filter(
        component__placement__home_school_id=school_id, date__gte=terms[0].start, date__lte=terms[-1].end
    )
    for pupil in marks.order_by().values("pupil_id").annotate(**counts):
        for t in terms:
            present, missed = pupil[f"{t.key}_attended"], pupil[f"{t.key}_absent"]
            if present + missed == 0:
                continue
            row = rows[t.key]
            row.pupils_marked += 1
            row.attended += present
            row.possible += present + missed
            row.persistent += int(attendance_rules.is_persistently_absent(missed, present + missed))


def triangulation(school, academic_year: int) -> Triangulation:
    """The school's signals for each term of the academic year, with the area's beside them."""
    terms = terms_of(academic_year)
    rows = {t.key: TermRow(t) for t in terms}
    roll = queries.number_on_roll(AREA_SCOPE)
    _attendance(terms, school.organisation_id, rows)
    own, area = _episode_counts(terms, school.organisation_id), _episode_counts(terms, None)
    own_requests, area_requests = _request_counts(terms, school.organisation_id), _request_counts(terms, None)
    started = Placement.objects.filter(
        home_school_id=school.organisation_id,
        status__in=[PlacementStatus.AGREED, PlacementStatus.ACTIVE, PlacementStatus.ENDED],
    ).aggregate(**{t.key: Count("pk", filter=_in(t, "start_date")) for t in terms})
    for t in terms:
        row = rows[t.key]
        row.suspensions = own[f"{t.key}_suspensions"]
        row.suspension_days = Decimal(own[f"{t.key}_sessions"] or 0) / 2
        row.exclusions = own[f"{t.key}_exclusions"]
        row.requests, row.sen_requests, row.semh_requests = (
            own_requests[f"{t.key}_requests"],
            own_requests[f"{t.key}_sen"],
            own_requests[f"{t.key}_semh"],
        )
        row.placements_started = started[t.key]
        row.area = {
            "suspensions": area[f"{t.key}_suspensions"],
            "exclusions": area[f"{t.key}_exclusions"],
            "requests": area_requests[f"{t.key}_requests"],
        }
    return Triangulation(
        school, academic_year, roll.by_school.get(school.organisation_id, (0, 0))[0], roll.total, list(rows.values())
    )
