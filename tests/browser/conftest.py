"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live_server.

Every test collected under tests/browser/ is automatically marked ``browser`` and given a
transactional database with serialized rollback (the live server only sees committed rows; the reference data
loaded by migrations is put back after each flush). Without Chromium they are skipped, unless
REQUIRE_BROWSER=1, when they fail.

Reuse these in browser tests of new pages (``from tests.browser.conftest import visit, ...``):

    sign_in(page, person)          sign in through the real form (person: a demo_area sign-in)
    visit(page, path, status=200)  open a page; check status, <title>, one h1, console and axe
    check_page(page)               the same checks on the page as it is now (after a click)
    check_axe(page)                axe (WCAG 2.2 A and AA) only; fails listing every violation
    AxeRun(page).violations()      axe started just after the call, read later (another page can load meanwhile)
    menu_links(page)               hrefs of the service navigation
    sign_out(page)                 press "Sign out"; check the sign-in page it lands on

Fixtures: ``demo_area`` (the demo local area built for the test, with its sign-ins), ``browser``
(one Chromium for all of tests/browser/) and ``new_page`` (a page in a fresh context, on the live server).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.browser import snapshots

BROWSER_TESTS = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 20_000
DEMO_SEED = "1"
_seeded: dict = {}  # (vendor, database, today) -> (a snapshots copy of the seeded database, its sign-ins)


# --- Finding Chromium; marking, grouping and skipping the tests ------------------------------


def chromium_path() -> str | None:
    """CHROMIUM_PATH if set, else Debian's /usr/bin/chromium, else chromium on the PATH."""
    configured = os.environ.get("CHROMIUM_PATH", "").strip()
    candidates = [configured] if configured else ["/usr/bin/chromium", shutil.which("chromium") or ""]
    return next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip() == "1"


def missing_chromium_reason() -> str:
    configured = os.environ.get("CHROMIUM_PATH", "").strip()
    where = f"CHROMIUM_PATH={configured} is not an executable file" if configured else "no /usr/bin/chromium"
    return f"Chromium not found ({where}); install it with: sudo apt-get install chromium (or bash scripts/install-browser.sh)"


def pytest_itemcollected(item):
    """Mark each browser test as it is collected. (`make test` runs the suite with --dist loadfile,
    so each module's tests share one worker, its Chromium and its copy of the demo area.)"""
    if BROWSER_TESTS not in Path(item.path).resolve().parents:
        return
    item.add_marker(pytest.mark.browser)
    item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
    if chromium_path() is None and not browser_required():
        item.add_marker(pytest.mark.skip(reason=missing_chromium_reason()))


# --- One Chromium for all the browser tests; a fresh context per page ------------------------


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One Chromium for all the browser tests, closed after the last (so Django's async guard returns)."""
    path = chromium_path()
    if path is None:
        message = missing_chromium_reason()
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
    # Playwright's sync API marks an event loop as running in this thread between its calls. So
    # Django's ORM would refuse to run here (SynchronousOnlyOperation) although nothing is
    # asynchronous, and Django keeps a second set of connections for "async" code in this thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        c.alias: c._test_serialized_contents for c in connections.all() if hasattr(c, "_test_serialized_contents")
    }
    playwright = sync_playwright().start()
    try:
        # The second set lacks the rows serialized at set-up, so serialized rollback would do nothing.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        try:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as exc:
            pytest.fail(f"Chromium at {path} would not start: {exc}", pytrace=False)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def reset_to_migrated_rows(django_db_blocker) -> None:
    """Empty the database and put back the rows the migrations loaded (reference codes, content types)."""
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                call_command(
                    "flush", database=connection.alias, interactive=False, verbosity=0, inhibit_post_migrate=True
                )
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="package", autouse=True)
def _migrated_rows_before_and_after(django_db_setup, django_db_blocker):
    """Start from, and leave behind, the database as migrations left it.

    Each transactional test ends by emptying the database; serialized rollback restores the
    migrations' rows when the next one starts, which needs them to keep their primary keys. A
    transactional test elsewhere without serialized rollback may have run first on this worker
    (its flush recreates content types under new keys), and other tests may run after these.
    """
    reset_to_migrated_rows(django_db_blocker)
    yield
    reset_to_migrated_rows(django_db_blocker)
    for copy, _sign_ins in _seeded.values():
        copy.close()
    _seeded.clear()


