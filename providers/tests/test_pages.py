"""Role x page for every providers page: permitted -> 200, lesser role -> 403, another organisation's object -> 404."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from conftest import ALL_ROLES
from providers import services_documents, services_escalation, services_qa
from providers.models import BlockCommission, JudgementLevel, ProviderContact, QACriterion, QADomain, VisitAction
from providers.tests.conftest import D, make_user, pdf_upload
from providers.tests.factories import ProgrammeFactory
from tests.matrix import check_page, check_signed_out

EVERY_ROLE = set(Role)
LA_CASEWORK = {Role.LA_STRATEGIC_LEAD, Role.LA_INCLUSION_OFFICER}
QA = {Role.LA_STRATEGIC_LEAD, Role.LA_QA_OFFICER}
FINANCE = {Role.LA_STRATEGIC_LEAD, Role.LA_FINANCE_OFFICER}
LA_VIEWERS = LA_CASEWORK | QA | FINANCE
SCHOOL = {Role.SCHOOL_LEADER, Role.SCHOOL_STAFF}
PROVIDER = {Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF}
PM = {Role.PROVIDER_MANAGER}
EDITORS = QA | PM
VISIT_VIEWERS = LA_VIEWERS | SCHOOL | {Role.PARTNERSHIP_CHAIR} | PROVIDER
RECORDERS = QA | {Role.SCHOOL_LEADER}
CONCERN_USERS = LA_CASEWORK | QA | {Role.SCHOOL_LEADER, Role.PARTNERSHIP_CHAIR}


@pytest.fixture
def objects(area, user_as):
    """Own objects sit at the area's provider (or belong to school A); others at the second provider or the LA."""
    la_user = make_user("fixture.qa@example.org", area.la, Role.LA_QA_OFFICER)
    school_user = make_user("fixture.head@example.org", area.school_a.organisation, Role.SCHOOL_LEADER)
    own_programme, other_programme = (
        ProgrammeFactory(provider=area.provider),
        ProgrammeFactory(provider=area.provider_b),
    )
    own_contact = ProviderContact.objects.create(
        provider=area.provider, kind="main", name="Ann Own", email="a@example.org"
    )
    other_contact = ProviderContact.objects.create(
        provider=area.provider_b, kind="main", name="Bo Other", email="b@example.org"
    )
    documents = [
        services_documents.add_document(
            by=la_user,
            provider=p,
            kind="insurance",
            issued_on=D(2025, 4, 1),
            expires_on=D(2026, 3, 31),
            upload=pdf_upload(),
        )
        for p in (area.provider, area.provider_b)
    ]
    school_visit = services_qa.schedule_visit(
        by=school_user, provider=area.provider, kind="focus", scheduled_for=D(2025, 12, 1), focus="Attendance"
    )
    la_visit = services_qa.schedule_visit(
        by=la_user, provider=area.provider_b, kind="annual", scheduled_for=D(2025, 12, 2)
    )
    actions = [
        VisitAction.objects.create(
            visit=v, provider=v.provider, description="Update the risk assessment", due_on=D(2026, 1, 9)
        )
        for v in (school_visit, la_visit)
    ]
    block = BlockCommission.objects.create(
        provider=area.provider,
        academic_year=2025,
        commissioner=area.la,
        places=10,
        place_funding_pence=1_000_000,
        top_up_pence=500_000,
    )
    block.joint_commissioners.set([area.school_a.organisation, area.partnership.organisation])
    own_concern = services_escalation.raise_concern(
        by=la_user,
        provider=area.provider,
        kind="quality",
        summary="Late registers",
        details="Registers late all week",
        raised_on=D(2025, 11, 10),
    )
    other_concern = services_escalation.raise_concern(
        by=la_user,
        provider=area.provider_b,
        kind="safeguarding",
        summary="Gate left open",
        details="Site gate unlocked",
        raised_on=D(2025, 11, 11),
    )
    notice = services_escalation.issue_notice(
        by=la_user, provider=area.provider_b, reasons="Registers", improve_by=D(2026, 1, 30)
    )
    domain, criterion, level = QADomain.objects.first(), QACriterion.objects.first(), JudgementLevel.objects.first()
    return {
        "provider": (area.provider.pk, area.provider_b.pk),
        "programme": (own_programme.pk, other_programme.pk),
        "contact": (own_contact.pk, other_contact.pk),
        "document": (documents[0].pk, documents[1].pk),
        "visit": (school_visit.pk, la_visit.pk),
        "action": (actions[0].pk, actions[1].pk),
        "concern": (own_concern.pk, other_concern.pk),
        "notice": (notice.pk, notice.pk),
        "domain": (domain.pk, domain.pk),
        "criterion": (criterion.pk, criterion.pk),
        "level": (level.pk, level.pk),
        "block": (block.pk, block.pk),
    }


