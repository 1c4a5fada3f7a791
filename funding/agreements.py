"""The service-level agreement's default wording, generated from the area's settings.

Seed 001 ("How funding and resources are organised") lists what an SLA for devolved AP
funding covers: the aim and purpose; the resources and how they may be used; the roles of
schools, the LA and providers; reporting requirements (Cambridgeshire: every pupil on a
different curriculum for more than 20% of the time); and how permanent exclusion, dual and
single registration and mid-year arrivals are handled. Nottingham City's SLA also said what
happens when funding is misused or a school does not sign. The LA edits the wording per year.
"""

from __future__ import annotations

from core.jinja2 import pence
from funding import rules
from funding.models import FundingArrangement, FundingModel, FundingYear

DIFFERENT_CURRICULUM_PERCENT = 20


def default_terms(year: FundingYear, arrangement: FundingArrangement | None, *, devolved_pence: int) -> dict[str, str]:
    models = arrangement.funding_models if arrangement else [FundingModel.TRADITIONAL]
    holder = "your school's partnership" if rules.held_by_partnership(models) else "your school"
    model_names = "; ".join(FundingModel(m).label for m in FundingModel.values if m in models)
    recharge = rules.recharges_exclusions(models)
    tariff = arrangement and rules.charges_tariff(models, arrangement.tariff_pence)
    pex = (
        "If the school permanently excludes a pupil, the LA arranges full-time provision from the sixth school day "
        "and recovers the cost of that placement, to its planned end, from the devolved allocation. "
        "When the placement ends the recharge is adjusted to what it actually cost."
        if recharge
        else "If the school permanently excludes a pupil, the LA arranges full-time provision from the sixth school "
        "day and funds it centrally."
    )
    if tariff:
        pex += f" A tariff of {pence(arrangement.tariff_pence)} is charged for each permanent exclusion."
    return {
        "aim_and_purpose": (
            f"The {year} AP funding is shared so that every school can put support in place early, keep pupils in "
            "mainstream education wherever possible and use alternative provision as a time-limited intervention "
            f"with a planned return. The area's arrangement is: {model_names}."
        ),
        "resources_and_use": (
            f"The AP budget for {year} is {pence(year.ap_budget_pence)}. Place funding for state-funded AP is taken "
            f"off first; {pence(devolved_pence)} is shared between schools by pupil numbers and deprivation. "
            f"The allocation is held by {holder} and may be used for in-school inclusion support, for placements "
            "with providers on the LA's approved directory, and for shared provision agreed with other schools. "
            "It may not be used for provision outside the directory or for costs unrelated to inclusion."
        ),
        "roles_and_responsibilities": (
            "The school stays responsible for its pupils in AP: it keeps them on roll where it can, agrees objectives "
            "and a return plan, and attends reviews. The LA keeps every child out of full-time mainstream education "
            "visible, quality-assures providers and keeps the ledger. Providers record attendance daily and report "
            "progress."
        ),
        "reporting_requirements": (
            "The school reports on the provision for, and progress of, every pupil who spends more than "
            f"{DIFFERENT_CURRICULUM_PERCENT}% of their school time on a different curriculum. Attendance, reviews "
            "and costs are recorded in Custodian, and the school's use of its allocation is shown to every school "
            "in the area."
        ),
        "permanent_exclusion": pex,
        "registration": (
            "A pupil dual registered with an AP school stays on the school's roll as their main registration and "
            "the school keeps their per-pupil funding. A pupil placed with an unregistered provider stays single "
            "registered at the school, marked B (or K where the LA arranges the provision)."
        ),
        "mid_year_arrivals": (
            "A pupil who joins the school during the year counts in next year's allocation. Until then the school "
            "may ask the panel for support, and fair access admissions are shared between schools."
        ),
        "non_engagement": (
            "A school that does not sign keeps no devolved allocation: the LA retains it, uses it to fund AP "
            "placements for that school's pupils, and recovers from the school the cost of use beyond it."
        ),
    }
