"""Role x page matrix for the attendance and progress pages."""

import datetime

import pytest

from accounts.roles import Role
from attendance.models import ProgressNote
from conftest import ALL_ROLES
from tests.matrix import check_page, check_signed_out

LA = {Role.LA_STRATEGIC_LEAD, Role.LA_INCLUSION_OFFICER}
SCHOOL = {Role.SCHOOL_LEADER, Role.SCHOOL_STAFF}
PROVIDER = {Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF}
READERS = LA | SCHOOL | PROVIDER


@pytest.fixture
def objects(placed, frozen):
    """Own: a school A pupil at the area's provider. Other: a school B pupil at the other provider."""

    def note(component):
        return ProgressNote.objects.create(
            component=component,
            pupil=component.placement.pupil,
            week_start=datetime.date(2025, 11, 10),
            summary="Good week",
        )

    return {
        "pupil": (placed.full.placement.pupil_id, placed.other.placement.pupil_id),
        "component": (placed.full.pk, placed.other.pk),
        "note": ((placed.full.pk, note(placed.full).pk), (placed.other.pk, note(placed.other).pk)),
    }


# (url name, kind of object or None, roles allowed, roles scoped to their own organisation)
PAGES = [
    ("attendance:today", None, READERS, set()),
    ("attendance:register", None, PROVIDER, set()),
    ("attendance:upload", None, PROVIDER, set()),
    ("attendance:daily", None, READERS, set()),
    ("attendance:summary", None, READERS, set()),
    ("attendance:pupil", "pupil", READERS, SCHOOL | PROVIDER),
    ("attendance:alerts", None, READERS, set()),
    ("attendance:alert-settings", None, {Role.LA_STRATEGIC_LEAD, Role.ADMINISTRATOR}, set()),
    ("attendance:progress", "component", READERS, SCHOOL | PROVIDER),
    ("attendance:note-add", "component", PROVIDER, PROVIDER),
    ("attendance:note-edit", "note", PROVIDER, PROVIDER),
    ("attendance:targets", "component", PROVIDER, PROVIDER),
    ("attendance:achievement-add", "component", PROVIDER, PROVIDER),
]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_role_page_matrix(client_as, objects, role, name, kind, allowed, scoped):
    check_page(client_as, objects, role, name, kind, allowed, scoped)


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_signed_out_visitors_are_sent_to_sign_in(client, objects, name, kind, allowed, scoped):
    check_signed_out(client, objects, name, kind)
