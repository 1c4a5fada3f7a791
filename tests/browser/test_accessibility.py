"""Every page of the service passes axe (WCAG 2.2 A and AA) in Chromium, and none is missed.

Signed in through the sign-in form as the first demo sign-in of each role, a walk opens the home
page and every service navigation link, applies the register's filter when the role has the
register, opens the refusal page when the role lacks the pupil list, and signs out. As the most
privileged role of each kind of organisation (CRAWLED_ROLES) it also crawls the service
breadth-first (tests/browser/crawl.py): every same-site link in <main>, the menus, the back links
and the footer, each URL name opened once, files fetched and their content types checked; for a
provider's people, from their own provider's page too, which the directory must link. Pages must
answer 200 and have a <title>, one h1, the same menu as the home page, no console errors or failed
requests, and no axe violations.

A crawl opens the first record of each kind it finds, but what a record's page links to depends
on its state: a returned request links to "Move back to draft", a proposed placement to "Add a
provider". So the strategic lead also crawls from a record in each such state, making the few the
demo area lacks. Signed out, the one-time links (setting a password, the family survey) are
opened. Last, the coverage test checks that all these walks opened every URL pattern of the
project, except those in NOT_CRAWLED, each with the reason.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from django.forms.models import model_to_dict
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from accounts.roles import PROVIDER_ROLES, OrganisationKind, Role
from accounts.services import add_membership, invite_person
from api.services import create_token
from funding import services as funding
from funding.models import AgreementStatus, FundingYear, ServiceLevelAgreement
from panels.models import AgendaItem, Decision, Meeting
from placements import services as placements
from placements.models import Placement, PlacementStatus, Respondent
from placements.rules import PLACEMENT_DECISION_TIERS
from placements.services_survey import create_survey_invitation
from providers.models import NoticeToImprove, Provider, Visit, VisitAction
from referrals.models import Request, Status
from tests.browser.conftest import check_page, sign_in, sign_out, visit, where
from tests.browser.crawl import Crawl

# The most privileged demo role of each kind of organisation with pages of its own: together they
# hold every permission. The other roles' permissions are subsets of these (a partnership chair's,
# a partner practitioner's and the administrator's of the strategic lead's).
CRAWLED_ROLES = {r.value for r in (Role.LA_STRATEGIC_LEAD, Role.SCHOOL_LEADER, Role.PROVIDER_MANAGER)}
OTHER_STATES = "records in other states"
ONE_TIME_LINKS = "one-time links"
WALKS = [r.value for r in Role] + [OTHER_STATES, ONE_TIME_LINKS]

# URL names no walk opens, and why.
NOT_CRAWLED = {
    "accounts:sign-out": "POST only: every walk ends by pressing Sign out, and the sign-in page must follow",
    "api:placements": "JSON for providers' systems, with token authentication (api/tests)",
    "api:attendance": "JSON for providers' systems, with token authentication (api/tests)",
    "funding:agreement-decide": "the school's decision form on a pending agreement's page posts here; shown alone "
    "only with its errors, and nothing links to it",
    "panels:conclude": "linked from a scheduled meeting on or after its day; the demo area's are all ahead "
    "(tests/browser/test_journey_pupil.py makes the minutes final)",
    "panels:decide": "linked from a case on a scheduled meeting on or after its day; the demo area's are all ahead "
    "(tests/browser/test_journey_pupil.py records a decision)",
    "placements:start": "linked from an agreed placement; the demo area has none, and agreeing one needs a learner "
    "profile (tests/browser/test_journey_pupil.py starts one)",
    "referrals:attachment": "the demo area has no documents attached to requests (a download)",
    "referrals:attachment-remove": "the demo area has no documents attached to requests",
}

CHECKED: dict[str, set[str]] = {}  # walk -> the URL names it checked or fetched; filled by the tests below


def apply_register_filter(crawl: Crawl) -> None:
    """Filter the register through its form (only pupils with a flag) and check the result page."""
    tab = crawl.free_tab()
    tab.goto(reverse("pupils:register"))
    tab.locator("summary", has_text="Filter the register").click()
    tab.get_by_label("Show", exact=True).select_option("yes")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Apply filters").click()
    crawl.visited.append(where(tab))
    if "flagged=yes" not in tab.url:
        crawl.problems.append(f"applying the register filter led to {where(tab)}")
    crawl.check(tab)


def open_own_provider_page(crawl: Crawl) -> None:
    """A provider's people keep their offer current on their provider's page: the directory links it."""
    tab = crawl.free_tab()
    tab.goto(reverse("providers:directory"))
    link = tab.locator("main").get_by_role("link", name="Your provider's page", exact=True)
    if link.count() != 1:
        crawl.problems.append("the provider directory does not link to the person's own provider's page")
        return
    crawl.open(link.get_attribute("href"), found_on=" (their own provider)")


def walk_as(page, person: dict, deep: bool) -> Crawl:
    """The menu walk (and the crawl, when ``deep``) as ``person``; sign-in and sign-out included.

    Every walk checks the person's own menu pages; a crawl then checks only the URL names that no
    earlier crawl (as another person) checked, though it reads the links on all it reaches.
    """
    sign_in(page, person)
    crawl = Crawl(page, person)
    crawl.checked["accounts:sign-in"] = reverse("accounts:sign-in")  # sign_in checked it
    who = page.locator(".custodian-account-bar").inner_text()
    if person["role_label"] not in who or person["organisation"] not in who:
        crawl.problems.append(f"the account bar does not name the role and organisation: {who!r}")
    if not crawl.menu or crawl.menu[0] != reverse("home"):
        crawl.problems.append(f"the menu should start with Home: {crawl.menu}")

    for href in crawl.menu:
        crawl.open(href, found_on=" (in the menu)")
    if deep:
        crawl.checked_before = frozenset().union(*CHECKED.values())
        crawl.follow_links()
        if person["role"] in PROVIDER_ROLES:
            open_own_provider_page(crawl)
            crawl.follow_links()
    if reverse("pupils:register") in crawl.menu:
        apply_register_filter(crawl)
    if reverse("pupils:list") not in crawl.menu:
        crawl.open(reverse("pupils:list"), status=403)
    elif deep and "pupils:detail" not in crawl.seen:
        crawl.problems.append("no pupil record was reached from the pupil list (is the list empty?)")
    crawl.finish()

    crawl.visited.append("sign out")
    try:
        page.goto(reverse("home"))  # the last thing this tab opened may have been a file
        sign_out(page)
    except AssertionError as exc:
        crawl.problems.append(str(exc))
    return crawl


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_page_passes_axe_for_each_demo_role(demo_area, new_page, role):
    crawl = walk_as(new_page(), demo_area.person(role), deep=role in CRAWLED_ROLES)
    CHECKED[role] = set(crawl.checked)
    assert len(crawl.visited) >= 3, crawl.report()
    assert not crawl.problems, crawl.report()


# --- Records in other states -------------------------------------------------------------


def records_the_demo_area_has() -> list[tuple[str, object]]:
    """(URL name, record) for a record in each state whose page links to pages a first-found one may not."""
    scheduled = Meeting.Status.SCHEDULED
    placement_decisions = Decision.objects.filter(
        outcome__in=PLACEMENT_DECISION_TIERS, provider__isnull=False, request__isnull=False
    )
    ended = Placement.objects.filter(status=PlacementStatus.ENDED)
    return [
        ("referrals:detail", Request.objects.filter(status=Status.RETURNED).first()),
        ("referrals:detail", Request.objects.filter(status=Status.SUBMITTED).first()),
        ("referrals:detail", Request.objects.filter(status=Status.TRIAGED).first()),
        ("panels:meeting", Meeting.objects.filter(status=scheduled, items__kind=AgendaItem.Kind.CASE).first()),
        ("panels:decision", placement_decisions.exclude(placements__isnull=False).first()),
        ("placements:detail", ended.filter(return_plan__checks__isnull=False).first()),
        ("placements:detail", ended.filter(destinations__isnull=False).first()),
        ("providers:visit-detail", Visit.objects.filter(actions__status=VisitAction.Status.OPEN).first()),
        ("providers:detail", Provider.objects.filter(notices__status=NoticeToImprove.Status.OPEN).first()),
    ]


def records_the_demo_area_lacks(lead: User, manager: Membership) -> list[str]:
    """Make, through the services, a record in each state the demo area has none in.

    A proposed placement, next year's agreements waiting for the schools, the year after in draft
    with allocations, an API token in use, and a second role for the lead (so the account bar
    links to "Switch organisation").
    """
    busy = Placement.objects.filter(status__in=["proposed", "agreed", "active"]).values("pupil")
    ended = Placement.objects.filter(status=PlacementStatus.ENDED).exclude(pupil__in=busy).order_by("pk").first()
    part = ended.components.first()
    proposed = placements.create_placement(
        by=lead,
        pupil=ended.pupil,
        home_school=ended.home_school,
        commissioner=ended.commissioner,
        funder=ended.funder,
        tier=ended.tier,
        start_date=timezone.localdate() + datetime.timedelta(days=7),
        objectives=ended.objectives,
        reintegration_plan=ended.reintegration_plan or "Back to school after a term.",
        registration_arrangement=ended.registration_arrangement,
        components=[{"provider": part.provider, "programme": part.programme, "sessions": part.sessions}],
    )
    this_year = FundingYear.objects.order_by("-academic_year").first()
    settings = model_to_dict(this_year, fields=funding.YEAR_FIELDS)
    years = []
    for offset in (1, 2):
        year = funding.create_funding_year(by=lead, academic_year=this_year.academic_year + offset, **settings)
        funding.run_formula(by=lead, funding_year=year)
        years.append(year)
    funding.confirm_funding_year(by=lead, funding_year=years[0])
    funding.save_terms(by=lead, funding_year=years[0], **funding.suggested_terms(years[0]))
    funding.issue_agreements(by=lead, funding_year=years[0])
    create_token(by=lead, membership=manager, name="Attendance system")
    # A person acts in the first of their roles by organisation name until they switch.
    la = lead.memberships.get().organisation
    school = Organisation.objects.filter(kind=OrganisationKind.SCHOOL, name__gt=la.name).order_by("name").first()
    add_membership(by=lead, user=lead, organisation=school, role=Role.SCHOOL_STAFF)
    pending = ServiceLevelAgreement.objects.filter(status=AgreementStatus.PENDING).order_by("pk").first()
    return [
        reverse("placements:detail", args=[proposed.pk]),
        reverse("funding:year", args=[years[1].pk]),
        reverse("funding:agreement", args=[pending.pk]),
        reverse("api:tokens"),
    ]


def test_pages_of_records_in_other_states_pass_axe(demo_area, new_page):
    """Crawl from a record in each state, checking the pages that no crawl above reached."""
    person = demo_area.person(Role.LA_STRATEGIC_LEAD)
    lead = User.objects.get(email=person["email"])
    manager = Membership.objects.get(user__email=demo_area.person(Role.PROVIDER_MANAGER)["email"])
    found = records_the_demo_area_has()
    missing = [name for name, record in found if record is None]
    starts = [reverse(name, args=[record.pk]) for name, record in found if record is not None]
    starts += records_the_demo_area_lacks(lead, manager)
    page = new_page()
    sign_in(page, person)
    assert person["role_label"] in page.locator(".custodian-account-bar").inner_text()
    crawl = Crawl(page, person, checked_before=frozenset().union(*CHECKED.values()), read_checked=False)
    for path in starts:
        crawl.open(path, found_on=" (a record in another state)", check=True)
    crawl.follow_links()
    crawl.finish()
    CHECKED[OTHER_STATES] = set(crawl.checked)
    assert not missing, f"the demo area has no record in the state needed for: {missing}"
    assert not crawl.problems, crawl.report()


def test_one_time_links_pass_axe(demo_area, new_page):
    """The link an invitation sends to set a password, and the survey link sent to a family."""
    lead = User.objects.get(email=demo_area.person(Role.LA_STRATEGIC_LEAD)["email"])
    _person, link = invite_person(
        by=lead,
        email="new.officer@example.org",
        full_name="Nia Officer",
        role=Role.LA_INCLUSION_OFFICER,
        organisation=lead.memberships.get().organisation,
    )
    ended = Placement.objects.filter(status=PlacementStatus.ENDED).order_by("pk").first()
    _invitation, token = create_survey_invitation(by=lead, placement=ended, respondent=Respondent.FAMILY)
    page = new_page()
    visit(page, urlsplit(link).path)
    assert "Your account is new.officer@example.org" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Set password").is_visible()
    visit(page, reverse("placements:survey", args=[token]))
    assert page.get_by_role("button", name="Send my answers").is_visible()
    CHECKED[ONE_TIME_LINKS] = {"accounts:set-password", "placements:survey"}


# --- Coverage ------------------------------------------------------------------------------


def url_names(resolver=None, namespace: str = "") -> list[str]:
    """Every named URL pattern of the project, namespaced as resolve() names them."""
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern, inner)
        elif pattern.name:
            names.append(namespace + pattern.name)
    return names


def test_the_walks_open_every_page_of_the_service():
    """Run after the walks above: a page no walk reached is missing a link, or needs a reason here."""
    not_run = [walk for walk in WALKS if walk not in CHECKED]
    assert not not_run, f"these walks did not run, or stopped early: {', '.join(not_run)}"
    checked = set().union(*CHECKED.values())
    names = set(url_names())
    unknown = sorted(set(NOT_CRAWLED) - names)
    assert not unknown, f"NOT_CRAWLED names URL patterns the project does not have: {unknown}"
    reached = sorted(set(NOT_CRAWLED) & checked)
    assert not reached, f"the walks did open these, so take them out of NOT_CRAWLED: {reached}"
    missing = sorted(names - checked - set(NOT_CRAWLED))
    assert not missing, (
        f"{len(missing)} of {len(names)} URL names were reached by no walk (is a link missing?), "
        f"nor listed in NOT_CRAWLED with a reason:\n  " + "\n  ".join(missing)
    )


# --- The sign-in page --------------------------------------------------------------------


def test_govuk_frontend_styles_fonts_and_scripts_load(new_page):
    """A broken asset path fails here: GOV.UK styles, the GDS Transport font and the JavaScript all load."""
    page = new_page()
    visit(page, reverse("accounts:sign-in"))
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" in font, f"the h1's font is {font!r}: govuk-frontend.min.css did not load"
    # Without the stylesheet the header would be transparent; GOV.UK Frontend paints it.
    header = page.evaluate("getComputedStyle(document.querySelector('.govuk-template__header > div')).backgroundColor")
    assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "the header has no background: CSS did not load"
    loaded = "document.fonts.ready.then(fs => [...fs].filter(f => f.status === 'loaded').map(f => f.family))"
    assert any("GDS Transport" in family for family in page.evaluate(loaded)), "the GDS Transport font did not load"
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')"), (
        "inline script blocked (CSP nonce?)"
    )
    # govuk-frontend.min.js shows the password "Show" button when it initialises the component.
    assert page.get_by_role("button", name="Show password").is_visible(), "GOV.UK Frontend JavaScript did not run"


def test_sign_in_errors_pass_axe(new_page):
    page = new_page()
    visit(page, reverse("accounts:sign-in"))
    page.get_by_label("Email address", exact=True).fill("not an email address")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").is_visible()
    check_page(page)
