"""The register of children not in full-time mainstream education (PRODUCT.md section B).

A pupil is on the register when an episode other than full-time mainstream covers today,
or when suspensions this academic year pass the 40-day warning. ``build_register`` runs a
fixed number of queries however many pupils there are: the pupils, their current
registrations, their episodes, one per flag source, and the calendar.

The register builds an entry for every candidate (for the totals and flag counts), so the
cost per pupil is kept low: pupils and episodes load only the columns the page, the CSV
export and the rules read; registrations carry the school and partnership names as
annotations instead of the related objects; and the related rows are filtered by the
candidates as a subquery, not as a list of ids, and grouped by pupil in dicts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.calendar import SchoolCalendar, academic_year_bounds, academic_year_of
from pupils import rules
from pupils.models import NOT_FULL_TIME_MAINSTREAM, EducationEpisode, EducationStatus, Pupil, Registration
from pupils.queries import current_episodes, current_registrations_with_names, episodes_for_rules, pupils_visible_to

# Other apps add flags to the register (for example placements: a review overdue) without
# pupils importing them. Each source takes (pupil ids, today) and returns {pupil id: [Flag]}
# in a fixed number of queries. The pupil ids are a ``values("pk")`` queryset of the
# register's candidates: use it as a subquery (``pupil_id__in=pupil_ids``) rather than
# turning it into a list. Apps register their source in AppConfig.ready().
FlagSource = Callable[[QuerySet, datetime.date], dict[int, list[rules.Flag]]]
FLAG_SOURCES: list[FlagSource] = []

# What the register page, the CSV export, the home page and the panel pack show of a pupil.
# Reading any other field of a register entry's pupil would cost one query per pupil.
PUPIL_COLUMNS = ("upn", "legal_forename", "legal_surname", "preferred_forename", "date_of_birth", "sen_provision")


def add_flag_source(source: FlagSource) -> None:
    if source not in FLAG_SOURCES:
        FLAG_SOURCES.append(source)


@dataclass
class RegisterFilters:
    status: str = ""
    school_id: int | None = None
    partnership_id: int | None = None
    year_group: int | None = None
    sen: str = ""
    flagged_only: bool = False


@dataclass
class RegisterEntry:
    pupil: Pupil
    statuses: list[EducationEpisode]
    school_name: str
    partnership_name: str
    year_group: int
    flags: list[rules.Flag] = field(default_factory=list)
    suspension_days: float = 0

    @property
    def overdue(self) -> bool:
        return any(f.overdue for f in self.flags)

    @property
    def status_text(self) -> str:
        return ", ".join(e.get_status_display() for e in self.statuses) or "Full-time in mainstream school"

    @property
    def since(self) -> datetime.date | None:
        return min((e.start_date for e in self.statuses), default=None)


def _candidates(user, today: datetime.date, filters: RegisterFilters):
    year_start, _ = academic_year_bounds(academic_year_of(today))
    not_full_time = current_episodes(today).filter(pupil=OuterRef("pk"), status__in=NOT_FULL_TIME_MAINSTREAM)
    if filters.status:
        not_full_time = not_full_time.filter(status=filters.status)
    suspended_this_year = EducationEpisode.objects.filter(
        pupil=OuterRef("pk"), status=EducationStatus.SUSPENDED, start_date__gte=year_start
    )
    condition = Exists(not_full_time)
    if not filters.status:
        condition = condition | Exists(suspended_this_year)
    queryset = pupils_visible_to(user, on=today).filter(condition)
    if filters.school_id:
        queryset = queryset.filter(
            Q(registrations__organisation_id=filters.school_id, registrations__end_date__isnull=True)
            | Q(registrations__organisation_id=filters.school_id, registrations__end_date__gte=today)
        ).distinct()
    if filters.partnership_id:
        queryset = (
            queryset.filter(
                registrations__organisation__school__partnership_id=filters.partnership_id,
                registrations__start_date__lte=today,
            )
            .filter(Q(registrations__end_date__isnull=True) | Q(registrations__end_date__gte=today))
            .distinct()
        )
    if filters.year_group is not None:
        earliest, latest = rules.date_of_birth_range(filters.year_group, academic_year_of(today))
        queryset = queryset.filter(date_of_birth__range=(earliest, latest))
    if filters.sen:
        queryset = queryset.filter(sen_provision=filters.sen)
    return queryset.order_by("legal_surname", "legal_forename", "pk")


def _by_pupil(rows: Iterable) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.pupil_id, []).append(row)
    return grouped


def _home_school(registrations: list[Registration]) -> tuple[str, str]:
    """The school and partnership shown: a school registration first, the main one of a dual registration first."""
    registrations = sorted(registrations, key=lambda r: r.enrolment_status != "M")
    for registration in registrations:
        if registration.school_pk is not None:
            return registration.organisation_name, registration.partnership_name or ""
    if registrations:
        return registrations[0].organisation_name, ""
    return "No school", ""


def build_register(
    user, *, today: datetime.date, filters: RegisterFilters | None = None, calendar: SchoolCalendar | None = None
) -> list[RegisterEntry]:
    filters = filters or RegisterFilters()
    cal = calendar or SchoolCalendar.load()
    academic_year = academic_year_of(today)
    entries = []
    candidates = _candidates(user, today, filters)
    pupils = list(candidates.only(*PUPIL_COLUMNS))
    if not pupils:
        return []
    pupil_ids = candidates.order_by().values("pk")
    all_episodes = _by_pupil(episodes_for_rules().filter(pupil_id__in=pupil_ids))
    registrations = _by_pupil(current_registrations_with_names(today).filter(pupil_id__in=pupil_ids))
    extra: dict[int, list[rules.Flag]] = {}
    for source in FLAG_SOURCES:
        for pupil_id, flags in source(pupil_ids, today).items():
            extra.setdefault(pupil_id, []).extend(flags)
    for pupil in pupils:
        episodes = all_episodes.get(pupil.pk, [])
        current = [e for e in episodes if e.is_current(today) and e.status != EducationStatus.FULL_TIME_MAINSTREAM]
        school_name, partnership_name = _home_school(registrations.get(pupil.pk, []))
        flags = rules.flags_for(cal, episodes, today) + extra.get(pupil.pk, [])
        suspension_days = rules.suspension_days_this_year(cal, episodes, today) if cal.covers(today) else 0
        if not current and suspension_days <= rules.SUSPENSION_WARNING_SCHOOL_DAYS:
            continue
        entry = RegisterEntry(
            pupil=pupil,
            statuses=current,
            school_name=school_name,
            partnership_name=partnership_name,
            year_group=rules.national_curriculum_year(pupil.date_of_birth, academic_year),
            flags=flags,
            suspension_days=suspension_days,
        )
        if filters.flagged_only and not entry.flags:
            continue
        entries.append(entry)
    return entries


def flag_counts(entries: list[RegisterEntry]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        for flag in entry.flags:
            counts[flag.key] = counts.get(flag.key, 0) + 1
    return counts
