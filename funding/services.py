"""Every change to funding settings: the arrangement, funding years, the formula, SLAs.

Each function takes the acting user as ``by``, validates fully before writing, runs in one
transaction and writes the audit trail. A ValidationError names the field at fault and
nothing is saved. The ledger's services are in services_ledger.py and reconcile.py.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from core import audit
from core.services import check_transition
from funding import formula, rules
from funding.agreements import default_terms
from funding.ledger import arrangement_on, closed_through, la_organisation, lock_ledger
from funding.models import (
    AgreementStatus,
    AgreementTerms,
    Allocation,
    FundingArrangement,
    FundingYear,
    ServiceLevelAgreement,
)
from funding.queries import LA_FINANCE_ROLES, formula_inputs, place_funding_for

YEAR_TRANSITIONS = {FundingYear.Status.DRAFT: {FundingYear.Status.CONFIRMED}}
AGREEMENT_TRANSITIONS = {
    AgreementStatus.PENDING: {AgreementStatus.ACCEPTED, AgreementStatus.DECLINED},
    AgreementStatus.DECLINED: {AgreementStatus.ACCEPTED},  # a school may join later (seed 001: Nottingham City)
}
YEAR_FIELDS = [
    "ap_budget_pence",
    "budget_source",
    "place_rate_pence",
    "commissioned_places",
    "devolved_percent",
    "primary_weight",
    "secondary_weight",
    "pupil_factor_percent",
    "fsm_factor_percent",
    "idaci_factor_percent",
    "floor_pence",
    "protection_percent",
]


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


# ---------------------------------------------------------------------------------------
# The funding arrangement (the model on the continuum, from a date)


def change_arrangement(
    *, by, effective_from: datetime.date, funding_models: list[str], tariff_pence: int = 0, notes: str = ""
) -> FundingArrangement:
    """Choose the area's funding model(s) from a date. Refused if the date is in a closed month."""
    funding_models = list(dict.fromkeys(funding_models or []))
    errors: dict[str, str] = {}
    conflict = rules.models_conflict(funding_models)
    unknown = [m for m in funding_models if m not in rules.FundingModel.values]
    if unknown:
        errors["funding_models"] = f"Unknown funding model: {', '.join(unknown)}"
    elif conflict:
        errors["funding_models"] = conflict
    if tariff_pence is None or tariff_pence < 0:
        errors["tariff_pence"] = "The tariff cannot be negative"
    elif rules.FundingModel.TARIFF in funding_models and tariff_pence == 0:
        errors["tariff_pence"] = "Enter the tariff charged for a permanent exclusion, or do not choose the tariff model"
    elif rules.FundingModel.TARIFF not in funding_models and tariff_pence:
        errors["tariff_pence"] = "A tariff is charged only under the tariff model: choose it, or leave the tariff at 0"
    with transaction.atomic():
        lock_ledger()
        closed = closed_through()
        if not rules.change_date_open(effective_from, closed):
            errors["effective_from"] = (
                f"The ledger is closed to {_long(closed)}, so a change cannot take effect before "
                f"{_long(closed + datetime.timedelta(days=1))}"
            )
        elif FundingArrangement.objects.filter(effective_from=effective_from).exists():
            errors["effective_from"] = f"A change already takes effect on {_long(effective_from)}: choose another date"
        if errors:
            raise ValidationError(errors)
        previous = arrangement_on(effective_from)
        arrangement = FundingArrangement.objects.create(
            effective_from=effective_from,
            funding_models=funding_models,
            tariff_pence=tariff_pence or 0,
            notes=(notes or "").strip(),
            created_by=by,
        )
        before = {"funding_models": previous.funding_models, "tariff_pence": previous.tariff_pence} if previous else {}
        audit.record(
            by=by,
            action="create",
            obj=arrangement,
            summary=f"Funding model from {_long(effective_from)}: "
            + "; ".join(m.split(":")[0] for m in arrangement.model_labels),
            changes=audit.diff(
                {k: str(v) for k, v in before.items()},
                {"funding_models": str(funding_models), "tariff_pence": str(tariff_pence or 0)},
            ),
            reason=arrangement.notes,
        )
    return arrangement


