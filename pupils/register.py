"""The register of children not in full-time mainstream education (PRODUCT.md section B).

A pupil is on the register when an episode other than full-time mainstream covers today,
or when suspensions this academic year pass the 40-day warning. ``build_register`` runs a
fixed number of queries however many pupils there are: the pupils, their current
registrations, their episodes, and the calendar.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from core.calendar import SchoolCalendar, academic_year_bounds, academic_year_of
from pupils import rules
from pupils.models import NOT_FULL_TIME_MAINSTREAM, EducationEpisode, EducationStatus, Pupil
from pupils.queries import current_episodes, pupils_visible_to, with_current_context

# Other apps add flags to the register (for example placements: a review overdue) without
# pupils importing them: each source takes (pupil ids, today) and returns {pupil id: [Flag]},
# in a fixed number of queries. Apps register their source in AppConfig.ready().
FlagSource = Callable[[list[int], datetime.date], dict[int, list[rules.Flag]]]
FLAG_SOURCES: list[FlagSource] = []


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
        queryset = queryset.filter(
            registrations__organisation__school__partnership_id=filters.partnership_id,
            registrations__start_date__lte=today,
        ).filter(Q(registrations__end_date__isnull=True) | Q(registrations__end_date__gte=today)).distinct()
    if filters.year_group is not None:
        earliest, latest = rules.date_of_birth_range(filters.year_group, academic_year_of(today))
        queryset = queryset.filter(date_of_birth__range=(earliest, latest))
    if filters.sen:
        queryset = queryset.filter(sen_provision=filters.sen)
    return with_current_context(queryset.order_by("legal_surname", "legal_forename", "pk"), today)


def _home_school(pupil: Pupil) -> tuple[str, str]:
    registrations = sorted(pupil.current_registrations, key=lambda r: r.enrolment_status != "M")
    for registration in registrations:
        school = getattr(registration.organisation, "school", None)
        if school is not None:
            partnership = school.partnership.organisation.name if school.partnership else ""
            return registration.organisation.name, partnership
    if registrations:
        return registrations[0].organisation.name, ""
    return "No school", ""


def build_register(
    user, *, today: datetime.date, filters: RegisterFilters | None = None, calendar: SchoolCalendar | None = None
) -> list[RegisterEntry]:
    filters = filters or RegisterFilters()
    cal = calendar or SchoolCalendar.load()
    academic_year = academic_year_of(today)
    entries = []
    pupils = list(_candidates(user, today, filters))
    extra: dict[int, list[rules.Flag]] = {}
    for source in FLAG_SOURCES:
        for pupil_id, flags in source([p.pk for p in pupils], today).items():
            extra.setdefault(pupil_id, []).extend(flags)
    for pupil in pupils:
        episodes = pupil.all_episodes
        current = [e for e in episodes if e.is_current(today) and e.status != EducationStatus.FULL_TIME_MAINSTREAM]
        school_name, partnership_name = _home_school(pupil)
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
