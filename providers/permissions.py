"""Who may do what in the provider directory, commissioning and QA.

Which providers, visits, documents and concerns a person reaches is providers.queries'
business: a provider's own users reach only their own entry, and a school edits only the
visits its own staff made, so a school can never change a judgement the LA made.
"""

import rules

from accounts.policy import describe
from accounts.predicates import (
    has_any_role,
    is_la_caseworker,
    is_la_finance,
    is_la_qa,
    is_partnership_chair,
    is_provider_manager,
    is_provider_member,
    is_school_leader,
    is_school_member,
)

la_viewer = is_la_caseworker | is_la_qa | is_la_finance
qa_viewer = is_la_caseworker | is_la_qa

# The directory: everyone with a role may read it; a school records a provider it uses.
rules.add_perm("providers.view_directory", has_any_role)
describe("providers.view_directory", "see the provider directory")
rules.add_perm("providers.view_provider", has_any_role)
describe("providers.view_provider", "see the provider directory")
rules.add_perm("providers.add_provider", is_la_qa | is_la_caseworker | is_school_leader)
describe("providers.add_provider", "add a provider to the directory")
rules.add_perm("providers.change_provider", is_la_qa | is_provider_manager)
describe("providers.change_provider", "change a provider's directory entry")
rules.add_perm("providers.change_framework_status", is_la_qa)
describe("providers.change_framework_status", "change a provider's framework status")
rules.add_perm("providers.acknowledge_changes", is_la_qa)
describe("providers.acknowledge_changes", "mark changes to a provider's offer as seen")
rules.add_perm("providers.self_assess", is_provider_manager)
describe("providers.self_assess", "complete a provider's self-assessment")

# Compliance documents: the provider keeps them current; the LA checks them; commissioners read them.
rules.add_perm("providers.view_documents", la_viewer | is_school_leader | is_provider_member)
describe("providers.view_documents", "see providers' compliance documents")
rules.add_perm("providers.add_document", is_la_qa | is_provider_manager)
describe("providers.add_document", "upload compliance documents")
rules.add_perm("providers.verify_document", is_la_qa)
describe("providers.verify_document", "mark compliance documents as checked")

# Quality assurance: one shared record that every commissioner sees.
rules.add_perm("providers.view_qa_dashboard", qa_viewer)
describe("providers.view_qa_dashboard", "see the quality assurance dashboard")
rules.add_perm("providers.view_qa_framework", la_viewer | is_school_member | is_provider_member | is_partnership_chair)
describe("providers.view_qa_framework", "see the quality assurance framework")
rules.add_perm("providers.change_qa_framework", is_la_qa)
describe("providers.change_qa_framework", "change the quality assurance framework")
rules.add_perm("providers.view_visits", la_viewer | is_school_member | is_partnership_chair | is_provider_member)
describe("providers.view_visits", "see quality assurance visits")
rules.add_perm("providers.schedule_visit", is_la_qa | is_school_leader)
describe("providers.schedule_visit", "schedule quality assurance visits")
rules.add_perm("providers.schedule_annual_visits", is_la_qa)
describe("providers.schedule_annual_visits", "schedule the annual visits")
rules.add_perm("providers.record_visit", is_la_qa | is_school_leader)
describe("providers.record_visit", "record quality assurance visits")
rules.add_perm("providers.issue_notice", is_la_qa)
describe("providers.issue_notice", "issue or close a notice to improve")

# Concerns: shared with every commissioner of the provider.
rules.add_perm("providers.view_concerns", qa_viewer | is_school_leader | is_partnership_chair)
describe("providers.view_concerns", "see the concerns log")
rules.add_perm("providers.raise_concern", qa_viewer | is_school_leader | is_partnership_chair)
describe("providers.raise_concern", "raise a concern about a provider")
rules.add_perm("providers.manage_concern", is_la_qa | is_la_caseworker)
describe("providers.manage_concern", "update or close concerns")

# Commissioning and sufficiency.
rules.add_perm("providers.view_commissioning", la_viewer)
describe("providers.view_commissioning", "see the AP commissioned in the area")
rules.add_perm("providers.change_block_commission", is_la_finance)
describe("providers.change_block_commission", "record block-commissioned places")
rules.add_perm("providers.view_sufficiency", la_viewer | is_partnership_chair)
describe("providers.view_sufficiency", "see sufficiency of places against demand")
rules.add_perm("providers.view_pupils_to_move", is_la_caseworker)
describe("providers.view_pupils_to_move", "see the pupils placed with a provider")
rules.add_perm("providers.change_settings", is_la_finance | is_la_qa)
describe("providers.change_settings", "change the directory, commissioning and QA settings")
