"""Every change to the directory goes through these functions.

Each takes the acting user as ``by``, validates fully before writing, runs in one
transaction and writes the audit trail. A ValidationError names the field at fault and
nothing is saved. Changes that matter to commissioners (prices, accreditation, places...)
are also kept as DirectoryChange rows so they are shown as changes, not overwritten.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from accounts.models import Organisation
from accounts.roles import OrganisationKind
from core import audit
from core.services import TransitionError, check_transition
from providers import rules
from providers.models import (
    DirectoryChange,
    DirectorySettings,
    FrameworkStatus,
    FrameworkStatusChange,
    Programme,
    Provider,
    ProviderContact,
)
from providers.validation import check_ages, check_prices

PROVIDER_FIELDS = [
    "provider_type",
    "urn",
    "ukprn",
    "setting_type",
    "ofsted_status",
    "ofsted_date",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "locality",
    "out_of_area",
    "host_local_authority",
    "min_age",
    "max_age",
    "description",
    "website",
    "email",
    "phone",
]
PROGRAMME_FIELDS = [
    "name",
    "description",
    "vocational_area",
    "accreditation",
    "accreditation_detail",
    "teaches_english_and_maths",
    "delivery_pattern",
    "min_age",
    "max_age",
    "places",
    "pupils_per_staff",
    "price_per_place_year_pence",
    "price_per_day_pence",
    "price_per_session_pence",
    "active",
]
PRICE_FIELDS = ["price_per_place_year_pence", "price_per_day_pence", "price_per_session_pence"]
GRADED = {"outstanding", "good", "requires_improvement", "inadequate"}

# The framework status ladder: applied -> approved / conditional -> suspended -> decommissioned.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    FrameworkStatus.APPLIED: {FrameworkStatus.APPROVED, FrameworkStatus.CONDITIONAL, FrameworkStatus.DECOMMISSIONED},
    FrameworkStatus.APPROVED: {FrameworkStatus.CONDITIONAL, FrameworkStatus.SUSPENDED, FrameworkStatus.DECOMMISSIONED},
    FrameworkStatus.CONDITIONAL: {FrameworkStatus.APPROVED, FrameworkStatus.SUSPENDED, FrameworkStatus.DECOMMISSIONED},
    FrameworkStatus.SUSPENDED: {FrameworkStatus.APPROVED, FrameworkStatus.CONDITIONAL, FrameworkStatus.DECOMMISSIONED},
    FrameworkStatus.DECOMMISSIONED: {FrameworkStatus.APPLIED},
}


def local_today() -> datetime.date:
    return timezone.localdate()


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _display(instance, field: str, value) -> str:
    """A field's value as commissioners read it: money in pounds, choices by label, yes or no."""
    if value is None or value == "":
        return "None"
    if field in PRICE_FIELDS:
        return f"£{value / 100:,.2f}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    model_field = instance._meta.get_field(field)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


# ---------------------------------------------------------------------------------------
# Provider records


