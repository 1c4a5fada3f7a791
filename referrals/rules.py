"""Named rules for requests for support.

Each rule is a small function with a one-line docstring citing its source; each has a test
of its own in referrals/tests/test_rules.py.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass

from accounts.roles import LA_CASEWORK_ROLES, PROVIDER_ROLES, Role
from core.calendar import SchoolCalendar
from pupils.rules import provision_deadline
from referrals.models import ParentAgreement, Route

PANEL_VISIBILITY_DAYS_AFTER = 7
PANEL_ROLES_NEEDING_SAFEGUARDING = frozenset({"chair", "la_officer", "school", "partner", "send"})


def views_required_to_submit(child_views: str, parent_views: str) -> dict[str, str]:
    """A request records the child's and the parent's views before it goes to panel (PRODUCT.md C; seed 003: child and parent voice at the point of referral)."""
    errors = {}
    if not (child_views or "").strip():
        errors["child_views"] = "Enter the child's views: what they think about school and the support they want"
    if not (parent_views or "").strip():
        errors["parent_views"] = "Enter the parent's or carer's views about the request"
    return errors


def parent_informed_before_submission(parent_agreement: str) -> dict[str, str]:
    """Parents are told about, and involved in, a request for AP before it is submitted (Arranging alternative provision, statutory guidance 2025: information to parents)."""
    if parent_agreement not in (ParentAgreement.INFORMED, ParentAgreement.CONSENTED):
        return {
            "parent_agreement": "Tell the parent or carer about the request before submitting it, then record that they were informed"
        }
    return {}


def graduated_response_required(route: str, responses: int) -> dict[str, str]:
    """A school's own request shows the graduated response already tried in school (DOMAIN.md: graduated response; seed 001 ch.1)."""
    if route == Route.SCHOOL and responses == 0:
        return {"graduated_responses": "Add at least one thing the school has already tried, when, and how it went"}
    return {}


def may_raise_route(role: str | None, route: str) -> bool:
    """A school leader raises a school request; an LA caseworker may also raise a permanent exclusion or fair access case (PRODUCT.md C)."""
    if role in LA_CASEWORK_ROLES:
        return route in Route.values
    return role == Role.SCHOOL_LEADER and route == Route.SCHOOL


def pex_deadline(cal: SchoolCalendar, exclusion_start: datetime.date) -> datetime.date:
    """Full-time provision for a permanently excluded pupil is due by the 6th school day of the exclusion (SI 2007/1870 reg 4; s19(3A) EA 1996)."""
    return provision_deadline(cal, exclusion_start)


def school_days_left(cal: SchoolCalendar, today: datetime.date, deadline: datetime.date) -> int:
    """School days left to meet a deadline: the school days after today up to and including the deadline; 0 once it has passed (statutory deadlines count school days)."""
    if today >= deadline:
        return 0
    return cal.school_days_between(today + datetime.timedelta(days=1), deadline)


def on_panel_window(meeting_date: datetime.date, today: datetime.date) -> bool:
    """Panel members see a case while its meeting is upcoming or up to 7 days after it (PRODUCT.md D: need-to-know access for panel members)."""
    return meeting_date >= today - datetime.timedelta(days=PANEL_VISIBILITY_DAYS_AFTER)


def panel_member_sees_safeguarding(panel_role: str, account_role: str | None) -> bool:
    """Risks and safeguarding notes go only to panel members whose role needs them, never to provider staff (Keeping children safe in education 2024: information shared on a need-to-know basis)."""
    return panel_role in PANEL_ROLES_NEEDING_SAFEGUARDING and account_role not in PROVIDER_ROLES


def panel_member_sees_identity(account_role: str | None, member_organisation_id: int, school_id: int | None) -> bool:
    """Panel members from other schools, partnerships and providers see initials, year group and school, not the name (UK GDPR art. 5(1)(c), data minimisation)."""
    if account_role in LA_CASEWORK_ROLES or account_role == Role.PARTNER_PRACTITIONER:
        return True
    return school_id is not None and member_organisation_id == school_id


# ---------------------------------------------------------------------------------------
# Attachments

SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


@dataclass(frozen=True)
class FileCheck:
    kind: str | None
    message: str = ""


def _is_docx(head_and_body: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(head_and_body)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def attachment_kind(content: bytes) -> str | None:
    """An attachment is a PDF, Word (DOCX), JPEG or PNG file, judged by its first bytes, not its name (OWASP file upload guidance: validate the content type by signature)."""
    for signature, kind in SIGNATURES:
        if content.startswith(signature):
            return kind
    if content.startswith(b"PK\x03\x04") and _is_docx(content):
        return "docx"
    return None


def attachment_size_ok(size: int, limit: int) -> bool:
    """An attachment is not empty and no larger than settings.MAX_UPLOAD_BYTES (the deployment's upload limit)."""
    return 0 < size <= limit
