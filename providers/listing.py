"""The directory as a head teacher searches it: filters by need, vocational area, accreditation,
age, locality, availability and price, with each provider's places, compliance and last QA.

``search`` runs a fixed number of queries however many providers there are: the providers,
their needs, programmes, documents, visits and unacknowledged changes, then occupancy and
the registration check from placements.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from providers import commissioning, rules
from providers.models import ComplianceDocument, DirectorySettings, Programme, Provider
from providers.queries import current_documents, directory_providers, with_offer


@dataclass
class DirectoryFilters:
    query: str = ""
    need: str = ""
    vocational_area: str = ""
    accreditation: str = ""
    age: int | None = None
    locality_id: int | None = None
    available_only: bool = False
    max_day_price_pence: int | None = None
    english_and_maths: bool = False
    provider_type: str = ""
    status: str = ""

    def programme_level(self) -> bool:
        return bool(
            self.vocational_area
            or self.accreditation
            or self.age is not None
            or self.max_day_price_pence is not None
            or self.english_and_maths
        )


@dataclass
class Compliance:
    state: str  # current, expiring, expired, missing
    documents: dict[str, ComplianceDocument]
    missing: list[str]
    expired: list[ComplianceDocument] = field(default_factory=list)
    expiring: list[ComplianceDocument] = field(default_factory=list)

    @property
    def label(self) -> str:
        return {
            "current": "All documents current",
            "expiring": "Documents expiring soon",
            "expired": "Documents expired",
            "missing": "Documents missing",
        }[self.state]


def compliance_of(documents, today: datetime.date, warning_days: int) -> Compliance:
    """The state of a provider's compliance documents: missing is worst, then expired, then expiring."""
    latest = current_documents(documents)
    states = {kind: rules.document_state(d.expires_on, today, warning_days) for kind, d in latest.items()}
    missing = rules.missing_documents(set(latest))
    expired = [latest[k] for k, s in states.items() if s == "expired"]
    expiring = [latest[k] for k, s in states.items() if s == "expiring"]
    state = "missing" if missing else "expired" if expired else "expiring" if expiring else "current"
    return Compliance(state, latest, missing, expired, expiring)


@dataclass
class DirectoryEntry:
    provider: Provider
    programmes: list[Programme]
    capacity: int
    pupils: int
    compliance: Compliance
    registration_warning: rules.RegistrationWarning | None = None

    @property
    def free_places(self) -> int:
        return max(0, self.capacity - self.pupils)

    @property
    def from_price_per_day(self) -> int | None:
        prices = [p for p in (rules.daily_equivalent_pence(x) for x in self.programmes) if p is not None]
        return min(prices) if prices else None

    @property
    def phases(self) -> list[str]:
        return rules.phases_for_ages(self.provider.min_age, self.provider.max_age) or sorted(
            {phase for p in self.programmes for phase in rules.phases_for_ages(p.min_age, p.max_age)},
            key=[name for name, _, _ in rules.PHASES].index,
        )

    @property
    def vocational_areas(self) -> list[str]:
        return sorted({p.get_vocational_area_display() for p in self.programmes})

    @property
    def last_visit(self):
        visits = getattr(self.provider, "completed_visits", [])
        return visits[0] if visits else None

    @property
    def changes(self) -> list:
        return getattr(self.provider, "unacknowledged_changes", [])


def _programme_matches(programme: Programme, filters: DirectoryFilters) -> bool:
    if filters.vocational_area and programme.vocational_area != filters.vocational_area:
        return False
    if filters.accreditation and programme.accreditation != filters.accreditation:
        return False
    if filters.english_and_maths and not programme.teaches_english_and_maths:
        return False
    if filters.age is not None and not rules.covers_age(programme.min_age, programme.max_age, filters.age):
        return False
    if filters.max_day_price_pence is not None:
        price = rules.daily_equivalent_pence(programme)
        if price is None or price > filters.max_day_price_pence:
            return False
    return True


def search(user, filters: DirectoryFilters, *, today: datetime.date) -> list[DirectoryEntry]:
    settings = DirectorySettings.load()
    providers = directory_providers(user)
    if filters.query:
        providers = providers.filter(
            Q(organisation__name__icontains=filters.query)
            | Q(urn=filters.query)
            | Q(ukprn=filters.query)
            | Q(town__icontains=filters.query)
            | Q(postcode__istartswith=filters.query)
        )
    if filters.need:
        providers = providers.filter(needs__code=filters.need)
    if filters.locality_id:
        providers = providers.filter(locality_id=filters.locality_id)
    if filters.provider_type:
        providers = providers.filter(provider_type=filters.provider_type)
    if filters.status:
        providers = providers.filter(framework_status=filters.status)
    providers = list(with_offer(providers.distinct().order_by("organisation__name", "pk")))
    ids = [p.pk for p in providers]
    occupancy = commissioning.occupancy_by_provider(today, ids)
    warnings = commissioning.registration_warnings(today, settings, ids)
    entries = []
    for provider in providers:
        programmes = provider.active_programmes
        if filters.programme_level():
            programmes = [p for p in programmes if _programme_matches(p, filters)]
            if not programmes:
                continue
        entry = DirectoryEntry(
            provider=provider,
            programmes=programmes,
            capacity=sum(p.places for p in provider.active_programmes),
            pupils=occupancy.get(provider.pk, 0),
            compliance=compliance_of(provider.all_documents, today, settings.document_warning_days),
            registration_warning=warnings.get(provider.pk),
        )
        if filters.available_only and entry.free_places <= 0:
            continue
        entries.append(entry)
    return entries


def entry_for(provider: Provider, *, today: datetime.date) -> DirectoryEntry:
    """One provider's entry, with every programme (active or not shown separately by the page)."""
    settings = DirectorySettings.load()
    provider = with_offer(
        Provider.objects.filter(pk=provider.pk).select_related("organisation", "locality__organisation")
    ).get()
    return DirectoryEntry(
        provider=provider,
        programmes=provider.active_programmes,
        capacity=sum(p.places for p in provider.active_programmes),
        pupils=commissioning.occupancy_by_provider(today, [provider.pk]).get(provider.pk, 0),
        compliance=compliance_of(provider.all_documents, today, settings.document_warning_days),
        registration_warning=commissioning.registration_warnings(today, settings, [provider.pk]).get(provider.pk),
    )
