"""Named rules for funding: the model continuum, each step of the formula, and the ledger.

Each rule is a small function with a one-line docstring citing its source; each has a test
of its own in funding/tests/test_rules.py. Rules take plain values (exact ``Fraction`` or
``Decimal`` amounts, integer pence) so they can be tested without the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from funding.models import AgreementStatus, FundingModel

PRIMARY_YEARS = range(0, 7)  # reception to year 6
SECONDARY_YEARS = range(7, 12)  # years 7 to 11; post-16 has no AP place funding (standards §5)
SESSIONS_PER_FULL_TIME_WEEK = 10
HOURS_PER_FULL_TIME_WEEK = Decimal(25)
MONTHS_IN_YEAR = 12
HOLDING_MODELS = (
    FundingModel.TRADITIONAL,
    FundingModel.DEVOLVED_PREVENTATIVE,
    FundingModel.DEVOLVED_SCHOOLS,
    FundingModel.DEVOLVED_PARTNERSHIPS,
)
DEVOLVING_MODELS = (
    FundingModel.DEVOLVED_PREVENTATIVE,
    FundingModel.DEVOLVED_SCHOOLS,
    FundingModel.DEVOLVED_PARTNERSHIPS,
)


# ---------------------------------------------------------------------------------------
# The continuum of models (seed 001, Figure 1)


def models_conflict(models: Iterable[str]) -> str | None:
    """Money is held in one way (traditional, devolved preventative, to schools or to partnerships); a tariff, governance of provision and shares of places can sit beside any (seed 001, Figure 1; tariffs are "often one aspect of the area's system")."""
    chosen = [m for m in models if m in FundingModel.values]
    if not chosen:
        return "Choose at least one funding model"
    holding = [m for m in chosen if m in HOLDING_MODELS]
    if len(holding) > 1:
        names = " and ".join(FundingModel(m).label.split(":")[0] for m in holding)
        return f"{names} are two ways of holding the same money: choose one of them"
    return None


def devolves_funding(models: Iterable[str]) -> bool:
    """Models 4, 5 and 7 devolve high needs AP funding to schools or partnerships (seed 001, "devolved funding models")."""
    return any(m in DEVOLVING_MODELS for m in models)


def recharges_exclusions(models: Iterable[str]) -> bool:
    """Where funding is devolved to schools or partnerships, the cost of an excluded pupil's placement is recovered from the excluding school's devolved funding (seed 001: Nottinghamshire; Cambridgeshire); preventative devolution does not (model 4)."""
    return any(m in (FundingModel.DEVOLVED_SCHOOLS, FundingModel.DEVOLVED_PARTNERSHIPS) for m in models)


def charges_tariff(models: Iterable[str], tariff_pence: int) -> bool:
    """In a tariff model an extra charge is paid by a school when it permanently excludes (seed 001, model 2)."""
    return FundingModel.TARIFF in list(models) and tariff_pence > 0


def held_by_partnership(models: Iterable[str]) -> bool:
    """Under model 7 the partnership of schools holds the devolved funding (seed 001: Cambridgeshire's four partnerships)."""
    return FundingModel.DEVOLVED_PARTNERSHIPS in list(models)


def uses_shares_of_places(models: Iterable[str]) -> bool:
    """Collective decision-making makes the resource transparent as each school's share of the commissioned places (seed 001: BANES, "shares of places")."""
    return FundingModel.COLLECTIVE in list(models)


def change_date_open(effective_from: datetime.date, closed_through: datetime.date | None) -> bool:
    """A change of model takes effect from a date in an open period: a closed month's figures are final (seed 001, "financial realism")."""
    return closed_through is None or effective_from > closed_through


# ---------------------------------------------------------------------------------------
# The formula, step by step (seed 001: Nottinghamshire devolves by pupil numbers and deprivation)


def phase_of_year_group(year_group: int) -> str | None:
    """Pupils count as primary (reception to year 6) or secondary (years 7 to 11); post-16 has no AP place funding (standards §5; seed 001: Nottinghamshire funds primary and secondary separately)."""
    if year_group in PRIMARY_YEARS:
        return "primary"
    if year_group in SECONDARY_YEARS:
        return "secondary"
    return None


def counts_in_formula(phase: str) -> bool:
    """AP funding is devolved to mainstream schools, which stay responsible for their pupils; special schools, AP and nurseries are not in the formula (seed 001: "mainstream schools remain responsible")."""
    return phase in ("primary", "secondary", "all_through")


def place_funding_pence(places: int, rate_pence: int) -> int:
    """State-funded AP receives place funding for each commissioned place, £10,000 by default (seed 001 footnote 6; standards §5)."""
    return places * rate_pence


def devolvable_pence(budget_pence: int, place_funding: int) -> int:
    """What remains of the AP budget once place funding is taken off first is available to devolve (seed 001 footnote 6)."""
    return budget_pence - place_funding


def devolved_pence(devolvable: int, devolved_percent: Decimal) -> int:
    """The most mature models devolve all or almost all of it; the LA sets the share, rounded down to a whole penny (seed 001, "How funding and resources are organised")."""
    return int(Fraction(devolvable) * Fraction(devolved_percent) / 100)


def weighted_pupils(primary: int, secondary: int, primary_weight: Decimal, secondary_weight: Decimal) -> Fraction:
    """A school's pupil count is its number on roll by phase times each phase's weight (seed 001: Nottinghamshire's formula is "based on pupil numbers")."""
    return primary * Fraction(primary_weight) + secondary * Fraction(secondary_weight)


def fsm_measure(weighted: Fraction, fsm_percent: Decimal) -> Fraction:
    """Deprivation by free school meals: the weighted pupils times the share eligible for FSM (seed 001: "pupil numbers and deprivation")."""
    return weighted * Fraction(fsm_percent) / 100


def idaci_measure(weighted: Fraction, idaci_score: Decimal) -> Fraction:
    """Deprivation by area: the weighted pupils times the IDACI score of the school's area (seed 001: "socio-economic disadvantage"; IoD 2019 IDACI)."""
    return weighted * Fraction(idaci_score)


def factor_share(pot: Fraction, measure: Fraction, total_measure: Fraction) -> Fraction:
    """Each factor's pot is shared in proportion to the school's measure, so the area's "finite resources" are shared fairly and transparently (seed 001)."""
    if total_measure == 0:
        return Fraction(0)
    return pot * measure / total_measure


def minimum_allocation(
    floor_pence: int | None, previous_pence: int | None, protection_percent: Decimal | None
) -> Fraction:
    """No school gets less than the floor, or than last year's allocation less the protection percentage: leaders asked the LA to "maintain funding at similar levels year-on-year" (seed 001)."""
    floor = Fraction(floor_pence or 0)
    protected = Fraction(0)
    if previous_pence is not None and protection_percent is not None:
        protected = Fraction(previous_pence) * (100 - Fraction(protection_percent)) / 100
    return max(floor, protected)


def apply_minimums(amounts: Sequence[Fraction], minimums: Sequence[Fraction], total: Fraction) -> list[Fraction]:
    """Raise schools below their minimum to it and pay for it by scaling down the others, so the total devolved never changes (seed 001, "financial realism")."""
    if sum(minimums) > total:
        raise ValueError("minimums exceed the total")
    fixed: set[int] = set()
    result = list(amounts)
    while True:
        free = [i for i in range(len(amounts)) if i not in fixed]
        remaining = total - sum(minimums[i] for i in fixed)
        base = sum(amounts[i] for i in free)
        for i in fixed:
            result[i] = minimums[i]
        for i in free:
            result[i] = amounts[i] * remaining / base if base else Fraction(0)
        below = {i for i in free if result[i] < minimums[i]}
        if not below:
            break
        fixed |= below
    spare = total - sum(result)
    if spare > 0 and result:  # only when the schools left free had nothing to scale: share what is left
        weights = list(amounts) if sum(amounts) else (list(minimums) if sum(minimums) else [Fraction(1)] * len(result))
        result = [r + spare * w / sum(weights) for r, w in zip(result, weights, strict=True)]
    return result


def largest_remainder(exact: Sequence[Fraction], total: int) -> list[int]:
    """Allocations add up exactly to the amount devolved: each is rounded down to a penny and the pence left go to the largest remainders (Hamilton's method), keeping the resource "transparent" (seed 001)."""
    floors = [int(x) for x in exact]  # exact amounts are never negative, so int() rounds down
    left = total - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (exact[i] - floors[i], -i), reverse=True)
    for i in order[:left]:
        floors[i] += 1
    return floors