# (url name, kind of object or None, roles allowed, roles scoped to their own organisation)
PAGES = [
    ("providers:directory", None, EVERY_ROLE, set()),
    ("providers:add", None, QA | LA_CASEWORK | {Role.SCHOOL_LEADER}, set()),
    ("providers:changes", None, EVERY_ROLE, set()),
    ("providers:detail", "provider", EVERY_ROLE, set()),
    ("providers:edit", "provider", EDITORS, PM),
    ("providers:status", "provider", QA, set()),
    ("providers:acknowledge", "provider", QA, set()),
    ("providers:programme-add", "provider", EDITORS, PM),
    ("providers:programme-edit", "programme", EDITORS, PM),
    ("providers:contact-add", "provider", EDITORS, PM),
    ("providers:contact-remove", "contact", EDITORS, PM),
    ("providers:document-add", "provider", EDITORS, PM),
    ("providers:document-download", "document", LA_VIEWERS | {Role.SCHOOL_LEADER} | PROVIDER, PROVIDER),
    ("providers:document-verify", "document", QA, set()),
    ("providers:self-assessment", "provider", PM, PM),
    ("providers:qa-dashboard", None, QA | LA_CASEWORK, set()),
    ("providers:schedule-annual", None, QA, set()),
    ("providers:visits", None, VISIT_VIEWERS, set()),
    ("providers:visit-schedule", "provider", RECORDERS, set()),
    ("providers:visit-detail", "visit", VISIT_VIEWERS, PROVIDER),
    ("providers:visit-pdf", "visit", VISIT_VIEWERS, PROVIDER),
    ("providers:visit-record", "visit", RECORDERS, {Role.SCHOOL_LEADER}),
    ("providers:visit-cancel", "visit", RECORDERS, {Role.SCHOOL_LEADER}),
    ("providers:action-add", "visit", RECORDERS, {Role.SCHOOL_LEADER}),
    ("providers:action-close", "action", RECORDERS, {Role.SCHOOL_LEADER}),
    ("providers:qa-framework", None, LA_VIEWERS | SCHOOL | PROVIDER | {Role.PARTNERSHIP_CHAIR}, set()),
    ("providers:domain-add", None, QA, set()),
    ("providers:domain-edit", "domain", QA, set()),
    ("providers:criterion-add", "domain", QA, set()),
    ("providers:criterion-edit", "criterion", QA, set()),
    ("providers:level-add", None, QA, set()),
    ("providers:level-edit", "level", QA, set()),
    ("providers:notice-issue", "provider", QA, set()),
    ("providers:notice-close", "notice", QA, set()),
    ("providers:concerns", None, CONCERN_USERS, set()),
    ("providers:concern-add", None, CONCERN_USERS, set()),
    ("providers:concern-detail", "concern", CONCERN_USERS, {Role.SCHOOL_LEADER, Role.PARTNERSHIP_CHAIR}),
    ("providers:commissioning", None, LA_VIEWERS, set()),
    ("providers:block-add", None, FINANCE, set()),
    ("providers:block-edit", "block", FINANCE, set()),
    ("providers:sufficiency", None, LA_VIEWERS | {Role.PARTNERSHIP_CHAIR}, set()),
    ("providers:pupils-to-move", "provider", LA_CASEWORK, set()),
    ("providers:settings", None, FINANCE | QA, set()),
]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_page_matrix(client_as, objects, role):
    """Every page for one role (one fixture per role keeps the suite fast); all failures reported together."""
    client = client_as(role)
    failures = []
    for name, kind, allowed, scoped in PAGES:
        try:
            check_page(lambda _role: client, objects, role, name, kind, allowed, scoped)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n".join(failures)


def test_signed_out_visitors_are_sent_to_sign_in(client, objects):
    for name, kind, _allowed, _scoped in PAGES:
        check_signed_out(client, objects, name, kind)


def test_refusal_explains_itself(client_as, objects):
    response = client_as(Role.SCHOOL_LEADER).get(reverse("providers:status", args=[objects["provider"][0]]))
    assert response.status_code == 403
    assert "cannot change a provider&#39;s framework status" in response.content.decode()
