"""Role x page for panels: 200 for permitted roles, 403 for lesser roles, 404 for a panel the user
neither sits on nor runs (or an allocation naming another school)."""

import datetime

import pytest

from accounts.roles import Role
from conftest import ALL_ROLES
from panels import services_decisions, services_meetings
from panels.services_decisions import ActionInput
from referrals.tests.builders import approve, on_agenda, panel_with_meeting, pupil_at, request_at, seat
from tests.matrix import check_page, check_signed_out

D = datetime.date
TODAY = D(2025, 11, 20)
LA = {Role.LA_STRATEGIC_LEAD, Role.LA_INCLUSION_OFFICER}
SEATED = {Role.SCHOOL_LEADER, Role.PARTNERSHIP_CHAIR, Role.PARTNER_PRACTITIONER, Role.PROVIDER_MANAGER}
VIEWERS = LA | SEATED
RUNNERS = LA | {Role.PARTNERSHIP_CHAIR}
CONFIG = {Role.LA_STRATEGIC_LEAD}


class Objects(dict):
    """Two panels: the North one (the roles' own: they sit on it, the chair's partnership runs it) and a
    whole-LA one they have nothing to do with. Each kind is built the first time a test asks for it."""

    def __init__(self, area, user_as):
        super().__init__()
        self.area, self.user_as = area, user_as
        self.built = False

    def _base(self):
        """The two panels, their members and today's meetings: built once, when a page first needs an object."""
        if self.built:
            return
        self.built = True
        area, user_as = self.area, self.user_as
        approve(area.provider)
        self.la = user_as(Role.LA_INCLUSION_OFFICER)
        self.lead = user_as(Role.LA_STRATEGIC_LEAD)
        self.leader_a = user_as(Role.SCHOOL_LEADER)
        self.leader_b = user_as(Role.SCHOOL_LEADER, area.school_b.organisation)
        self.own_panel, self.own_meeting = panel_with_meeting(self.lead, area=area.partnership, quorum=1, name="North")
        self.other_panel, self.other_meeting = panel_with_meeting(self.lead, quorum=1, name="Whole LA")
        self.own_member = seat(self.lead, self.own_panel, self.leader_a, area.school_a.organisation)
        seat(self.lead, self.own_panel, user_as(Role.PARTNER_PRACTITIONER), area.partner.organisation, role="partner")
        seat(
            self.lead,
            self.own_panel,
            user_as(Role.PROVIDER_MANAGER),
            area.provider.organisation,
            role="ap_leader",
            voting=False,
        )
        self.other_member = seat(self.lead, self.other_panel, self.leader_b, area.school_b.organisation)
        for meeting, member in ((self.own_meeting, self.own_member), (self.other_meeting, self.other_member)):
            services_meetings.record_attendance(by=self.la, meeting=meeting, statuses={member.pk: "present"})

    def __missing__(self, kind):
        self._base()
        self[kind] = getattr(self, f"_build_{kind}")()
        return self[kind]

    def _case(self, meeting, school, leader, route="school"):
        author = leader if route == "school" else None
        request = request_at("triaged", school_leader=author, la=self.la, pupil=pupil_at(school), route=route)
        return on_agenda(self.la, meeting, request)

    def _build_panel(self):
        return (self.own_panel.pk, self.other_panel.pk)

    def _build_meeting(self):
        return (self.own_meeting.pk, self.other_meeting.pk)

    def _build_member(self):
        return ((self.own_panel.pk, self.own_member.pk), (self.other_panel.pk, self.other_member.pk))

    def _build_item(self):
        own = self._case(self.own_meeting, self.area.school_a.organisation, self.leader_a)
        other = self._case(self.other_meeting, self.area.school_b.organisation, self.leader_b)
        return ((self.own_meeting.pk, own.pk), (self.other_meeting.pk, other.pk))

    def _decide(self, item, **fields):
        return services_decisions.record_decision(
            by=self.la, item=item, today=TODAY, rationale="Agreed by the panel", **fields
        )

    def _build_decision(self):
        action = [ActionInput("Send the learner profile", self.area.school_b.organisation, D(2025, 11, 27))]
        own = self._decide(
            self._case(self.own_meeting, self.area.school_b.organisation, self.leader_b),
            outcome="targeted_support",
            actions=action,
        )
        other = self._decide(
            self._case(self.other_meeting, self.area.school_a.organisation, self.leader_a),
            outcome="targeted_support",
            actions=action,
        )
        self["action"] = ((own.pk, own.actions.get().pk), (other.pk, other.actions.get().pk))
        return (own.pk, other.pk)

    def _build_action(self):
        self["decision"]  # builds the decisions and their actions
        return self["action"]

    def _build_allocation(self):
        school_c = self.area.school_c.organisation
        own = self._decide(
            self._case(self.other_meeting, school_c, None, route="fair_access"),
            outcome="fair_access_allocation",
            named_school=self.area.school_a.organisation,
        )
        other = self._decide(
            self._case(self.other_meeting, school_c, None, route="fair_access"),
            outcome="fair_access_allocation",
            named_school=self.area.school_b.organisation,
        )
        return (own.pk, other.pk)


@pytest.fixture
def objects(area, user_as):
    return Objects(area, user_as)


# (url name, kind of object or None, roles allowed, roles scoped to their own organisation)
PAGES = [
    ("panels:list", None, VIEWERS, set()),
    ("panels:add", None, CONFIG, set()),
    ("panels:spa-rotation", None, CONFIG, set()),
    ("panels:fair-access", None, LA | {Role.SCHOOL_LEADER, Role.PARTNERSHIP_CHAIR}, set()),
    ("panels:detail", "panel", VIEWERS, SEATED),
    ("panels:edit", "panel", CONFIG, set()),
    ("panels:member-add", "panel", CONFIG, set()),
    ("panels:member-end", "member", CONFIG, set()),
    ("panels:meeting-add", "panel", RUNNERS, {Role.PARTNERSHIP_CHAIR}),
    ("panels:meeting", "meeting", VIEWERS, SEATED),
    ("panels:attendance", "meeting", RUNNERS, {Role.PARTNERSHIP_CHAIR}),
    ("panels:case-add", "meeting", RUNNERS, {Role.PARTNERSHIP_CHAIR}),
    ("panels:case-remove", "item", RUNNERS, {Role.PARTNERSHIP_CHAIR}),
    ("panels:decide", "item", RUNNERS, {Role.PARTNERSHIP_CHAIR}),
    ("panels:pack", "meeting", VIEWERS, SEATED),
    ("panels:pack-pdf", "meeting", VIEWERS, SEATED),
    ("panels:minutes", "meeting", VIEWERS, SEATED),
    ("panels:conclude", "meeting", RUNNERS, {Role.PARTNERSHIP_CHAIR}),
    ("panels:cancel", "meeting", RUNNERS, {Role.PARTNERSHIP_CHAIR}),
    ("panels:decision", "decision", VIEWERS, SEATED),
    ("panels:action-add", "decision", RUNNERS, {Role.PARTNERSHIP_CHAIR}),
    ("panels:action-done", "action", RUNNERS, {Role.PARTNERSHIP_CHAIR}),
    ("panels:admission", "allocation", LA | {Role.SCHOOL_LEADER}, {Role.SCHOOL_LEADER}),
]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_role_page_matrix(client_as, objects, role, name, kind, allowed, scoped):
    check_page(client_as, objects, role, name, kind, allowed, scoped)


@pytest.mark.parametrize(("name", "kind", "allowed", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_signed_out_visitors_are_sent_to_sign_in(client, objects, name, kind, allowed, scoped):
    check_signed_out(client, objects, name, kind)
