"""Shared helpers for service functions (every state change goes through one)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def full_clean_or_raise(instance, *, exclude=None) -> None:
    """Run model validation; a ValidationError names each bad field, nothing is saved."""
    instance.full_clean(exclude=exclude)


class TransitionError(ValidationError):
    """A status change the transition table does not allow."""


def check_transition(table: dict[str, set[str]], current: str, target: str, *, what: str) -> None:
    if target not in table.get(current, set()):
        raise TransitionError(f"A {what} cannot move from '{current}' to '{target}'.")
