"""Every page passes axe (WCAG 2.2 A and AA) in Chromium, signed in as each demo role.

The walk is generic, so new pages are checked as soon as they are in the menu. Signed in through
the sign-in form as the first demo sign-in of each role, it opens the home page, every service
navigation link, the first link in each menu page's table (a detail page) and each link styled as
a button (an "Add ..." form), then the register with a filter applied, the refusal page when the
role lacks the pupil list, and signs out.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from accounts.roles import Role
from tests.browser.conftest import (
    AxeRun,
    axe_problems,
    check_page,
    drain_trouble,
    menu_links,
    same_site_links,
    sign_in,
    sign_out,
    structure_problems,
    visit,
    watch,
    where,
)

PUPIL_DETAIL = re.compile(r"^/pupils/\d+/$")


class Walk:
    """Visits pages once each, collecting every problem instead of stopping at the first.

    Two tabs take turns: while axe checks one page, the next page loads in the other tab.
    """

    def __init__(self, page, person: dict):
        self.person = person
        self.tabs = [page, watch(page.context.new_page())]
        self.running: deque = deque()  # (tab, label, problems found before axe, AxeRun)
        self.visited: list[str] = []
        self.problems: list[str] = []

    def free_tab(self):
        busy = [tab for tab, *_ in self.running]
        free = [tab for tab in self.tabs if tab not in busy]
        if free:
            return free[0]
        return self.finish_one()

    def finish_one(self):
        tab, label, problems, run = self.running.popleft()
        problems = problems + axe_problems(run.violations()) + drain_trouble(tab)
        if problems:
            self.problems.append("\n".join([label, *problems]))
        return tab

    def finish(self) -> None:
        while self.running:
            self.finish_one()

    def check(self, tab) -> None:
        """Check the tab's page as it is now (axe runs on while the walk goes on)."""
        self.running.append((tab, f"{where(tab)} ({tab.title()}):", structure_problems(tab), AxeRun(tab)))

    def open(self, path: str, status: int = 200, harvest=None) -> list[str]:
        """Open and check ``path``; ``harvest(tab)`` reads links from it first. Returns what harvest found."""
        if path in self.visited:
            return []
        self.visited.append(path)
        tab = self.free_tab()
        drain_trouble(tab)
        try:
            response = tab.goto(path)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):  # a file to download, not a page
                return []
            raise
        if response is None or response.status != status:
            got = response.status if response else "nothing"
            self.problems.append(f"{path} answered {got}, expected {status}")
            return []
        found = harvest(tab) if harvest else []
        self.check(tab)
        return found

    def report(self) -> str:
        person = self.person
        return "\n".join(
            [f"Signed in as {person['email']} ({person['role_label']}, {person['organisation']}); pages visited:"]
            + [f"  {p}" for p in self.visited]
            + ["Problems:"]
            + self.problems
        )


def apply_register_filter(walk: Walk) -> None:
    """Filter the register through its form (only pupils with a flag) and check the result page."""
    tab = walk.free_tab()
    tab.goto(reverse("pupils:register"))
    tab.locator("summary", has_text="Filter the register").click()
    tab.get_by_label("Show", exact=True).select_option("yes")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Apply filters").click()
    walk.visited.append(where(tab))
    if "flagged=yes" not in tab.url:
        walk.problems.append(f"applying the register filter led to {where(tab)}")
    walk.check(tab)


def walk_as(page, person: dict) -> Walk:
    sign_in(page, person)
    who = page.locator(".custodian-account-bar").inner_text()
    menu = menu_links(page)
    walk = Walk(page, person)
    if person["role_label"] not in who or person["organisation"] not in who:
        walk.problems.append(f"the account bar does not name the role and organisation: {who!r}")
    if not menu or menu[0] != reverse("home"):
        walk.problems.append(f"the menu should start with Home: {menu}")

    def harvest(tab) -> list[str]:
        if menu_links(tab) != menu:
            walk.problems.append(f"{where(tab)}: the menu differs from the home page's: {menu_links(tab)}")
        detail = same_site_links(tab, "main table tbody a[href]")[:1]
        return detail + same_site_links(tab, "main a.govuk-button[href]")

    followed: list[str] = []
    for href in menu:
        followed += walk.open(href, harvest=harvest)
    for href in followed:
        walk.open(href)

    if reverse("pupils:register") in menu:
        apply_register_filter(walk)
    if reverse("pupils:list") in menu:
        if not any(PUPIL_DETAIL.match(urlsplit(p).path) for p in walk.visited):
            walk.problems.append("no pupil record was opened from the pupil list (is the list empty?)")
    else:
        walk.open(reverse("pupils:list"), status=403)
    walk.finish()

    walk.visited.append("sign out")
    try:
        sign_out(page)
    except AssertionError as exc:
        walk.problems.append(str(exc))
    return walk


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_page_passes_axe_for_each_demo_role(demo_area, new_page, role):
    walk = walk_as(new_page(), demo_area.person(role))
    assert len(walk.visited) >= 3, walk.report()
    assert not walk.problems, walk.report()


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
