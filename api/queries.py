"""Scoped reads of API tokens: a provider manager sees their provider's tokens; LA caseworkers see every provider's."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Membership, Organisation
from accounts.predicates import active_organisation_id, active_role
from accounts.roles import LA_CASEWORK_ROLES, OrganisationKind, Role
from api.models import ProviderToken


def tokens_visible_to(user) -> QuerySet[ProviderToken]:
    role = active_role(user)
    tokens = ProviderToken.objects.select_related("provider", "user", "created_by", "revoked_by")
    if role in LA_CASEWORK_ROLES:
        return tokens
    if role == Role.PROVIDER_MANAGER:
        return tokens.filter(provider_id=active_organisation_id(user))
    return tokens.none()


def visible_token_or_404(user, pk: int) -> ProviderToken:
    return get_object_or_404(tokens_visible_to(user), pk=pk)


def providers_for(user) -> QuerySet[Organisation]:
    """The providers this user may issue tokens for."""
    providers = Organisation.objects.filter(kind=OrganisationKind.PROVIDER).order_by("name")
    if active_role(user) in LA_CASEWORK_ROLES:
        return providers
    if active_role(user) == Role.PROVIDER_MANAGER:
        return providers.filter(pk=active_organisation_id(user))
    return providers.none()


def managers_of(provider_ids) -> QuerySet[Membership]:
    """The provider managers a token may be issued to (active people only)."""
    return (
        Membership.objects.filter(organisation_id__in=provider_ids, role=Role.PROVIDER_MANAGER, user__is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name")
    )
