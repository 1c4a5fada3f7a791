"""API tokens: one or more per provider, each issued to one of its managers. Only a hash is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Organisation


class ProviderToken(models.Model):
    """A secret a provider's system sends as ``Authorization: Token <token>``.

    The token itself is shown once, when it is created; only its SHA-256 hash and its first
    characters (to tell tokens apart) are kept. Requests made with it act as the provider
    manager it was issued to, under their membership of the provider.
    """

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="api_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text="The provider manager the token acts as",
    )
    name = models.CharField(max_length=100, help_text="What the token is for, like 'Our MIS'")
    prefix = models.CharField(max_length=16, help_text="The first characters of the token, to recognise it")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False), name="api_token_revoked_by_someone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
