"""The demo directory: realistic, of every type, with expired documents, escalation and QA history; deterministic."""

import hashlib
import random

from django.db import transaction

from accounts.roles import Role
from providers import rules
from providers.demo import build_demo_directory
from providers.listing import compliance_of
from providers.models import (
    BlockCommission,
    ComplianceDocument,
    Concern,
    FrameworkStatus,
    NoticeToImprove,
    Programme,
    Provider,
    Visit,
)
from providers.tests.conftest import D


def _build(area, users, seed):
    return build_demo_directory(
        rng=random.Random(f"{seed}:providers"),
        la_org=area.la,
        partnerships={"North": area.partnership},
        today=D(2025, 11, 20),
        users=users,
    )


def _digest():
    rows = [
        list(
            Provider.objects.order_by("organisation__name").values_list(
                "organisation__name",
                "provider_type",
                "urn",
                "ukprn",
                "setting_type",
                "framework_status",
                "town",
                "postcode",
                "min_age",
                "max_age",
                "ofsted_status",
                "out_of_area",
            )
        ),
        list(
            Programme.objects.order_by("provider__organisation__name", "name").values_list(
                "provider__organisation__name", "name", "places", "price_per_day_pence", "price_per_session_pence"
            )
        ),
        list(
            ComplianceDocument.objects.order_by("provider__organisation__name", "kind").values_list(
                "provider__organisation__name", "kind", "expires_on", "token"
            )
        ),
        list(
            Visit.objects.order_by("provider__organisation__name", "scheduled_for", "kind").values_list(
                "provider__organisation__name", "kind", "status", "scheduled_for", "overall_level__label"
            )
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_demo_directory_is_realistic_and_deterministic(area, user_as):
    users = [user_as(Role.LA_QA_OFFICER), user_as(Role.SCHOOL_LEADER)]
    digests = []
    for seed in (7, 7, 8):
        with transaction.atomic():
            counts = _build(area, users, seed)
            digests.append(_digest())
            providers = list(Provider.objects.all())
            assert counts["providers"] == len(providers) >= 40
            assert {p.provider_type for p in providers} == set(Provider.ProviderType.values)
            assert {p.framework_status for p in providers} == set(FrameworkStatus.values)
            assert Programme.objects.count() >= len(providers)
            states = {rules.document_state(d.expires_on, D(2025, 11, 20), 60) for d in ComplianceDocument.objects.all()}
            assert states == {"expired", "expiring", "current"}
            assert any(compliance_of(p.documents.all(), D(2025, 11, 20), 60).missing for p in providers)
            assert Visit.objects.filter(status="completed").count() > 20
            assert Visit.objects.filter(status="scheduled").exists()
            assert NoticeToImprove.objects.filter(status="open").exists()
            assert Concern.objects.exists() and BlockCommission.objects.exists()
            assert all(p.clean() is None for p in providers)  # every registration is valid for the AP census
            for document in ComplianceDocument.objects.all()[:3]:
                assert document.file.open("rb").read().startswith(b"%PDF-")
            transaction.set_rollback(True)
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]
