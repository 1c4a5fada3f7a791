"""LA block-commissioned places: places per provider and year, place funding plus top-up, joint commissioners."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from core import audit
from core.calendar import academic_year_label, academic_year_of
from providers import rules
from providers.models import BlockCommission, Provider
from providers.services import local_today

FIELDS = ["academic_year", "places", "place_funding_pence", "top_up_pence", "notes"]
MAX_PLACES = 1000


def _validate(commission: BlockCommission, provider: Provider, joint_commissioners) -> None:
    errors: dict[str, str] = {}
    this_year = academic_year_of(local_today())
    year = commission.academic_year
    if year is None or not this_year - 1 <= year <= this_year + 2:
        errors["academic_year"] = (
            f"Choose an academic year from {academic_year_label(this_year - 1)} to {academic_year_label(this_year + 2)}"
        )
    if commission.places is None or not 1 <= commission.places <= MAX_PLACES:
        errors["places"] = f"Enter the number of places, from 1 to {MAX_PLACES}"
    for key, label in (("place_funding_pence", "place funding"), ("top_up_pence", "top-up")):
        value = getattr(commission, key)
        if value is None:
            errors[key] = f"Enter the {label} per place, or 0"
        elif value < 0:
            errors[key] = f"The {label} cannot be negative"
        elif value > rules.MAX_PRICE_PER_PLACE_YEAR_PENCE:
            errors[key] = f"The {label} must be £{rules.MAX_PRICE_PER_PLACE_YEAR_PENCE // 100:,} a place or less"
    if commission.place_funding_pence and not rules.place_funding_applies(provider.provider_type):
        errors["place_funding_pence"] = (
            "Place funding is paid only to PRUs, AP academies and AP free schools. Enter 0, and put the price in the top-up"
        )
    if commission.pk is None and not rules.accepts_new_placements(provider.framework_status):
        errors["places"] = (
            f"{provider.name} is {provider.get_framework_status_display().lower()}, so no places can be commissioned"
        )
    if commission.commissioner_id and any(o.pk == commission.commissioner_id for o in joint_commissioners):
        errors["joint_commissioners"] = "The lead commissioner is already part of the commission"
    if not errors and year is not None:
        clash = BlockCommission.objects.filter(
            provider=provider, academic_year=year, commissioner_id=commission.commissioner_id
        ).exclude(pk=commission.pk)
        if clash.exists():
            errors["academic_year"] = (
                f"Places at {provider.name} for {academic_year_label(year)} are already recorded: change them instead"
            )
    if errors:
        raise ValidationError(errors)


def add_block_commission(
    *,
    by,
    provider: Provider,
    commissioner,
    academic_year: int,
    places: int,
    place_funding_pence: int,
    top_up_pence: int,
    joint_commissioners=(),
    notes: str = "",
) -> BlockCommission:
    """Record places the LA (alone or jointly) commissions from a provider for a year."""
    commission = BlockCommission(
        provider=provider,
        commissioner=commissioner,
        academic_year=academic_year,
        places=places,
        place_funding_pence=place_funding_pence,
        top_up_pence=top_up_pence,
        notes=(notes or "").strip(),
        created_by=by,
        updated_by=by,
    )
    joint = list(joint_commissioners)
    _validate(commission, provider, joint)
    with transaction.atomic():
        commission.save()
        commission.joint_commissioners.set(joint)
        audit.record(
            by=by,
            action="create",
            obj=commission,
            summary=f"{places} places at {provider.name} commissioned for {academic_year_label(academic_year)}",
            changes=audit.diff({}, model_to_dict(commission, fields=FIELDS)),
        )
    return commission


def update_block_commission(
    *, by, commission: BlockCommission, joint_commissioners=None, reason: str = "", **fields
) -> BlockCommission:
    """Change places, funding or top-up of a block commission; the audit keeps old and new values."""
    before = model_to_dict(commission, fields=FIELDS)
    before_joint = sorted(commission.joint_commissioners.values_list("pk", flat=True))
    for key, value in fields.items():
        if key in FIELDS:
            setattr(commission, key, value.strip() if isinstance(value, str) else value)
    joint = list(joint_commissioners) if joint_commissioners is not None else list(commission.joint_commissioners.all())
    _validate(commission, commission.provider, joint)
    changes = audit.diff(before, model_to_dict(commission, fields=FIELDS))
    if sorted(o.pk for o in joint) != before_joint:
        changes["joint_commissioners"] = [str(before_joint), str(sorted(o.pk for o in joint))]
    if not changes:
        return commission
    with transaction.atomic():
        commission.updated_by = by
        commission.save()
        commission.joint_commissioners.set(joint)
        audit.record(
            by=by,
            action="update",
            obj=commission,
            summary=f"Block commission at {commission.provider.name} changed",
            changes=changes,
            reason=(reason or "").strip(),
        )
    return commission