def _validate_provider(provider: Provider, name: str) -> None:
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Enter the provider's name"]
    elif len(name) > 200:
        errors["name"] = ["The name must be 200 characters or fewer"]
    try:
        provider.full_clean(exclude=["organisation", "created_by", "updated_by", "needs"], validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for key, message in check_ages(provider.min_age, provider.max_age, required=False).items():
        errors.setdefault(key, [message])
    if provider.ofsted_status in GRADED and not provider.ofsted_date and "ofsted_date" not in errors:
        errors["ofsted_date"] = ["Enter the date of the last Ofsted inspection"]
    if provider.ofsted_date and provider.ofsted_date > local_today():
        errors["ofsted_date"] = ["The inspection date must be today or in the past"]
    if provider.ofsted_status in GRADED and rules.registration_rule_applies(provider.provider_type):
        errors.setdefault("ofsted_status", []).append(
            "An unregistered, tuition or work-based provider has no Ofsted grade: choose 'Not inspected by Ofsted'"
        )
    if provider.out_of_area and not provider.host_local_authority:
        errors["host_local_authority"] = ["Enter the local authority the provider is in"]
    if provider.out_of_area and provider.locality_id:
        errors["locality"] = ["A provider out of the area has no locality here: leave it blank"]
    others = Provider.objects.exclude(pk=provider.pk)
    for key, label in (("urn", "URN"), ("ukprn", "UKPRN")):
        value = getattr(provider, key)
        if value and key not in errors:
            clash = others.filter(**{key: value}).select_related("organisation").first()
            if clash:
                errors[key] = [f"{clash.name} already has {label} {value}. Find it in the directory instead"]
    if name and "name" not in errors and others.filter(organisation__name__iexact=name).exists():
        errors["name"] = [f"A provider called {name} is already in the directory"]
    if errors:
        raise ValidationError(errors)


def create_provider(*, by, name: str, needs=(), **fields) -> Provider:
    """Add a provider to the directory. It starts as 'applied': not yet on the approved list."""
    name = (name or "").strip()
    provider = Provider(
        **{k: _strip(v) for k, v in fields.items() if k in PROVIDER_FIELDS},
        framework_status=FrameworkStatus.APPLIED,
        framework_status_since=local_today(),
        created_by=by,
        updated_by=by,
    )
    _validate_provider(provider, name)
    with transaction.atomic():
        provider.organisation = Organisation.objects.create(kind=OrganisationKind.PROVIDER, name=name)
        provider.save()
        provider.needs.set(needs)
        audit.record(by=by, action="create", obj=provider, summary=f"Provider {name} added to the directory")
    return provider


def update_provider(*, by, provider: Provider, name: str | None = None, needs=None, **fields) -> Provider:
    """Change a provider's record; the audit line keeps old and new values, and an Ofsted change is shown."""
    before = model_to_dict(provider, fields=PROVIDER_FIELDS)
    before_needs = sorted(provider.needs.values_list("code", flat=True))
    old_name = provider.organisation.name
    name = old_name if name is None else (name or "").strip()
    for key, value in fields.items():
        if key in PROVIDER_FIELDS:
            setattr(provider, key, _strip(value))
    _validate_provider(provider, name)
    after = model_to_dict(provider, fields=PROVIDER_FIELDS)
    changes = audit.diff(before, after)
    if name != old_name:
        changes["name"] = [old_name, name]
    new_needs = sorted(n.code for n in needs) if needs is not None else before_needs
    if new_needs != before_needs:
        changes["needs"] = [", ".join(before_needs), ", ".join(new_needs)]
    if not changes:
        return provider
    with transaction.atomic():
        if name != old_name:
            Organisation.objects.filter(pk=provider.organisation_id).update(
                name=name, updated_by=by, updated_at=timezone.now()
            )
            provider.organisation.name = name
        provider.updated_by = by
        provider.save()
        if needs is not None:
            provider.needs.set(needs)
        _record_changes(by=by, provider=provider, programme=None, instance=provider, before=before, after=after)
        audit.record(
            by=by, action="update", obj=provider, summary=f"Directory entry for {name} changed", changes=changes
        )
    return provider


def _record_changes(*, by, provider, programme, instance, before: dict, after: dict, prefix: str = "") -> None:
    rows = [
        DirectoryChange(
            provider=provider,
            programme=programme,
            field=key,
            label=f"{prefix}{rules.COMMISSIONER_FIELDS[key]}",
            old_value=_display(instance, key, before.get(key))[:300],
            new_value=_display(instance, key, value)[:300],
            changed_by=by,
        )
        for key, value in after.items()
        if rules.matters_to_commissioners(key, before.get(key), value)
    ]
    DirectoryChange.objects.bulk_create(rows)


def change_framework_status(
    *, by, provider: Provider, to_status: str, reason: str, conditions: str = "", review_on=None
) -> FrameworkStatusChange:
    """Move a provider on the framework ladder; a named person gives a reason, and it is audited."""
    reason, conditions = (reason or "").strip(), (conditions or "").strip()
    current = provider.framework_status
    errors: dict[str, str] = {}
    if to_status not in FrameworkStatus.values:
        errors["to_status"] = "Choose the new framework status"
    else:
        try:
            check_transition(STATUS_TRANSITIONS, current, to_status, what="provider's framework status")
        except TransitionError:
            errors["to_status"] = (
                f"A provider that is {FrameworkStatus(current).label.lower()} cannot become "
                f"{FrameworkStatus(to_status).label.lower()}"
            )
    if not reason:
        errors["reason"] = (
            "Enter the reason for decommissioning the provider"
            if to_status == FrameworkStatus.DECOMMISSIONED
            else "Enter the reason for the change"
        )
    if not rules.conditional_approval_needs_conditions(to_status, conditions):
        errors["conditions"] = "Enter the conditions the provider must meet"
    if review_on is not None and review_on <= local_today():
        errors["review_on"] = "The review date must be in the future"
    if errors:
        raise ValidationError(errors)
    today = local_today()
    with transaction.atomic():
        moved = Provider.objects.filter(pk=provider.pk, framework_status=current).update(
            framework_status=to_status, framework_status_since=today, updated_by=by, updated_at=timezone.now()
        )
        if moved != 1:
            raise ValidationError({"to_status": "Someone else changed this provider's status. Check it and try again"})
        change = FrameworkStatusChange.objects.create(
            provider=provider,
            from_status=current,
            to_status=to_status,
            effective_on=today,
            reason=reason,
            conditions=conditions,
            review_on=review_on,
            changed_by=by,
        )
        provider.framework_status, provider.framework_status_since = to_status, today
        audit.record(
            by=by,
            action="update",
            obj=provider,
            summary=f"{provider.name}: framework status {FrameworkStatus(current).label} to {FrameworkStatus(to_status).label}",
            changes={"framework_status": [current, to_status]},
            reason=reason,
        )
    return change


# ---------------------------------------------------------------------------------------
# Programmes (the offer)


def _validate_programme(programme: Programme) -> None:
    errors: dict[str, list[str]] = {}
    if not (programme.name or "").strip():
        errors["name"] = ["Enter the programme's name"]
    try:
        programme.full_clean(exclude=["provider", "created_by", "updated_by"], validate_constraints=False)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, messages)
    for key, message in check_ages(programme.min_age, programme.max_age, required=True).items():
        errors.setdefault(key, [message])
    for key, message in check_prices({f: getattr(programme, f) for f in PRICE_FIELDS}).items():
        errors[key] = [message]
    if programme.places is not None and programme.places < 1 and programme.active:
        errors.setdefault("places", ["A programme that is offered has at least 1 place"])
    if programme.places is not None and programme.places > 1000:
        errors.setdefault("places", ["Enter the places at one time, 1000 or fewer"])
    if errors:
        raise ValidationError(errors)


