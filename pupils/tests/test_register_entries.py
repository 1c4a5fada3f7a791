"""Register entries in detail over a mix of registrations and episodes: school, partnership, statuses and flags."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from pupils.register import build_register
from pupils.tests.factories import EpisodeFactory, PupilFactory, RegistrationFactory

D = datetime.date
TODAY = D(2025, 11, 20)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2025, 11, 20, 10, 0), tick=False):
        yield


@pytest.fixture
def mix(area):
    a, b, c, provider = (
        area.school_a.organisation,
        area.school_b.organisation,
        area.school_c.organisation,
        area.provider.organisation,
    )
    pupils = {}

    # Dual registered: main at school A (North Locality), subsidiary at the provider, which started later.
    dual = pupils["dual"] = PupilFactory(legal_surname="Dual", preferred_forename="Dee")
    RegistrationFactory(pupil=dual, organisation=a, enrolment_status="M", start_date=D(2023, 9, 4))
    RegistrationFactory(pupil=dual, organisation=provider, enrolment_status="S", start_date=D(2025, 9, 8))
    EpisodeFactory(pupil=dual, status="dual", start_date=D(2025, 9, 8), school=a)
    EpisodeFactory(pupil=dual, status="part_time", start_date=D(2025, 10, 6), school=a)  # no agreed end

    # Subsidiary at school B (the later registration), main at school C, which has no partnership.
    main_c = pupils["main_c"] = PupilFactory(legal_surname="Main", date_of_birth=D(2019, 1, 5))
    RegistrationFactory(pupil=main_c, organisation=c, enrolment_status="M", start_date=D(2024, 9, 4))
    RegistrationFactory(pupil=main_c, organisation=b, enrolment_status="S", start_date=D(2025, 9, 8))
    EpisodeFactory(pupil=main_c, status="medical", start_date=D(2025, 10, 1), school=c)

    # Only the provider: a registration that is not a school's.
    at_provider = pupils["at_provider"] = PupilFactory(legal_surname="Provider")
    RegistrationFactory(pupil=at_provider, organisation=provider, start_date=D(2025, 9, 8))
    EpisodeFactory(pupil=at_provider, status="in_ap", start_date=D(2025, 9, 8), school=b)

    # Single registration at school B, and a later registration at the provider: the school is shown.
    twin = pupils["twin"] = PupilFactory(legal_surname="Twin")
    RegistrationFactory(pupil=twin, organisation=b, start_date=D(2023, 9, 4))
    RegistrationFactory(pupil=twin, organisation=provider, enrolment_status="S", start_date=D(2025, 9, 8))
    EpisodeFactory(pupil=twin, status="in_ap", start_date=D(2025, 9, 8), school=b)

    # Left school B in the summer: no current registration. Excluded by school A with provision two days late.
    excluded = pupils["excluded"] = PupilFactory(legal_surname="Excluded", sen_provision="E")
    RegistrationFactory(pupil=excluded, organisation=b, start_date=D(2022, 9, 5), end_date=D(2025, 7, 22))
    EpisodeFactory(
        pupil=excluded,
        status="excluded",
        start_date=D(2025, 11, 3),
        school=a,
        reason_code="PD",
        provision_start_date=D(2025, 11, 12),
    )

    # In school at A today, after suspensions this year past the 40-day warning.
    suspended = pupils["suspended"] = PupilFactory(legal_surname="Suspended")
    RegistrationFactory(pupil=suspended, organisation=a)
    for week in range(10):
        start = D(2025, 9, 8) + datetime.timedelta(weeks=week)
        if start == D(2025, 10, 27):  # half term
            continue
        EpisodeFactory(
            pupil=suspended,
            status="suspended",
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            sessions=10 if start != D(2025, 11, 3) else 7,
            school=a,
            reason_code="PD",
        )

    # Full-time at school A: not on the register.
    pupils["full_time"] = PupilFactory(legal_surname="Fulltime")
    RegistrationFactory(pupil=pupils["full_time"], organisation=a)
    return pupils


def summary(entry):
    return (
        entry.school_name,
        entry.partnership_name,
        entry.status_text,
        entry.since,
        entry.year_group,
        [f.key for f in entry.flags],
        entry.suspension_days,
    )


def test_entries_show_the_right_school_partnership_statuses_and_flags(user_as, mix):
    entries = {e.pupil.legal_surname: e for e in build_register(user_as("la_strategic_lead"), today=TODAY)}
    assert [e.pupil.legal_surname for e in entries.values()] == [
        "Dual",
        "Excluded",
        "Main",
        "Provider",
        "Suspended",
        "Twin",
    ]
    assert summary(entries["Dual"]) == (
        "Ashton High School",
        "North Locality",
        "Dual registered, Part-time timetable",
        D(2025, 9, 8),
        9,
        ["part_time_no_end"],
        0,
    )
    assert summary(entries["Main"]) == (
        "Castle Primary School",
        "",
        "Out of school for medical reasons (s19)",
        D(2025, 10, 1),
        2,
        [],
        0,
    )
    assert summary(entries["Provider"]) == (
        "Riverside Learning Centre",
        "",
        "In alternative provision",
        D(2025, 9, 8),
        9,
        [],
        0,
    )
    assert summary(entries["Twin"]) == (
        "Brook High School",
        "North Locality",
        "In alternative provision",
        D(2025, 9, 8),
        9,
        [],
        0,
    )
    assert summary(entries["Excluded"]) == (
        "No school",
        "",
        "Permanently excluded",
        D(2025, 11, 3),
        9,
        ["pex_provision"],
        0,
    )
    assert entries["Excluded"].flags[0].text == (
        "Full-time provision started 2 school days late (LA duty from the 6th school day)"
    )
    assert summary(entries["Suspended"]) == (
        "Ashton High School",
        "North Locality",
        "Full-time in mainstream school",
        None,
        9,
        ["suspension_over_40"],
        43.5,
    )
    assert entries["Dual"].pupil.full_name == "Dee Dual"


def test_a_school_sees_pupils_on_its_roll_or_in_its_care(user_as, area, mix):
    school_a = {e.pupil.legal_surname for e in build_register(user_as("school_leader"), today=TODAY)}
    assert school_a == {"Dual", "Excluded", "Suspended"}
    school_b = user_as("school_leader", area.school_b.organisation)
    assert {e.pupil.legal_surname for e in build_register(school_b, today=TODAY)} == {"Main", "Provider", "Twin"}
    provider = user_as("provider_staff")
    assert {e.pupil.legal_surname for e in build_register(provider, today=TODAY)} == {"Dual", "Provider", "Twin"}


def test_csv_export_and_pupil_list_show_the_same_settings(client_as, mix):
    client = client_as("la_strategic_lead")
    rows = {
        r["Surname"]: r
        for r in csv.DictReader(io.StringIO(client.get(reverse("pupils:register-export")).content.decode()))
    }
    assert (rows["Dual"]["School"], rows["Dual"]["Partnership or locality"]) == ("Ashton High School", "North Locality")
    assert (rows["Main"]["School"], rows["Main"]["Partnership or locality"]) == ("Castle Primary School", "")
    assert rows["Excluded"]["SEN provision"] == "E" and rows["Excluded"]["Overdue"] == "yes"
    assert rows["Suspended"]["Suspension days this year"] == "43.5"
    page = client.get(reverse("pupils:list")).content.decode()
    # The pupil list shows every current setting, the latest registration first.
    assert "Riverside Learning Centre, Ashton High School" in page
    assert "Brook High School, Castle Primary School" in page
