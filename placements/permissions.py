"""Permissions for this app, as rules predicates (see accounts.predicates)."""

import rules  # noqa: F401

from accounts.policy import describe  # noqa: F401
