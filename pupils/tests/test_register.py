"""The register: who is on it, what each sees, filters, CSV export and a flat query count."""

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from pupils.register import RegisterFilters, build_register
from pupils.tests.factories import EpisodeFactory, PupilFactory, RegistrationFactory

D = datetime.date
TODAY = datetime.datetime(2025, 11, 20, 10, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def pupil_at(school, **episode):
    pupil = PupilFactory()
    RegistrationFactory(pupil=pupil, organisation=school.organisation)
    if episode:
        EpisodeFactory(pupil=pupil, school=school.organisation, **episode)
    return pupil


@pytest.fixture
def people(area):
    return {
        "pex": pupil_at(area.school_a, status="excluded", start_date=D(2025, 11, 3), reason_code="PD"),
        "part_time": pupil_at(
            area.school_a, status="part_time", start_date=D(2025, 9, 8), agreed_end_date=D(2025, 10, 17)
        ),
        "full_time": pupil_at(area.school_a),
        "ended": pupil_at(area.school_a, status="in_ap", start_date=D(2025, 9, 8), end_date=D(2025, 10, 1)),
        "other_school": pupil_at(area.school_b, status="ehe", start_date=D(2025, 10, 1)),
        "primary": pupil_at(area.school_c, status="medical", start_date=D(2025, 10, 1)),
    }


def names(entries):
    return {e.pupil.pk for e in entries}


def test_la_sees_every_child_not_in_full_time_mainstream(user_as, people):
    entries = build_register(user_as("la_inclusion_officer"), today=D(2025, 11, 20))
    expected = {people[k].pk for k in ("pex", "part_time", "other_school", "primary")}
    assert names(entries) == expected


def test_school_sees_only_its_own(user_as, people):
    entries = build_register(user_as("school_leader"), today=D(2025, 11, 20))
    assert names(entries) == {people["pex"].pk, people["part_time"].pk}


def test_overdue_flags_are_computed(user_as, people):
    entries = {e.pupil.pk: e for e in build_register(user_as("la_strategic_lead"), today=D(2025, 11, 20))}
    assert [f.key for f in entries[people["pex"].pk].flags] == ["pex_provision"]
    assert entries[people["pex"].pk].overdue  # 6th school day was Mon 10 Nov
    assert [f.key for f in entries[people["part_time"].pk].flags] == ["part_time_overdue"]
    assert not entries[people["other_school"].pk].flags


def test_heavily_suspended_pupil_in_school_today_is_on_the_register(area, user_as):
    pupil = pupil_at(area.school_a)
    starts = [D(2025, 9, 8), D(2025, 9, 22), D(2025, 10, 6), D(2025, 10, 13), D(2025, 11, 3)]
    for start in starts:
        EpisodeFactory(
            pupil=pupil,
            status="suspended",
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            sessions=10 if start != D(2025, 11, 3) else 9,
            school=area.school_a.organisation,
            reason_code="PD",
        )
    extra = [D(2025, 9, 15), D(2025, 9, 29), D(2025, 10, 20), D(2025, 11, 10)]
    for start in extra:
        EpisodeFactory(
            pupil=pupil,
            status="suspended",
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            sessions=10,
            school=area.school_a.organisation,
            reason_code="PD",
        )
    entry = next(e for e in build_register(user_as("la_strategic_lead"), today=D(2025, 11, 20)) if e.pupil == pupil)
    assert entry.suspension_days == 44.5
    assert [f.key for f in entry.flags] == ["suspension_over_40"]


def test_filters(area, user_as, people):
    user = user_as("la_strategic_lead")
    today = D(2025, 11, 20)
    assert names(build_register(user, today=today, filters=RegisterFilters(status="excluded"))) == {people["pex"].pk}
    by_school = build_register(user, today=today, filters=RegisterFilters(school_id=area.school_b.organisation.pk))
    assert names(by_school) == {people["other_school"].pk}
    by_partnership = build_register(user, today=today, filters=RegisterFilters(partnership_id=area.partnership.pk))
    assert names(by_partnership) == {people["pex"].pk, people["part_time"].pk, people["other_school"].pk}
    flagged = build_register(user, today=today, filters=RegisterFilters(flagged_only=True))
    assert names(flagged) == {people["pex"].pk, people["part_time"].pk}
    # Factory pupils are born 14 March 2012: reception from September 2016, so year 9 in 2025/26.
    assert len(build_register(user, today=today, filters=RegisterFilters(year_group=9))) == 4
    assert build_register(user, today=today, filters=RegisterFilters(year_group=8)) == []
    assert build_register(user, today=today, filters=RegisterFilters(sen="E")) == []


def test_register_page_filters_by_query_string(client_as, people):
    response = client_as("la_inclusion_officer").get(reverse("pupils:register"), {"status": "part_time"})
    assert response.status_code == 200
    content = response.content.decode()
    assert people["part_time"].legal_forename in content
    assert people["pex"].legal_forename not in content


def test_csv_export_is_audited_and_matches_the_page(client_as, people):
    response = client_as("la_strategic_lead").get(reverse("pupils:register-export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["UPN"] for r in rows} == {people[k].upn for k in ("pex", "part_time", "other_school", "primary")}
    pex_row = next(r for r in rows if r["UPN"] == people["pex"].upn)
    assert pex_row["Overdue"] == "yes" and "6th school day" in pex_row["Flags"]
    assert AuditEvent.objects.filter(action="export").count() == 1


def _make_register_pupils(area, count, offset):
    for i in range(count):
        pupil = pupil_at(
            area.school_a if i % 2 else area.school_b,
            status="part_time",
            start_date=D(2025, 9, 8),
            agreed_end_date=D(2025, 12, 1),
        )
        EpisodeFactory(
            pupil=pupil,
            status="suspended",
            start_date=D(2025, 10, 6),
            end_date=D(2025, 10, 7),
            sessions=4,
            school=area.school_a.organisation,
            reason_code="PD",
        )


@pytest.mark.parametrize("url_name", ["pupils:register", "pupils:list", "home", "pupils:register-export"])
def test_query_count_does_not_grow_with_rows(area, client_as, url_name):
    client = client_as("la_strategic_lead")
    _make_register_pupils(area, 3, 0)
    client.get(reverse(url_name))  # warm up: session, permissions
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _make_register_pupils(area, 30, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
