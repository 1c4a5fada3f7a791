"""The QA dashboard: visits overdue, providers in use never quality-assured or due their annual
visit, expiring and missing documents, open actions, notices, concerns and registration warnings.
A fixed number of queries however many providers, visits or documents there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q

from providers import commissioning, rules
from providers.models import (
    COMMISSIONABLE_STATUSES,
    ComplianceDocument,
    Concern,
    DirectoryChange,
    DirectorySettings,
    Provider,
    Visit,
)
from providers.queries import expiring_documents, open_actions, open_notices


@dataclass
class ProviderDue:
    provider: Provider
    last_visit: datetime.date | None
    due: datetime.date | None


@dataclass
class Dashboard:
    today: datetime.date
    settings: DirectorySettings
    overdue_visits: list[Visit]
    upcoming_visits: list[Visit]
    never_assured: list[ProviderDue]
    annual_due: list[ProviderDue]
    documents: list[ComplianceDocument]
    missing_documents: list[tuple[Provider, list[str]]]
    actions: list
    notices: list
    open_concerns: int
    safeguarding_concerns: int
    registration_warnings: list[tuple[Provider, rules.RegistrationWarning]]
    unseen_changes: int

    @property
    def overdue_actions(self) -> list:
        return [a for a in self.actions if rules.action_overdue(a.status, a.due_on, self.today)]

    @property
    def to_schedule(self) -> list[Provider]:
        return [d.provider for d in self.never_assured + self.annual_due]


def build(today: datetime.date) -> Dashboard:
    settings = DirectorySettings.load()
    in_use = commissioning.providers_in_use(today)
    watched = (
        Provider.objects.select_related("organisation")
        .filter(Q(pk__in=in_use) | Q(framework_status__in=COMMISSIONABLE_STATUSES))
        .annotate(
            last_visit=Max("visits__carried_out_on", filter=Q(visits__status=Visit.Status.COMPLETED)),
            next_visit=Max("visits__scheduled_for", filter=Q(visits__status=Visit.Status.SCHEDULED)),
        )
        .order_by("organisation__name", "pk")
    )
    watched = list(watched)
    scheduled = list(
        Visit.objects.select_related("provider__organisation", "visiting_organisation")
        .filter(status=Visit.Status.SCHEDULED, scheduled_for__lte=today + datetime.timedelta(days=30))
        .order_by("scheduled_for", "id")
    )
    never, due = [], []
    for provider in watched:
        if provider.pk not in in_use or provider.next_visit is not None:
            continue
        if provider.last_visit is None:
            never.append(ProviderDue(provider, None, None))
        elif rules.annual_visit_overdue(provider.last_visit, today, settings.visit_interval_months):
            due.append(
                ProviderDue(
                    provider,
                    provider.last_visit,
                    rules.next_annual_visit_due(provider.last_visit, settings.visit_interval_months),
                )
            )
    kinds = {
        (provider_id, kind)
        for provider_id, kind in ComplianceDocument.objects.filter(provider__in=[p.pk for p in watched])
        .values_list("provider_id", "kind")
        .distinct()
    }
    missing = []
    for provider in watched:
        gaps = rules.missing_documents({kind for pid, kind in kinds if pid == provider.pk})
        if gaps:
            missing.append((provider, [ComplianceDocument.Kind(k).label for k in gaps]))
    warnings = commissioning.registration_warnings(today, settings)
    warned = Provider.objects.select_related("organisation").in_bulk(list(warnings))
    concerns = Concern.objects.exclude(status=Concern.Status.CLOSED)
    return Dashboard(
        today=today,
        settings=settings,
        overdue_visits=[v for v in scheduled if rules.visit_overdue(v.status, v.scheduled_for, today)],
        upcoming_visits=[v for v in scheduled if v.scheduled_for >= today],
        never_assured=never,
        annual_due=due,
        documents=expiring_documents(today, settings.document_warning_days),
        missing_documents=missing,
        actions=list(open_actions()),
        notices=list(open_notices()),
        open_concerns=concerns.count(),
        safeguarding_concerns=concerns.filter(kind=Concern.Kind.SAFEGUARDING).count(),
        registration_warnings=sorted(((warned[pk], w) for pk, w in warnings.items()), key=lambda x: x[0].name),
        unseen_changes=DirectoryChange.objects.filter(acknowledged_at__isnull=True).count(),
    )
