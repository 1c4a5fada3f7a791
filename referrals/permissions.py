"""Who may do what with requests for support. Which requests they reach is referrals.queries' business."""

import rules

from accounts.policy import describe
from accounts.predicates import (
    active_membership,
    active_organisation_id,
    is_la_caseworker,
    is_partner_practitioner,
    is_partnership_chair,
    is_provider_member,
    is_school_leader,
    is_school_member,
)


@rules.predicate
def sits_on_a_panel(user) -> bool:
    """The person sits on a panel for the organisation they are acting for (any role but a provider's)."""
    if not getattr(user, "pk", None):
        return False
    return user.panel_memberships.filter(active=True, organisation_id=active_organisation_id(user)).exists()


@rules.predicate
def is_safeguarding_lead(user) -> bool:
    """The person is their organisation's designated safeguarding lead."""
    membership = active_membership(user)
    return bool(membership and membership.is_safeguarding_lead)


can_read = (
    is_la_caseworker
    | is_school_member
    | is_partnership_chair
    | is_partner_practitioner
    | (sits_on_a_panel & ~is_provider_member)
)

rules.add_perm("referrals.view_request_list", can_read)
describe("referrals.view_request_list", "see requests for support")
rules.add_perm("referrals.view_request", can_read)
describe("referrals.view_request", "see requests for support")
rules.add_perm(
    "referrals.view_attachment",
    is_la_caseworker
    | is_school_leader
    | (is_school_member & is_safeguarding_lead)
    | is_partnership_chair
    | is_partner_practitioner
    | (sits_on_a_panel & ~is_provider_member),
)
describe("referrals.view_attachment", "open documents attached to requests")
rules.add_perm("referrals.add_request", is_la_caseworker | is_school_leader)
describe("referrals.add_request", "ask for support for a pupil")
rules.add_perm("referrals.change_request", is_la_caseworker | is_school_leader)
describe("referrals.change_request", "change or submit requests for support")
rules.add_perm("referrals.triage_request", is_la_caseworker)
describe("referrals.triage_request", "triage requests for support")
rules.add_perm("referrals.close_request", is_la_caseworker | is_school_leader)
describe("referrals.close_request", "close or withdraw requests for support")
