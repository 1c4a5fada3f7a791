"""Who may do what with placements. Which placements they reach is placements.queries' business."""

import rules

from accounts.policy import describe
from accounts.predicates import is_la_caseworker, is_provider_member, is_school_leader, is_school_member

can_see = is_la_caseworker | is_school_member | is_provider_member
can_commission = is_la_caseworker | is_school_leader

rules.add_perm("placements.view_placement_list", can_see)
describe("placements.view_placement_list", "see placements")
rules.add_perm("placements.view_placement", can_see)
describe("placements.view_placement", "see placements")
rules.add_perm("placements.add_placement", can_commission)
describe("placements.add_placement", "record or commission placements")
rules.add_perm("placements.change_placement", can_commission)
describe("placements.change_placement", "change, agree, start, extend or end placements")
rules.add_perm("placements.record_review", can_commission | is_provider_member)
describe("placements.record_review", "record placement reviews")
rules.add_perm("placements.record_outcomes", can_commission)
describe("placements.record_outcomes", "record returns to school and leavers' destinations")
rules.add_perm("placements.send_survey", can_commission)
describe("placements.send_survey", "send end-of-placement surveys")
rules.add_perm("placements.view_survey_results", is_la_caseworker | is_school_member)
describe("placements.view_survey_results", "see end-of-placement survey answers")
