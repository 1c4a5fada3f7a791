"""Scoped reads of the directory, compliance documents, QA visits and concerns.

Views reach these models only through the functions here. The directory is area-wide
reference data, but a provider's users reach only their own entry for editing, documents,
self-assessments and visits; a school edits only visits its own staff made; the concerns
log is shared with the commissioners of each provider.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.predicates import active_organisation_id, active_role
from accounts.roles import LA_CASEWORK_ROLES, LA_ROLES, PROVIDER_ROLES, SCHOOL_ROLES, Role
from providers.models import (
    COMMISSIONABLE_STATUSES,
    BlockCommission,
    ComplianceDocument,
    Concern,
    DirectoryChange,
    FrameworkStatusChange,
    JudgementLevel,
    Need,
    NoticeToImprove,
    Programme,
    Provider,
    QACriterion,
    QADomain,
    SelfAssessment,
    Visit,
    VisitAction,
    VisitJudgement,
)

QA_ROLES = frozenset({Role.LA_QA_OFFICER, Role.LA_STRATEGIC_LEAD})
LA_VIEW_ROLES = LA_CASEWORK_ROLES | QA_ROLES | {Role.LA_FINANCE_OFFICER}


def today() -> datetime.date:
    return timezone.localdate()


def is_la_viewer(user) -> bool:
    return active_role(user) in LA_VIEW_ROLES


def is_qa_officer(user) -> bool:
    return active_role(user) in QA_ROLES


# ---------------------------------------------------------------------------------------
# The directory


def providers_with_organisation() -> QuerySet[Provider]:
    return Provider.objects.select_related("organisation", "locality__organisation")


def approved_providers() -> QuerySet[Provider]:
    """Providers a school may commission: approved or conditional on the framework."""
    return providers_with_organisation().filter(framework_status__in=COMMISSIONABLE_STATUSES)


def directory_providers(user) -> QuerySet[Provider]:
    """The directory this user browses: the LA sees every provider, everyone else the approved list."""
    if is_la_viewer(user):
        return providers_with_organisation()
    return approved_providers()


def with_offer(queryset: QuerySet[Provider]) -> QuerySet[Provider]:
    """Prefetch needs, active programmes and documents: a fixed number of queries for any list."""
    return queryset.prefetch_related(
        Prefetch("needs", queryset=Need.objects.order_by("sort_order", "label")),
        Prefetch(
            "programmes",
            queryset=Programme.objects.filter(active=True).order_by("name", "id"),
            to_attr="active_programmes",
        ),
        Prefetch(
            "documents",
            queryset=ComplianceDocument.objects.order_by("kind", "-issued_on", "-id"),
            to_attr="all_documents",
        ),
        Prefetch(
            "visits",
            queryset=Visit.objects.filter(status=Visit.Status.COMPLETED)
            .select_related("overall_level")
            .order_by("-carried_out_on", "-id"),
            to_attr="completed_visits",
        ),
        Prefetch(
            "directory_changes",
            queryset=DirectoryChange.objects.filter(acknowledged_at__isnull=True).order_by("-changed_at", "-id"),
            to_attr="unacknowledged_changes",
        ),
    )


def provider_or_404(pk: int) -> Provider:
    return get_object_or_404(providers_with_organisation(), pk=pk)


def own_provider_id(user) -> int | None:
    """The provider a provider's user acts for, or None for anyone else."""
    if active_role(user) not in PROVIDER_ROLES:
        return None
    return Provider.objects.filter(organisation_id=active_organisation_id(user)).values_list("pk", flat=True).first()


def providers_editable_by(user) -> QuerySet[Provider]:
    """The LA's QA team edits every entry; a provider's manager edits only its own."""
    if is_qa_officer(user):
        return providers_with_organisation()
    if active_role(user) == Role.PROVIDER_MANAGER:
        return providers_with_organisation().filter(organisation_id=active_organisation_id(user))
    return Provider.objects.none()


def editable_provider_or_404(user, pk: int) -> Provider:
    return get_object_or_404(providers_editable_by(user), pk=pk)


def programme_editable_or_404(user, pk: int) -> Programme:
    return get_object_or_404(
        Programme.objects.select_related("provider__organisation").filter(provider__in=providers_editable_by(user)),
        pk=pk,
    )


def localities():
    from schools.models import Partnership

    return Partnership.objects.select_related("organisation").order_by("organisation__name")


def all_needs() -> QuerySet[Need]:
    return Need.objects.filter(active=True).order_by("sort_order", "label")