@pytest.fixture
def new_page(browser, live_server):
    """new_page() -> a Playwright page in a new context (own cookies), based at the live server."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return watch(context.new_page())

    yield make
    for context in contexts:
        context.close()


# --- The demo local area ---------------------------------------------------------------------


@dataclass
class DemoArea:
    today: datetime.date
    sign_ins: list[dict]  # {email, role, role_label, organisation, password}, as demo_users --json

    def people(self, role: str) -> list[dict]:
        return [s for s in self.sign_ins if s["role"] == str(role)]

    def person(self, role: str, index: int = 0) -> dict:
        people = self.people(role)
        assert len(people) > index, f"the demo area has no sign-in number {index + 1} for the role {role}"
        return people[index]


@pytest.fixture
def demo_area(live_server, browser):
    """The demo area, built around the real today (pages compute flags from today's date).

    Function scope: the live server only sees committed rows, so each test is transactional and
    the database is emptied after it. seed_demo takes seconds, so the first test keeps a copy of
    the seeded database (tests/browser/snapshots.py) and later tests put that back instead.
    """
    from django.db import connection

    today = timezone.localdate()
    key = (connection.vendor, connection.settings_dict["NAME"], today)
    if key in _seeded:
        copy, sign_ins = _seeded[key]
        copy.restore(connection)
        return DemoArea(today=today, sign_ins=sign_ins)
    call_command("seed_demo", "--seed", DEMO_SEED, "--today", today.isoformat(), stdout=StringIO())
    out = StringIO()
    call_command("demo_users", "--json", stdout=out)
    sign_ins = json.loads(out.getvalue())
    assert sign_ins, "demo_users --json listed no sign-ins after seed_demo"
    copy = snapshots.take(connection)
    if copy is not None:
        _seeded[key] = (copy, sign_ins)
    return DemoArea(today=today, sign_ins=sign_ins)


# --- Checking pages --------------------------------------------------------------------------

_trouble: dict = {}  # page -> problems seen by its listeners (console errors, failed requests)


def watch(page):
    """Record console errors, uncaught script errors and failed same-origin requests on ``page``."""
    trouble = _trouble.setdefault(page, [])
    origin = None

    def same_origin(url: str) -> bool:
        nonlocal origin
        origin = origin or urlsplit(page.url).netloc
        return urlsplit(url).netloc == origin

    def on_console(message):
        # A refused document (403, 404) is reported by Chromium as a console error; statuses are checked apart.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            trouble.append(f"console error: {message.text}")

    def on_response(response):
        if response.request.resource_type != "document" and response.status >= 400 and same_origin(response.url):
            trouble.append(f"{response.request.method} {urlsplit(response.url).path} answered {response.status}")

    def on_request_failed(request):
        if same_origin(request.url):
            trouble.append(f"request failed: {urlsplit(request.url).path} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: trouble.append(f"script error: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("close", lambda _page: _trouble.pop(page, None))
    return page


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
_axe = None


def axe():
    """The axe-playwright-python runner (it reads axe.min.js once)."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    return _axe


# The page's markup without its form tokens. The same markup (with the same style sheets) gets the
# same axe results, so axe runs once for it: the sign-in page, say, is opened by every walk.
MARKUP = """() => {
  const root = document.documentElement.cloneNode(true);
  root.querySelectorAll('input[name=csrfmiddlewaretoken]').forEach(e => e.removeAttribute('value'));
  return root.outerHTML;
}"""
_axe_results: dict[str, list[dict]] = {}


# axe.run works for a long while before its first pause, so it starts just after the call returns:
# meanwhile the caller can load the next page in another tab.
START_AXE = """options => {
  window.__custodianAxe = new Promise(resolve => setTimeout(resolve)).then(() => axe.run(document, options));
}"""


class AxeRun:
    """axe on a page, started now, its violations read later: meanwhile another page can load."""

    def __init__(self, page):
        self.page = page
        self.markup = page.evaluate(MARKUP)
        self.result = _axe_results.get(self.markup)
        if self.result is None:
            page.evaluate(axe().axe_script)
            page.evaluate(START_AXE, AXE_OPTIONS)

    def violations(self) -> list[dict]:
        if self.result is None:
            self.result = self.page.evaluate("() => window.__custodianAxe.then(results => results.violations)")
            _axe_results[self.markup] = self.result
        return self.result


def axe_violations(page) -> list[dict]:
    return AxeRun(page).violations()


def format_violations(violations: list[dict], limit: int = 5) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"  - {v['id']} ({v.get('impact') or 'no impact given'}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:limit]:
            target = " ".join(t if isinstance(t, str) else " >> ".join(t) for t in node["target"])
            lines.append(f"      at {target}: {node['html'][:160]}")
        if len(v["nodes"]) > limit:
            lines.append(f"      ... and {len(v['nodes']) - limit} more")
    return lines


def where(page) -> str:
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def check_axe(page) -> None:
    """Fail with a readable list if axe finds WCAG 2.2 A or AA violations on the page."""
    violations = axe_violations(page)
    if violations:
        raise AssertionError("\n".join([f"{where(page)}:", *axe_problems(violations)]))


def structure_problems(page) -> list[str]:
    """A <title>, exactly one h1, and no console errors or failed requests so far."""
    problems = []
    if not page.title().strip():
        problems.append("the page has no <title>")
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"the page has {headings} h1 elements, not exactly one")
    return problems + drain_trouble(page)


