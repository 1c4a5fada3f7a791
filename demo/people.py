"""The demo sign-ins: one person for every role, all with the password in settings.DEMO_PASSWORD.

The people are invented. Their addresses are firstname.lastname@<organisation-slug>.demo.custodian.test
(".test" is reserved, so no mail can ever reach anyone). The school leader and school staff
member share a secondary school; a second school leader at another secondary school shows how
each school sees only its own pupils.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from accounts.models import Membership, Organisation, PartnerService, User
from accounts.roles import Role
from demo.trafford import Area
from schools.models import School

DEMO_EMAIL_DOMAIN = ".demo.custodian.test"
FIRST_SCHOOL = "Stretford High School"
SECOND_SCHOOL = "Sale High School"
CHAIR_LOCALITY = "North"


@dataclass(frozen=True)
class DemoPerson:
    full_name: str
    role: str
    where: str  # la, school, second_school, locality, pru, early_help
    safeguarding_lead: bool = False


PEOPLE = (
    DemoPerson("Helen Brierley", Role.LA_STRATEGIC_LEAD, "la"),
    DemoPerson("Daniel Okafor", Role.LA_INCLUSION_OFFICER, "la"),
    DemoPerson("Priya Chauhan", Role.LA_FINANCE_OFFICER, "la"),
    DemoPerson("Martin Kowalski", Role.LA_QA_OFFICER, "la"),
    DemoPerson("Sarah Whitworth", Role.ADMINISTRATOR, "la"),
    DemoPerson("Amina Hussain", Role.SCHOOL_LEADER, "school", safeguarding_lead=True),
    DemoPerson("Tom Gallagher", Role.SCHOOL_STAFF, "school"),
    DemoPerson("Rebecca Lord", Role.SCHOOL_LEADER, "second_school"),
    DemoPerson("Graham Ashworth", Role.PARTNERSHIP_CHAIR, "locality"),
    DemoPerson("Joanne McCarthy", Role.PROVIDER_MANAGER, "pru"),
    DemoPerson("Kyle Bennett", Role.PROVIDER_STAFF, "pru"),
    DemoPerson("Fatima Begum", Role.PARTNER_PRACTITIONER, "early_help"),
)


def demo_email(full_name: str, organisation: Organisation) -> str:
    local = ".".join(slugify(part) for part in full_name.split())
    return f"{local}@{slugify(organisation.name)}{DEMO_EMAIL_DOMAIN}"


def _secondary(area: Area, name: str, avoid: Organisation | None = None) -> Organisation:
    secondaries = [s for s in area.schools if s.phase == School.Phase.SECONDARY and s.organisation != avoid]
    named = [s for s in secondaries if s.name == name]
    return (named or secondaries)[0].organisation


def organisations_for(area: Area) -> dict[str, Organisation]:
    first = _secondary(area, FIRST_SCHOOL)
    return {
        "la": area.la.organisation,
        "school": first,
        "second_school": _secondary(area, SECOND_SCHOOL, avoid=first),
        "locality": area.localities[CHAIR_LOCALITY].organisation,
        "pru": area.pru.organisation,
        "early_help": area.partner_services[PartnerService.ServiceType.EARLY_HELP].organisation,
    }


def create_demo_users(area: Area) -> list[User]:
    """One user and membership per demo person. The password is hashed once and shared."""
    password = make_password(settings.DEMO_PASSWORD)
    places = organisations_for(area)
    users = User.objects.bulk_create(
        [User(email=demo_email(p.full_name, places[p.where]), full_name=p.full_name, password=password) for p in PEOPLE]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, organisation=places[p.where], role=p.role, is_safeguarding_lead=p.safeguarding_lead)
            for u, p in zip(users, PEOPLE, strict=True)
        ]
    )
    return users
