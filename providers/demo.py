"""A realistic demo directory for the demo area: several dozen providers of every type, their
programmes, contacts and compliance documents (some expired or expiring), framework statuses
(some conditional, suspended or decommissioned), QA history, escalation, concerns and
block-commissioned places.

Called by the demo generator (demo app)::

    build_demo_directory(rng=random.Random("7:providers"), la_org=area.la.organisation,
                         partnerships=area.localities, today=today, users=users)

Deterministic for the rng: every draw comes from ``rng`` and every list is walked in a fixed
order. Rows are written directly (as the rest of the demo generator does), dated relative to
``today`` rather than the clock, so the services' "not in the past" checks do not apply.
Invented documents are one-line PDFs stored once per kind under PRIVATE_STORAGE_ROOT/providers/demo/.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import Counter

from django.core.files.base import ContentFile

from accounts.models import Membership, Organisation
from accounts.roles import OrganisationKind, Role
from core.calendar import academic_year_of
from providers import demo_data as data
from providers.models import (
    BlockCommission,
    ComplianceDocument,
    Concern,
    DirectoryChange,
    DirectorySettings,
    FrameworkStatus,
    FrameworkStatusChange,
    JudgementLevel,
    Need,
    NoticeToImprove,
    Programme,
    Provider,
    ProviderContact,
    QADomain,
    SelfAssessment,
    SelfAssessmentRating,
    Visit,
    VisitAction,
    VisitJudgement,
    private_storage,
)

F = FrameworkStatus
DAY = datetime.timedelta(days=1)


def build_demo_directory(
    *, rng: random.Random, la_org: Organisation, partnerships, today: datetime.date, users
) -> Counter:
    """Create the demo directory; returns counts of what was made."""
    return _Builder(rng, la_org, partnerships, today, list(users)).run()


class _Builder:
    def __init__(self, rng, la_org, partnerships, today, users):
        self.rng, self.la_org, self.today = rng, la_org, today
        values = partnerships.values() if hasattr(partnerships, "values") else partnerships
        self.localities = sorted(values, key=lambda p: p.organisation.name)
        roles = {
            m.user_id: m
            for m in Membership.objects.filter(user__in=[u.pk for u in users]).select_related("organisation")
        }
        by_role = {}
        for user in users:
            membership = roles.get(user.pk)
            if membership is not None:
                by_role.setdefault(membership.role, (user, membership.organisation))
        self.qa = (by_role.get(Role.LA_QA_OFFICER) or by_role.get(Role.LA_STRATEGIC_LEAD) or (None, la_org))[0]
        self.school = by_role.get(Role.SCHOOL_LEADER)
        self.needs = list(Need.objects.filter(active=True).order_by("sort_order", "code"))
        self.domains = list(QADomain.objects.filter(active=True).order_by("sort_order", "name"))
        self.levels = list(JudgementLevel.objects.filter(active=True).order_by("rank"))
        self.settings = DirectorySettings.load()
        self.counts: Counter = Counter()
        self.files: dict[str, tuple[str, int]] = {}

    def date_before(self, low: int, high: int) -> datetime.date:
        return self.today - self.rng.randint(low, high) * DAY

    def run(self) -> Counter:
        existing = list(Provider.objects.select_related("organisation").order_by("organisation__name", "pk"))
        wanted = dict(data.NEW_PROVIDERS)
        for kind in data.T:
            if not wanted.get(kind) and not any(p.provider_type == kind for p in existing):
                wanted[kind] = 1  # every type appears in the directory
        new = self._new_providers({p.name for p in existing}, wanted)
        plan = self._plan_statuses(new)
        for provider in existing + new:
            self._profile(provider, plan.get(provider.pk, F.APPROVED))
        self._concerns([p for p in existing + new if p.framework_status in (F.APPROVED, F.CONDITIONAL)])
        self._blocks(existing + new)
        self.counts["providers"] = len(existing) + len(new)
        return self.counts

    # -- providers ------------------------------------------------------------------------

    def _new_providers(self, used: set[str], wanted: dict) -> list[Provider]:
        rows, urn, ukprn = [], 998001, 19980001
        for kind, how_many in wanted.items():
            for _ in range(how_many):
                name = ""
                while not name or name in used:
                    name = f"{self.rng.choice(data.PLACES)} {self.rng.choice(data.SUFFIXES[kind])} (demo)"
                used.add(name)
                ids = {"setting_type": data.SETTING_TYPES[kind]} if kind in data.SETTING_TYPES else {}
                if kind in data.REGISTERED_TYPES:
                    ids, urn = {"urn": str(urn)}, urn + 1
                elif kind == data.T.FE_COLLEGE:
                    ids, ukprn = {"ukprn": str(ukprn)}, ukprn + 1
                rows.append((name, kind, ids))
        organisations = Organisation.objects.bulk_create(
            [Organisation(kind=OrganisationKind.PROVIDER, name=name) for name, _, _ in rows]
        )
        return Provider.objects.bulk_create(
            [
                Provider(organisation=o, provider_type=kind, **ids)
                for o, (_, kind, ids) in zip(organisations, rows, strict=True)
            ]
        )

    def _plan_statuses(self, new: list[Provider]) -> dict[int, str]:
        """Escalation falls only on invented providers, so the area's own PRUs stay approved."""
        order = list(new)
        self.rng.shuffle(order)
        statuses = [F.CONDITIONAL] * 4 + [F.SUSPENDED] * 2 + [F.DECOMMISSIONED] + [F.APPLIED] * 4
        return {p.pk: (statuses[i] if i < len(statuses) else F.APPROVED) for i, p in enumerate(order)}

    def _profile(self, provider: Provider, status: str) -> None:
        rng, kind = self.rng, provider.provider_type
        out_of_area = kind not in (data.T.PRU, data.T.RESOURCE_BASE, data.T.AP_ACADEMY) and rng.random() < 0.15
        locality = None if out_of_area else rng.choice(self.localities)
        host = rng.choice(data.HOST_AUTHORITIES) if out_of_area else ""
        if out_of_area:
            town, district = host, data.OUT_OF_AREA_TOWNS[host]
        else:
            town, district = data.TOWNS.get(locality.organisation.name.split()[0], ("Stretford", "M32"))
        low, high = data.AGES[kind]
        provider.out_of_area, provider.host_local_authority, provider.locality = out_of_area, host, locality
        provider.address_line_1 = f"{rng.randint(1, 240)} {rng.choice(data.STREETS)}"
        provider.town, provider.postcode = (
            town,
            f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXY')}{rng.choice('ABDEFGHJLNPQRSTUWXY')}",
        )
        provider.min_age, provider.max_age = low, high
        slug = provider.name.lower().replace(" (demo)", "").replace(" ", "")[:20]
        provider.email, provider.phone = (
            f"office@{slug}.demo.custodian.test",
            f"0161 {rng.randint(200, 999)} {rng.randint(1000, 9999)}",
        )
        if kind in data.REGISTERED_TYPES or kind == data.T.FE_COLLEGE:
            provider.ofsted_status = rng.choices(
                ["good", "outstanding", "requires_improvement", "inadequate", "not_yet_inspected"], [55, 15, 18, 4, 8]
            )[0]
            provider.ofsted_date = (
                None if provider.ofsted_status == "not_yet_inspected" else self.date_before(120, 1400)
            )
        else:
            provider.ofsted_status = "not_inspected"
        provider.description = (
            f"{provider.get_provider_type_display()} for young people aged {low} to {high}. "
            "Small groups, a key worker for every pupil, and a plan agreed with the home school."
        )
        provider.framework_status = status
        provider.framework_status_since = (
            self.date_before(20, 60) if status != F.APPROVED else self.date_before(200, 900)
        )
        provider.created_by = provider.updated_by = self.qa
        provider.save()
        provider.needs.set(rng.sample(self.needs, rng.randint(1, min(4, len(self.needs)))))
        self._programmes(provider)
        self._contacts(provider)
        self._documents(provider, status)
        self._history(provider, status)
        self._qa(provider, status)

    def _programmes(self, provider: Provider) -> None:
        offer = data.OFFER_KIND[provider.provider_type]
        places, year, day, session = data.PRICES[offer]
        chosen = self.rng.sample(data.OFFERS[offer], self.rng.randint(1, min(3, len(data.OFFERS[offer]))))
        programmes = []
        for name, area, accreditation, detail, english_maths, pattern in chosen:
            programmes.append(
                Programme(
                    provider=provider,
                    name=name,
                    vocational_area=area,
                    accreditation=accreditation,
                    accreditation_detail=detail,
                    teaches_english_and_maths=english_maths,
                    delivery_pattern=pattern,
                    min_age=provider.min_age,
                    max_age=provider.max_age,
                    places=self.rng.randint(*places),
                    pupils_per_staff=1 if pattern == data.P.ONE_TO_ONE else self.rng.randint(3, 8),
                    price_per_place_year_pence=self.rng.randint(*year) * 100 if year else None,
                    price_per_day_pence=self.rng.randint(*day) * 100 if day else None,
                    price_per_session_pence=self.rng.randint(*session) * 100 if session else None,
                    created_by=self.qa,
                    updated_by=self.qa,
                )
            )
        Programme.objects.bulk_create(programmes)
        self.counts["programmes"] += len(programmes)
        if self.rng.random() < 0.15:
            programme = programmes[0]
            old = (
                programme.price_per_day_pence
                or programme.price_per_session_pence
                or programme.price_per_place_year_pence
            )
            field = next(
                f
                for f in ("price_per_day_pence", "price_per_session_pence", "price_per_place_year_pence")
                if getattr(programme, f)
            )
            new = round(old * 1.08 / 100) * 100
            setattr(programme, field, new)
            programme.save(update_fields=[field])
            label = {
                "price_per_day_pence": "Price per day",
                "price_per_session_pence": "Price per session",
                "price_per_place_year_pence": "Price per place a year",
            }[field]
            DirectoryChange.objects.create(
                provider=provider,
                programme=programme,
                field=field,
                label=f"{programme.name}: {label}",
                old_value=f"£{old / 100:,.2f}",
                new_value=f"£{new / 100:,.2f}",
                changed_by=self.qa,
            )
            self.counts["price changes"] += 1

    def _contacts(self, provider: Provider) -> None:
        people = [f"{self.rng.choice(data.FIRST_NAMES)} {self.rng.choice(data.SURNAMES)}" for _ in range(2)]
        ProviderContact.objects.bulk_create(
            [
                ProviderContact(
                    provider=provider,
                    kind="main",
                    name=people[0],
                    job_title="Centre manager",
                    email=provider.email,
                    phone=provider.phone,
                ),
                ProviderContact(
                    provider=provider,
                    kind="safeguarding",
                    name=people[1],
                    job_title="Designated safeguarding lead",
                    email=provider.email,
                ),
            ]
        )
        self.lead = people[1]

    def _documents(self, provider: Provider, status: str) -> None:
        for kind in ComplianceDocument.Kind:
            roll = self.rng.random()
            if (status == F.APPLIED and roll < 0.3) or roll < 0.03:
                continue  # missing
            if roll < 0.12:
                expires = self.today - self.rng.randint(5, 90) * DAY
            elif roll < 0.25:
                expires = self.today + self.rng.randint(3, self.settings.document_warning_days) * DAY
            else:
                expires = self.today + self.rng.randint(self.settings.document_warning_days + 10, 330) * DAY
            issued = expires - 365 * DAY
            token = uuid.UUID(int=self.rng.getrandbits(128))
            name, size = self._demo_file(kind)
            document = ComplianceDocument(
                provider=provider,
                kind=kind,
                named_person=self.lead if kind == "safeguarding_lead" else "",
                issued_on=min(issued, self.today),
                expires_on=expires,
                token=token,
                file=name,
                file_type="pdf",
                original_name=f"{kind.replace('_', '-')}.pdf",
                size_bytes=size,
                created_by=self.qa,
                updated_by=self.qa,
                verified_by=self.qa if self.rng.random() < 0.6 else None,
            )
            document.verified_on = issued + 14 * DAY if document.verified_by else None
            document.save()
            self.counts["compliance documents"] += 1

    def _history(self, provider: Provider, status: str) -> None:
        if status == F.APPLIED:
            return
        approved_on = provider.framework_status_since if status == F.APPROVED else self.date_before(400, 900)
        steps = [(F.APPLIED, F.APPROVED, approved_on, "Application checked and pre-approval visit satisfactory")]
        if status in (F.CONDITIONAL, F.SUSPENDED):
            steps.append(
                (
                    F.APPROVED,
                    F.CONDITIONAL,
                    provider.framework_status_since - (30 * DAY if status == F.SUSPENDED else 0 * DAY),
                    "Notice to improve issued after a visit judged attendance and safeguarding records inadequate",
                )
            )
        if status == F.SUSPENDED:
            steps.append(
                (
                    F.CONDITIONAL,
                    F.SUSPENDED,
                    provider.framework_status_since,
                    "Notice to improve not met at the follow-up visit",
                )
            )
        if status == F.DECOMMISSIONED:
            steps.append(
                (
                    F.APPROVED,
                    F.DECOMMISSIONED,
                    provider.framework_status_since,
                    "Contract ended after repeated safeguarding failures",
                )
            )
        FrameworkStatusChange.objects.bulk_create(
            [
                FrameworkStatusChange(
                    provider=provider,
                    from_status=a,
                    to_status=b,
                    effective_on=on,
                    reason=why,
                    changed_by=self.qa,
                    conditions="Send weekly attendance returns and a revised safeguarding policy"
                    if b == F.CONDITIONAL
                    else "",
                    review_on=on + 60 * DAY if b == F.CONDITIONAL else None,
                )
                for a, b, on, why in steps
            ]
        )

    def _demo_file(self, kind) -> tuple[str, int]:
        """One stored PDF per kind of document, shared by every demo document of that kind and by
        every demo build, so generating the demo again never piles up files."""
        if kind not in self.files:
            body = f"%PDF-1.4\n% {kind.label}: an invented document for the demo.\n%%EOF\n".encode()
            name = f"demo/{kind}.pdf"
            storage = private_storage()
            if not storage.exists(name):
                name = storage.save(name, ContentFile(body))
            self.files[kind] = (name, len(body))
        return self.files[kind]

    # -- quality assurance ------------------------------------------------------------------

    def _judge(self, base: int) -> JudgementLevel:
        rank = max(1, min(len(self.levels), base + self.rng.choice((-1, 0, 0, 0, 1))))
        return self.levels[rank - 1]

    def _completed_visit(self, provider, on, kind, base, organisation=None, visitor=None) -> Visit:
        overall = self._judge(base)
        visit = Visit.objects.create(
            provider=provider,
            kind=kind,
            status=Visit.Status.COMPLETED,
            scheduled_for=on,
            carried_out_on=on,
            visiting_organisation=organisation or self.la_org,
            visitor=visitor or self.qa,
            overall_level=overall,
            evidence=self.rng.choice(data.EVIDENCE),
            pupil_voice=self.rng.choice(data.PUPIL_VOICE),
            summary=f"Overall {overall.label.lower()}.",
            focus="Attendance and engagement" if kind == Visit.Kind.FOCUS else "",
            created_by=self.qa,
            updated_by=self.qa,
        )
        VisitJudgement.objects.bulk_create(
            [
                VisitJudgement(visit=visit, domain=d, level=(level := self._judge(base)), level_label=level.label)
                for d in self.domains
            ]
        )
        if overall.rank >= 3 or self.rng.random() < 0.3:
            actions = []
            for text in self.rng.sample(data.ACTIONS, self.rng.randint(1, 3)):
                due = on + self.rng.randint(20, 90) * DAY
                done = due < self.today and self.rng.random() < 0.6
                actions.append(
                    VisitAction(
                        visit=visit,
                        provider=provider,
                        description=text,
                        due_on=due,
                        status=VisitAction.Status.DONE if done else VisitAction.Status.OPEN,
                        closed_on=due if done else None,
                        created_by=self.qa,
                        updated_by=self.qa,
                    )
                )
            VisitAction.objects.bulk_create(actions)
            self.counts["QA actions"] += len(actions)
        self.counts["QA visits"] += 1
        return visit

    def _qa(self, provider: Provider, status: str) -> None:
        rng = self.rng
        if not self.levels or status == F.APPLIED:
            if status == F.APPLIED and self.levels and rng.random() < 0.5:
                self._scheduled(provider, Visit.Kind.PRE_APPROVAL, self.today + rng.randint(7, 40) * DAY)
            return
        base = {F.APPROVED: rng.choice((1, 2, 2, 2, 3)), F.CONDITIONAL: 3, F.SUSPENDED: 4, F.DECOMMISSIONED: 4}[status]
        never = status == F.APPROVED and rng.random() < 0.12
        last = None
        if not never:
            last_on = self.date_before(30, 420)
            if rng.random() < 0.6:
                self._completed_visit(provider, last_on - rng.randint(330, 400) * DAY, Visit.Kind.ANNUAL, base)
            last = self._completed_visit(provider, last_on, Visit.Kind.ANNUAL, base)
            if self.school and rng.random() < 0.2:
                self._completed_visit(
                    provider,
                    last_on + rng.randint(5, 25) * DAY,
                    Visit.Kind.FOCUS,
                    base,
                    organisation=self.school[1],
                    visitor=self.school[0],
                )
        if status == F.APPROVED and last and rng.random() < 0.35:
            self._scheduled(provider, Visit.Kind.ANNUAL, self.today + rng.randint(-20, 60) * DAY)
        if status in (F.CONDITIONAL, F.SUSPENDED):
            issued = provider.framework_status_since - (30 * DAY if status == F.SUSPENDED else 0 * DAY)
            improve_by = issued + rng.randint(42, 70) * DAY
            follow_up = None
            if status == F.CONDITIONAL:
                follow_up = self._scheduled(
                    provider, Visit.Kind.FOLLOW_UP, improve_by, focus="Follow-up of the notice to improve"
                )
            NoticeToImprove.objects.create(
                provider=provider,
                issued_on=issued,
                improve_by=improve_by,
                arising_from_visit=last,
                follow_up_visit=follow_up,
                reasons="Attendance records incomplete; safeguarding policy out of date; pupils' plans not reviewed.",
                status=NoticeToImprove.Status.OPEN if status == F.CONDITIONAL else NoticeToImprove.Status.NOT_MET,
                closed_on=None if status == F.CONDITIONAL else provider.framework_status_since,
                outcome_note="" if status == F.CONDITIONAL else "Follow-up visit found records still incomplete.",
                created_by=self.qa,
                updated_by=self.qa,
            )
            self.counts["notices to improve"] += 1
        if rng.random() < 0.3:
            assessment = SelfAssessment.objects.create(
                provider=provider,
                summary="Our own view of the provision this year.",
                created_by=self.qa,
                updated_by=self.qa,
            )
            SelfAssessmentRating.objects.bulk_create(
                [
                    SelfAssessmentRating(
                        assessment=assessment,
                        domain=d,
                        level=(level := self._judge(max(1, base - 1))),
                        level_label=level.label,
                    )
                    for d in self.domains
                ]
            )

    def _scheduled(self, provider, kind, on, focus="") -> Visit:
        self.counts["QA visits scheduled"] += 1
        return Visit.objects.create(
            provider=provider,
            kind=kind,
            scheduled_for=on,
            visiting_organisation=self.la_org,
            focus=focus,
            created_by=self.qa,
            updated_by=self.qa,
        )

    # -- concerns and commissioning --------------------------------------------------------

    def _concerns(self, providers: list[Provider]) -> None:
        if not providers:
            return
        for kind, summary, details in data.CONCERNS:
            provider = self.rng.choice(providers)
            status = self.rng.choice((Concern.Status.OPEN, Concern.Status.INVESTIGATING, Concern.Status.CLOSED))
            raised_by = self.school[1] if self.school and self.rng.random() < 0.5 else self.la_org
            Concern.objects.create(
                provider=provider,
                kind=kind,
                summary=summary,
                details=details,
                raised_on=self.date_before(3, 120),
                raised_by_organisation=raised_by,
                status=status,
                response="Raised with the provider's manager; follow-up agreed."
                if status != Concern.Status.OPEN
                else "",
                closed_on=self.today - DAY if status == Concern.Status.CLOSED else None,
                created_by=self.qa,
                updated_by=self.qa,
            )
            self.counts["concerns"] += 1

    def _blocks(self, providers: list[Provider]) -> None:
        year = academic_year_of(self.today)
        state_funded = [
            p
            for p in providers
            if p.provider_type in (data.T.PRU, data.T.AP_ACADEMY, data.T.AP_FREE_SCHOOL)
            and p.framework_status in (F.APPROVED, F.CONDITIONAL)
        ]
        for index, provider in enumerate(state_funded):
            block = BlockCommission.objects.create(
                provider=provider,
                academic_year=year,
                commissioner=self.la_org,
                places=self.rng.randint(2, 12) * 5,
                place_funding_pence=self.settings.place_funding_pence,
                top_up_pence=self.rng.randint(50, 95) * 10_000,
                notes="Places for permanently excluded pupils and time-limited placements.",
                created_by=self.qa,
                updated_by=self.qa,
            )
            if index == 0 and self.localities:
                block.joint_commissioners.set([self.localities[0].organisation])
            self.counts["block commissions"] += 1
