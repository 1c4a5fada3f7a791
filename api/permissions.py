"""Who may manage API tokens and who may use the API."""

import rules

from accounts.policy import describe
from accounts.predicates import is_la_caseworker, is_provider_manager, is_provider_member

rules.add_perm("api.manage_tokens", is_provider_manager | is_la_caseworker)
describe("api.manage_tokens", "create or revoke API tokens")
rules.add_perm("api.use_api", is_provider_member)
describe("api.use_api", "use the API")
