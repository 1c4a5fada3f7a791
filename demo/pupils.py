"""Fictional pupils known to the AP system, sized from the published rates in demo/rates.py.

Only children with an episode out of full-time mainstream education in this or last academic
year are generated (plus the ones who returned to full time), not one per child on roll. Counts
are the rates times the number on roll the demo builds; "this year" counts are scaled by the
share of this academic year's school days already gone. Pupils who were in year 11 last year
have left school and are not generated.

UPNs are valid and unique: the check letter from python-stdnum over "358" (or, for a child
who moved in, another LA's code), the 4-digit establishment number of the pupil's first school,
the 2-digit year they started reception and a 3-digit serial.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict

from stdnum.gb import upn as stdnum_upn

from demo import names, rates
from demo.plans import Plan, weighted
from demo.situations import Situations
from demo.timeline import Timeline
from demo.trafford import Area
from pupils.models import EducationEpisode, Pupil, Registration

BATCH = 1000
PROFILE_BOYS = {"ap": rates.AP_BOYS_SHARE.value, "suspended": rates.AP_BOYS_SHARE.value, "part_time": 0.6}
PROFILE_LAC = {"ap": rates.LOOKED_AFTER_SHARE.value, "suspended": 0.03, "part_time": 0.04, "other": 0.02}
PROFILE_CIN = {"ap": rates.CHILD_IN_NEED_SHARE.value, "suspended": 0.10, "part_time": 0.10, "other": 0.06}


def _mean(table: dict[int, float]) -> float:
    return sum(k * w for k, w in table.items()) / sum(table.values())


def story_counts(number_on_roll: int, timeline: Timeline, scale: int) -> dict[str, int]:
    """How many pupils of each story to draw (before any the calendar has no room for)."""
    n, share = number_on_roll, timeline.fraction_of_year_elapsed
    last = 1 if timeline.has_last_year else 0
    suspended_a_year = rates.ONE_OR_MORE_SUSPENSION_RATE.value / 100 * n
    excluded_a_year = rates.PERMANENT_EXCLUSION_RATE.value / 100 * n
    suspended_on_a_day = (
        rates.SUSPENSION_RATE.value / 100 * n / max(1, timeline.school_days_this_year) * _mean(rates.SUSPENSION_LENGTHS)
    )
    ap_now = rates.AP_PER_10000.value / 10_000 * n
    part_time_now = rates.PART_TIME_RATE.value / 100 * n
    return {
        "suspended_last_year": round(suspended_a_year * last),
        "suspended_this_year": round(suspended_a_year * share),
        "suspended_now": max(2, round(suspended_on_a_day)) if share and timeline.in_term else 0,
        "suspended_over_40": 4 * scale,
        "suspended_over_45": 2 * scale,
        "excluded_last_year": round(excluded_a_year * last),
        "excluded_this_year": round(excluded_a_year * share),
        "excluded_no_provision_yet": scale if share and timeline.in_term else 0,
        "in_ap_now": round(ap_now),
        "in_ap_returned": round(ap_now * rates.AP_RETURNED_SHARE.value),
        "part_time_now": round(part_time_now),
        "part_time_ended": round(part_time_now * rates.PART_TIME_ENDED_SHARE.value),
        "home_educated": round(rates.ELECTIVE_HOME_EDUCATION_RATE.value / 100 * n),
        "missing_now": round(rates.MISSING_EDUCATION_RATE.value / 100 * n),
        "missing_resolved": round(rates.MISSING_EDUCATION_RATE.value / 100 * n),
        "medical_now": round(rates.MEDICAL_RATE.value / 100 * n),
        "medical_returned": round(rates.MEDICAL_RATE.value / 100 * n / 2),
        "awaiting_now": round(rates.AWAITING_PLACE_RATE.value / 100 * n),
        "awaiting_placed": round(rates.AWAITING_PLACE_RATE.value / 100 * n),
    }


def plan_pupils(area: Area, timeline: Timeline, *, seed: int, scale: int) -> list[Plan]:
    """Every pupil's story, in a fixed order, from one seeded random source."""
    b = Situations(random.Random(f"{seed}:pupils"), timeline, area)
    counts = story_counts(area.number_on_roll, timeline, scale)
    this, last = timeline.this_year, timeline.this_year - 1
    now = counts["suspended_now"]
    makers = [
        (
            "suspended_now",
            lambda i: b.suspended_pupil(
                this,
                current=True,
                current_length=(10, 8)[i] if i < 2 else None,
                current_provision=(False, True)[i] if i < 2 else None,
                current_elapsed=(7, 6)[i] if i < 2 else None,
            ),
        ),
        ("suspended_this_year", lambda i: b.suspended_pupil(this) if i >= now else None),
        ("suspended_last_year", lambda i: b.suspended_pupil(last)),
        ("suspended_over_40", lambda i: b.heavily_suspended_pupil(b.rng.randint(41, 44))),
        ("suspended_over_45", lambda i: b.heavily_suspended_pupil(b.rng.randint(46, 52))),
        ("excluded_this_year", lambda i: b.excluded_pupil(this)),
        ("excluded_last_year", lambda i: b.excluded_pupil(last)),
        ("excluded_no_provision_yet", lambda i: b.excluded_pupil(this, none_yet=True)),
        ("in_ap_now", lambda i: b.in_ap(current=True)),
        ("in_ap_returned", lambda i: b.in_ap(current=False)),
        ("part_time_now", lambda i: b.part_time(current=True, overdue=i % 3 == 0)),
        ("part_time_ended", lambda i: b.part_time(current=False)),
        ("home_educated", lambda i: b.home_educated()),
        ("missing_now", lambda i: b.missing(current=True)),
        ("missing_resolved", lambda i: b.missing(current=False)),
        ("medical_now", lambda i: b.medical(current=True)),
        ("medical_returned", lambda i: b.medical(current=False)),
        ("awaiting_now", lambda i: b.awaiting(current=True)),
        ("awaiting_placed", lambda i: b.awaiting(current=False)),
    ]
    plans = []
    for key, make in makers:
        for i in range(counts[key]):
            plan = make(i)
            if plan is not None:
                plans.append(plan)
    return plans