# ---------------------------------------------------------------------------------------
# Service-level agreements and engagement (seed 001: Nottingham City)


def engagement_status(agreement_status: str | None) -> str:
    """A school that accepted the SLA is engaged, one that declined is not, otherwise it is pending (seed 001: Nottingham City's SLA; key factor 5, "a formal mechanism for handling schools that refuse")."""
    if agreement_status == AgreementStatus.ACCEPTED:
        return "engaged"
    if agreement_status == AgreementStatus.DECLINED:
        return "not_engaged"
    return "pending"


def recovery_due(retained_position_pence: int) -> int:
    """The LA retains a non-engaging school's allocation, funds its placements from it and recovers costs where use exceeds it (seed 001: Nottingham City)."""
    return max(0, -retained_position_pence)


# ---------------------------------------------------------------------------------------
# The ledger


def posting_date(cause_date: datetime.date, closed_through: datetime.date | None) -> datetime.date:
    """An entry is dated on its cause, or on the first open day when that month is already closed: closed months are final."""
    if closed_through is not None and cause_date <= closed_through:
        return closed_through + datetime.timedelta(days=1)
    return cause_date


def month_can_close(month: datetime.date, today: datetime.date, closed_through: datetime.date | None) -> str | None:
    """Months close in order and only once they have ended, so a closed month never gains an entry."""
    last_day = month_end(month)
    if last_day >= today:
        return f"{month:%B %Y} has not ended yet"
    if closed_through is not None:
        expected = closed_through + datetime.timedelta(days=1)
        if month != expected:
            return f"Months close in order: the next month to close is {expected:%B %Y}"
    return None


