"""Who may do what with funding. Which schools, entries and agreements they reach is funding.queries' business.

LA finance officer and strategic lead: everything. School leader: its own ledger, allocation
explanation and SLA, and every school's aggregates. Partnership chair: its partnership's
schools' aggregates and budget. Everyone else is refused.
"""

import rules

from accounts.policy import describe
from accounts.predicates import is_la_finance, is_partnership_chair, is_school_leader

rules.add_perm("funding.view_funding", is_la_finance | is_school_leader | is_partnership_chair)
describe("funding.view_funding", "see AP funding, allocations and balances")
rules.add_perm("funding.view_allocation", is_la_finance | is_school_leader | is_partnership_chair)
describe("funding.view_allocation", "see how an allocation was calculated")
rules.add_perm("funding.view_ledger", is_la_finance | is_school_leader)
describe("funding.view_ledger", "see ledger entries")
rules.add_perm("funding.view_agreement", is_la_finance | is_school_leader)
describe("funding.view_agreement", "see service-level agreements")
rules.add_perm("funding.decide_agreement", is_school_leader)
describe("funding.decide_agreement", "accept or decline the school's service-level agreement")
rules.add_perm("funding.manage_funding", is_la_finance)
describe("funding.manage_funding", "change the funding model, budgets, the formula and agreements")
rules.add_perm("funding.manage_ledger", is_la_finance)
describe("funding.manage_ledger", "post to the ledger, record invoices, correct entries and close months")
rules.add_perm("funding.export_ledger", is_la_finance)
describe("funding.export_ledger", "export the ledger for the finance system")
rules.add_perm("funding.view_forecast", is_la_finance)
describe("funding.view_forecast", "see the forecast of spend against the AP budget")