def status_history(provider: Provider) -> QuerySet[FrameworkStatusChange]:
    return provider.status_changes.select_related("changed_by").order_by("-changed_at", "-id")


def directory_changes(provider: Provider | None = None, *, since: datetime.datetime | None = None):
    changes = DirectoryChange.objects.select_related(
        "provider__organisation", "programme", "changed_by", "acknowledged_by"
    ).order_by("-changed_at", "-id")
    if provider is not None:
        changes = changes.filter(provider=provider)
    if since is not None:
        changes = changes.filter(changed_at__gte=since)
    return changes


def contact_or_404(user, pk: int):
    from providers.models import ProviderContact

    return get_object_or_404(
        ProviderContact.objects.select_related("provider__organisation").filter(
            provider__in=providers_editable_by(user)
        ),
        pk=pk,
    )


# ---------------------------------------------------------------------------------------
# Compliance documents


def documents_visible_to(user) -> QuerySet[ComplianceDocument]:
    role = active_role(user)
    documents = ComplianceDocument.objects.select_related("provider__organisation", "verified_by")
    if role in LA_VIEW_ROLES or role == Role.SCHOOL_LEADER:
        return documents
    if role in PROVIDER_ROLES:
        return documents.filter(provider__organisation_id=active_organisation_id(user))
    return documents.none()


def document_or_404(user, pk: int) -> ComplianceDocument:
    return get_object_or_404(documents_visible_to(user), pk=pk)


def current_documents(documents) -> dict[str, ComplianceDocument]:
    """The latest document of each kind, from documents ordered kind, newest first."""
    latest: dict[str, ComplianceDocument] = {}
    for document in documents:
        latest.setdefault(document.kind, document)
    return latest


def expiring_documents(on: datetime.date, warning_days: int) -> list[ComplianceDocument]:
    """The current document of each kind at providers on the framework that is expired or expiring."""
    horizon = on + datetime.timedelta(days=warning_days)
    documents = (
        ComplianceDocument.objects.select_related("provider__organisation")
        .filter(provider__framework_status__in=[*COMMISSIONABLE_STATUSES, Provider.FrameworkStatus.SUSPENDED])
        .order_by("provider_id", "kind", "-issued_on", "-id")
    )
    latest: dict[tuple[int, str], ComplianceDocument] = {}
    for document in documents:
        latest.setdefault((document.provider_id, document.kind), document)
    return sorted((d for d in latest.values() if d.expires_on <= horizon), key=lambda d: (d.expires_on, d.pk))


# ---------------------------------------------------------------------------------------
# QA framework


def active_domains() -> QuerySet[QADomain]:
    return (
        QADomain.objects.filter(active=True)
        .prefetch_related(
            Prefetch("criteria", queryset=QACriterion.objects.filter(active=True).order_by("sort_order", "id"))
        )
        .order_by("sort_order", "name")
    )


def all_domains() -> QuerySet[QADomain]:
    return QADomain.objects.prefetch_related(
        Prefetch("criteria", queryset=QACriterion.objects.order_by("sort_order", "id"))
    ).order_by("sort_order", "name")


def scale() -> QuerySet[JudgementLevel]:
    return JudgementLevel.objects.filter(active=True).order_by("rank")


def all_levels() -> QuerySet[JudgementLevel]:
    return JudgementLevel.objects.order_by("rank")


def domain_or_404(pk: int) -> QADomain:
    return get_object_or_404(QADomain, pk=pk)


def criterion_or_404(pk: int) -> QACriterion:
    return get_object_or_404(QACriterion.objects.select_related("domain"), pk=pk)


def level_or_404(pk: int) -> JudgementLevel:
    return get_object_or_404(JudgementLevel, pk=pk)


# ---------------------------------------------------------------------------------------
# Visits and actions


def visits_visible_to(user) -> QuerySet[Visit]:
    """Every commissioner (the LA, schools, partnerships) sees every visit; a provider sees its own."""
    role = active_role(user)
    visits = Visit.objects.select_related("provider__organisation", "visiting_organisation", "visitor", "overall_level")
    if role in LA_VIEW_ROLES or role in SCHOOL_ROLES or role == Role.PARTNERSHIP_CHAIR:
        return visits
    if role in PROVIDER_ROLES:
        return visits.filter(provider__organisation_id=active_organisation_id(user))
    return visits.none()


