"""The other ways a demo pupil is out of full-time mainstream school: part-time timetables, AP,
home education, missing education, medical absence and waiting for a place.

Each function draws one pupil's Plan; ``current`` means the episode covers today, otherwise it
has ended (and the pupil is back full time, with a full_time episode from the day they returned,
or has left). Rules kept here:

- part-time timetable: home school; an agreed end 20 to 40 school days after the start; a third
  of the current ones are past their agreed end, so the register's flag shows;
- in AP: the episode's school is the home school; at the PRU, an AP academy, AP free school or
  independent school the pupil is dual registered (M at school, S at the provider); elsewhere
  (unregistered, tuition, college, work placement, resource base) they stay single registered.
  After a PRU placement ends the pupil stays dual registered for 3 months (a "dual" episode);
- medical: dual registered at the Medical Education Service while out of school;
- home education and missing education: the pupil leaves the school roll (missing education
  after 20 school days); awaiting a place: no school until one is found.
"""

from __future__ import annotations

import datetime

from core.calendar import academic_year_of
from demo import rates
from demo.plans import MAIN, ONE_DAY, SINGLE, SUBSIDIARY, Ep, Plan, enrolment, weighted
from demo.stories import PHASE_YEARS, Builder
from providers.models import Provider
from pupils.models import EducationStatus

S = EducationStatus
P = Provider.ProviderType
DUAL_REGISTERED_TYPES = {P.PRU, P.AP_ACADEMY, P.AP_FREE_SCHOOL, P.INDEPENDENT_SCHOOL}
PROVIDER_WEIGHTS = {
    P.PRU: 45,
    P.AP_ACADEMY: 10,
    P.AP_FREE_SCHOOL: 5,
    P.INDEPENDENT_SCHOOL: 8,
    P.UNREGISTERED: 10,
    P.TUITION: 8,
    P.FE_COLLEGE: 5,
    P.WORK_BASED: 4,
    P.RESOURCE_BASE: 5,
}  # ASSUMPTION
OTHER_LA_CODES = ("350", "351", "352", "353", "354", "355", "356", "357", "359", "330", "202")
EHE_YEARS = {0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 6: 2, 7: 3, 8: 3, 9: 4, 10: 4, 11: 4}  # ASSUMPTION


