"""Named rules for oversight: the measures of seed 001's Table 1, fairness, triangulation and outcomes.

Each rule is a small function with a one-line docstring citing its source; each has a test of
its own in oversight/tests/test_rules.py. Rules take plain values (counts, pence, Decimals) so
they can be checked by hand; the queries that count the records are in oversight/queries.py.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")
SECONDARY_YEARS = range(7, 12)  # years 7 to 11 (DOMAIN.md: KS3 is 7-9, KS4 is 10-11)
KEY_STAGE_4_YEARS = (10, 11)
REINTEGRATION_END_REASONS = frozenset({"returned", "managed_move"})
EDUCATION_EMPLOYMENT_OR_TRAINING = frozenset({"education", "employment", "training"})
ENGLISH = re.compile(r"\benglish\b", re.IGNORECASE)
MATHS = re.compile(r"\bmath(s|ematics)?\b|\bnumeracy\b", re.IGNORECASE)


def _quantize(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------
# The six measures of Table 1 (seed 001)


def pupils_in_ap_per_10000(pupils: int, number_on_roll: int) -> Decimal | None:
    """Pupils placed in AP per 10,000 pupils: distinct pupils in AP in the period over pupils on roll, times 10,000 (seed 001, Table 1, column 1)."""
    if number_on_roll <= 0:
        return None
    return _quantize(Decimal(pupils) * 10_000 / number_on_roll, ONE_PLACE)


def average_places(place_days: Decimal, period_days: int) -> Decimal:
    """Places commissioned over a period are the days each place was held, over the days in the period, so a place held for half the period counts as half (seed 001, Table 1, column 2)."""
    if period_days <= 0:
        return Decimal(0)
    return Decimal(place_days) / period_days


def places_per_10000(places: Decimal, number_on_roll: int) -> Decimal | None:
    """Places commissioned in AP per 10,000 pupils: block-commissioned places plus school-commissioned placements as full-time equivalents, over pupils on roll, times 10,000 (seed 001, Table 1, column 2)."""
    if number_on_roll <= 0:
        return None
    return _quantize(Decimal(places) * 10_000 / number_on_roll, ONE_PLACE)


def is_secondary_age(year_group: int) -> bool:
    """A pupil is of secondary age in national curriculum years 7 to 11 (DOMAIN.md: KS3 is years 7 to 9, KS4 years 10 to 11)."""
    return year_group in SECONDARY_YEARS


def secondary_exclusion_rate(exclusions: int, secondary_on_roll: int) -> Decimal | None:
    """The permanent exclusion rate is permanent exclusions of secondary-age pupils per 100 secondary pupils on roll, as DfE publishes it (seed 001, Table 1, column 3; standards §2.4)."""
    if secondary_on_roll <= 0:
        return None
    return _quantize(Decimal(exclusions) * 100 / secondary_on_roll, TWO_PLACES)


def counts_as_reintegration(end_reason: str) -> bool:
    """A placement that ended with a return to the home school or a managed move to another mainstream school is a reintegration into mainstream (seed 001, Table 1, column 4: "reintegrated into mainstream schools")."""
    return end_reason in REINTEGRATION_END_REASONS


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """A proportion as a percentage to one decimal place; none when there is nothing to divide by (seed 001, Table 1 gives proportions as percentages)."""
    if not whole:
        return None
    return _quantize(Decimal(part) * 100 / Decimal(whole), ONE_PLACE)


def is_key_stage_4(year_group: int) -> bool:
    """Key stage 4 is national curriculum years 10 and 11 (DOMAIN.md; seed 001, Table 1, column 5 "Key Stage 4 pupils")."""
    return year_group in KEY_STAGE_4_YEARS


def ks4_reason(excluded_when_placed: bool) -> str:
    """A key stage 4 placement is for permanent exclusion when it started during the pupil's permanent exclusion, and preventative otherwise (seed 001, Table 1, column 5: "Prevention" and "Permanent exclusion")."""
    return "exclusion" if excluded_when_placed else "prevention"


def spend_in_line_with_budget(spend_pence: int, budget_pence: int, tolerance_percent: Decimal) -> bool | None:
    """Spend is in line with budget when it is within the LA's tolerance either side of the budget, 5% unless the LA sets another (seed 001, Table 1, column 6; the tolerance is oversight's, seed 001 gives none)."""
    if budget_pence <= 0:
        return None
    return abs(Decimal(spend_pence) - budget_pence) * 100 <= Decimal(tolerance_percent) * budget_pence


def year_end_spend(spent_pence: int, committed_pence: int, months_elapsed: int, months_in_year: int = 12) -> int:
    """A school's spend to year end is what it has spent and committed, plus the same again per month for the months left: a straight line (funding's forecast, seed 001 Table 1 "in line with what was budgeted")."""
    from funding.rules import forecast_year_end, monthly_run_rate

    elapsed = max(1, min(months_in_year, months_elapsed))
    return forecast_year_end(
        spent_pence, committed_pence, monthly_run_rate(spent_pence, elapsed), months_in_year - elapsed
    )