def drain_trouble(page) -> list[str]:
    trouble = list(_trouble.get(page, []))
    _trouble.get(page, []).clear()
    return trouble


def axe_problems(violations: list[dict]) -> list[str]:
    return [f"axe found {len(violations)} problems:", *format_violations(violations)] if violations else []


def page_problems(page) -> list[str]:
    """Everything wrong with the page as it is now: <title>, h1s, console and requests, axe."""
    problems = structure_problems(page)
    violations = axe_violations(page)
    return problems + drain_trouble(page) + axe_problems(violations)


def check_page(page) -> None:
    problems = page_problems(page)
    if problems:
        raise AssertionError("\n".join([f"{where(page)} ({page.title()}):", *problems]))


def visit(page, path: str, status: int = 200):
    """Open ``path`` and check it: the status, then check_page. Returns the Playwright response."""
    drain_trouble(page)
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    if response.status != status:
        raise AssertionError(f"{path} answered {response.status}, expected {status} (now at {where(page)})")
    check_page(page)
    return response


def sign_in(page, person: dict) -> None:
    """Sign in through the real sign-in form as ``person`` (a demo_area sign-in)."""
    visit(page, reverse("accounts:sign-in"))
    page.get_by_label("Email address", exact=True).fill(person["email"])
    page.get_by_label("Password", exact=True).fill(person["password"])
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    if urlsplit(page.url).path == reverse("accounts:sign-in"):
        summary = page.locator(".govuk-error-summary")
        reason = summary.inner_text() if summary.count() else "no error shown"
        raise AssertionError(f"could not sign in as {person['email']} ({person['role']}): {reason}")


def sign_out(page) -> None:
    """Press "Sign out"; the sign-in page must follow and pass check_page."""
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out", exact=True).click()
    assert urlsplit(page.url).path == reverse("accounts:sign-in"), f"signing out led to {where(page)}"
    check_page(page)


def menu_links(page) -> list[str]:
    """The hrefs in the service navigation, in menu order."""
    return page.eval_on_selector_all(
        ".govuk-service-navigation__list a.govuk-service-navigation__link",
        "links => links.map(a => a.getAttribute('href'))",
    )
