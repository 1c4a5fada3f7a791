"""The demo area built once for this module (seed 7, today 16 March 2026), then checked."""

import datetime
import json
from collections import defaultdict
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.validators import EmailValidator
from django.db import transaction
from django.test import override_settings
from stdnum.gb import upn as stdnum_upn

from accounts.models import LocalAuthority, Membership, User
from accounts.roles import Role
from core.calendar import SchoolCalendar, academic_year_bounds
from core.models import AuditEvent
from providers.models import Provider
from pupils.models import EducationEpisode, EducationStatus, Pupil, Registration
from schools.models import LAESTAB_VALIDATOR, URN_VALIDATOR, School, SchoolRoll

TODAY = datetime.date(2026, 3, 16)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_area(django_db_setup, django_db_blocker):
    """Seed once; every test runs in a savepoint inside this transaction, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):  # as conftest
            call_command("seed_demo", "--seed", "7", "--today", TODAY.isoformat(), stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_summary_is_printed(demo_area):
    assert "Demo local area generated (seed 7, scale 1" in demo_area
    assert "pupils:" in demo_area


def test_the_la_is_trafford():
    la = LocalAuthority.objects.get()
    assert (la.la_code, la.ons_code, la.organisation.name) == ("358", "E08000009", "Trafford Council")


def test_schools_have_valid_unique_urns_and_laestabs():
    schools = list(School.objects.all())
    assert len(schools) > 80
    for school in schools:
        URN_VALIDATOR(school.urn)
        LAESTAB_VALIDATOR(school.laestab)
        assert school.laestab.startswith("358")
        assert 0 <= school.idaci_score <= 1 and school.lsoa_code.startswith("E01")
        assert school.partnership is not None
    assert len({s.urn for s in schools}) == len({s.laestab for s in schools}) == len(schools)
    assert not School.objects.filter(laestab__startswith="3586").exists()  # independent schools skipped
    assert not School.objects.filter(laestab__startswith="35811").exists()  # PRUs are providers


def test_pupil_referral_units_are_providers_with_their_urn():
    prus = Provider.objects.filter(provider_type=Provider.ProviderType.PRU)
    assert {p.urn for p in prus} == {"134046", "131134"}
    for provider in Provider.objects.all():
        provider.clean()


def test_rolls_add_up_to_the_published_numbers_on_roll():
    def total(phase, years):
        rolls = SchoolRoll.objects.filter(school__phase=phase, year_group__in=years)
        return sum(rolls.values_list("pupils", flat=True))

    assert total(School.Phase.PRIMARY, range(0, 7)) == 20224
    assert total(School.Phase.SECONDARY, range(7, 12)) == 17424


def test_every_role_has_a_demo_user_with_the_demo_password():
    roles = set(Membership.objects.filter(user__email__endswith=".demo.custodian.test").values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    validate = EmailValidator()
    for user in User.objects.filter(email__endswith=".demo.custodian.test"):
        validate(user.email)
    assert User.objects.get(email__startswith="amina.hussain").check_password(settings.DEMO_PASSWORD)
    leaders = Membership.objects.filter(role=Role.SCHOOL_LEADER)
    assert leaders.count() == 2 and len({m.organisation_id for m in leaders}) == 2
    staff = Membership.objects.get(role=Role.SCHOOL_STAFF)
    assert leaders.filter(organisation=staff.organisation, is_safeguarding_lead=True).exists()


def test_upns_are_valid_and_unique():
    upns = list(Pupil.objects.values_list("upn", flat=True))
    assert len(upns) > 1000
    assert len(set(upns)) == len(upns)
    assert all(stdnum_upn.is_valid(u) for u in upns)


def test_episodes_of_one_status_never_overlap():
    by_key = defaultdict(list)
    for e in EducationEpisode.objects.order_by("start_date"):
        by_key[(e.pupil_id, e.status)].append(e)
    for episodes in by_key.values():
        for before, after in zip(episodes, episodes[1:], strict=False):
            assert before.end_date is not None and before.end_date < after.start_date


def test_suspensions_fall_on_school_days_and_some_pass_45_days():
    cal = SchoolCalendar.load()
    first, last = academic_year_bounds(2025)
    totals = defaultdict(float)
    for e in EducationEpisode.objects.filter(status=EducationStatus.SUSPENDED):
        assert cal.is_school_day(e.start_date) and cal.is_school_day(e.end_date)
        assert e.sessions == 2 * cal.school_days_between(e.start_date, e.end_date)
        assert e.reason_code and e.school_id
        if first <= e.start_date <= last:
            totals[e.pupil_id] += e.sessions / 2
    assert any(t > 45 for t in totals.values())
    assert any(40 < t <= 45 for t in totals.values())


def test_overdue_cases_exist_for_the_register():
    current = EducationEpisode.objects.filter(start_date__lte=TODAY).exclude(end_date__lt=TODAY)
    assert current.filter(status=EducationStatus.PART_TIME_TIMETABLE, agreed_end_date__lt=TODAY).exists()
    assert current.filter(status=EducationStatus.PERMANENTLY_EXCLUDED, provision_start_date__isnull=True).exists()
    for status in (
        EducationStatus.IN_AP,
        EducationStatus.ELECTIVE_HOME_EDUCATION,
        EducationStatus.MISSING_EDUCATION,
        EducationStatus.MEDICAL,
        EducationStatus.AWAITING_PLACE,
        EducationStatus.DUAL_REGISTERED,
        EducationStatus.SUSPENDED,
    ):
        assert current.filter(status=status).exists(), status


def test_pupils_in_ap_at_the_pru_are_dual_registered():
    pru = Provider.objects.get(urn="134046").organisation
    at_pru = Registration.objects.filter(organisation=pru, enrolment_status="S", start_date__lte=TODAY).exclude(
        end_date__lt=TODAY
    )
    assert at_pru.exists()
    for registration in at_pru:
        main = Registration.objects.filter(pupil=registration.pupil, enrolment_status="M", start_date__lte=TODAY)
        assert main.exclude(end_date__lt=TODAY).exists()


def test_one_audit_line_for_the_generation():
    events = AuditEvent.objects.filter(summary__startswith="Demo local area generated")
    assert [e.summary for e in events] == ["Demo local area generated (seed 7, scale 1)"]


def test_if_empty_does_nothing_the_second_time():
    before = Pupil.objects.count()
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "already exists" in out.getvalue()
    assert Pupil.objects.count() == before and LocalAuthority.objects.count() == 1


def test_demo_users_json_lists_every_role_la_first():
    out = StringIO()
    call_command("demo_users", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {r["role"] for r in rows} == {r.value for r in Role}
    assert set(rows[0]) == {"email", "role", "role_label", "organisation", "password"}
    assert rows[0]["role"] == Role.LA_STRATEGIC_LEAD and rows[0]["password"] == settings.DEMO_PASSWORD
    text = StringIO()
    call_command("demo_users", stdout=text)
    assert "helen.brierley@trafford-council.demo.custodian.test" in text.getvalue()
