"""Every providers page passes axe (WCAG 2.2 A and AA) in Chromium, with realistic data, including
forms showing their errors.

The pages are rendered by Django's test client inside the test's transaction (no live server,
no flushed database), then shown to Debian's Chromium, which fetches the real static assets,
from a separate thread so that Playwright's event loop never touches Django's database
connections. Each page must also have a <title>, exactly one h1, no console errors and no
missing assets. Skipped when Chromium is not installed (CHROMIUM_PATH, or /usr/bin/chromium).
"""

from __future__ import annotations

import os
import random
import shutil
import threading
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from accounts.roles import Role
from providers import services_qa
from providers.demo import build_demo_directory
from providers.models import (
    BlockCommission,
    ComplianceDocument,
    Concern,
    FrameworkStatus,
    JudgementLevel,
    NoticeToImprove,
    Programme,
    Provider,
    ProviderContact,
    QACriterion,
    QADomain,
    Visit,
    VisitAction,
)
from providers.tests.conftest import D

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH", "").strip()
    candidates = [configured] if configured else ["/usr/bin/chromium", shutil.which("chromium") or ""]
    return next((c for c in candidates if c and os.path.isfile(c) and os.access(c, os.X_OK)), None)


pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed"),
]
ORIGIN = "http://testserver"
POSTED = "?submitted-empty-form"
TABS = 4


def render(client, paths, submit_empty=()) -> dict[str, bytes]:
    """{path: HTML} for each page, and {path + POSTED: HTML} for each form posted empty."""
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        pages[path] = response.content
    for path in submit_empty:
        response = client.post(urlsplit(path).path, {"csrfmiddlewaretoken": "as-a-browser-sends"})
        assert response.status_code == 200, f"posting {path} empty answered {response.status_code}, not the form again"
        assert b"govuk-error-summary" in response.content, f"posting {path} empty showed no error summary"
        pages[path + POSTED] = response.content
    return pages


def _serve(pages):
    def handle(route):
        url = urlsplit(route.request.url)
        if url.path.startswith(settings.STATIC_URL):
            found = finders.find(url.path[len(settings.STATIC_URL) :])
            return route.fulfill(path=found) if found else route.fulfill(status=404, body="")
        body = pages.get(url.path + (f"?{url.query}" if url.query else ""))
        if body is None:
            return route.fulfill(status=404, body="")
        return route.fulfill(status=200, body=body, content_type="text/html; charset=utf-8")

    return handle


def _watch(page):
    page.trouble = []
    page.on("console", lambda m: m.type == "error" and page.trouble.append(f"console error: {m.text}"))
    page.on("pageerror", lambda error: page.trouble.append(f"script error: {error}"))
    page.on(
        "response", lambda r: r.status >= 400 and page.trouble.append(f"{urlsplit(r.url).path} answered {r.status}")
    )
    return page


def _structure(page) -> list[str]:
    problems = [] if page.title().strip() else ["the page has no <title>"]
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"the page has {headings} h1 elements, not exactly one")
    return problems + page.trouble


def _describe(violation: dict) -> str:
    nodes = "; ".join(node["html"][:120] for node in violation["nodes"][:3])
    return f"axe {violation['id']} ({violation.get('impact')}): {violation['help']} at {nodes}"


def axe_problems_of(pages: dict[str, bytes]) -> list[str]:
    """Open every page in Chromium (in its own thread) and list what axe and the structure checks find."""
    outcome: dict = {}

    def run():
        from axe_playwright_python.sync_playwright import Axe
        from playwright.sync_api import sync_playwright

        script = Axe().axe_script
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
                context = browser.new_context(locale="en-GB")
                context.route(f"{ORIGIN}/**", _serve(pages))
                tabs = [_watch(context.new_page()) for _ in range(TABS)]
                problems = []
                paths = list(pages)
                for start in range(0, len(paths), TABS):
                    batch = list(zip(tabs, paths[start : start + TABS], strict=False))
                    for tab, path in batch:  # axe runs in every tab at once
                        tab.trouble.clear()
                        tab.goto(ORIGIN + path)
                        tab.evaluate(script)
                        tab.evaluate("options => { window.__axe = axe.run(document, options); }", AXE_OPTIONS)
                    for tab, path in batch:
                        violations = tab.evaluate("() => window.__axe.then(results => results.violations)")
                        found = _structure(tab) + [_describe(v) for v in violations]
                        if found:
                            problems.append("\n".join([f"{path}:", *found]))
                browser.close()
                outcome["problems"] = problems
        except Exception as exc:  # reported in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["problems"]


