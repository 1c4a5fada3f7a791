"""Creating and revoking API tokens. The token is returned once and never stored, only its hash."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import LA_CASEWORK_ROLES, OrganisationKind, Role
from api.models import ProviderToken
from core import audit
from core.services import check_transition

TOKEN_PREFIX = "cust_"
MAX_ACTIVE_TOKENS = 5
TRANSITIONS = {"active": {"revoked"}, "revoked": set()}


def hash_token(raw: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 is enough to keep them safe at rest."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _may_manage(by, provider_id: int) -> bool:
    membership = getattr(by, "acting_membership", None)
    if membership is None:
        return False
    if membership.role in LA_CASEWORK_ROLES:
        return True
    return membership.role == Role.PROVIDER_MANAGER and membership.organisation_id == provider_id


def create_token(*, by, membership: Membership, name: str) -> tuple[ProviderToken, str]:
    """Issue a token to a provider manager for their provider's systems. Returns the token and its secret, shown once."""
    name = (name or "").strip()
    errors = {}
    if membership.role != Role.PROVIDER_MANAGER or membership.organisation.kind != OrganisationKind.PROVIDER:
        errors["membership"] = "Choose a provider manager: a token acts as one of the provider's managers"
    elif not membership.user.is_active:
        errors["membership"] = f"{membership.user.full_name} can no longer sign in, so cannot hold a token"
    elif not _may_manage(by, membership.organisation_id):
        errors["membership"] = f"You cannot issue tokens for {membership.organisation.name}"
    if not name:
        errors["name"] = "Enter a name for the token, like the name of the system that will use it"
    elif len(name) > 100:
        errors["name"] = "The name must be 100 characters or fewer"
    if errors:
        raise ValidationError(errors)
    provider = membership.organisation
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        active = ProviderToken.objects.select_for_update().filter(provider=provider, revoked_at__isnull=True)
        if len(active) >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                {
                    "name": f"{provider.name} already has {MAX_ACTIVE_TOKENS} tokens in use. Revoke one you no longer need first"
                }
            )
        token = ProviderToken.objects.create(
            provider=provider, user=membership.user, name=name, prefix=raw[:12], key_hash=hash_token(raw), created_by=by
        )
        audit.record(
            by=by,
            action="create",
            obj=token,
            summary=f"API token '{name}' ({token.prefix}…) issued for {provider.name} to {membership.user.full_name}",
        )
    return token, raw


def revoke_token(*, by, token: ProviderToken) -> ProviderToken:
    """Stop a token working, at once and for good."""
    if not _may_manage(by, token.provider_id):
        raise ValidationError(f"You cannot revoke tokens for {token.provider.name}")
    check_transition(TRANSITIONS, "active" if token.is_active else "revoked", "revoked", what="API token")
    now = timezone.now()
    with transaction.atomic():
        if not ProviderToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=by):
            raise ValidationError("This token has already been revoked")
        token.revoked_at, token.revoked_by = now, by
        audit.record(
            by=by,
            action="end",
            obj=token,
            summary=f"API token '{token.name}' ({token.prefix}…) for {token.provider.name} revoked",
        )
    return token


def note_use(token: ProviderToken) -> None:
    """Remember when a token was last used (at most once a minute, so busy systems do not write on every call)."""
    now = timezone.now()
    if token.last_used_at and (now - token.last_used_at).total_seconds() < 60:
        return
    ProviderToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
