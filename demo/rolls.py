"""Numbers on roll by year group for the demo schools, matched to Trafford's published totals.

Source: Trafford's PriNOR and SecNOR for 2024/25 in demo/data/trafford_pupils_on_roll.csv
(DfE school places scorecards): 20,224 primary (reception to year 6) and 17,424 secondary
(years 7 to 11) pupils. Per-school rolls are SYNTHETIC but plausible:

- primary: 1, 2 or 3 forms of entry (weights 3:5:2) of 30, each year group 85-100% full;
  infant schools teach reception to year 2, junior schools years 3 to 6;
- secondary: 150 to 240 per year group (a size drawn per school, each year within 8% of it);
- then every primary (and every secondary) roll is scaled by one factor and rounded by the
  largest-remainder method so the totals equal the published figures exactly (times --scale);
- special schools get small rolls (6 to 16 a year group) for primary-age, secondary-age or
  all-age ranges, and are not part of the published totals;
- nursery schools (none in Trafford's list) get 40 to 60 in the nursery year (year -1).
"""

from __future__ import annotations

import random

from schools.models import School

PRIMARY_YEARS = tuple(range(0, 7))
SECONDARY_YEARS = tuple(range(7, 12))


def year_groups(phase: str, name: str, rng: random.Random) -> tuple[int, ...]:
    """The year groups a school teaches, from its phase and name."""
    lower = name.lower()
    if phase == School.Phase.PRIMARY:
        if "infant" in lower:
            return (0, 1, 2)
        if "junior" in lower:
            return (3, 4, 5, 6)
        return PRIMARY_YEARS
    if phase == School.Phase.SECONDARY:
        return SECONDARY_YEARS
    if phase == School.Phase.NURSERY:
        return (-1,)
    if "high" in lower:
        return SECONDARY_YEARS
    return rng.choice((PRIMARY_YEARS, SECONDARY_YEARS, tuple(range(1, 12))))


def raw_roll(phase: str, years: tuple[int, ...], rng: random.Random) -> dict[int, float]:
    """A plausible unscaled roll for one school."""
    if phase == School.Phase.PRIMARY:
        forms = rng.choices((1, 2, 3), weights=(3, 5, 2))[0]
        return {y: 30 * forms * rng.uniform(0.85, 1.0) for y in years}
    if phase == School.Phase.SECONDARY:
        size = rng.uniform(150, 240)
        return {y: size * rng.uniform(0.92, 1.08) for y in years}
    if phase == School.Phase.NURSERY:
        return {y: float(rng.randint(40, 60)) for y in years}
    return {y: float(rng.randint(6, 16)) for y in years}


def scale_to_total(rolls: list[dict[int, float]], total: int) -> list[dict[int, int]]:
    """Scale every cell by one factor and round so the cells add up to ``total`` exactly."""
    cells = [(i, y, value) for i, roll in enumerate(rolls) for y, value in sorted(roll.items())]
    raw_total = sum(value for _, _, value in cells)
    if not cells or raw_total <= 0:
        return [{} for _ in rolls]
    factor = total / raw_total
    scaled = [(i, y, value * factor) for i, y, value in cells]
    result: list[dict[int, int]] = [{} for _ in rolls]
    for i, y, value in scaled:
        result[i][y] = int(value)
    short = total - sum(sum(r.values()) for r in result)
    by_remainder = sorted(scaled, key=lambda cell: (-(cell[2] - int(cell[2])), cell[0], cell[1]))
    for i, y, _ in by_remainder[:short]:
        result[i][y] += 1
    return result


def build_rolls(schools: list[tuple[str, str]], primary_total: int, secondary_total: int, rng: random.Random):
    """(year groups, roll by year group) for each (phase, name), primary and secondary matched to the totals."""
    years = [year_groups(phase, name, rng) for phase, name in schools]
    raw = [raw_roll(phase, ys, rng) for (phase, _), ys in zip(schools, years, strict=True)]
    result: list[dict[int, int]] = [{y: round(v) for y, v in r.items()} for r in raw]
    for phase, total in ((School.Phase.PRIMARY, primary_total), (School.Phase.SECONDARY, secondary_total)):
        indexes = [i for i, (p, _) in enumerate(schools) if p == phase]
        for i, roll in zip(indexes, scale_to_total([raw[i] for i in indexes], total), strict=True):
            result[i] = roll
    return list(zip(years, result, strict=True))