class Situations(Builder):
    def _start(self, current: bool, school, year_now: int, *, recent: int | None = None) -> int | None:
        """A start day this academic year, or last year too if the school taught the pupil then."""
        lo = self.t.this_lo
        if self.t.has_last_year and year_now - 1 in school.rolls:
            lo = self.t.last_lo
        if recent is not None:
            lo = max(lo, self.t.next - recent)
        hi = self.t.current_start_max if current else self.t.next - 1
        return self.rng.randint(lo, hi) if hi >= lo else None

    def _ended(self, start: int, least: int, most: int) -> int | None:
        """An end day ``least``..``most`` school days after ``start``, before today; None if none fits."""
        hi = min(start + most, self.t.next - 2)
        return self.rng.randint(start + least, hi) if hi >= start + least else None

    def _returned(self, plan: Plan, school, day: int, note: str) -> datetime.date:
        back = self.t.day(day + 1)
        plan.episodes.append(Ep(S.FULL_TIME_MAINSTREAM, back, school=school.organisation, notes=note))
        return back

    # --- part-time timetables ---------------------------------------------------------------------

    def part_time(self, *, current: bool, overdue: bool = False) -> Plan | None:
        phase = weighted(self.rng, rates.PART_TIME_BY_PHASE)
        event_year = self.t.this_year if current else self.event_year(0.5)
        chosen = self.years_and_school(phase, event_year)
        if chosen is None:
            return None
        year_now, year_then, school = chosen
        plan = Plan("part_time", year_now, school)
        if current:
            start = self._start(True, school, year_now, recent=70 if overdue else 35)
            if start is None:
                return None
            agreed = self.rng.randint(20, 40)
            if overdue:
                agreed = min(agreed, self.t.next - 1 - start)
                if agreed < 10:
                    return None
            elif start + agreed < self.t.next:
                agreed = self.t.next - start + self.rng.randint(0, 15)
            end = None
        else:
            lo, hi = self.window(event_year)
            if hi - lo < 45:
                return None
            start = self.rng.randint(lo, hi - 45)
            agreed = self.rng.randint(20, 40)
            end = start + agreed + (self.rng.randint(0, 5) if self.rng.random() < 0.2 else 0)
        if self.rng.random() < 0.3:
            plan.add_suspensions(
                self.suspensions_in(
                    school,
                    self.t.this_lo if start >= self.t.this_lo else self.t.last_lo,
                    start - 2,
                    self.suspension_lengths(self.rng.randint(1, 2)),
                )
            )
        plan.episodes.append(
            Ep(
                S.PART_TIME_TIMETABLE,
                self.t.day(start),
                self.t.day(end) if end else None,
                school.organisation,
                agreed_end=self.t.day(start + agreed),
                notes="Reduced timetable agreed with parents while support is put in place.",
            )
        )
        if end is not None:
            self._returned(plan, school, end, "Back on a full-time timetable.")
        started_in = self.t.year_of(start)
        year_then = year_now - (self.t.this_year - started_in)
        plan.registrations = enrolment(school.organisation, [(self.entry(school, year_then, started_in), SINGLE)])
        return plan

    # --- alternative provision ------------------------------------------------------------------------

    def in_ap(self, *, current: bool) -> Plan | None:
        year_now = weighted(self.rng, {age - 4: n for age, n in rates.AP_AGES.items()})
        school = self.picker.pick(
            self.rng, year_now, also_teaches=year_now - 1 if year_now > 0 else None
        ) or self.picker.pick(self.rng, year_now)
        if school is None:
            return None
        kind = weighted(self.rng, PROVIDER_WEIGHTS)
        if (kind == P.FE_COLLEGE and year_now < 10) or (kind == P.WORK_BASED and year_now < 11):
            kind = P.PRU
        provider = self.rng.choice(
            [p for p in self.area.providers if p.provider_type == kind and p != self.area.medical_service]
        )
        plan = Plan("ap", year_now, school)
        start = self._start(current, school, year_now)
        if start is None:
            return None
        end = None if current else self._ended(start, 30, 120)
        if not current and end is None:
            return None
        year_then = year_now - (self.t.this_year - self.t.year_of(start))
        if year_then not in school.rolls:
            return None
        if self.rng.random() < 0.4:
            plan.add_suspensions(
                self.suspensions_in(
                    school,
                    self.t.this_lo if start >= self.t.this_lo else self.t.last_lo,
                    start - 2,
                    self.suspension_lengths(self.rng.randint(1, 3)),
                )
            )
        dual = provider.provider_type in DUAL_REGISTERED_TYPES
        days = "full time" if dual else f"{self.rng.choice((2, 3, 4))} days a week"
        plan.episodes.append(
            Ep(
                S.IN_AP,
                self.t.day(start),
                self.t.day(end) if end else None,
                school.organisation,
                notes=f"Placed at {provider.name}, {days}.",
            )
        )
        changes = [(self.entry(school, year_then, self.t.year_of(start)), SINGLE)]
        if dual:
            changes.append((self.t.day(start), MAIN))
        provider_changes = [(self.t.day(start), SUBSIDIARY)]
        if end is not None:
            back = self._returned(plan, school, end, f"Returned from {provider.name}.")
            left_provider = back
            if provider.provider_type == P.PRU:  # dual registration kept for three months after the return
                left_provider = self.t.day(self.t.index(back + datetime.timedelta(days=91)))
                plan.episodes.append(
                    Ep(
                        S.DUAL_REGISTERED,
                        back,
                        left_provider - ONE_DAY,
                        school.organisation,
                        notes=f"Still on the roll of {provider.name} for 3 months after returning.",
                    )
                )
            if dual:
                changes.append((left_provider, SINGLE))
            provider_changes.append((left_provider, None))
        plan.registrations = enrolment(school.organisation, changes)
        if dual:
            plan.registrations += enrolment(provider.organisation, provider_changes)
        return plan

    def medical(self, *, current: bool) -> Plan | None:
        chosen = self.years_and_school(weighted(self.rng, {"primary": 1, "secondary": 4}), self.t.this_year)
        if chosen is None:
            return None
        year_now, _, school = chosen
        start = self._start(current, school, year_now)
        if start is None:
            return None
        end = None if current else self._ended(start, 20, 80)
        if not current and end is None:
            return None
        service = self.area.medical_service
        plan = Plan("part_time", year_now, school)
        plan.episodes.append(
            Ep(
                S.MEDICAL,
                self.t.day(start),
                self.t.day(end) if end else None,
                school.organisation,
                notes=f"Out of school on medical advice; taught by {service.name}.",
            )
        )
        year_then = year_now - (self.t.this_year - self.t.year_of(start))
        changes = [(self.entry(school, year_then, self.t.year_of(start)), SINGLE), (self.t.day(start), MAIN)]
        service_changes = [(self.t.day(start), SUBSIDIARY)]
        if end is not None:
            back = self._returned(plan, school, end, "Back in school after a medical absence.")
            changes.append((back, SINGLE))
            service_changes.append((back, None))
        plan.registrations = enrolment(school.organisation, changes) + enrolment(service.organisation, service_changes)
        return plan

    # --- off the school roll ------------------------------------------------------------------------------

    def home_educated(self) -> Plan | None:
        """Electively home educated, starting some time in the last three years; one in ten has gone back."""
        year_now = weighted(self.rng, EHE_YEARS)
        earliest = datetime.date(self.t.this_year - 2, 9, 1)
        start = earliest + datetime.timedelta(days=self.rng.randint(0, (self.t.today - earliest).days))
        while start.weekday() >= 5:
            start -= ONE_DAY
        if self.t.cal.covers(start) and not self.t.cal.is_school_day(start):
            start = self.t.day(self.t.index(start))
        if start > self.t.today:
            return None
        start_year = academic_year_of(start)
        year_then = year_now - (self.t.this_year - start_year)
        if year_then < 0:
            return None
        school = self.picker.pick(self.rng, year_then, deprivation=False)
        if school is None:
            return None
        plan = Plan("other", year_now, school)
        episode = Ep(
            S.ELECTIVE_HOME_EDUCATION,
            start,
            school=school.organisation,
            notes="Parents gave written notice that they are educating at home.",
        )
        plan.episodes.append(episode)
        regs = enrolment(school.organisation, [(self.entry(school, year_then, start_year), SINGLE), (start, None)])
        index = self.t.index(start)
        if self.t.cal.covers(start) and self.rng.random() < 0.1:
            end = self._ended(index, 20, 150)
            back_school = self.picker.pick(self.rng, year_now, deprivation=False) if end else None
            if end is not None and back_school is not None and self.t.year_of(end) == self.t.this_year:
                back = self._returned(plan, back_school, end, "Back in school after home education.")
                episode.end = back - ONE_DAY
                regs += enrolment(back_school.organisation, [(back, SINGLE)])
        plan.registrations = regs
        return plan

    def missing(self, *, current: bool) -> Plan | None:
        phase = weighted(self.rng, {"primary": 2, "secondary": 3})
        chosen = self.years_and_school(phase, self.t.this_year)
        if chosen is None:
            return None
        year_now, _, school = chosen
        start = self._start(current, school, year_now, recent=60 if current else None)
        end = None if current or start is None else self._ended(start, 5, 40)
        if start is None or (not current and end is None):
            return None
        plan = Plan("other", year_now, school)
        episode = Ep(
            S.MISSING_EDUCATION,
            self.t.day(start),
            self.t.day(end) if end else None,
            school.organisation,
            notes="Not seen at school or at home; enquiries under way.",
        )
        plan.episodes.append(episode)
        year_then = year_now - (self.t.this_year - self.t.year_of(start))
        changes = [(self.entry(school, year_then, self.t.year_of(start)), SINGLE)]
        found_at_school = end is not None and self.rng.random() < 0.4
        if found_at_school:
            self._returned(plan, school, end, "Found and back at school.")
        elif start + 20 < self.t.next:
            changes.append((self.t.day(start + 20), None))  # off roll after 20 school days of enquiries
            if end is not None:
                episode.notes = "Found: living in another area and on roll at a school there."
        plan.registrations = enrolment(school.organisation, changes)
        return plan

    def awaiting(self, *, current: bool) -> Plan | None:
        """A child new to Trafford waiting for a school place; the found ones start at a school."""
        year_now = weighted(self.rng, PHASE_YEARS["primary"] | PHASE_YEARS["secondary"])
        hi = self.t.current_start_max if current else self.t.next - 2
        lo = max(self.t.this_lo, self.t.next - (45 if current else 150))
        if hi < lo:
            return None
        start = self.rng.randint(lo, hi)
        plan = Plan("other", year_now, None, arrived_from_la=self.rng.choice(OTHER_LA_CODES))
        episode = Ep(S.AWAITING_PLACE, self.t.day(start), notes="Moved into Trafford; in-year application made.")
        plan.episodes.append(episode)
        if not current:
            end = self._ended(start, 5, 30)
            school = self.picker.pick(self.rng, year_now, deprivation=False)
            if end is None or school is None:
                return None
            back = self._returned(plan, school, end, "Started at a school through in-year admission.")
            episode.end = back - ONE_DAY
            plan.first_school = school
            plan.registrations = enrolment(school.organisation, [(back, SINGLE)])
        return plan