def visits_recordable_by(user) -> QuerySet[Visit]:
    """The LA's QA team records any visit; a school records only the visits its own staff make."""
    visits = Visit.objects.select_related("provider__organisation", "visiting_organisation", "overall_level")
    if is_qa_officer(user):
        return visits
    if active_role(user) == Role.SCHOOL_LEADER:
        return visits.filter(visiting_organisation_id=active_organisation_id(user))
    return visits.none()


def visit_or_404(user, pk: int) -> Visit:
    return get_object_or_404(visits_visible_to(user), pk=pk)


def recordable_visit_or_404(user, pk: int) -> Visit:
    return get_object_or_404(visits_recordable_by(user), pk=pk)


def visit_judgements(visit: Visit) -> QuerySet[VisitJudgement]:
    return visit.judgements.select_related("domain", "level").order_by("domain__sort_order", "domain__name")


def visit_actions(visit: Visit) -> QuerySet[VisitAction]:
    return visit.actions.order_by("due_on", "id")


def action_recordable_or_404(user, pk: int) -> VisitAction:
    return get_object_or_404(
        VisitAction.objects.select_related("visit__provider__organisation").filter(
            visit__in=visits_recordable_by(user)
        ),
        pk=pk,
    )


def visits_for_provider(user, provider: Provider) -> QuerySet[Visit]:
    return visits_visible_to(user).filter(provider=provider).order_by("-scheduled_for", "-id")


def open_actions() -> QuerySet[VisitAction]:
    actions = VisitAction.objects.select_related("provider__organisation", "visit").filter(
        status=VisitAction.Status.OPEN
    )
    return actions.order_by("due_on", "id")


def latest_self_assessment(provider: Provider) -> SelfAssessment | None:
    return (
        provider.self_assessments.select_related("created_by")
        .prefetch_related("ratings__domain", "ratings__level")
        .order_by("-created_at", "-id")
        .first()
    )


# ---------------------------------------------------------------------------------------
# Notices to improve and concerns


def notices_for(provider: Provider) -> QuerySet[NoticeToImprove]:
    return provider.notices.select_related("follow_up_visit", "created_by").order_by("-issued_on", "-id")


def open_notices() -> QuerySet[NoticeToImprove]:
    return (
        NoticeToImprove.objects.select_related("provider__organisation", "follow_up_visit")
        .filter(status=NoticeToImprove.Status.OPEN)
        .order_by("improve_by", "id")
    )


def notice_or_404(pk: int) -> NoticeToImprove:
    return get_object_or_404(NoticeToImprove.objects.select_related("provider__organisation"), pk=pk)


def concerns_visible_to(user) -> QuerySet[Concern]:
    """The LA sees every concern; a school or partnership sees those it raised and those about providers it commissions."""
    from providers import commissioning

    role = active_role(user)
    concerns = Concern.objects.select_related("provider__organisation", "raised_by_organisation", "created_by")
    if role in LA_CASEWORK_ROLES or role in QA_ROLES:
        return concerns
    if role == Role.SCHOOL_LEADER or role == Role.PARTNERSHIP_CHAIR:
        organisation_id = active_organisation_id(user)
        commissioned = commissioning.providers_commissioned_by(organisation_id)
        return concerns.filter(Q(raised_by_organisation_id=organisation_id) | Q(provider_id__in=commissioned))
    return concerns.none()


def concern_or_404(user, pk: int) -> Concern:
    return get_object_or_404(concerns_visible_to(user), pk=pk)


# ---------------------------------------------------------------------------------------
# Block commissions


def block_commissions(academic_year: int | None = None) -> QuerySet[BlockCommission]:
    commissions = BlockCommission.objects.select_related("provider__organisation", "commissioner").prefetch_related(
        "joint_commissioners"
    )
    if academic_year is not None:
        commissions = commissions.filter(academic_year=academic_year)
    return commissions.order_by("-academic_year", "provider__organisation__name", "id")


def block_commission_or_404(pk: int) -> BlockCommission:
    return get_object_or_404(block_commissions(), pk=pk)


def organisations_for_joint_commissioning():
    from accounts.models import Organisation
    from accounts.roles import OrganisationKind

    return Organisation.objects.filter(
        kind__in=[OrganisationKind.SCHOOL, OrganisationKind.PARTNERSHIP, OrganisationKind.PARTNER_SERVICE]
    ).order_by("name")


def la_organisation(user):
    """The organisation acting for the LA: the user's own when they hold an LA role."""
    membership = getattr(user, "acting_membership", None)
    if membership is not None and membership.role in LA_ROLES:
        return membership.organisation
    return None
