"""Role x page for requests for support: 200 for permitted roles, 403 for lesser roles, 404 for
another school's request (or a request not on the agenda of a panel the user sits on)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from conftest import ALL_ROLES
from referrals import services_attachments
from referrals.models import Request
from referrals.tests.builders import approve, on_agenda, panel_with_meeting, pupil_at, request_at, seat
from tests.matrix import check_page, check_signed_out

LA = {Role.LA_STRATEGIC_LEAD, Role.LA_INCLUSION_OFFICER}
SCHOOL = {Role.SCHOOL_LEADER, Role.SCHOOL_STAFF}
PANEL_ONLY = {Role.PARTNERSHIP_CHAIR, Role.PARTNER_PRACTITIONER}
READERS = LA | SCHOOL | PANEL_ONLY
EDITORS = LA | {Role.SCHOOL_LEADER}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attach(by, request):
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    return services_attachments.add_attachment(by=by, request=request, upload=upload)


class Objects(dict):
    """Builds each kind of object the first time a test asks for it, so each test builds only what it opens."""

    def __init__(self, area, user_as):
        super().__init__()
        self.area, self.user_as = area, user_as
        self.la = user_as(Role.LA_INCLUSION_OFFICER)
        self.leaders = (user_as(Role.SCHOOL_LEADER), user_as(Role.SCHOOL_LEADER, area.school_b.organisation))

    def _both(self, status):
        schools = (self.area.school_a.organisation, self.area.school_b.organisation)
        return tuple(
            request_at(status, school_leader=leader, la=self.la, pupil=pupil_at(school))
            for leader, school in zip(self.leaders, schools, strict=True)
        )

    def __missing__(self, kind):
        build = getattr(self, f"_build_{kind}")
        self[kind] = build()
        return self[kind]

    def _build_request(self):
        listed, other = self._both("triaged")
        self["attachment"] = (
            (listed.pk, _attach(self.leaders[0], listed).pk),
            (other.pk, _attach(self.leaders[1], other).pk),
        )
        lead = self.user_as(Role.LA_STRATEGIC_LEAD)
        panel, meeting = panel_with_meeting(lead)
        seat(lead, panel, self.user_as(Role.PARTNERSHIP_CHAIR), self.area.partnership.organisation, role="chair")
        seat(lead, panel, self.user_as(Role.PARTNER_PRACTITIONER), self.area.partner.organisation, role="partner")
        on_agenda(self.la, meeting, listed)
        return (listed.pk, other.pk)

    def _build_attachment(self):
        self["request"]  # builds both requests and their attachments
        return self["attachment"]

    def _build_draft(self):
        return tuple(r.pk for r in self._both("draft"))

    def _build_returned(self):
        return tuple(r.pk for r in self._both("returned"))

    def _build_submitted(self):
        own, _ = self._both("submitted")
        return (own.pk, own.pk)

    def _build_response(self):
        drafts = [Request.objects.get(pk=pk) for pk in self["draft"]]
        return tuple((d.pk, d.graduated_responses.get().pk) for d in drafts)

    def _build_draft_attachment(self):
        drafts = [Request.objects.get(pk=pk) for pk in self["draft"]]
        return tuple((d.pk, _attach(leader, d).pk) for d, leader in zip(drafts, self.leaders, strict=True))


@pytest.fixture
def objects(area, user_as):
    approve(area.provider)
    return Objects(area, user_as)


# (url name, kind of object or None, roles allowed, roles scoped to their own organisation)
PAGES = [
    ("referrals:list", None, READERS, set()),
    ("referrals:add", None, EDITORS, set()),
    ("referrals:detail", "request", READERS, SCHOOL | PANEL_ONLY),
    ("referrals:edit", "draft", EDITORS, {Role.SCHOOL_LEADER}),
    ("referrals:submit", "draft", EDITORS, {Role.SCHOOL_LEADER}),
    ("referrals:triage", "submitted", LA, set()),
    ("referrals:reopen", "returned", EDITORS, {Role.SCHOOL_LEADER}),
    ("referrals:close", "draft", EDITORS, {Role.SCHOOL_LEADER}),
    ("referrals:response-add", "draft", EDITORS, {Role.SCHOOL_LEADER}),
    ("referrals:response-remove", "response", EDITORS, {Role.SCHOOL_LEADER}),
    ("referrals:attachment-add", "draft", EDITORS, {Role.SCHOOL_LEADER}),
    ("referrals:attachment", "attachment", LA | {Role.SCHOOL_LEADER} | PANEL_ONLY, {Role.SCHOOL_LEADER} | PANEL_ONLY),
    ("referrals:attachment-remove", "draft_attachment", EDITORS, {Role.SCHOOL_LEADER}),
]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_role_page_matrix(client_as, objects, role, name, kind, allowed, scoped):
    check_page(client_as, objects, role, name, kind, allowed, scoped)


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_signed_out_visitors_are_sent_to_sign_in(client, objects, name, kind, allowed, scoped):
    check_signed_out(client, objects, name, kind)
