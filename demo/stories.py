"""Suspensions and permanent exclusions for demo pupils, on school days from the calendar.

Each function builds one pupil's Plan (demo/plans.py) or returns None when the calendar has no
room for it (for example on the first day of the year). Rules kept here:

- a suspension's sessions are two per school day; it ends on a school day;
- a suspension longer than 5 school days gets provision from the 6th school day in 80% of cases
  (rates.PROVISION_BY_SIXTH_DAY_SHARE); the rest have none, so the register's flag shows;
- a permanent exclusion gets provision at the PRU from the 6th school day (75%), late (15%), or,
  when recent, none yet (10%); the pupil leaves the excluding school's roll 15 school days later
  (the governors' review) and, for some earlier exclusions, starts at a new school, which ends
  the excluded episode;
- episodes of one status for one pupil never overlap: suspensions are at least a school day apart.
"""

from __future__ import annotations

import datetime
import random

from demo import rates
from demo.plans import MAIN, ONE_DAY, SINGLE, SUBSIDIARY, Ep, Plan, SchoolPicker, enrolment, weighted
from demo.timeline import Timeline, fit_runs, place_runs
from demo.trafford import Area, DemoSchool
from pupils.models import EducationStatus

S = EducationStatus
# Reason weights. ASSUMPTION except persistent disruption: 51% of suspensions and 39% of permanent
# exclusions in 2023/24 (EES summary, reference/standards.md section 2.4).
SUSPENSION_REASONS = {
    "PD": 51,
    "VA": 12,
    "PA": 8,
    "VP": 6,
    "PP": 6,
    "DA": 3,
    "DM": 3,
    "MT": 2,
    "OW": 2,
    "BU": 2,
    "RA": 1,
    "LG": 1,
    "SM": 1,
    "TH": 1,
    "OT": 1,
    "DS": 0.5,
    "PH": 0.5,
}
EXCLUSION_REASONS = {
    "PD": 39,
    "PA": 15,
    "PP": 10,
    "OW": 10,
    "DA": 8,
    "VA": 8,
    "SM": 3,
    "VP": 2,
    "BU": 1,
    "RA": 1,
    "DM": 1,
    "TH": 1,
    "MT": 0.5,
    "LG": 0.25,
    "DS": 0.25,
    "PH": 0,
    "OT": 0,
}
PRIMARY_YEARS = {0: 1, 1: 1, 2: 2, 3: 2, 4: 3, 5: 4, 6: 5}  # ASSUMPTION: more in the older years
SECONDARY_YEARS = {age - 4: n for age, n in rates.AP_AGES.items() if age >= 11}  # AP census ages 11-15
SPECIAL_YEARS = dict.fromkeys(range(1, 12), 1)
PHASE_YEARS = {"primary": PRIMARY_YEARS, "secondary": SECONDARY_YEARS, "special": SPECIAL_YEARS}