def add_programme(*, by, provider: Provider, **fields) -> Programme:
    """Add a programme to a provider's offer; commissioners see it as a new programme."""
    programme = Programme(provider=provider, **{k: _strip(v) for k, v in fields.items() if k in PROGRAMME_FIELDS})
    programme.created_by = programme.updated_by = by
    _validate_programme(programme)
    with transaction.atomic():
        programme.save()
        DirectoryChange.objects.create(
            provider=provider,
            programme=programme,
            field="programme",
            label="New programme",
            new_value=programme.name[:300],
            changed_by=by,
        )
        audit.record(
            by=by, action="create", obj=programme, summary=f"Programme {programme.name} added at {provider.name}"
        )
    return programme


def update_programme(*, by, programme: Programme, **fields) -> Programme:
    """Change a programme; price, accreditation and similar changes are kept and shown to commissioners."""
    before = model_to_dict(programme, fields=PROGRAMME_FIELDS)
    for key, value in fields.items():
        if key in PROGRAMME_FIELDS:
            setattr(programme, key, _strip(value))
    _validate_programme(programme)
    after = model_to_dict(programme, fields=PROGRAMME_FIELDS)
    changes = audit.diff(before, after)
    if not changes:
        return programme
    with transaction.atomic():
        programme.updated_by = by
        programme.save()
        _record_changes(
            by=by,
            provider=programme.provider,
            programme=programme,
            instance=programme,
            before=before,
            after=after,
            prefix=f"{programme.name}: ",
        )
        audit.record(
            by=by, action="update", obj=programme, summary=f"Programme {programme.name} changed", changes=changes
        )
    return programme


