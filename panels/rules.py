"""Named rules for collective decision-making panels.

Each rule is a small function with a one-line docstring citing its source; each has a test
of its own in panels/tests/test_rules.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.calendar import SchoolCalendar
from referrals.rules import school_days_left

FAIR_ACCESS_SCHOOL_DAYS = 20
MAX_PLACEMENT_WEEKS = 52
CADENCE_DAYS = {"weekly": 7, "fortnightly": 14, "four_weekly": 28}
PLACEMENT_OUTCOMES = ("time_limited_placement", "transitional_placement")
NAMED_SCHOOL_OUTCOMES = ("managed_move", "fair_access_allocation")


def counts_towards_quorum(voting: bool, authority_to_decide: bool) -> bool:
    """Only voting members with authority to decide for their organisation count towards the quorum (seed 001 ch.2: members 'have the authority to take decisions')."""
    return voting and authority_to_decide


def has_conflict(member_organisation_id: int, referring_school_id: int | None) -> bool:
    """A member from the referring school has a conflict of interest in its own case: it is recorded and they do not vote (PRODUCT.md D; Nolan principles: integrity)."""
    return referring_school_id is not None and member_organisation_id == referring_school_id


def quorum_met(voting_present: int, quorum: int) -> bool:
    """A decision stands only if the voting members present without a conflict meet the panel's quorum (the panel's terms of reference)."""
    return voting_present >= quorum


def decision_day_allowed(meeting_date: datetime.date, today: datetime.date) -> bool:
    """A panel decides at its meeting, so a decision cannot be recorded before the meeting day (PRODUCT.md D: decisions per case at the meeting)."""
    return today >= meeting_date


def fair_access_deadline(cal: SchoolCalendar, decided_on: datetime.date) -> datetime.date:
    """A fair access place must be allocated within 20 school days of the decision (School Admissions Code 2021; DfE Fair access protocols 2021)."""
    return cal.nth_school_day_after(decided_on, FAIR_ACCESS_SCHOOL_DAYS)


@dataclass(frozen=True)
class AllocationFlag:
    overdue: bool
    text: str


def fair_access_flag(
    cal: SchoolCalendar, deadline: datetime.date, admitted_on: datetime.date | None, today: datetime.date
) -> AllocationFlag | None:
    """A fair access allocation not yet admitted is due until its 20th school day and overdue after it (School Admissions Code 2021)."""
    if admitted_on is not None:
        if admitted_on > deadline:
            late = cal.school_days_between(deadline, admitted_on) - 1
            return AllocationFlag(True, f"Admitted {late} school days after the deadline of {_long(deadline)}")
        return None
    if today > deadline:
        return AllocationFlag(True, f"Not admitted by the deadline of {_long(deadline)}")
    left = school_days_left(cal, today, deadline)
    if left == 0:
        return AllocationFlag(False, f"Admission due today, {_long(deadline)}")
    return AllocationFlag(
        False, f"Admission due by {_long(deadline)} ({left} school day{'s' if left != 1 else ''} left)"
    )


def admissions_per_hundred(admissions: int, number_on_roll: int) -> Decimal | None:
    """Each school's fair access admissions this year per 100 pupils on roll; the lowest takes the next turn (DfE Fair access protocols 2021: no school takes a disproportionate share)."""
    if not number_on_roll:
        return None
    return (Decimal(admissions) * 100 / Decimal(number_on_roll)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fair_share(total_places: int, school_roll: int, area_roll: int) -> Decimal:
    """A school's share of the area's AP placements is in proportion to its number on roll (seed 001 ch.2: shares of places in collective decision-making)."""
    if not area_roll:
        return Decimal(0)
    return (Decimal(total_places) * school_roll / area_roll).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def outcome_errors(
    outcome: str,
    *,
    provider,
    placement_weeks,
    named_school,
    return_date,
    referring_school_id,
    decided_on: datetime.date,
    extend_placement=None,
) -> dict[str, str]:
    """What each outcome must name: a provider and length for a time-limited placement, a named school for a managed move or fair access allocation, a date for a return (PRODUCT.md D; SEND and AP Improvement Plan 2023 tiers)."""
    errors: dict[str, str] = {}
    if outcome in PLACEMENT_OUTCOMES and provider is None:
        errors["provider"] = "Choose the provider for the placement"
    if outcome == "time_limited_placement" and not placement_weeks:
        errors["placement_weeks"] = "Enter how many weeks the time-limited placement lasts"
    if placement_weeks is not None and not 1 <= placement_weeks <= MAX_PLACEMENT_WEEKS:
        errors["placement_weeks"] = f"Enter a length between 1 and {MAX_PLACEMENT_WEEKS} weeks"
    if outcome in NAMED_SCHOOL_OUTCOMES:
        if named_school is None:
            what = "fair access allocation" if outcome == "fair_access_allocation" else "managed move"
            errors["named_school"] = f"Choose the school named in the {what}"
        elif named_school.pk == referring_school_id:
            errors["named_school"] = "Choose a different school from the one the pupil is leaving"
    if outcome == "return_to_mainstream":
        if return_date is None:
            errors["return_date"] = "Enter the date the pupil returns to mainstream school"
        elif return_date < decided_on:
            errors["return_date"] = "The return date must be on or after the day of the decision"
    if outcome == "extend_placement":
        if extend_placement is None:
            errors["extend_placement"] = "Choose the placement to extend"
        if not placement_weeks:
            errors["placement_weeks"] = "Enter how many more weeks the placement runs"
    return errors


def panel_hears(
    panel_type: str, area_id: int | None, *, route: str, school_partnership_id: int | None, has_ehc_plan: bool
) -> bool:
    """A panel hears cases from its own area: a fair access panel only fair access cases, the SEND single point of access only pupils with an EHC plan (seed 001 ch.2, BANES and Redbridge)."""
    if area_id is not None and school_partnership_id != area_id:
        return False
    if panel_type == "fair_access":
        return route == "fair_access"
    if panel_type == "send_spa":
        return has_ehc_plan
    return True


def meeting_day(cal: SchoolCalendar, day: datetime.date) -> datetime.date:
    """Panels meet on school days: a planned date in a holiday moves to the next school day (seed 001: panels meet in term, fortnightly to half-termly)."""
    if not cal.covers(day) or cal.is_school_day(day):
        return day
    return cal.nth_school_day_from(day, 1)


def cadence_dates(cadence: str, first: datetime.date, count: int) -> list[datetime.date]:
    """A series of meetings follows the panel's cadence: every 7, 14 or 28 days, or the same day each month (the panel's terms of reference)."""
    if cadence in CADENCE_DAYS:
        step = datetime.timedelta(days=CADENCE_DAYS[cadence])
        return [first + step * i for i in range(count)]
    if cadence == "monthly":
        dates = []
        for i in range(count):
            month_index = first.month - 1 + i
            year, month = first.year + month_index // 12, month_index % 12 + 1
            day = min(first.day, _days_in_month(year, month))
            dates.append(datetime.date(year, month, day))
        return dates
    return [first]


def _days_in_month(year: int, month: int) -> int:
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


def spa_rotation(panel_ids: list[int], first: datetime.date, weeks: int) -> list[tuple[datetime.date, int]]:
    """The weekly single point of access rotates round the area panels in turn, one panel each week (seed 001 ch.2, BANES)."""
    if not panel_ids:
        return []
    return [(first + datetime.timedelta(weeks=i), panel_ids[i % len(panel_ids)]) for i in range(weeks)]


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
