"""Permissions for this app, as rules predicates (see accounts.predicates)."""

import rules

from accounts.policy import describe
from accounts.predicates import has_any_role, is_administrator, is_la_strategic_lead

# Term dates: everyone with a role counts in school days, so everyone may see them.
rules.add_perm("core.view_calendar", has_any_role)
describe("core.view_calendar", "see the term dates")
rules.add_perm("core.change_calendar", is_la_strategic_lead | is_administrator)
describe("core.change_calendar", "change the term dates, INSET days or closures")

# Reference codes: readable by every role; only the LA's lead or an administrator edits them.
rules.add_perm("core.view_codes", has_any_role)
describe("core.view_codes", "see the reference codes")
rules.add_perm("core.change_code", is_la_strategic_lead | is_administrator)
describe("core.change_code", "change reference codes")
