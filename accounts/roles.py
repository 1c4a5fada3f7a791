"""The roles people hold in organisations, and which kind of organisation each belongs to."""

from django.db import models


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "la", "Local authority"
    SCHOOL = "school", "School"
    PARTNERSHIP = "partnership", "Partnership or locality"
    PROVIDER = "provider", "Alternative provision provider"
    PARTNER_SERVICE = "partner_service", "Partner service"


class Role(models.TextChoices):
    LA_STRATEGIC_LEAD = "la_strategic_lead", "LA strategic lead"
    LA_INCLUSION_OFFICER = "la_inclusion_officer", "LA inclusion officer"
    LA_FINANCE_OFFICER = "la_finance_officer", "LA finance officer"
    LA_QA_OFFICER = "la_qa_officer", "LA quality assurance officer"
    SCHOOL_LEADER = "school_leader", "School leader"
    SCHOOL_STAFF = "school_staff", "School staff (read only)"
    PARTNERSHIP_CHAIR = "partnership_chair", "Partnership chair"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    PROVIDER_STAFF = "provider_staff", "Provider staff"
    PARTNER_PRACTITIONER = "partner_practitioner", "Partner practitioner"
    ADMINISTRATOR = "administrator", "Administrator"


ROLE_ORGANISATION_KIND = {
    Role.LA_STRATEGIC_LEAD: OrganisationKind.LOCAL_AUTHORITY,
    Role.LA_INCLUSION_OFFICER: OrganisationKind.LOCAL_AUTHORITY,
    Role.LA_FINANCE_OFFICER: OrganisationKind.LOCAL_AUTHORITY,
    Role.LA_QA_OFFICER: OrganisationKind.LOCAL_AUTHORITY,
    Role.ADMINISTRATOR: OrganisationKind.LOCAL_AUTHORITY,
    Role.SCHOOL_LEADER: OrganisationKind.SCHOOL,
    Role.SCHOOL_STAFF: OrganisationKind.SCHOOL,
    Role.PARTNERSHIP_CHAIR: OrganisationKind.PARTNERSHIP,
    Role.PROVIDER_MANAGER: OrganisationKind.PROVIDER,
    Role.PROVIDER_STAFF: OrganisationKind.PROVIDER,
    Role.PARTNER_PRACTITIONER: OrganisationKind.PARTNER_SERVICE,
}

LA_CASEWORK_ROLES = frozenset({Role.LA_STRATEGIC_LEAD, Role.LA_INCLUSION_OFFICER})
LA_ROLES = frozenset(r for r, k in ROLE_ORGANISATION_KIND.items() if k == OrganisationKind.LOCAL_AUTHORITY)
SCHOOL_ROLES = frozenset({Role.SCHOOL_LEADER, Role.SCHOOL_STAFF})
PROVIDER_ROLES = frozenset({Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF})
