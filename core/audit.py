"""Writing the audit trail. Services call ``record``; nothing else writes AuditEvent rows."""

from __future__ import annotations

from typing import Any

from core.models import AuditEvent


def _actor_context(user: Any) -> tuple[str, str]:
    # The membership chosen for the session, or outside a request the person's first.
    membership = getattr(user, "acting_membership", None)
    if membership is None:
        return "", ""
    return membership.organisation.name, membership.role


def record(
    *,
    by: Any,
    action: str,
    obj: Any,
    summary: str,
    pupil_id: int | None = None,
    changes: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit line. ``by`` is the acting user (None only for system jobs)."""
    organisation_name, role = _actor_context(by) if by is not None else ("", "system")
    return AuditEvent.objects.create(
        user=by if by is not None and getattr(by, "pk", None) else None,
        user_email=getattr(by, "email", "") if by is not None else "",
        organisation_name=organisation_name,
        role=role,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        pupil_id=pupil_id,
        summary=summary[:300],
        changes=changes or {},
        reason=reason,
    )


def diff(before: dict, after: dict) -> dict:
    """The fields whose values changed, as {field: [old, new]} in JSON-safe text."""
    return {key: [_text(before.get(key)), _text(value)] for key, value in after.items() if before.get(key) != value}


def _text(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)