def month_end(month: datetime.date) -> datetime.date:
    """The last day of a month (months are named by their first day)."""
    following = datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def excluded_at_start(
    episode_start: datetime.date, episode_end: datetime.date | None, placement_start: datetime.date
) -> bool:
    """A placement is for a permanently excluded pupil when it starts during the pupil's permanent exclusion (seed 001: "where a school ... does exclude a pupil ... the cost of that placement is recovered")."""
    return episode_start <= placement_start and (episode_end is None or episode_end >= placement_start)


def committed_period(
    first: datetime.date, last: datetime.date, opens: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """The ledger opens with the first confirmed funding year: a placement agreed before then is committed only for what is left of it, and its recharge is not made (seed 001, Nottingham City: the "legacy" of pupils already out of mainstream was funded separately)."""
    first = max(first, opens)
    return (first, last) if last >= first else None


def covered_by_block(
    provider_id: int, commissioner_id: int, academic_year: int, blocks: Collection[tuple[int, int, int]]
) -> bool:
    """Sessions at a provider where the commissioner holds block-commissioned places that year are already paid for by place funding and top-up, so they are not charged again (standards §5: place funding plus top-up)."""
    return (provider_id, commissioner_id, academic_year) in blocks


def block_place_value(per_place_year_pence: int, fte: Decimal, school_days: int) -> int:
    """A block-commissioned place used for part of a year is worth its yearly price (place funding plus top-up) times the full-time share used and the share of the 190-day school year (standards §5; placements.rules.SCHOOL_DAYS_PER_YEAR)."""
    from placements.rules import SCHOOL_DAYS_PER_YEAR

    return int(
        (Decimal(per_place_year_pence) * fte * school_days / SCHOOL_DAYS_PER_YEAR).quantize(Decimal(1), ROUND_HALF_UP)
    )


def counts_as_delivered(category: str) -> bool:
    """A session is charged as delivered when the pupil was present or on approved educational activity (SI 2024/208 reg 10; standards §1.2)."""
    from attendance.rules import counts_as_attended

    return counts_as_attended(category)


def fte_of(sessions_per_week: int, hours_per_week: Decimal | None) -> Decimal:
    """A place is one full-time pupil, ten sessions (or 25 hours) a week (standards §5: "the place should generally be occupied by one FTE pupil")."""
    if sessions_per_week:
        return Decimal(sessions_per_week) / SESSIONS_PER_FULL_TIME_WEEK
    if hours_per_week:
        return Decimal(hours_per_week) / HOURS_PER_FULL_TIME_WEEK
    return Decimal(0)


def share_of_places(places: int, share: Decimal) -> Decimal:
    """A school's share of the commissioned places is its formula share of them (seed 001: BANES, "an agreement about what a fair distribution of that resource would look like")."""
    return (Decimal(places) * share).quantize(Decimal("0.01"))


def monthly_run_rate(new_costs_pence: int, months_elapsed: int) -> int:
    """The run rate is the new cost taken on (commitments and invoices) per month so far this year."""
    return new_costs_pence // months_elapsed if months_elapsed > 0 else 0


def forecast_year_end(spent: int, committed: int, run_rate: int, months_left: int) -> int:
    """Spend to year end is what is spent, plus what is committed, plus the run rate for the months left (seed 001 Table 1: "spend on AP in line with what was budgeted")."""
    return spent + committed + run_rate * months_left


def overspend_projected(forecast_pence: int, budget_pence: int) -> bool:
    """An alert is raised when the forecast passes the budget (seed 001: "we cannot overspend because we know the money available")."""
    return forecast_pence > budget_pence


def placement_cost_pence(cal, components, start: datetime.date, end: datetime.date) -> int:
    """A placement commits each component's price per session for every session it expects on school days from ``start`` to ``end`` (its weekday sessions, or its hours as 2.5-hour sessions; placements.rules.component_cost_pence)."""
    from placements.rules import component_cost_pence

    total = 0
    for component in components:
        first = max(component.start_date, start)
        last = min(component.end_date or end, end)
        if last < first:
            continue
        total += component_cost_pence(
            cal,
            sessions=component.sessions or [],
            hours_per_week=component.hours_per_week,
            cost_per_session=component.cost_per_session_pence,
            start=first,
            end=last,
        )
    return total