class UpnIssuer:
    """Hands out unique, valid UPNs: check letter + LA + establishment + year + serial."""

    def __init__(self):
        self.serials: defaultdict[tuple[str, int, int], int] = defaultdict(int)

    def issue(self, la: str, estab: int, year: int) -> str:
        for offset in range(100):
            key = (la, estab, (year + offset) % 100)
            self.serials[key] += 1
            if self.serials[key] <= 999:
                body = f"{la}{estab:04d}{key[2]:02d}{self.serials[key]:03d}"
                return stdnum_upn.calc_check_digit(body) + body
        raise ValueError(f"No UPNs left for establishment {la}{estab}")


def _date_of_birth(rng: random.Random, year_group: int, academic_year: int) -> datetime.date:
    first = datetime.date(academic_year - year_group - 5, 9, 1)
    return first + datetime.timedelta(days=rng.randint(0, 364))


def make_pupil(rng: random.Random, plan: Plan, issuer: UpnIssuer, academic_year: int) -> Pupil:
    """A fictional child with characteristics drawn for the story they are in."""
    sex = "M" if rng.random() < PROFILE_BOYS.get(plan.profile, rates.BOYS_SHARE_OTHER) else "F"
    sen = weighted(rng, rates.SEN_WEIGHTS.get(plan.profile, rates.SEN_WEIGHTS["other"]))
    school_fsm = float(plan.first_school.school.fsm_percent) / 100 if plan.first_school else 0.25
    fsm_chance = (
        rates.AP_FSM_SHARE.value
        if plan.profile == "ap"
        else min(0.7, school_fsm * (2 if plan.profile != "other" else 1))
    )
    started = academic_year - max(0, plan.year_group)
    if plan.arrived_from_la:
        la, estab = plan.arrived_from_la, rng.randint(2000, 2999) if plan.year_group <= 6 else rng.randint(4000, 4999)
    else:
        la, estab = "358", plan.first_school.estab
    forename = rng.choice(names.MALE_FORENAMES if sex == "M" else names.FEMALE_FORENAMES)
    return Pupil(
        upn=issuer.issue(la, estab, started),
        legal_forename=forename,
        legal_surname=rng.choice(names.SURNAMES),
        date_of_birth=_date_of_birth(rng, plan.year_group, academic_year),
        sex=sex,
        sen_provision=sen,
        fsm_eligible=rng.random() < fsm_chance,
        looked_after=rng.random() < PROFILE_LAC.get(plan.profile, 0.02),
        child_in_need=rng.random() < PROFILE_CIN.get(plan.profile, 0.06),
    )


def create_pupils(plans: list[Plan], *, seed: int, academic_year: int) -> Counter:
    """Write the pupils, their registrations and episodes in batches; returns counts for the summary."""
    rng = random.Random(f"{seed}:identities")
    issuer = UpnIssuer()
    pupils = [make_pupil(rng, plan, issuer, academic_year) for plan in plans]
    Pupil.objects.bulk_create(pupils, batch_size=BATCH)
    registrations, episodes = [], []
    for pupil, plan in zip(pupils, plans, strict=True):
        registrations += [
            Registration(
                pupil=pupil, organisation=r.organisation, enrolment_status=r.status, start_date=r.start, end_date=r.end
            )
            for r in sorted(plan.registrations, key=lambda r: (r.start, r.status))
        ]
        episodes += [
            EducationEpisode(
                pupil=pupil,
                status=e.status,
                start_date=e.start,
                end_date=e.end,
                school=e.school,
                agreed_end_date=e.agreed_end,
                sessions=e.sessions,
                provision_start_date=e.provision,
                reason_code=e.reason,
                notes=e.notes,
            )
            for e in sorted(plan.episodes, key=lambda e: (e.start, e.status))
        ]
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    EducationEpisode.objects.bulk_create(episodes, batch_size=BATCH)
    counts = Counter(pupils=len(pupils), registrations=len(registrations), episodes=len(episodes))
    counts.update(f"episodes: {e.status}" for e in episodes)
    return counts
