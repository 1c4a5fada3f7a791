"""The allocation formula as a pure function: settings and schools in, allocations and their explanation out.

Steps (each a named rule in funding.rules): place funding is taken off the AP budget first;
the LA's devolved percentage of the rest is shared between schools in three pots (pupil
numbers by phase, FSM and IDACI deprivation); floors and year-on-year protection are applied
at the others' expense; amounts are rounded to pence by largest remainder so that they add up
exactly to the amount devolved. No database access: services.run_formula gathers the inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from funding import rules


@dataclass(frozen=True)
class FormulaSettings:
    budget_pence: int
    place_funding_pence: int
    devolved_percent: Decimal = Decimal(100)
    primary_weight: Decimal = Decimal(0)
    secondary_weight: Decimal = Decimal(1)
    pupil_factor_percent: Decimal = Decimal(70)
    fsm_factor_percent: Decimal = Decimal(20)
    idaci_factor_percent: Decimal = Decimal(10)
    floor_pence: int | None = None
    protection_percent: Decimal | None = None
    place_detail: str = ""


@dataclass(frozen=True)
class SchoolInput:
    key: int
    name: str
    primary_pupils: int
    secondary_pupils: int
    fsm_percent: Decimal | None
    idaci_score: Decimal | None
    previous_pence: int | None = None


@dataclass
class SchoolResult:
    key: int
    name: str
    amount_pence: int
    weighted_pupils: Fraction
    share: Fraction
    lines: list[dict] = field(default_factory=list)


@dataclass
class FormulaResult:
    budget_pence: int
    place_funding_pence: int
    devolvable_pence: int
    devolved_pence: int
    schools: list[SchoolResult]

    @property
    def kept_centrally_pence(self) -> int:
        return self.devolvable_pence - self.devolved_pence


def pounds(pence: int | Fraction) -> str:
    value = round(Fraction(pence))
    sign = "-" if value < 0 else ""
    whole, p = divmod(abs(value), 100)
    return f"{sign}£{whole:,}.{p:02d}"


def number(value: Fraction | Decimal | int, places: int = 3) -> str:
    text = f"{float(value):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def validate(settings: FormulaSettings, schools: list[SchoolInput]) -> None:
    """Every reason the formula cannot run, keyed by the setting at fault. Nothing is computed on bad input."""
    errors: dict[str, str] = {}
    for name in (
        "primary_weight",
        "secondary_weight",
        "pupil_factor_percent",
        "fsm_factor_percent",
        "idaci_factor_percent",
        "devolved_percent",
    ):
        if getattr(settings, name) < 0:
            errors[name] = "This cannot be negative"
    weights_given = "primary_weight" not in errors and "secondary_weight" not in errors
    if weights_given and settings.primary_weight == 0 and settings.secondary_weight == 0:
        errors["secondary_weight"] = "At least one phase weight must be more than 0, or no pupil would count"
    factors = settings.pupil_factor_percent + settings.fsm_factor_percent + settings.idaci_factor_percent
    factors_given = not any(k in errors for k in ("pupil_factor_percent", "fsm_factor_percent", "idaci_factor_percent"))
    if factors_given and factors != 100:
        errors["pupil_factor_percent"] = (
            f"The pupil numbers, FSM and IDACI shares must add up to 100%; they add up to {number(factors, 2)}%"
        )
    if settings.devolved_percent > 100:
        errors["devolved_percent"] = "The share devolved cannot be more than 100%"
    if settings.protection_percent is not None and not 0 <= settings.protection_percent <= 100:
        errors["protection_percent"] = "The protection must be between 0% and 100%"
    if settings.budget_pence < settings.place_funding_pence:
        errors["ap_budget_pence"] = (
            f"The AP budget of {pounds(settings.budget_pence)} is smaller than the place funding of "
            f"{pounds(settings.place_funding_pence)} taken off first ({settings.place_detail or 'commissioned places'})"
        )
    if not schools:
        errors[NON_FIELD_ERRORS] = "There are no schools to allocate to"
    if settings.fsm_factor_percent > 0:
        missing = [s.name for s in schools if s.fsm_percent is None]
        if missing:
            errors["fsm_factor_percent"] = (
                f"No FSM percentage is recorded for {', '.join(missing[:5])}"
                + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
                + ". Record it on the school's page or set the FSM share to 0%"
            )
    if settings.idaci_factor_percent > 0:
        missing = [s.name for s in schools if s.idaci_score is None]
        if missing:
            errors["idaci_factor_percent"] = (
                f"No IDACI score is recorded for {', '.join(missing[:5])}"
                + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
                + ". Record it on the school's page or set the IDACI share to 0%"
            )
    if errors:
        raise ValidationError(errors)


def compute(settings: FormulaSettings, schools: list[SchoolInput]) -> FormulaResult:
    """Allocations for every school that has pupils counted by the weights; raises ValidationError on bad input."""
    validate(settings, schools)
    devolvable = rules.devolvable_pence(settings.budget_pence, settings.place_funding_pence)
    devolved = rules.devolved_pence(devolvable, settings.devolved_percent)
    weights = {
        s.key: rules.weighted_pupils(
            s.primary_pupils, s.secondary_pupils, settings.primary_weight, settings.secondary_weight
        )
        for s in schools
    }
    counted = [s for s in schools if weights[s.key] > 0]
    if not counted:
        raise ValidationError({"secondary_weight": "No school has pupils in the phases the weights count"})
    fsm = {s.key: rules.fsm_measure(weights[s.key], s.fsm_percent or 0) for s in counted}
    idaci = {s.key: rules.idaci_measure(weights[s.key], s.idaci_score or 0) for s in counted}
    pots = {
        "pupils": Fraction(devolved) * Fraction(settings.pupil_factor_percent) / 100,
        "fsm": Fraction(devolved) * Fraction(settings.fsm_factor_percent) / 100,
        "idaci": Fraction(devolved) * Fraction(settings.idaci_factor_percent) / 100,
    }
    totals = {"pupils": sum(weights[s.key] for s in counted), "fsm": sum(fsm.values()), "idaci": sum(idaci.values())}
    for name, field_name, label in (("fsm", "fsm_factor_percent", "FSM"), ("idaci", "idaci_factor_percent", "IDACI")):
        if pots[name] > 0 and totals[name] == 0:
            raise ValidationError(
                {field_name: f"No school has a {label} measure above 0, so the {label} share cannot be shared out"}
            )
    parts = {
        s.key: {
            "pupils": rules.factor_share(pots["pupils"], weights[s.key], totals["pupils"]),
            "fsm": rules.factor_share(pots["fsm"], fsm[s.key], totals["fsm"]),
            "idaci": rules.factor_share(pots["idaci"], idaci[s.key], totals["idaci"]),
        }
        for s in counted
    }
    formula = [sum(parts[s.key].values()) for s in counted]  # adds up to the amount devolved exactly
    minimums = [
        rules.minimum_allocation(settings.floor_pence, s.previous_pence, settings.protection_percent) for s in counted
    ]
    if sum(minimums) > devolved:
        raise ValidationError(
            {
                "floor_pence": f"The floor and year-on-year protection need {pounds(sum(minimums))}, "
                f"more than the {pounds(devolved)} devolved. Lower the floor or the protection"
            }
        )
    adjusted = rules.apply_minimums(formula, minimums, Fraction(devolved))
    final = rules.largest_remainder(adjusted, devolved)
    results = []
    for index, school in enumerate(counted):
        share = formula[index] / devolved if devolved else Fraction(0)
        lines = _lines(
            settings,
            school,
            weights[school.key],
            parts[school.key],
            totals,
            pots,
            formula[index],
            adjusted[index],
            minimums[index],
            final[index],
        )
        results.append(SchoolResult(school.key, school.name, final[index], weights[school.key], share, lines))
    return FormulaResult(settings.budget_pence, settings.place_funding_pence, devolvable, devolved, results)


def _lines(settings, school, weighted, parts, totals, pots, formula, adjusted, minimum, final) -> list[dict]:
    lines = [
        {
            "label": "Pupils counted",
            "detail": f"{school.secondary_pupils:,} secondary pupils × {number(settings.secondary_weight)} + "
            f"{school.primary_pupils:,} primary pupils × {number(settings.primary_weight)} = {number(weighted)} weighted pupils",
            "amount_pence": None,
        }
    ]
    described = {
        "pupils": (
            "Pupil numbers",
            settings.pupil_factor_percent,
            f"{number(weighted)} of {number(totals['pupils'])} weighted pupils in the area",
        ),
        "fsm": (
            "Deprivation: free school meals",
            settings.fsm_factor_percent,
            f"{number(weighted)} weighted pupils × {number(school.fsm_percent or 0, 2)}% FSM = "
            f"{number(rules.fsm_measure(weighted, school.fsm_percent or 0))} of {number(totals['fsm'])}",
        ),
        "idaci": (
            "Deprivation: IDACI",
            settings.idaci_factor_percent,
            f"{number(weighted)} weighted pupils × IDACI {number(school.idaci_score or 0)} = "
            f"{number(rules.idaci_measure(weighted, school.idaci_score or 0))} of {number(totals['idaci'])}",
        ),
    }
    shown = 0
    for key in ("pupils", "fsm", "idaci"):
        label, percent, detail = described[key]
        if percent == 0:
            continue
        amount = round(parts[key])
        shown += amount
        lines.append(
            {
                "label": f"{label} ({number(percent, 2)}% of the amount devolved: {pounds(pots[key])})",
                "detail": detail,
                "amount_pence": amount,
            }
        )
    if adjusted != formula:
        change = round(adjusted) - round(formula)
        if adjusted > formula:
            detail = f"Raised to the school's minimum of {pounds(minimum)} (floor or year-on-year protection)"
        else:
            detail = "Share of the cost of other schools' floors and protection, in proportion to the formula"
        lines.append({"label": "Floor and protection", "detail": detail, "amount_pence": change})
        shown += change
    if final != shown:
        lines.append(
            {
                "label": "Rounding to whole pence",
                "detail": "Largest remainder, so the total is exact",
                "amount_pence": final - shown,
            }
        )
    lines.append({"label": "Allocation", "detail": "", "amount_pence": final, "total": True})
    return lines
