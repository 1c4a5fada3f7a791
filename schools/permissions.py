"""Schools are area-wide reference data: anyone with a role may see the list and each school."""

import rules

from accounts.policy import describe
from accounts.predicates import has_any_role

rules.add_perm("schools.view_school_list", has_any_role)
describe("schools.view_school_list", "see the schools in the area")
rules.add_perm("schools.view_school", has_any_role)
describe("schools.view_school", "see the schools in the area")
