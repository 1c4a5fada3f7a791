"""Plain records of what the generator will write for one pupil, and the school picker they share."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from itertools import accumulate

from accounts.models import Organisation
from demo.trafford import DemoSchool
from pupils.models import EducationStatus, Registration
from schools.models import School

ONE_DAY = datetime.timedelta(days=1)
SINGLE, MAIN, SUBSIDIARY = (
    Registration.EnrolmentStatus.SINGLE,
    Registration.EnrolmentStatus.MAIN,
    Registration.EnrolmentStatus.SUBSIDIARY,
)


@dataclass
class Ep:
    status: str
    start: datetime.date
    end: datetime.date | None = None
    school: Organisation | None = None
    agreed_end: datetime.date | None = None
    sessions: int | None = None
    provision: datetime.date | None = None
    reason: str = ""
    notes: str = ""


@dataclass
class Reg:
    organisation: Organisation
    status: str
    start: datetime.date
    end: datetime.date | None = None


@dataclass
class Plan:
    """One pupil: the story they are in, their year group this academic year, episodes and registrations."""

    profile: str  # ap, suspended, part_time or other: which characteristics to draw
    year_group: int
    first_school: DemoSchool | None
    episodes: list[Ep] = field(default_factory=list)
    registrations: list[Reg] = field(default_factory=list)
    arrived_from_la: str = ""  # an LA code when the pupil's UPN was issued elsewhere

    def add_suspensions(self, suspensions: list[Ep]) -> None:
        self.episodes.extend(suspensions)

    def total_suspension_days(self, first: datetime.date, last: datetime.date) -> float:
        return sum(
            (e.sessions or 0) / 2
            for e in self.episodes
            if e.status == EducationStatus.SUSPENDED and first <= e.start <= last
        )


def enrolment(organisation: Organisation, changes: list[tuple[datetime.date, str | None]]) -> list[Reg]:
    """Registrations at one setting from its status changes: (date, status) or (date, None) to leave the roll."""
    regs: list[Reg] = []
    for (start, status), following in zip(changes, changes[1:] + [(None, None)], strict=True):
        if status is None:
            continue
        end = following[0] - ONE_DAY if following[0] is not None else None
        if end is not None and end < start:
            continue
        regs.append(Reg(organisation, status, start, end))
    return regs


class SchoolPicker:
    """Draws a school for a year group, weighted by its roll in that year (and, if asked, by deprivation)."""

    def __init__(self, schools: list[DemoSchool]):
        self.schools = schools
        self._tables: dict[tuple[int, bool, bool], tuple[list[DemoSchool], list[float]]] = {}

    def _table(self, year_group: int, special: bool, deprivation: bool):
        key = (year_group, special, deprivation)
        if key not in self._tables:
            chosen = [
                s
                for s in self.schools
                if year_group in s.rolls and (s.phase == School.Phase.SPECIAL) == special and s.rolls[year_group] > 0
            ]
            weights = [s.rolls[year_group] * ((0.5 + 2 * s.idaci) if deprivation else 1.0) for s in chosen]
            self._tables[key] = (chosen, list(accumulate(weights)))
        return self._tables[key]

    def pick(
        self,
        rng: random.Random,
        year_group: int,
        *,
        special: bool = False,
        deprivation: bool = True,
        avoid: DemoSchool | None = None,
        also_teaches: int | None = None,
    ) -> DemoSchool | None:
        """A school teaching ``year_group`` (and ``also_teaches`` if given), not ``avoid``; None if there is none."""
        chosen, cumulative = self._table(year_group, special, deprivation)
        if not chosen:
            return None if special else self.pick(rng, year_group, special=True, deprivation=deprivation, avoid=avoid)
        for _ in range(20):
            school = rng.choices(chosen, cum_weights=cumulative)[0]
            if school is not avoid and (also_teaches is None or also_teaches in school.rolls):
                return school
        candidates = [s for s in chosen if s is not avoid and (also_teaches is None or also_teaches in s.rolls)]
        return candidates[0] if candidates else None


def weighted(rng: random.Random, table: dict) -> object:
    """One key of ``table`` drawn with its value as the weight (keys in the table's written order)."""
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]