@pytest.fixture
def directory(area, user_as):
    users = [user_as(Role.LA_QA_OFFICER), user_as(Role.SCHOOL_LEADER)]
    build_demo_directory(
        rng=random.Random("3:providers"),
        la_org=area.la,
        partnerships={"North": area.partnership},
        today=D(2025, 11, 20),
        users=users,
    )
    visit = services_qa.schedule_visit(
        by=users[1], provider=area.provider, kind="focus", scheduled_for=D(2025, 11, 20), focus="Attendance"
    )
    return {"visit": visit}


def test_la_pages_pass_axe(area, directory, client_as):
    conditional = Provider.objects.filter(framework_status=FrameworkStatus.CONDITIONAL).first()
    completed = Visit.objects.filter(status="completed").first()
    scheduled = Visit.objects.filter(status="scheduled").first()
    forms = [
        reverse("providers:add"),
        reverse("providers:status", args=[conditional.pk]),
        reverse("providers:programme-add", args=[conditional.pk]),
        reverse("providers:contact-add", args=[conditional.pk]),
        reverse("providers:document-add", args=[conditional.pk]),
        reverse("providers:visit-schedule", args=[conditional.pk]),
        reverse("providers:visit-record", args=[scheduled.pk]),
        reverse("providers:visit-cancel", args=[scheduled.pk]),
        reverse("providers:action-add", args=[completed.pk]),
        reverse("providers:action-close", args=[VisitAction.objects.filter(status="open").first().pk]),
        reverse("providers:notice-issue", args=[area.provider.pk]),
        reverse("providers:notice-close", args=[NoticeToImprove.objects.filter(status="open").first().pk]),
        reverse("providers:concern-add"),
        reverse("providers:domain-add"),
        reverse("providers:level-add"),
        reverse("providers:criterion-add", args=[QADomain.objects.first().pk]),
        reverse("providers:block-add"),
        reverse("providers:settings"),
        reverse("providers:schedule-annual"),
    ]
    pages = [
        reverse("providers:directory"),
        reverse("providers:directory") + "?status=suspended&need=semh",
        reverse("providers:detail", args=[conditional.pk]),
        reverse("providers:changes"),
        reverse("providers:edit", args=[conditional.pk]),
        reverse("providers:qa-dashboard"),
        reverse("providers:visits"),
        reverse("providers:visit-detail", args=[completed.pk]),
        reverse("providers:qa-framework"),
        reverse("providers:concerns"),
        reverse("providers:concern-detail", args=[Concern.objects.first().pk]),
        reverse("providers:commissioning"),
        reverse("providers:sufficiency"),
        reverse("providers:pupils-to-move", args=[conditional.pk]),
        reverse("providers:acknowledge", args=[conditional.pk]),
        reverse("providers:programme-edit", args=[Programme.objects.first().pk]),
        reverse("providers:contact-remove", args=[ProviderContact.objects.first().pk]),
        reverse(
            "providers:document-verify", args=[ComplianceDocument.objects.filter(verified_on__isnull=True).first().pk]
        ),
        reverse("providers:domain-edit", args=[QADomain.objects.first().pk]),
        reverse("providers:criterion-edit", args=[QACriterion.objects.first().pk]),
        reverse("providers:level-edit", args=[JudgementLevel.objects.first().pk]),
        reverse("providers:block-edit", args=[BlockCommission.objects.first().pk]),
    ]
    html = render(client_as(Role.LA_STRATEGIC_LEAD), pages + forms, submit_empty=forms)
    problems = axe_problems_of(html)
    assert not problems, "\n\n".join(problems)


def test_school_and_provider_pages_pass_axe(area, directory, client_as):
    provider = Provider.objects.filter(framework_status=FrameworkStatus.APPROVED).first()
    record = reverse("providers:visit-record", args=[directory["visit"].pk])
    html = render(
        client_as(Role.SCHOOL_LEADER),
        [
            reverse("providers:directory") + "?vocational_area=construction&age=14&available=on&max_price=150",
            reverse("providers:directory") + "?age=lots",
            reverse("providers:detail", args=[provider.pk]),
            reverse("providers:visits"),
            reverse("providers:visit-detail", args=[directory["visit"].pk]),
            reverse("providers:qa-framework"),
            record,
        ],
        submit_empty=[record],
    )
    self_assessment = reverse("providers:self-assessment", args=[area.provider.pk])
    html.update(
        render(
            client_as(Role.PROVIDER_MANAGER),
            [reverse("providers:detail", args=[area.provider.pk]), self_assessment],
            submit_empty=[self_assessment],
        )
    )
    problems = axe_problems_of(html)
    assert not problems, "\n\n".join(problems)
