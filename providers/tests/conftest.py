"""Fixtures for the providers app: frozen time, private files in a temporary folder, helpers."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import MembershipFactory, UserFactory
from conftest import default_organisation

D = datetime.date
TODAY = datetime.datetime(2025, 11, 20, 10, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


def pdf_upload(name="policy.pdf", body=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png_upload(name="certificate.png"):
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")


def docx_upload(name="insurance.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def make_user(email, organisation, role):
    """A user with one membership, outside the user_as fixture (which makes one user per role)."""
    user = UserFactory(email=email, full_name=email.split("@")[0].replace(".", " ").title())
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def user_as(area):
    """As the project's user_as, but asking twice for a role gives the same person (no duplicate membership)."""

    def make(role, organisation=None):
        organisation = organisation or default_organisation(area, role)
        user = UserFactory(email=f"{role}.{organisation.pk}@example.org", full_name=f"{Role(role).label} person")
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def qa(user_as):
    return user_as(Role.LA_QA_OFFICER)


@pytest.fixture
def leader(user_as):
    return user_as(Role.SCHOOL_LEADER)


@pytest.fixture
def manager(user_as):
    return user_as(Role.PROVIDER_MANAGER)