def months_elapsed(academic_year: int, on: datetime.date) -> int:
    """Months of an academic year gone by on a day, counting the month it is in: September is month 1 (DOMAIN.md: the year runs 1 September to 31 August)."""
    return max(1, min(12, (on.year - academic_year) * 12 + on.month - 9 + 1))


# ---------------------------------------------------------------------------------------
# Fairness: the "level playing field" (seed 001)


@dataclass(frozen=True)
class Outlier:
    """Why a school stands out: ``key`` for filtering, ``reason`` in words for the page."""

    key: str
    reason: str


def formula_weight(number_on_roll: int, fsm_percent: Decimal | None, fsm_weight: Decimal) -> Decimal:
    """A school's weight for its fair share is its pupils on roll, each pupil eligible for free school meals counting 1 + the LA's FSM weight, used where the funding formula gives no share (seed 001: funding shared by "the number of pupils on a school's roll and socio-economic disadvantage")."""
    fsm = Decimal(fsm_percent or 0) / 100
    return Decimal(number_on_roll) * (1 + fsm * Decimal(fsm_weight))


def expected_use(area_total: Decimal | int, share: Decimal) -> Decimal:
    """A school's fair share of the area's use of AP is the area's total times the school's share (seed 001: "shares" of places in AP, BANES)."""
    return Decimal(area_total) * Decimal(share)


def overuses_ap(
    what: str, use: Decimal | int, expected: Decimal, ratio: Decimal, pupils: int, min_pupils: int
) -> Outlier | None:
    """A school uses more than its fair share of AP when its use is above the LA's ratio times its share, once it has placed the LA's minimum of pupils (seed 001: no school should gain an "unfair advantage ... by overusing AP")."""
    if pupils < min_pupils or expected <= 0:
        return None
    times = Decimal(use) / expected
    if times > Decimal(ratio):
        return Outlier(f"use_{what.replace(' ', '_')}", f"Uses {_times(times)} its share of AP ({what})")
    return None


def rate_above_area(
    what: str, school_rate: Decimal | None, area_rate: Decimal | None, ratio: Decimal
) -> Outlier | None:
    """A school whose rate is above the LA's ratio times the area's rate stands out (seed 001, Nottingham City: exclusion rates "varied considerably, and in ways that did not reflect solely each school's context")."""
    if school_rate is None or not area_rate:
        return None
    times = Decimal(school_rate) / Decimal(area_rate)
    if times > Decimal(ratio):
        return Outlier(f"{what.replace(' ', '_')}_rate", f"Its {what} rate is {_times(times)} the area's")
    return None


def takes_back_too_few(received: int, expected: Decimal, ratio: Decimal) -> Outlier | None:
    """A school that takes back through reintegration, managed moves and fair access fewer than the LA's fraction of its share is not contributing fairly (seed 001: schools must contribute "to the reintegration of pupils fairly and proportionately")."""
    if expected < 1:
        return None
    if Decimal(received) < Decimal(ratio) * expected:
        return Outlier(
            "contribution",
            f"Took back {received} pupil{'' if received == 1 else 's'} against a share of {_quantize(expected, ONE_PLACE)}",
        )
    return None


def not_engaged(engagement: str, year_label: str) -> Outlier | None:
    """A school that declined the area's service-level agreement is not engaged in the local arrangements (seed 001: key factor 5, "a formal mechanism for handling schools that refuse"; Nottingham City)."""
    if engagement == "not_engaged":
        return Outlier("not_engaged", f"Declined the service-level agreement for {year_label}")
    return None


def per_hundred(count: int, number_on_roll: int) -> Decimal | None:
    """Suspensions and exclusions are counted per 100 pupils on roll, as DfE publishes them (standards §2.4)."""
    if number_on_roll <= 0:
        return None
    return _quantize(Decimal(count) * 100 / number_on_roll, TWO_PLACES)


def _times(value: Decimal) -> str:
    return f"{_quantize(value, ONE_PLACE)} times"


# ---------------------------------------------------------------------------------------
# Triangulation and outcomes


def term_of(period_start: datetime.date) -> str:
    """A half term starting September to December is in the autumn term, January to March the spring term, April to August the summer term (the three school terms; spring ends at Easter, standards §1.4)."""
    if period_start.month >= 9:
        return "autumn"
    if period_start.month <= 3:
        return "spring"
    return "summer"


def subjects_of(title: str) -> frozenset[str]:
    """A qualification counts for English or maths when its title names the subject (maths, mathematics or numeracy) (national AP performance framework: "progress in English and maths", standards §7)."""
    found = set()
    if ENGLISH.search(title or ""):
        found.add("english")
    if MATHS.search(title or ""):
        found.add("maths")
    return frozenset(found)


def is_education_employment_or_training(outcome: str) -> bool:
    """A destination in education, employment or training is a sustained post-16 destination; NEET and not known are not (national AP performance framework, standards §7)."""
    return outcome in EDUCATION_EMPLOYMENT_OR_TRAINING
