"""Every change oversight makes: benchmark figures, the LA's thresholds, and the record of each export.

Each takes the acting user as ``by``, validates fully before writing, runs in one transaction
and writes the audit trail. A ValidationError names the field at fault and nothing is saved.
Benchmarks and thresholds have no statuses (a benchmark is shown or not), so there is no
transition table here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.text import slugify

from core import audit
from oversight.models import Benchmark, Comparator, MeasureKey, OversightSettings

BENCHMARK_FIELDS = ["measure", "comparator", "label", "value", "period", "source", "derivation", "sort_order", "active"]
MAX_VALUE = Decimal("9999999")


def _clean_benchmark(values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = dict(values)
    for name in ("label", "period", "source", "derivation"):
        cleaned[name] = (cleaned.get(name) or "").strip()
    if cleaned.get("measure") not in MeasureKey.values:
        errors["measure"] = "Choose the measure the figure is a benchmark for"
    if cleaned.get("comparator") not in Comparator.values:
        errors["comparator"] = "Choose whom the figure describes"
    if not cleaned["label"]:
        errors["label"] = "Enter who the figure describes, like England or the name of an area"
    elif len(cleaned["label"]) > 150:
        errors["label"] = "The label must be 150 characters or fewer"
    if not cleaned["period"]:
        errors["period"] = "Enter the year or survey the figure comes from, like 2022/23"
    elif len(cleaned["period"]) > 80:
        errors["period"] = "The period must be 80 characters or fewer"
    if not cleaned["source"]:
        errors["source"] = "Enter where the figure was published, so others can check it"
    try:
        value = Decimal(str(cleaned.get("value")))
        if not value.is_finite() or value < 0 or value > MAX_VALUE:
            raise InvalidOperation
        cleaned["value"] = value.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        errors["value"] = "Enter the figure as a number of 0 or more, like 21.8"
    cleaned["sort_order"] = int(cleaned.get("sort_order") or 0)
    cleaned["active"] = bool(cleaned.get("active", True))
    if errors:
        raise ValidationError(errors)
    return cleaned


def add_benchmark(*, by, reason: str, **values) -> Benchmark:
    """Add a published figure to compare a measure with (for example a statistical neighbour's)."""
    reason = (reason or "").strip()
    cleaned = _clean_benchmark({k: v for k, v in values.items() if k in BENCHMARK_FIELDS})
    if not reason:
        raise ValidationError({"reason": "Enter why the figure is being added"})
    base = (
        slugify(f"{cleaned['comparator']}-{cleaned['measure']}-{cleaned['label']}-{cleaned['period']}")[:70]
        or "benchmark"
    )
    with transaction.atomic():
        key, n = base, 1
        while Benchmark.objects.filter(key=key).exists():
            n += 1
            key = f"{base}-{n}"
        benchmark = Benchmark.objects.create(key=key, created_by=by, updated_by=by, **cleaned)
        audit.record(
            by=by,
            action="create",
            obj=benchmark,
            summary=f"Benchmark added: {benchmark.label} {benchmark.value} ({benchmark.period})",
            changes=audit.diff({}, cleaned),
            reason=reason,
        )
    return benchmark


def update_benchmark(*, by, benchmark: Benchmark, reason: str, **values) -> Benchmark:
    """Correct a benchmark figure, its period or source, or stop showing it; the reason goes in the audit trail."""
    reason = (reason or "").strip()
    before = model_to_dict(benchmark, fields=BENCHMARK_FIELDS)
    cleaned = _clean_benchmark({**before, **{k: v for k, v in values.items() if k in BENCHMARK_FIELDS}})
    if not reason:
        raise ValidationError({"reason": "Enter why the figure is changing"})
    changes = audit.diff(before, cleaned)
    if not changes:
        return benchmark
    with transaction.atomic():
        locked = Benchmark.objects.select_for_update().get(pk=benchmark.pk)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.updated_by = by
        locked.save()
        audit.record(
            by=by,
            action="update",
            obj=locked,
            summary=f"Benchmark changed: {locked.label} ({locked.period})",
            changes=changes,
            reason=reason,
        )
    return locked


def update_thresholds(*, by, reason: str, **values) -> OversightSettings:
    """Change the thresholds that flag a school as an outlier, or the tolerance for spend in line with budget."""
    reason = (reason or "").strip()
    current = OversightSettings.current()
    before = model_to_dict(current, fields=OversightSettings.FIELDS)
    for name in OversightSettings.FIELDS:
        if name in values:
            setattr(current, name, values[name])
    errors = {}
    try:
        current.full_clean(exclude=["updated_by"], validate_constraints=False)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if not reason:
        errors["reason"] = "Enter why the thresholds are changing"
    if errors:
        raise ValidationError(errors)
    changes = audit.diff(before, model_to_dict(current, fields=OversightSettings.FIELDS))
    if not changes:
        return current
    with transaction.atomic():
        current.updated_by = by
        current.save()
        audit.record(
            by=by, action="update", obj=current, summary="Oversight thresholds changed", changes=changes, reason=reason
        )
    return current


def record_export(*, by, page: str, table: str, rows: int, pupil_rows: bool, filters: dict) -> None:
    """Every download of an oversight table is written to the audit trail, saying whether it names pupils."""
    membership = getattr(by, "acting_membership", None)
    anchor = membership.organisation if membership else by
    what = "with pupil rows" if pupil_rows else "aggregates only"
    with transaction.atomic():
        audit.record(
            by=by,
            action="export",
            obj=anchor,
            summary=f"Oversight {page} table '{table}' downloaded ({rows} rows, {what})",
            changes=filters,
        )
