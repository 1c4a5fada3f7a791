"""Who may do what with pupil records. Which pupils they reach is pupils.queries' business."""

import rules

from accounts.policy import describe
from accounts.predicates import (
    is_la_caseworker,
    is_la_strategic_lead,
    is_provider_member,
    is_school_leader,
    is_school_member,
)

rules.add_perm("pupils.view_pupil_list", is_la_caseworker | is_school_member | is_provider_member)
describe("pupils.view_pupil_list", "see pupil records")
rules.add_perm("pupils.view_pupil", is_la_caseworker | is_school_member | is_provider_member)
describe("pupils.view_pupil", "see pupil records")
rules.add_perm("pupils.add_pupil", is_la_caseworker | is_school_leader)
describe("pupils.add_pupil", "add pupils")
rules.add_perm("pupils.change_pupil", is_la_caseworker | is_school_leader)
describe("pupils.change_pupil", "change pupil records")
rules.add_perm("pupils.view_register", is_la_caseworker | is_school_member)
describe("pupils.view_register", "see the register of children not in full-time mainstream education")
rules.add_perm("pupils.export_register", is_la_caseworker | is_school_leader)
describe("pupils.export_register", "export the register")
rules.add_perm("pupils.view_pupil_audit", is_la_strategic_lead)
describe("pupils.view_pupil_audit", "see who has viewed or changed a child's record")
