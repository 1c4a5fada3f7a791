import rules

from accounts.policy import describe
from accounts.predicates import has_any_role

rules.add_perm("accounts.switch_membership", has_any_role)
describe("accounts.switch_membership", "switch organisation")

from accounts.predicates import is_administrator, is_la_strategic_lead  # noqa: E402

rules.add_perm("accounts.manage_people", is_administrator | is_la_strategic_lead)
describe("accounts.manage_people", "manage people's accounts and roles")
