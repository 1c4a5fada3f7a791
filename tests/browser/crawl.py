"""A crawler for the accessibility tests: it opens pages in Chromium and checks each one.

``Crawl(page, person)`` keeps every problem it finds instead of stopping at the first. Two tabs
take turns: while axe checks one page, the next page loads in the other tab.

``crawl.open(path)`` opens and checks one page: status, <title>, one h1, the same menu as the
home page, console errors and failed requests, axe. ``crawl.follow_links()`` then goes
breadth-first through the same-site links in <main>, the menus, the back link and the footer of
every page it opens, opening each URL name (``resolve(path).view_name``) once: the first link
found to it.

Files (CSV, XLSX, PDF and uploaded documents) are fetched, not opened, and must answer 200 with
the right content type. A link with a query string (a filter, a later page of a list) is only
opened when no link without one leads to its URL name. URL names in ``checked_before`` (checked by
an earlier crawl) are not checked again: their pages are opened only to read their links, or with
``read_checked=False`` not at all.
"""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import (
    AxeRun,
    axe_problems,
    drain_trouble,
    menu_links,
    structure_problems,
    watch,
    where,
)

# Links followed: the page's main content, the menu, the account bar, the back link and the footer.
LINKS = (
    "main a[href], .govuk-service-navigation a[href], .custodian-account-bar a[href], a.govuk-back-link[href],"
    " footer a[href]"
)
READ_LINKS = """links => links.map(a => ({
  path: a.pathname, query: a.search, download: a.hasAttribute('download'), sameSite: a.origin === location.origin
}))"""
FILE_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
}


def url_name(path: str) -> str | None:
    """The namespaced URL name a path resolves to, or None if it resolves to nothing."""
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class Crawl:
    """Opens pages as one signed-in person in two tabs, collecting every problem (see the module)."""

    def __init__(self, page, person: dict, checked_before=frozenset(), read_checked: bool = True):
        self.person = person
        self.checked_before = frozenset(checked_before)
        self.read_checked = read_checked
        self.tabs = [page, watch(page.context.new_page())]
        self.running: deque = deque()  # (tab, label, problems found before axe, AxeRun)
        self.menu = menu_links(page)
        self.checked: dict[str, str] = {}  # URL name -> the path checked (or file fetched) for it
        self.seen: set[str] = set()  # URL names opened, checked or not
        self.visited: list[str] = []
        self.problems: list[str] = []
        self.queue: deque = deque()  # (path, where it was found), a URL name not yet seen
        self.queued: set[str] = set()
        self.with_query: dict[str, tuple[str, str]] = {}  # URL name -> first link to it with a query string

    # --- Two tabs taking turns -------------------------------------------------------------

    def free_tab(self):
        busy = [tab for tab, *_ in self.running]
        free = [tab for tab in self.tabs if tab not in busy]
        return free[0] if free else self.finish_one()

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
        """Check the tab's page as it is now (axe runs on while the crawl goes on)."""
        problems = structure_problems(tab)
        menu = menu_links(tab)
        if menu != self.menu:
            problems.append(f"the menu differs from the home page's: {menu}")
        self.running.append((tab, f"{where(tab)} ({tab.title()}):", problems, AxeRun(tab)))

    # --- Opening pages and fetching files --------------------------------------------------

    def open(self, path: str, status: int = 200, found_on: str = "", check: bool | None = None) -> None:
        """Open ``path`` in a free tab, read its links (when it answered 200) and check it.

        ``check`` False only reads the links; by default a URL name in ``checked_before`` is not checked.
        """
        name = url_name(urlsplit(path).path)
        glance = status == 200 and (name in self.checked_before if check is None else not check)
        self.visited.append(path + (" (links read; checked before)" if glance else ""))
        tab = self.free_tab()
        drain_trouble(tab)
        try:
            response = tab.goto(path)
        except PlaywrightError as exc:
            if "Download is starting" not in str(exc):
                raise
            self.fetch(path, found_on)
            return
        if response is None or response.status != status:
            got = response.status if response else "nothing"
            self.problems.append(f"{path}{found_on} answered {got}, expected {status}")
            return
        if not response.headers.get("content-type", "").startswith("text/html"):  # a file, such as JSON
            self.visited[-1] += f" ({response.headers.get('content-type')})"
            self.checked.setdefault(name, path)
            return
        if status == 200:
            self.seen.add(name)
            self.harvest(tab)
        if glance:
            drain_trouble(tab)
            return
        if status == 200:
            self.checked.setdefault(name, path)
        self.check(tab)

    def fetch(self, path: str, found_on: str = "") -> None:
        """Fetch a file: it must answer 200, as an attachment of the type its name ends with."""
        self.visited.append(f"{path} (fetched)")
        name = url_name(urlsplit(path).path)
        self.seen.add(name)
        response = self.tabs[0].request.get(path)
        content_type = response.headers.get("content-type", "")
        suffix = next((s for s in FILE_TYPES if urlsplit(path).path.endswith(s)), None)
        if response.status != 200:
            self.problems.append(f"{path}{found_on} answered {response.status}, expected 200")
        elif suffix and not content_type.startswith(FILE_TYPES[suffix]):
            self.problems.append(f"{path}{found_on} answered {content_type!r}, expected {FILE_TYPES[suffix]}")
        elif not suffix and content_type.startswith("text/html"):
            self.problems.append(f"{path}{found_on} should be a file to download but is a page")
        else:
            self.checked.setdefault(name, path)

    # --- Following links, breadth-first ----------------------------------------------------

    def harvest(self, tab) -> None:
        """Queue the links on the tab's page whose URL names are new to this crawl."""
        here = f" (linked from {where(tab)})"
        for link in tab.eval_on_selector_all(LINKS, READ_LINKS):
            if not link["sameSite"]:
                continue
            path, query = link["path"], link["query"]
            name = url_name(path)
            if name is None:
                self.problems.append(f"{path}{query}{here} is a broken link: no URL pattern matches it")
            elif name in self.seen or name in self.queued or name in self.checked_before and not self.read_checked:
                continue
            elif link["download"] or any(path.endswith(suffix) for suffix in FILE_TYPES):
                if name not in self.checked_before:
                    self.fetch(path + query, here)
            elif query:
                self.with_query.setdefault(name, (path + query, here))
            else:
                self.queued.add(name)
                self.queue.append((path, here))

    def follow_links(self) -> None:
        """Open every URL name linked from the pages opened so far, and from the pages they lead to."""
        while self.queue or self.with_query:
            if self.queue:
                path, found_on = self.queue.popleft()
            else:
                path, found_on = self.with_query.pop(next(iter(self.with_query)))
            name = url_name(urlsplit(path).path)
            self.with_query.pop(name, None)
            if name not in self.seen:
                self.open(path, found_on=found_on)

    def report(self) -> str:
        person = self.person
        return "\n".join(
            [f"Signed in as {person['email']} ({person['role_label']}, {person['organisation']}); pages visited:"]
            + [f"  {p}" for p in self.visited]
            + ["Problems:"]
            + self.problems
        )
