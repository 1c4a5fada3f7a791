"""The records behind a figure: aggregates for every school to everyone, pupil rows only to those entitled."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from oversight import drilldown
from oversight.drilldown_more import DEFINITIONS
from oversight.period import Period
from oversight.scope import AREA_SCOPE, Scope

D = datetime.date
PERIOD = Period(D(2025, 9, 1), D(2025, 11, 20))
TODAY = D(2025, 11, 20)


def build(user, key, scope=AREA_SCOPE, **kwargs):
    return drilldown.build(DEFINITIONS[key], user, scope, PERIOD, today=TODAY, **kwargs)


def upns(result):
    return {row[1] for row in result.records.rows}


def school_counts(result):
    return {row[0]: row[1] for row in result.schools.rows}


def test_exclusions_of_every_school_for_the_la(records, user_as):
    counts = school_counts(build(user_as(Role.LA_FINANCE_OFFICER), "exclusions"))
    assert counts == {"Ashton High School": 1, "Brook High School": 1, "Castle Primary School": 1}


def test_la_caseworker_sees_every_record(records, user_as):
    result = build(user_as(Role.LA_INCLUSION_OFFICER), "pupils_in_ap")
    expected = {getattr(records, p).upn for p in ("p1", "p2", "p3", "p4", "p6", "p10")}
    assert upns(result) == expected
    assert school_counts(result) == {"Brook High School": 4, "Ashton High School": 2}
    p6 = next(row for row in result.records.rows if row[1] == records.p6.upn)
    assert p6[4] == "Recorded as in alternative provision"


def test_a_school_sees_every_schools_counts_but_only_its_own_pupils(records, user_as):
    result = build(user_as(Role.SCHOOL_LEADER), "pupils_in_ap")  # school A's leader, the whole area
    assert school_counts(result) == {"Brook High School": 4, "Ashton High School": 2}
    assert upns(result) == {records.p1.upn, records.p2.upn}
    staff = build(user_as(Role.SCHOOL_STAFF), "secondary_pex")
    assert upns(staff) == {records.p1.upn}  # p8 was excluded by school B


@pytest.mark.parametrize("role", [Role.LA_FINANCE_OFFICER, Role.PARTNERSHIP_CHAIR])
def test_roles_without_pupil_data_get_aggregates_only(records, user_as, role):
    user = user_as(role)
    result = build(user, "pupils_in_ap")
    assert result.records is None
    assert school_counts(result)["Brook High School"] == 4
    assert not drilldown.may_see_pupil_rows(user)


def test_every_figure_builds_for_each_kind_of_viewer(records, user_as):
    for role in (Role.LA_STRATEGIC_LEAD, Role.SCHOOL_LEADER, Role.LA_FINANCE_OFFICER):
        user = user_as(role)
        for key in DEFINITIONS:
            result = build(user, key)
            assert result.schools.columns, key


def test_places_list_block_commissions_and_school_commissioned_placements(records, user_as):
    result = build(user_as(Role.LA_STRATEGIC_LEAD), "places")
    assert [row[:4] for row in result.supplement.rows] == [
        [records.area.provider.organisation.name, "Trafford", "2025/26", 4]
    ]
    assert upns(result) == {records.p2.upn, records.p3.upn, records.p10.upn}  # commissioned by their schools


def test_the_scope_limits_the_records(records, user_as):
    a = records.area.school_a
    scope = Scope("school", f"school-{a.organisation_id}", a.name, frozenset({a.organisation_id}))
    lead = user_as(Role.LA_STRATEGIC_LEAD)
    result = build(lead, "reintegrated", scope)
    assert result.records.rows == [] and result.schools.rows == [] and result.others_with_none == 1
    b = records.area.school_b
    scope_b = Scope("school", f"school-{b.organisation_id}", b.name, frozenset({b.organisation_id}))
    rows = build(lead, "reintegrated", scope_b).records.rows
    assert [(r[1], r[-2], r[-1]) for r in rows] == [
        (records.p3.upn, "Returned to the home school", True),
        (records.p4.upn, "Placement breakdown", False),
    ]


def test_records_page_names_only_visible_pupils(records, client_as):
    response = client_as(Role.SCHOOL_LEADER).get(reverse("oversight:records", args=["pupils_in_ap"]))
    html = response.content.decode()
    assert records.p1.upn in html and records.p3.upn not in html
    assert "Brook High School" in html  # its count, not its pupils
    finance = (
        client_as(Role.LA_FINANCE_OFFICER).get(reverse("oversight:records", args=["pupils_in_ap"])).content.decode()
    )
    assert records.p1.upn not in finance and "shown only to people who can see those pupils" in finance


def test_unknown_figure_is_not_found(records, client_as):
    assert client_as(Role.LA_STRATEGIC_LEAD).get(reverse("oversight:records", args=["nothing"])).status_code == 404


def test_records_are_paginated(records, user_as):
    user = user_as(Role.LA_STRATEGIC_LEAD)
    first = build(user, "pupils_in_ap", page_number=1)
    assert first.page.paginator.count == 6 and len(first.records.rows) == 6
    everything = build(user, "pupils_in_ap", everything=True)
    assert everything.page is None and len(everything.records.rows) == 6


def test_a_partnership_chair_sees_its_own_schools_rows(records, user_as):
    result = build(user_as(Role.PARTNERSHIP_CHAIR), "exclusions")
    assert school_counts(result) == {"Ashton High School": 1, "Brook High School": 1}  # not Castle Primary's (p7)
    assert result.records is None
