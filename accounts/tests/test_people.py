"""Adding people, their roles, setting a password from the emailed link, deactivation."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, User
from core.models import AuditEvent


@pytest.fixture
def admin_client(client_as):
    return client_as("administrator")


def invite(client, area, **overrides):
    data = {
        "full_name": "Dana Scott",
        "email": "Dana.Scott@example.org",
        "organisation": area.school_b.organisation.pk,
        "role": "school_leader",
        "is_safeguarding_lead": "on",
    }
    data.update(overrides)
    return client.post(reverse("accounts:invite"), data)


def test_invite_creates_the_person_emails_a_link_that_works_once(admin_client, area, client):
    response = invite(admin_client, area)
    user = User.objects.get(email="dana.scott@example.org")
    assert response["Location"] == reverse("accounts:person", args=[user.pk])
    assert not user.has_usable_password()
    membership = user.memberships.get()
    assert membership.role == "school_leader" and membership.is_safeguarding_lead
    link = re.search(r"http\S+", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[1] if "8000" in link else link
    assert client.get(path).status_code == 200
    short = client.post(path, {"password": "short", "confirm": "short"})
    assert "too short" in short.content.decode()
    done = client.post(path, {"password": "staple-orbit-lantern", "confirm": "staple-orbit-lantern"})
    assert done["Location"] == reverse("accounts:sign-in")
    assert client.get(path).status_code == 410  # used once
    assert AuditEvent.objects.filter(summary="Password set").exists()


def test_invite_refuses_an_existing_email_and_saves_nothing(admin_client, area):
    invite(admin_client, area)
    response = invite(admin_client, area, full_name="Someone Else", email="dana.scott@EXAMPLE.org")
    assert "already has an account" in response.content.decode()
    assert User.objects.filter(email="dana.scott@example.org").count() == 1


def test_invite_refuses_a_role_that_does_not_fit_the_organisation(admin_client, area):
    response = invite(admin_client, area, role="la_finance_officer")
    assert "must belong to a local authority" in response.content.decode()
    assert not User.objects.filter(email="dana.scott@example.org").exists()


def test_remove_a_role_needs_a_reason_and_is_audited(admin_client, area):
    invite(admin_client, area)
    membership = Membership.objects.get(user__email="dana.scott@example.org")
    url = reverse("accounts:membership-remove", args=[membership.user_id, membership.pk])
    assert "Enter the reason" in admin_client.post(url, {"reason": ""}).content.decode()
    admin_client.post(url, {"reason": "Left the school"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="delete", reason="Left the school").exists()


def test_deactivated_person_cannot_sign_in(admin_client, area, client, user_as):
    person = user_as("school_staff")
    person.set_password("staple-orbit-lantern")
    person.save()
    admin_client.post(reverse("accounts:set-active", args=[person.pk]), {"reason": "Left"})
    person.refresh_from_db()
    assert not person.is_active
    response = client.post(reverse("accounts:sign-in"), {"email": person.email, "password": "staple-orbit-lantern"})
    assert response.status_code == 200


def test_nobody_deactivates_themselves(client, area, user_as):
    admin = user_as("administrator")
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("accounts:set-active", args=[admin.pk]), {"reason": "Oops"})
    assert "cannot deactivate your own account" in response.content.decode()


def test_a_bad_link_is_refused(client, db):
    assert client.get(reverse("accounts:set-password", args=["MQ", "not-a-token"])).status_code == 410
