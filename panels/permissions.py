"""Who may do what with panels. Which panels and meetings they reach is panels.queries' business."""

import rules

from accounts.policy import describe
from accounts.predicates import (
    is_la_caseworker,
    is_la_strategic_lead,
    is_partner_practitioner,
    is_partnership_chair,
    is_provider_manager,
    is_school_leader,
)
from referrals.permissions import sits_on_a_panel

# People who sit on panels: school leaders, partner services, AP leaders, and any LA officer seated on one.
can_see_panels = (
    is_la_caseworker
    | is_partnership_chair
    | is_school_leader
    | is_partner_practitioner
    | is_provider_manager
    | sits_on_a_panel
)

rules.add_perm("panels.view_panel_list", can_see_panels)
describe("panels.view_panel_list", "see panels")
rules.add_perm("panels.view_panel", can_see_panels)
describe("panels.view_panel", "see panels")
rules.add_perm("panels.view_meeting", can_see_panels)
describe("panels.view_meeting", "see panel meetings and their packs")
rules.add_perm("panels.configure_panel", is_la_strategic_lead)
describe("panels.configure_panel", "set up panels and their members")
rules.add_perm("panels.run_meeting", is_la_caseworker | is_partnership_chair)
describe("panels.run_meeting", "schedule meetings, build agendas, record attendance and decisions")
rules.add_perm("panels.view_fair_access", is_la_caseworker | is_partnership_chair | is_school_leader)
describe("panels.view_fair_access", "see fair access allocations")
rules.add_perm("panels.record_admission", is_la_caseworker | is_school_leader)
describe("panels.record_admission", "record a fair access admission")
