"""Role predicates for ``rules``. Each app's permissions.py combines these into permissions."""

import rules

from accounts.roles import LA_CASEWORK_ROLES, LA_ROLES, PROVIDER_ROLES, SCHOOL_ROLES, Role


def active_membership(user):
    return getattr(user, "acting_membership", None)


def active_role(user) -> str | None:
    membership = active_membership(user)
    return membership.role if membership else None


def active_organisation_id(user) -> int | None:
    membership = active_membership(user)
    return membership.organisation_id if membership else None


def _has_role(*roles):
    wanted = frozenset(roles)

    @rules.predicate(name="has role " + "/".join(sorted(wanted)))
    def predicate(user):
        return active_role(user) in wanted

    return predicate


is_la_strategic_lead = _has_role(Role.LA_STRATEGIC_LEAD)
is_la_caseworker = _has_role(*LA_CASEWORK_ROLES)
is_la_staff = _has_role(*LA_ROLES)
is_la_finance = _has_role(Role.LA_FINANCE_OFFICER, Role.LA_STRATEGIC_LEAD)
is_la_qa = _has_role(Role.LA_QA_OFFICER, Role.LA_STRATEGIC_LEAD)
is_administrator = _has_role(Role.ADMINISTRATOR)
is_school_leader = _has_role(Role.SCHOOL_LEADER)
is_school_member = _has_role(*SCHOOL_ROLES)
is_partnership_chair = _has_role(Role.PARTNERSHIP_CHAIR)
is_provider_member = _has_role(*PROVIDER_ROLES)
is_provider_manager = _has_role(Role.PROVIDER_MANAGER)
is_partner_practitioner = _has_role(Role.PARTNER_PRACTITIONER)
has_any_role = rules.predicate(lambda user: active_role(user) is not None, name="has any role")
