"""Signing in and out, lockout after repeated failures, and password rules."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import MembershipFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def person(area):
    user = UserFactory(email="lead@example.org")
    MembershipFactory(user=user, organisation=area.la, role="la_strategic_lead")
    return user


def sign_in(client, email, password, **extra):
    return client.post(reverse("accounts:sign-in"), {"email": email, "password": password, **extra})


def test_sign_in_page_is_public(client, db):
    response = client.get(reverse("accounts:sign-in"))
    assert response.status_code == 200
    assert "Sign in to Custodian" in response.content.decode()


def test_sign_in_with_email_any_case_then_home(client, person):
    response = sign_in(client, "Lead@Example.org", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Trafford" in client.get("/").content.decode()


def test_wrong_password_gives_a_clear_message(client, person):
    response = sign_in(client, "lead@example.org", "wrong-password-here")
    assert response.status_code == 200
    content = response.content.decode()
    assert "The email address or password is not right" in content
    assert "There is a problem" in content  # the error summary


def test_empty_form_names_each_field(client, db):
    content = sign_in(client, "", "").content.decode()
    assert "Enter your email address" in content and "Enter your password" in content


def test_next_is_followed_only_within_the_site(client, person):
    assert sign_in(client, "lead@example.org", PASSWORD, next="/schools/")["Location"] == "/schools/"
    client.logout()
    assert sign_in(client, "lead@example.org", PASSWORD, next="https://evil.example/")["Location"] == "/"


def test_account_locks_after_five_failures(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lead@example.org", "wrong-password-here")
    response = sign_in(client, "lead@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()


def test_sign_out_needs_post(client, person):
    sign_in(client, "lead@example.org", PASSWORD)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    assert client.post(reverse("accounts:sign-out")).status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short-pass", "too short"), ("password1234", "too common"), ("123456789012345", "entirely numeric")],
)
def test_password_rules(password, reason, db):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert reason in " ".join(error.value.messages)


def test_three_random_words_are_accepted(db):
    validate_password("staple-orbit-lantern")


def test_switching_membership_changes_the_acting_role(client, area):
    user = UserFactory(email="both@example.org")
    finance = MembershipFactory(user=user, organisation=area.la, role="la_finance_officer")
    leader = MembershipFactory(user=user, organisation=area.school_a.organisation, role="school_leader")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("accounts:switch"), {"membership": finance.pk})
    assert client.get(reverse("pupils:list")).status_code == 403
    client.post(reverse("accounts:switch"), {"membership": leader.pk})
    assert client.get(reverse("pupils:list")).status_code == 200


def test_first_membership_is_the_same_in_and_outside_a_request(client, area):
    """Before choosing, a person acts under the same membership in a page and in a command."""
    user = UserFactory(email="two@example.org")
    MembershipFactory(user=user, organisation=area.la, role="la_finance_officer")  # created first: Trafford
    leader = MembershipFactory(user=user, organisation=area.school_a.organisation, role="school_leader")  # Ashton
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    in_a_request = client.get(reverse("home")).wsgi_request.user.active_membership
    outside = type(user).objects.get(pk=user.pk).acting_membership
    assert in_a_request == outside == leader  # by organisation name, not by which was created first


def test_cannot_switch_to_someone_elses_membership(client, area):
    user = UserFactory(email="one@example.org")
    MembershipFactory(user=user, organisation=area.la, role="la_finance_officer")  # the only membership
    other = MembershipFactory(organisation=area.school_a.organisation, role="school_leader")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("accounts:switch"), {"membership": other.pk})
    assert client.get(reverse("pupils:list")).status_code == 403


def test_membership_role_must_match_organisation_kind(area):
    membership = MembershipFactory.build(user=UserFactory(), organisation=area.la, role="school_leader")
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "must belong to a school" in str(error.value)
