"""Changes to the ledger made by hand: closing a month, recording an invoice, correcting an entry.

The reconciliation that posts what other apps' records owe is in reconcile.py (post_ledger).
Each function takes ``by``, validates fully, runs in one transaction under the ledger lock
and is audited. Entries dated in a closed month are refused with the date to use instead.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core import audit
from funding import rules
from funding.ledger import Context, check_open, closed_through, lock_ledger, post_entry
from funding.models import AccountKind, EntryKind, Invoice, LedgerEntry, MonthClose
from funding.reconcile import PostingResult, post_ledger

__all__ = ["close_month", "post_ledger", "PostingResult", "record_invoice", "reverse_entry"]


def close_month(*, by, month: datetime.date, today: datetime.date) -> MonthClose:
    """Close a month that has ended, in order: no entry can be dated in it afterwards."""
    month = month.replace(day=1)
    with transaction.atomic():
        lock_ledger()
        problem = rules.month_can_close(month, today, closed_through())
        if problem:
            raise ValidationError({"month": problem})
        close = MonthClose.objects.create(month=month, closed_by=by)
        audit.record(
            by=by,
            action="update",
            obj=close,
            summary=f"Ledger closed for {month:%B %Y}",
            changes={"closed_through": [None, str(rules.month_end(month))]},
        )
    return close


def record_invoice(
    *, by, provider, reference: str, invoice_date: datetime.date, amount_pence: int, description: str, placement=None
) -> Invoice:
    """Record a provider's invoice: charged to the placement's funder, or to the LA's central budget."""
    reference, description = (reference or "").strip(), (description or "").strip()
    errors: dict[str, str] = {}
    if not reference:
        errors["reference"] = "Enter the invoice reference"
    if not description:
        errors["description"] = "Say what the invoice is for"
    if amount_pence is None or amount_pence <= 0:
        errors["amount_pence"] = "The amount must be more than £0.00"
    if placement is not None and not any(c.provider_id == provider.pk for c in placement.components.all()):
        errors["placement"] = f"This placement has no component with {provider.organisation.name}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_ledger()
        ctx = Context.load()
        check_open(invoice_date, ctx.closed, "invoice_date")
        payer = ctx.funds_for(placement.funder_id, invoice_date) if placement else ctx.central()
        if payer is None:
            raise ValidationError(
                {
                    "placement": f"{placement.funder.name} has not yet accepted or declined its agreement, "
                    "so it is not known which account pays"
                }
            )
        if Invoice.objects.filter(provider=provider, reference=reference).exists():
            raise ValidationError(
                {"reference": f"Invoice {reference} from {provider.organisation.name} is already recorded"}
            )
        try:
            with transaction.atomic():
                invoice = Invoice.objects.create(
                    provider=provider,
                    placement=placement,
                    reference=reference,
                    invoice_date=invoice_date,
                    amount_pence=amount_pence,
                    description=description,
                    created_by=by,
                    updated_by=by,
                )
        except IntegrityError:
            raise ValidationError({"reference": f"Invoice {reference} is already recorded"}) from None
        links = {}
        if placement is not None:
            links = {
                "placement": placement,
                "pupil_id": placement.pupil_id,
                "school_id": placement.home_school_id,
                "decision_id": placement.decision_id,
            }
        post_entry(
            by=by,
            kind=EntryKind.INVOICE,
            entry_date=invoice_date,
            amount_pence=amount_pence,
            debit=payer,
            credit=ctx.account(AccountKind.PROVIDER, provider.organisation_id),
            description=f"Invoice {reference} from {provider.organisation.name}: {description}",
            cause_type="invoice",
            cause_key=str(invoice.pk),
            closed=ctx.closed,
            invoice=invoice,
            **links,
        )
        audit.record(
            by=by,
            action="create",
            obj=invoice,
            pupil_id=placement.pupil_id if placement else None,
            summary=f"Invoice {reference} from {provider.organisation.name} recorded",
        )
    return invoice


def reverse_entry(*, by, entry: LedgerEntry, entry_date: datetime.date, reason: str) -> LedgerEntry:
    """Correct an entry by posting its exact reverse (entries are never changed or deleted)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the entry is being reversed"})
    if entry_date < entry.entry_date:
        raise ValidationError(
            {"entry_date": f"A reversal cannot be dated before the entry it reverses ({entry.entry_date:%-d %B %Y})"}
        )
    with transaction.atomic():
        lock_ledger()
        closed = closed_through()
        check_open(entry_date, closed)
        if LedgerEntry.objects.filter(reverses=entry).exists():
            raise ValidationError("This entry has already been reversed")
        reversal = post_entry(
            by=by,
            kind=EntryKind.REVERSAL,
            entry_date=entry_date,
            amount_pence=entry.amount_pence,
            debit=entry.credit_account,
            credit=entry.debit_account,
            description=f"Reversal of entry {entry.pk} ({entry.get_kind_display()}): {reason}",
            cause_type="entry",
            cause_key=str(entry.pk),
            closed=closed,
            reverses=entry,
            school_id=entry.school_id,
            funding_year_id=entry.funding_year_id,
            allocation_id=entry.allocation_id,
            placement_id=entry.placement_id,
            decision_id=entry.decision_id,
            episode_id=entry.episode_id,
            pupil_id=entry.pupil_id,
            block_commission_id=entry.block_commission_id,
            invoice_id=entry.invoice_id,
            period=entry.period,
        )
        if reversal is None:
            raise ValidationError("This entry has already been reversed")
        audit.record(
            by=by,
            action="update",
            obj=entry,
            pupil_id=entry.pupil_id,
            summary=f"Ledger entry {entry.pk} reversed by entry {reversal.pk}",
            reason=reason,
        )
    return reversal
