import rules

from accounts.policy import describe
from accounts.predicates import has_any_role

rules.add_perm("accounts.switch_membership", has_any_role)
describe("accounts.switch_membership", "switch organisation")