# ---------------------------------------------------------------------------------------
# Funding years and the formula


def _check_year(year: FundingYear) -> None:
    errors: dict[str, list[str]] = {}
    try:
        year.full_clean(exclude=["created_by", "updated_by"], validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    weights = {name: getattr(year, name) for name in ("primary_weight", "secondary_weight")}
    if not errors.keys() & weights.keys() and all(v == 0 for v in weights.values()):
        errors["secondary_weight"] = ["At least one phase weight must be more than 0, or no pupil would count"]
    factors = [year.pupil_factor_percent, year.fsm_factor_percent, year.idaci_factor_percent]
    numeric = all(isinstance(f, Decimal | int) for f in factors)
    if numeric and not errors.keys() & {"pupil_factor_percent"} and sum(Decimal(f) for f in factors) != 100:
        errors["pupil_factor_percent"] = [
            f"The pupil numbers, FSM and IDACI shares must add up to 100%; they add up to {sum(Decimal(f) for f in factors):g}%"
        ]
    if "ap_budget_pence" not in errors and year.ap_budget_pence is not None:
        place_funding, detail, _ = place_funding_for(year)
        if year.ap_budget_pence < place_funding:
            errors["ap_budget_pence"] = [
                f"The AP budget of {formula.pounds(year.ap_budget_pence)} is smaller than the place funding of "
                f"{formula.pounds(place_funding)} taken off first ({detail})"
            ]
    if errors:
        raise ValidationError(errors)


def create_funding_year(*, by, academic_year: int, **fields) -> FundingYear:
    """Open an academic year's AP budget (1 September to 31 August) with its formula settings."""
    if FundingYear.objects.filter(academic_year=academic_year).exists():
        raise ValidationError(
            {"academic_year": f"There is already a funding year for {academic_year}/{(academic_year + 1) % 100:02d}"}
        )
    year = FundingYear(
        academic_year=academic_year,
        created_by=by,
        updated_by=by,
        **{k: v for k, v in fields.items() if k in YEAR_FIELDS},
    )
    _check_year(year)
    with transaction.atomic():
        year.save()
        audit.record(
            by=by,
            action="create",
            obj=year,
            summary=f"Funding year {year} opened with an AP budget of {formula.pounds(year.ap_budget_pence)}",
            changes=audit.diff({}, model_to_dict(year, fields=YEAR_FIELDS)),
        )
    return year


def update_funding_year(*, by, funding_year: FundingYear, reason: str = "", **fields) -> FundingYear:
    """Change a draft year's budget or formula settings (a confirmed year is fixed)."""
    if funding_year.status != FundingYear.Status.DRAFT:
        raise ValidationError(f"{funding_year} is confirmed: its budget and allocations are fixed")
    before = model_to_dict(funding_year, fields=YEAR_FIELDS)
    for key, value in fields.items():
        if key in YEAR_FIELDS:
            setattr(funding_year, key, value)
    _check_year(funding_year)
    changes = audit.diff(before, model_to_dict(funding_year, fields=YEAR_FIELDS))
    if not changes:
        return funding_year
    with transaction.atomic():
        funding_year.updated_by = by
        funding_year.save()
        audit.record(
            by=by,
            action="update",
            obj=funding_year,
            summary=f"Funding year {funding_year} settings changed",
            changes=changes,
            reason=reason,
        )
    return funding_year


def formula_settings(year: FundingYear) -> formula.FormulaSettings:
    place_funding, detail, _ = place_funding_for(year)
    return formula.FormulaSettings(
        budget_pence=year.ap_budget_pence,
        place_funding_pence=place_funding,
        devolved_percent=year.devolved_percent,
        primary_weight=year.primary_weight,
        secondary_weight=year.secondary_weight,
        pupil_factor_percent=year.pupil_factor_percent,
        fsm_factor_percent=year.fsm_factor_percent,
        idaci_factor_percent=year.idaci_factor_percent,
        floor_pence=year.floor_pence,
        protection_percent=year.protection_percent,
        place_detail=detail,
    )


def run_formula(*, by, funding_year: FundingYear) -> formula.FormulaResult:
    """Work out every school's allocation for a draft year, replacing the last run."""
    if funding_year.status != FundingYear.Status.DRAFT:
        raise ValidationError(f"{funding_year} is confirmed: its allocations are fixed")
    result = formula.compute(formula_settings(funding_year), formula_inputs(funding_year))
    with transaction.atomic():
        FundingYear.objects.select_for_update().filter(pk=funding_year.pk).exists()
        Allocation.objects.filter(funding_year=funding_year).delete()
        Allocation.objects.bulk_create(
            Allocation(
                funding_year=funding_year,
                school_id=r.key,
                amount_pence=r.amount_pence,
                weighted_pupils=(
                    Decimal(r.weighted_pupils.numerator) / Decimal(r.weighted_pupils.denominator)
                ).quantize(Decimal("0.001")),
                share=(Decimal(r.share.numerator) / Decimal(r.share.denominator)).quantize(Decimal("1e-10")),
                lines=r.lines,
            )
            for r in result.schools
        )
        funding_year.formula_run_at = timezone.now()
        funding_year.updated_by = by
        funding_year.save(update_fields=["formula_run_at", "updated_by", "updated_at"])
        audit.record(
            by=by,
            action="update",
            obj=funding_year,
            summary=f"Formula run for {funding_year}: {formula.pounds(result.devolved_pence)} shared between "
            f"{len(result.schools)} schools",
            changes={"devolved_pence": result.devolved_pence, "place_funding_pence": result.place_funding_pence},
        )
    return result


def confirm_funding_year(*, by, funding_year: FundingYear) -> FundingYear:
    """Fix a year's allocations so that they can be posted to the ledger and put in the SLAs."""
    with transaction.atomic():
        year = FundingYear.objects.select_for_update().get(pk=funding_year.pk)
        check_transition(YEAR_TRANSITIONS, year.status, FundingYear.Status.CONFIRMED, what="funding year")
        if not year.allocations.exists():
            raise ValidationError("Run the formula before confirming the year: there are no allocations yet")
        year.status = FundingYear.Status.CONFIRMED
        year.updated_by = by
        year.save(update_fields=["status", "updated_by", "updated_at"])
        audit.record(
            by=by,
            action="update",
            obj=year,
            summary=f"Funding year {year} confirmed",
            changes={"status": ["draft", "confirmed"]},
        )
    funding_year.status = year.status
    return year


# ---------------------------------------------------------------------------------------
# Service-level agreements


def suggested_terms(funding_year: FundingYear) -> dict[str, str]:
    """The default SLA wording for a year, from the arrangement in force on its first day."""
    devolved = sum(funding_year.allocations.values_list("amount_pence", flat=True))
    return default_terms(funding_year, arrangement_on(funding_year.first_day), devolved_pence=devolved)


def save_terms(*, by, funding_year: FundingYear, **sections) -> AgreementTerms:
    """Write the area's SLA for a year; each heading needs some text."""
    names = [name for name, _ in AgreementTerms.SECTIONS]
    values = {name: (sections.get(name) or "").strip() for name in names}
    errors = {name: f"Enter the text for “{label}”" for name, label in AgreementTerms.SECTIONS if not values[name]}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        terms = AgreementTerms.objects.filter(funding_year=funding_year).first()
        before = model_to_dict(terms, fields=names) if terms else {}
        if terms is None:
            terms = AgreementTerms(funding_year=funding_year, created_by=by)
        for name, value in values.items():
            setattr(terms, name, value)
        terms.updated_by = by
        terms.save()
        audit.record(
            by=by,
            action="update" if before else "create",
            obj=terms,
            summary=f"Service-level agreement terms for {funding_year} saved",
            changes=audit.diff(before, values),
        )
    return terms


def issue_agreements(*, by, funding_year: FundingYear) -> int:
    """Send each school with an allocation its SLA; pending ones are refreshed, decided ones kept as they were."""
    if funding_year.status != FundingYear.Status.CONFIRMED:
        raise ValidationError("Confirm the year's allocations before issuing the agreements: the SLA states the money")
    terms = AgreementTerms.objects.filter(funding_year=funding_year).first()
    if terms is None:
        raise ValidationError("Write the agreement's terms for this year first")
    sections = [[label, getattr(terms, name)] for name, label in AgreementTerms.SECTIONS]
    now = timezone.now()
    issued = 0
    with transaction.atomic():
        existing = {
            a.school_id: a for a in ServiceLevelAgreement.objects.select_for_update().filter(funding_year=funding_year)
        }
        for allocation in funding_year.allocations.select_related("school__organisation"):
            agreement = existing.get(allocation.school_id)
            if agreement is not None and agreement.status != AgreementStatus.PENDING:
                continue
            if agreement is None:
                agreement = ServiceLevelAgreement(funding_year=funding_year, school=allocation.school, created_by=by)
            agreement.sections = sections
            agreement.allocation_pence = allocation.amount_pence
            agreement.issued_at = now
            agreement.updated_by = by
            agreement.save()
            issued += 1
            audit.record(
                by=by,
                action="create",
                obj=agreement,
                summary=f"SLA for {funding_year} issued to {allocation.school.name} "
                f"({formula.pounds(allocation.amount_pence)})",
            )
    return issued


def _apply_decision(
    *, by, agreement: ServiceLevelAgreement, decision: str, note: str, summary: str
) -> ServiceLevelAgreement:
    with transaction.atomic():
        current = ServiceLevelAgreement.objects.select_for_update().get(pk=agreement.pk)
        check_transition(AGREEMENT_TRANSITIONS, current.status, decision, what="service-level agreement")
        before = current.status
        current.status = decision
        current.decided_at = timezone.now()
        current.decided_by = by
        current.decision_note = note
        current.updated_by = by
        current.save()
        audit.record(
            by=by,
            action="update",
            obj=current,
            summary=f"SLA for {current.funding_year} {current.get_status_display().lower()} by "
            f"{current.school.name}{summary}",
            changes={"status": [before, decision]},
            reason=note,
        )
    return current


def _check_decision(decision: str, note: str) -> None:
    if decision not in (AgreementStatus.ACCEPTED, AgreementStatus.DECLINED):
        raise ValidationError({"decision": "Choose whether the school accepts or declines the agreement"})
    if decision == AgreementStatus.DECLINED and not note:
        raise ValidationError({"note": "Say why the school declines, so the LA can follow it up"})


def decide_agreement(*, by, agreement: ServiceLevelAgreement, decision: str, note: str = "") -> ServiceLevelAgreement:
    """A school leader accepts or declines the school's SLA; a school that declined may accept later."""
    note = (note or "").strip()
    _check_decision(decision, note)
    membership = getattr(by, "acting_membership", None)
    if membership is None or membership.organisation_id != agreement.school.organisation_id:
        raise ValidationError("Only a leader of the school can accept or decline its agreement")
    return _apply_decision(by=by, agreement=agreement, decision=decision, note=note, summary="")


def record_agreement_decision(
    *, by, agreement: ServiceLevelAgreement, decision: str, note: str
) -> ServiceLevelAgreement:
    """The LA records a decision a school gave in writing (a signed copy); the note says what was received."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say what the school sent: who signed it and when"})
    _check_decision(decision, note)
    membership = getattr(by, "acting_membership", None)
    if membership is None or membership.role not in LA_FINANCE_ROLES:
        raise ValidationError("Only the LA's finance officer or strategic lead can record a school's decision for it")
    return _apply_decision(by=by, agreement=agreement, decision=decision, note=note, summary=" (recorded by the LA)")


__all__ = [
    "change_arrangement",
    "confirm_funding_year",
    "create_funding_year",
    "decide_agreement",
    "issue_agreements",
    "la_organisation",
    "record_agreement_decision",
    "run_formula",
    "save_terms",
    "suggested_terms",
    "update_funding_year",
]