class Builder:
    """Shared state for drawing stories: the seeded random source, the school days and the schools."""

    def __init__(self, rng: random.Random, timeline: Timeline, area: Area):
        self.rng = rng
        self.t = timeline
        self.area = area
        self.picker = SchoolPicker(area.schools)

    # --- choosing who and where -------------------------------------------------------------------

    def years_and_school(
        self, phase: str, event_year: int, *, deprivation: bool = True
    ) -> tuple[int, int, DemoSchool] | None:
        """(year group now, year group at the event, school teaching both), or None."""
        table = PHASE_YEARS[phase]
        if event_year < self.t.this_year:
            table = {y: w for y, w in table.items() if y + 1 <= 11}
        year_then = weighted(self.rng, table)
        year_now = year_then + (self.t.this_year - event_year)
        school = self.picker.pick(
            self.rng,
            year_then,
            special=phase == "special",
            deprivation=deprivation,
            also_teaches=year_now if year_now != year_then else None,
        )
        return (year_now, year_then, school) if school else None

    def entry(self, school: DemoSchool, year_group_then: int, event_year: int) -> datetime.date:
        """When the pupil joined the school: 1 September of the year they entered its first year group."""
        return datetime.date(event_year - max(0, year_group_then - min(school.rolls)), 9, 1)

    def window(self, event_year: int) -> tuple[int, int]:
        return self.t.past_window(event_year)

    def event_year(self, this_year_share: float) -> int:
        if not self.t.has_last_year or (self.t.next <= self.t.this_lo):
            return self.t.this_year
        return self.t.this_year if self.rng.random() < this_year_share else self.t.this_year - 1

    # --- suspensions ----------------------------------------------------------------------------------

    def suspension(self, school: DemoSchool, start: int, length: int, *, provision: bool | None = None) -> Ep:
        end = start + length - 1
        if provision is None:
            provision = self.rng.random() < rates.PROVISION_BY_SIXTH_DAY_SHARE.value
        return Ep(
            S.SUSPENDED,
            self.t.day(start),
            self.t.day(end),
            school.organisation,
            sessions=2 * length,
            provision=self.t.day(start + 5) if length > 5 and provision else None,
            reason=weighted(self.rng, SUSPENSION_REASONS),
        )

    def suspension_lengths(self, count: int) -> list[int]:
        return [weighted(self.rng, rates.SUSPENSION_LENGTHS) for _ in range(count)]

    def suspensions_in(self, school: DemoSchool, lo: int, hi: int, lengths: list[int]) -> list[Ep]:
        return [self.suspension(school, a, b - a + 1) for a, b in fit_runs(self.rng, lo, hi, lengths)]

    def current_suspension(
        self, school: DemoSchool, length: int, *, provision: bool | None = None, elapsed: int | None = None
    ) -> Ep | None:
        """A suspension covering today (``elapsed`` school days of it before today), or None if it cannot be."""
        latest = self.t.current_start_max
        earliest = max(self.t.this_lo, self.t.next - length + 1)
        if elapsed is not None:
            earliest = latest = self.t.next - elapsed
        if latest < earliest or earliest < self.t.this_lo or latest + length - 1 < self.t.next:
            return None
        return self.suspension(school, self.rng.randint(earliest, latest), length, provision=provision)

    def suspended_pupil(
        self,
        event_year: int,
        *,
        current: bool = False,
        current_length: int | None = None,
        current_provision: bool | None = None,
        current_elapsed: int | None = None,
    ) -> Plan | None:
        """A pupil with one or more suspensions in an academic year; ``current`` makes the last one cover today."""
        phase = weighted(self.rng, rates.SUSPENSIONS_BY_PHASE)
        chosen = self.years_and_school(phase, event_year)
        if chosen is None:
            return None
        year_now, year_then, school = chosen
        plan = Plan("suspended", year_now, school)
        lengths = self.suspension_lengths(weighted(self.rng, rates.SUSPENSIONS_PER_PUPIL))
        lo, hi = self.window(event_year)
        if current:
            shortest = self.t.next - self.t.current_start_max + 1  # 2 when today is not a school day
            last = self.current_suspension(
                school,
                current_length or max(lengths[-1], shortest),
                provision=current_provision,
                elapsed=current_elapsed,
            )
            if last is None:
                return None
            hi = self.t.index(last.start) - 2
            plan.add_suspensions(self.suspensions_in(school, lo, hi, lengths[:-1]) + [last])
        else:
            plan.add_suspensions(self.suspensions_in(school, lo, hi, lengths))
        again = event_year == self.t.this_year and self.t.has_last_year and self.rng.random() < 0.3
        if again and year_then - 1 in school.rolls:  # suspended last year too, at the same school
            plan.add_suspensions(
                self.suspensions_in(school, self.t.last_lo, self.t.last_hi, self.suspension_lengths(2))
            )
        if not plan.episodes:
            return None
        plan.registrations = enrolment(school.organisation, [(self.entry(school, year_then, event_year), SINGLE)])
        return plan

    def heavily_suspended_pupil(self, total: int) -> Plan | None:
        """A pupil whose suspensions this academic year add up to ``total`` school days (over 40 or 45)."""
        chosen = self.years_and_school(weighted(self.rng, {"secondary": 9, "special": 1}), self.t.this_year)
        if chosen is None:
            return None
        year_now, _, school = chosen
        count = self.rng.randint(4, 6)
        cuts = sorted(self.rng.sample(range(1, total), count - 1))
        lengths = [b - a for a, b in zip([0] + cuts, cuts + [total], strict=True)]
        lengths = sorted(lengths)  # short ones first, the long one last
        lo, hi = self.window(self.t.this_year)
        runs = place_runs(self.rng, lo, hi, lengths)
        if runs is None:  # not enough school days yet: the last, longest one is happening now
            room = self.t.current_start_max - lo
            earlier, used = [], 0
            for length in lengths[:-1]:
                if used + length + 1 > room:
                    break
                earlier.append(length)
                used += length + 1
            last_length = total - sum(earlier)
            start = max(lo + used, self.t.next - last_length + 1)
            if start > self.t.current_start_max or last_length > 45:
                return None
            runs = (place_runs(self.rng, lo, start - 2, earlier) or []) + [(start, start + last_length - 1)]
            if sum(b - a + 1 for a, b in runs) != total:
                return None
        plan = Plan("suspended", year_now, school)
        plan.add_suspensions([self.suspension(school, a, b - a + 1) for a, b in runs])
        plan.registrations = enrolment(school.organisation, [(self.entry(school, year_now, self.t.this_year), SINGLE)])
        return plan

    # --- permanent exclusions ---------------------------------------------------------------------------

    def excluded_pupil(self, event_year: int, *, none_yet: bool = False) -> Plan | None:
        """A permanently excluded pupil: provision at the PRU, perhaps late or not yet, perhaps a new school."""
        phase = weighted(self.rng, {k: v for k, v in rates.PERMANENT_EXCLUSIONS_BY_PHASE.items() if v})
        chosen = self.years_and_school(phase, event_year)
        lo, hi = self.window(event_year)
        if chosen is None or hi < lo:
            return None
        year_now, year_then, school = chosen
        if none_yet:
            lo = max(lo, self.t.next - 25)
            if hi < lo:
                return None
        day = self.rng.randint(lo, hi)
        plan = Plan("ap", year_now, school)
        if self.rng.random() < 0.6:
            plan.add_suspensions(
                self.suspensions_in(school, lo, day - 2, self.suspension_lengths(self.rng.randint(1, 3)))
            )
        deadline = day + 5
        draw = self.rng.random()
        if none_yet:
            provision = None
        elif draw < 0.8:
            provision = deadline
        else:
            provision = deadline + self.rng.randint(2, 15)
        excluded = Ep(
            S.PERMANENTLY_EXCLUDED,
            self.t.day(day),
            school=school.organisation,
            reason=weighted(self.rng, EXCLUSION_REASONS),
            provision=self.t.day(provision) if provision is not None else None,
        )
        plan.episodes.append(excluded)
        leaves = day + 15
        changes = [(self.entry(school, year_then, event_year), SINGLE)]
        if provision is not None and provision < leaves:  # at the PRU while still on the school's roll
            changes.append((self.t.day(provision), MAIN))
        changes.append((self.t.day(leaves), None))
        plan.registrations = enrolment(school.organisation, changes)
        new_start = None
        if provision is not None and day < self.t.next - 60 and self.rng.random() < 0.45:
            placed = self.rng.randint(max(leaves, provision) + 20, min(self.t.next - 1, max(leaves, provision) + 90))
            year_placed = self.t.year_of(placed)
            new_school = self.picker.pick(
                self.rng,
                year_now - (self.t.this_year - year_placed),
                special=school.phase == "special",
                avoid=school,
                also_teaches=year_now,
            )
            if new_school is not None and placed > provision:
                new_start = self.t.day(placed)
                excluded.end = new_start - ONE_DAY
                excluded.notes = f"Admitted to {new_school.name} on {new_start:%-d %B %Y}."
                plan.registrations += enrolment(new_school.organisation, [(new_start, SINGLE)])
                plan.episodes.append(
                    Ep(
                        S.FULL_TIME_MAINSTREAM,
                        new_start,
                        school=new_school.organisation,
                        notes="Full-time at a new school after a permanent exclusion.",
                    )
                )
        if provision is not None:
            pru_changes = [(self.t.day(provision), SUBSIDIARY)] if provision < leaves else []
            pru_changes.append((self.t.day(max(provision, leaves)), SINGLE))
            if new_start is not None:
                pru_changes.append((new_start, None))
            plan.registrations += enrolment(self.area.pru.organisation, pru_changes)
        return plan