def acknowledge_changes(*, by, provider: Provider) -> int:
    """Mark every change to a provider's offer as seen by the LA."""
    with transaction.atomic():
        count = DirectoryChange.objects.filter(provider=provider, acknowledged_at__isnull=True).update(
            acknowledged_by=by, acknowledged_at=timezone.now()
        )
        if count:
            audit.record(
                by=by,
                action="update",
                obj=provider,
                summary=f"{count} changes to {provider.name}'s offer marked as seen",
            )
    return count


# ---------------------------------------------------------------------------------------
# Contacts


def add_contact(
    *, by, provider: Provider, kind: str, name: str, job_title: str = "", email: str = "", phone: str = ""
) -> ProviderContact:
    """Add a named contact to a provider's entry."""
    contact = ProviderContact(
        provider=provider,
        kind=kind,
        name=(name or "").strip(),
        job_title=(job_title or "").strip(),
        email=(email or "").strip(),
        phone=(phone or "").strip(),
        created_by=by,
        updated_by=by,
    )
    errors: dict[str, list[str]] = {}
    try:
        contact.full_clean(exclude=["provider", "created_by", "updated_by"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not contact.email and not contact.phone:
        errors.setdefault("email", ["Enter an email address or a phone number"])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact.save()
        audit.record(by=by, action="create", obj=contact, summary=f"Contact {contact.name} added at {provider.name}")
    return contact


def remove_contact(*, by, contact: ProviderContact) -> None:
    """Remove a contact from a provider's entry."""
    with transaction.atomic():
        audit.record(
            by=by, action="delete", obj=contact, summary=f"Contact {contact.name} removed from {contact.provider.name}"
        )
        contact.delete()


# ---------------------------------------------------------------------------------------
# The LA's settings


SETTINGS_FIELDS = [
    "place_funding_pence",
    "document_warning_days",
    "visit_interval_months",
    "full_time_hours",
    "session_hours",
]
SETTINGS_LIMITS = {
    "place_funding_pence": (0, 20_000_000, "The place funding must be from £0 to £200,000 a place"),
    "document_warning_days": (1, 365, "The warning period must be from 1 to 365 days"),
    "visit_interval_months": (1, 36, "The visit interval must be from 1 to 36 months"),
    "full_time_hours": (1, 40, "The hours counted as full-time must be from 1 to 40"),
    "session_hours": (1, 6, "The hours in a session must be from 1 to 6"),
}


def update_settings(*, by, reason: str, **fields) -> DirectorySettings:
    """Change the LA's directory, commissioning and QA settings, saying why."""
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    for key, (low, high, message) in SETTINGS_LIMITS.items():
        value = fields.get(key)
        if key in fields and (value is None or not low <= value <= high):
            errors[key] = [message]
    if not reason:
        errors["reason"] = ["Enter a reason for the change"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = DirectorySettings.load()
        DirectorySettings.objects.select_for_update().filter(pk=current.pk).exists()
        before = model_to_dict(current, fields=SETTINGS_FIELDS)
        for key, value in fields.items():
            if key in SETTINGS_FIELDS:
                setattr(current, key, value)
        current.full_clean(exclude=["updated_by"])
        changes = audit.diff(before, model_to_dict(current, fields=SETTINGS_FIELDS))
        if not changes:
            return current
        current.updated_by = by
        current.save()
        audit.record(
            by=by, action="update", obj=current, summary="Directory settings changed", changes=changes, reason=reason
        )
    return current
