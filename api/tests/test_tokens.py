"""API tokens: created by a provider manager or the LA, shown once, stored as a hash, revoked for good."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from api import services
from api.models import ProviderToken
from api.tests.conftest import manager_of
from core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("frozen")


def test_only_a_hash_is_kept(tokens):
    token, secret = tokens["a"]
    assert secret.startswith("cust_") and len(secret) > 40
    stored = ProviderToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ProviderToken.objects.values().get(pk=token.pk))
    assert stored.prefix == secret[:12]
    assert AuditEvent.objects.filter(object_type="api.providertoken", action="create").count() == 2
    assert not AuditEvent.objects.filter(summary__contains=secret).exists()


def test_the_page_shows_the_token_once(area, client_as):
    client = client_as("provider_manager")
    from accounts.models import Membership

    membership = Membership.objects.get(role="provider_manager", organisation=area.provider.organisation)
    response = client.post(reverse("api:token-add"), {"name": "Our MIS", "membership": str(membership.pk)})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    content = response.content.decode()
    token = ProviderToken.objects.get()
    secret = content.split('id="token" type="text" value="')[1].split('"')[0]
    assert services.hash_token(secret) == token.key_hash
    listing = client.get(reverse("api:tokens")).content.decode()
    assert token.prefix in listing and secret not in listing


def test_the_la_issues_a_token_to_a_providers_manager(area, user_as, client_as):
    membership = manager_of(area.provider_b.organisation, "boss@other.example")
    client = client_as("la_inclusion_officer")
    page = client.get(reverse("api:token-add")).content.decode()
    assert "Manager of Other Provider (Other Provider)" in page
    client.post(reverse("api:token-add"), {"name": "Other's MIS", "membership": str(membership.pk)})
    token = ProviderToken.objects.get()
    assert token.provider == area.provider_b.organisation and token.user == membership.user
    assert token.created_by.email.startswith("la_inclusion_officer")


def test_a_provider_manager_cannot_issue_tokens_for_another_provider(area, user_as):
    other = manager_of(area.provider_b.organisation, "boss@other.example")
    with pytest.raises(ValidationError) as excinfo:
        services.create_token(by=user_as("provider_manager"), membership=other, name="Sneaky")
    assert "cannot issue tokens for Other Provider" in excinfo.value.message_dict["membership"][0]


def test_a_token_acts_only_as_a_provider_manager(area, user_as):
    from accounts.models import Membership

    staff = user_as("provider_staff")
    membership = Membership.objects.get(user=staff)
    with pytest.raises(ValidationError, match="Choose a provider manager"):
        services.create_token(by=user_as("la_strategic_lead"), membership=membership, name="Staff token")


def test_name_is_required_and_tokens_are_limited(area, user_as):
    manager = manager_of(area.provider.organisation, "m@riverside.example")
    with pytest.raises(ValidationError, match="Enter a name"):
        services.create_token(by=manager.user, membership=manager, name=" ")
    for i in range(services.MAX_ACTIVE_TOKENS):
        services.create_token(by=manager.user, membership=manager, name=f"T{i}")
    with pytest.raises(ValidationError, match="already has 5 tokens in use"):
        services.create_token(by=manager.user, membership=manager, name="One more")


def test_revoking_through_the_page(tokens, client_as):
    token = tokens["a"][0]
    client = client_as("provider_manager")
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at and token.revoked_by.email.startswith("provider_manager")
    with pytest.raises(ValidationError, match="cannot move from 'revoked'"):
        services.revoke_token(by=token.revoked_by, token=token)
    page = client.post(reverse("api:token-revoke", args=[token.pk])).content.decode()
    assert "was revoked on" in page


def test_a_provider_manager_cannot_revoke_another_providers_token(tokens, user_as):
    with pytest.raises(ValidationError, match="cannot revoke tokens for Other Provider"):
        services.revoke_token(by=user_as("provider_manager"), token=tokens["b"][0])
