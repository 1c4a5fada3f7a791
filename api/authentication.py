"""``Authorization: Token <token>`` for providers' systems.

A token belongs to a provider and was issued to one of its managers; a request made with it
acts as that manager under their provider membership, so the same permissions, scoped queries
and services apply as on the web pages (and the audit trail names the manager). A revoked
token, a manager who can no longer sign in, or one who no longer manages the provider fails.
"""

from __future__ import annotations

from rest_framework import authentication, exceptions

from accounts.models import Membership
from accounts.roles import Role
from api import services
from api.models import ProviderToken


class ProviderTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the header as 'Authorization: Token <token>', with no spaces in the token"
            )
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token has characters a token never has") from None
        token = (
            ProviderToken.objects.select_related("user", "provider").filter(key_hash=services.hash_token(raw)).first()
        )
        if token is None or not token.is_active:
            raise exceptions.AuthenticationFailed("The token is not valid or has been revoked")
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed("The person this token was issued to can no longer sign in")
        membership = (
            Membership.objects.filter(user=user, organisation=token.provider, role=Role.PROVIDER_MANAGER)
            .select_related("organisation")
            .first()
        )
        if membership is None:
            raise exceptions.AuthenticationFailed(
                f"The person this token was issued to no longer manages {token.provider.name}"
            )
        user.active_membership = membership
        user.memberships_cache = [membership]
        services.note_use(token)
        return user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
