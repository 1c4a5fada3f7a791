"""The directory a head teacher searches: who sees which providers, the filters, and a flat query count."""

import pathlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.models import Placement, PlacementComponent
from providers import services_escalation, services_qa
from providers.listing import DirectoryFilters, search
from providers.models import BlockCommission, ComplianceDocument, Need, Visit
from providers.tests.conftest import D
from providers.tests.factories import ProgrammeFactory, ProviderFactory
from pupils.tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(area):
    semh, ebsa = Need.objects.get(code="semh"), Need.objects.get(code="ebsa")
    area.provider.needs.set([semh])
    area.provider.locality = area.partnership
    area.provider.save()
    area.provider_b.needs.set([ebsa])
    construction = ProgrammeFactory(
        provider=area.provider,
        vocational_area="construction",
        accreditation="vocational",
        min_age=14,
        max_age=16,
        price_per_day_pence=9_000,
        teaches_english_and_maths=False,
    )
    gcse = ProgrammeFactory(
        provider=area.provider_b,
        vocational_area="academic",
        accreditation="gcse",
        min_age=11,
        max_age=16,
        price_per_day_pence=None,
        price_per_session_pence=8_000,
        price_per_place_year_pence=None,
    )
    applied = ProviderFactory(framework_status="applied", organisation__name="Applied Provider")
    suspended = ProviderFactory(framework_status="suspended", organisation__name="Suspended Provider")
    return {"construction": construction, "gcse": gcse, "applied": applied, "suspended": suspended}


def names(user, **filters):
    return [e.provider.name for e in search(user, DirectoryFilters(**filters), today=D(2025, 11, 20))]


def test_schools_see_the_approved_list_and_the_la_sees_every_provider(offer, user_as):
    assert names(user_as("school_leader")) == ["Other Provider", "Riverside Learning Centre"]
    assert names(user_as("provider_staff")) == ["Other Provider", "Riverside Learning Centre"]
    assert names(user_as("la_qa_officer")) == [
        "Applied Provider",
        "Other Provider",
        "Riverside Learning Centre",
        "Suspended Provider",
    ]
    assert names(user_as("la_qa_officer"), status="suspended") == ["Suspended Provider"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"need": "semh"}, ["Riverside Learning Centre"]),
        ({"vocational_area": "academic"}, ["Other Provider"]),
        ({"accreditation": "vocational"}, ["Riverside Learning Centre"]),
        ({"age": 12}, ["Other Provider"]),
        ({"age": 15}, ["Other Provider", "Riverside Learning Centre"]),
        ({"max_day_price_pence": 12_000}, ["Riverside Learning Centre"]),  # 2 sessions at £80 is £160 a day
        ({"english_and_maths": True}, ["Other Provider"]),
        ({"query": "riverside"}, ["Riverside Learning Centre"]),
        ({"vocational_area": "construction", "accreditation": "gcse"}, []),  # both on the same programme
    ],
)
def test_filters(offer, user_as, filters, expected):
    assert names(user_as("school_leader"), **filters) == expected


def test_locality_filter(offer, user_as, area):
    assert names(user_as("school_leader"), locality_id=area.partnership.pk) == ["Riverside Learning Centre"]


def test_directory_page_filters_from_the_query_string(offer, client_as):
    page = (
        client_as("school_leader")
        .get(reverse("providers:directory"), {"need": "ebsa", "max_price": "200"})
        .content.decode()
    )
    assert "Other Provider" in page and "Riverside Learning Centre" not in page
    assert "From £160.00 a day" in page
    bad = client_as("school_leader").get(reverse("providers:directory"), {"max_price": "lots"}).content.decode()
    assert "Enter the price a day in pounds, like 95.00" in bad


def test_views_read_through_queries_never_model_managers():
    """The same discipline as pupils: views call queries.py and services, never Model.objects."""
    folder = pathlib.Path(__file__).resolve().parent.parent
    offenders = [
        f"{path.name}:{number}"
        for path in folder.glob("views*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.objects\b", line)
    ]
    assert not offenders


def _grow(area, count, start):
    """Providers with programmes, documents, visits, actions, concerns, changes, placements and requests."""
    from providers.models import JudgementLevel, QADomain

    qa_user = area.qa_user
    level = JudgementLevel.objects.get(rank=2)
    marks = {d.pk: (level.pk, "") for d in QADomain.objects.all()}
    for i in range(start, start + count):
        provider = ProviderFactory(organisation__name=f"Growth Provider {i:03d}", locality=area.partnership)
        provider.needs.set(Need.objects.all()[:2])
        programme = ProgrammeFactory(provider=provider)
        ComplianceDocument.objects.create(
            provider=provider,
            kind="insurance",
            issued_on=D(2025, 1, 1),
            expires_on=D(2025, 12, 1),
            file="x.pdf",
            file_type="pdf",
            original_name="x.pdf",
            size_bytes=1,
        )
        visit = services_qa.schedule_visit(by=qa_user, provider=provider, kind="annual", scheduled_for=D(2025, 11, 20))
        services_qa.record_visit(
            by=qa_user,
            visit=visit,
            carried_out_on=D(2025, 11, 20),
            overall_level=level.pk,
            judgements=marks,
            evidence="Seen",
            actions=[("Do it", D(2025, 12, 1))],
        )
        Visit.objects.create(
            provider=provider, kind="focus", focus="x", scheduled_for=D(2025, 11, 1), visiting_organisation=area.la
        )
        services_escalation.raise_concern(
            by=qa_user, provider=provider, kind="quality", summary="s", details="d", raised_on=D(2025, 11, 1)
        )
        from providers.services import update_programme

        update_programme(by=qa_user, programme=programme, price_per_day_pence=programme.price_per_day_pence + 100)
        BlockCommission.objects.create(
            provider=provider,
            academic_year=2025,
            commissioner=area.la,
            places=3,
            place_funding_pence=1_000_000,
            top_up_pence=0,
        )
        placement = Placement.objects.create(
            pupil=PupilFactory(),
            home_school=area.school_a.organisation,
            commissioner=area.school_a.organisation,
            funder=area.school_a.organisation,
            status="active",
            start_date=D(2025, 9, 8),
            planned_end_date=D(2026, 2, 1),
            objectives="x",
            home_attendance_code="B",
        )
        PlacementComponent.objects.create(
            placement=placement,
            provider=provider,
            sessions=["mon_am"],
            cost_per_session_pence=1,
            start_date=D(2025, 9, 8),
        )
        from referrals.models import Request

        Request.objects.create(
            pupil=placement.pupil,
            school=area.school_a.organisation,
            need="semh",
            tier="time_limited",
            status="submitted",
        )


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("providers:directory", "school_leader"),
        ("providers:directory", "la_qa_officer"),
        ("providers:qa-dashboard", "la_qa_officer"),
        ("providers:visits", "school_leader"),
        ("providers:concerns", "la_strategic_lead"),
        ("providers:changes", "school_leader"),
        ("providers:commissioning", "la_finance_officer"),
        ("providers:sufficiency", "partnership_chair"),
    ],
)
def test_query_count_does_not_grow_with_rows(area, client_as, user_as, url_name, role):
    area.qa_user = user_as("la_qa_officer")
    client = client_as(role)
    _grow(area, 3, 0)
    client.get(reverse(url_name))  # warm up: session, permissions, settings row
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _grow(area, 12, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(many) == len(few), [q["sql"][:150] for q in many.captured_queries]
