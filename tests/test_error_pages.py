"""Error pages are the service's own GOV.UK pages, not Django's plain ones, signed in or out."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts.roles import Role


def test_unknown_address_signed_out_gets_page_not_found(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found – Custodian</title>" in html
    assert 'class="govuk-heading-l">Page not found</h1>' in html
    assert "govuk-frontend.min.css" in html
    assert "Sign out" not in html


def test_record_of_another_organisation_gets_page_not_found_with_the_menu(area, client_as):
    client = client_as(Role.SCHOOL_LEADER)
    response = client.get(reverse("pupils:detail", args=[999_999]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "an organisation whose records you cannot see" in html
    assert "Sign out" in html  # the account bar and menu are there, so the user can go on


@pytest.mark.parametrize(
    "template, title",
    [
        ("500.html", "Sorry, there is a problem with the service"),
        ("400.html", "Sorry, there is a problem with your request"),
        ("403.html", "You cannot open this page"),
    ],
)
def test_pages_django_renders_without_a_request(template, title):
    html = render_to_string(template)
    assert f"<title>{title} – Custodian</title>" in html
    assert f">{title}</h1>" in html


def test_form_sent_without_its_token_gets_an_explanation(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:sign-in"), {"username": "someone@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form could not be sent" in html
    assert "Nothing from the form was saved" in html
