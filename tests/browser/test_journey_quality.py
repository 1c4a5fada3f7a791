"""Quality assurance end to end, in Chromium against the demo area, with axe on every page.

An LA quality assurance officer finds an approved provider in the directory, schedules a QA
visit, records it (evidence, pupil voice, a judgement per domain, some inadequate, and actions
with due dates), reads the visit report and downloads its PDF, then issues a notice to improve:
first with a date in the past and no reasons (the error summary names both fields and nothing
is saved), then properly. A school leader, signed in separately, searches the directory for the
provider, finds it marked Conditional in the list and on its page, sees the same visit and its
judgements (one shared QA record), and cannot record the LA's visit or issue a notice.
The database is checked too: the visit with its judgements and actions, the notice with its
date and follow-up visit, the provider's new status and the audit trail.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from accounts.roles import Role
from core.jinja2 import govuk_date
from core.models import AuditEvent
from providers.listing import entry_for
from providers.models import FrameworkStatus, NoticeToImprove, Provider, Visit
from tests.browser.conftest import check_page, sign_in, visit

DAY = datetime.timedelta(days=1)

# Each domain of the framework and the judgement the visit gives it: two inadequate, one weak.
JUDGEMENTS = {
    "Safeguarding and safety": ("Inadequate", "Two staff have no DBS check on the single central record."),
    "Attendance": ("Inadequate", "Absence is not reported to schools on the day."),
    "Engagement": ("Requires improvement", ""),
    "Progress": ("Good", ""),
    "Progression and destinations": ("Good", ""),
    "Wellbeing": ("Good", "Pupils know who to talk to."),
    "Teaching and learning": ("Good", ""),
    "Leadership and compliance": ("Requires improvement", ""),
}
ACTIONS = [
    ("Complete DBS checks for every member of staff", 14),
    ("Report absence to the home school the same day", 28),
]
EVIDENCE = "Observed two sessions; checked the single central record and the attendance registers."
PUPIL_VOICE = "Pupils said they enjoy the practical work but lessons often start late."
REASONS = "Safeguarding checks and attendance reporting were judged inadequate at the annual visit."

# Rows of the table in <main> whose caption starts with `caption`, as lists of cell texts.
TABLE = """(caption) => {
  const table = [...document.querySelectorAll('main table')]
    .find(t => t.caption && t.caption.textContent.trim().startsWith(caption));
  if (!table) return null;
  return [...table.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()));
}"""
SUMMARY = """() => Object.fromEntries([...document.querySelector('main .govuk-summary-list').children]
  .map(row => [row.querySelector('dt').innerText.trim(), row.querySelector('dd').innerText.trim()]))"""


def summary_list(page) -> dict[str, str]:
    """The first summary list in <main>, as {key: value}."""
    return page.evaluate(SUMMARY)


def table(page, caption: str) -> list[list[str]]:
    rows = page.evaluate(TABLE, caption)
    assert rows is not None, f"no table captioned {caption!r} on {page.url}"
    return rows


def press(page, name: str) -> None:
    """Press a button or follow a link that loads a page, then check the page."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).or_(page.get_by_role("link", name=name, exact=True)).click()
    check_page(page)


def fill_date(page, legend: str, on: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(on.day))
    group.get_by_label("Month").fill(str(on.month))
    group.get_by_label("Year").fill(str(on.year))


def banner(page) -> str:
    return page.locator(".govuk-notification-banner").inner_text()


def directory_entry(page, name: str):
    """The block of the directory list for the provider called ``name`` (its heading's parent)."""
    heading = page.get_by_role("heading", name=name, exact=True, level=2)
    assert heading.count() == 1, f"{name} is not listed once in the directory"
    return heading.locator("xpath=..")


def provider_in_good_standing(today: datetime.date) -> Provider:
    """An approved provider with no open notice, its documents current and no visit booked (a clean start)."""
    candidates = (
        Provider.objects.filter(framework_status=FrameworkStatus.APPROVED)
        .exclude(notices__status=NoticeToImprove.Status.OPEN)
        .exclude(visits__status=Visit.Status.SCHEDULED)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    provider = next((p for p in candidates if entry_for(p, today=today).compliance.state == "current"), None)
    assert provider is not None, "the demo area has no approved provider in good standing without a visit booked"
    return provider


def test_qa_visit_leads_to_notice_and_school_sees_provider_conditional(demo_area, new_page):
    today = demo_area.today
    officer = demo_area.person(Role.LA_QA_OFFICER)
    provider = provider_in_good_standing(today)
    name = provider.name

    # 1. The officer finds the provider in the directory, approved, and schedules an annual visit.
    page = new_page()
    sign_in(page, officer)
    check_page(page)
    visit(page, reverse("providers:directory"))
    page.get_by_label("Name, town, postcode, URN or UKPRN").fill(name)
    page.get_by_label("Framework status").select_option(label="Approved")
    press(page, "Apply filters")
    entry = directory_entry(page, name)
    tags = entry.locator(".govuk-tag").all_inner_texts()
    assert tags[0] == "Approved" and "All documents current" in tags, tags
    with page.expect_navigation():
        entry.get_by_role("link", name=name).click()
    check_page(page)
    assert page.locator("h1").inner_text() == name
    assert "Framework status: Approved" in page.locator("main").inner_text()

    press(page, "Schedule a QA visit")
    assert page.locator("h1").inner_text() == "Schedule a QA visit"
    page.get_by_role("group", name="Kind of visit").get_by_label("Annual visit").check()
    fill_date(page, "Date of the visit", today)
    press(page, "Schedule the visit")
    assert f"Visit scheduled for {govuk_date(today)}" in banner(page)
    assert page.locator("h1").inner_text() == f"Annual visit to {name}"
    assert summary_list(page)["Date"] == f"Scheduled for {govuk_date(today)}"
    assert summary_list(page)["Status"] == "Scheduled"
    scheduled = Visit.objects.get(provider=provider, status=Visit.Status.SCHEDULED)
    record_path = reverse("providers:visit-record", args=[scheduled.pk])

    # 2. The officer records the visit: evidence, pupil voice, a judgement per domain, actions.
    press(page, "Record the visit")
    assert page.locator("h1").inner_text() == "Record the visit"
    page.get_by_label("Evidence seen").fill(EVIDENCE)
    page.get_by_label("Pupil voice").fill(PUPIL_VOICE)
    for domain, (level, comment) in JUDGEMENTS.items():
        page.get_by_label(f"Judgement for {domain.lower()}", exact=True).select_option(label=level)
        if comment:
            page.get_by_label(f"Commentary (optional): {domain.lower()}", exact=True).fill(comment)
    page.get_by_label("Overall judgement").select_option(label="Inadequate")
    page.get_by_label("Summary").fill("Safeguarding and attendance must improve before new placements.")
    for number, (text, days) in enumerate(ACTIONS, 1):
        page.get_by_label(f"Action {number} (optional)").fill(text)
        fill_date(page, f"Action {number} due by", today + days * DAY)
    press(page, "Save the visit record")
    assert "The visit has been recorded" in banner(page)

    # The visit report shows the judgements, the evidence, pupil voice and actions.
    report = summary_list(page)
    assert report["Date"] == govuk_date(today)
    assert report["Status"] == "Completed"
    assert report["Overall judgement"] == "Inadequate"
    assert report["Made by"].startswith(officer["organisation"])
    text = page.locator("main").inner_text()
    assert EVIDENCE in text and PUPIL_VOICE in text
    assert table(page, "Judgement in each domain") == [[d, lvl, c] for d, (lvl, c) in JUDGEMENTS.items()]
    actions = [row[:3] for row in table(page, "Actions for the provider")]
    assert actions == [[text, govuk_date(today + days * DAY), "Open"] for text, days in ACTIONS]
    assert page.get_by_role("link", name="Record the visit").count() == 0
    pdf_link = page.get_by_role("link", name="Download the report as a PDF")
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # 3. A notice to improve: first a date in the past and no reasons, which saves nothing.
    press(page, "Issue a notice to improve")
    assert page.locator("h1").inner_text() == "Issue a notice to improve"
    from_visit = page.get_by_label("Visit that led to the notice (optional)")
    assert from_visit.locator("option:checked").inner_text() == f"Annual visit on {govuk_date(today)}"
    fill_date(page, "Improve by", today - DAY)
    press(page, "Issue the notice")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    errors = summary.get_by_role("link")
    assert errors.all_inner_texts() == [
        "Enter what the provider must improve",
        "The improve-by date must be in the future",
    ]
    assert [e.get_attribute("href") for e in errors.all()] == ["#reasons", "#improve_by-day"]
    assert page.locator("#improve_by-error").inner_text().endswith("The improve-by date must be in the future")
    assert not provider.notices.filter(status=NoticeToImprove.Status.OPEN).exists()
    provider.refresh_from_db()
    assert provider.framework_status == FrameworkStatus.APPROVED

    improve_by = today + 42 * DAY
    page.get_by_label("What must improve, and why").fill(REASONS)
    fill_date(page, "Improve by", improve_by)
    press(page, "Issue the notice")
    assert page.locator("h1").inner_text() == name
    issued = f"Notice to improve issued to {name}. A follow-up visit is booked for {govuk_date(improve_by)}"
    assert issued in banner(page)
    main = page.locator("main").inner_text()
    assert "Framework status: Conditional" in main
    assert f"Conditional approval: Make the improvements in the notice by {govuk_date(improve_by)}." in main
    assert f"Issued {govuk_date(today)}, improve by {govuk_date(improve_by)}: Open." in main
    officer_visits = table(page, "Visits")
    assert [govuk_date(improve_by), "Follow-up visit", officer["organisation"], "Scheduled"] in officer_visits
    assert [govuk_date(today), "Annual visit", officer["organisation"], "Inadequate"] in officer_visits

    # The shared record in the database, and the audit trail.
    recorded = Visit.objects.get(pk=scheduled.pk)
    assert recorded.status == Visit.Status.COMPLETED and recorded.carried_out_on == today
    assert recorded.overall_level.label == "Inadequate"
    assert (recorded.evidence, recorded.pupil_voice) == (EVIDENCE, PUPIL_VOICE)
    assert {j.domain.name: j.level_label for j in recorded.judgements.all()} == {
        d: lvl for d, (lvl, _) in JUDGEMENTS.items()
    }
    assert sorted((a.description, a.due_on) for a in recorded.actions.all()) == sorted(
        (text, today + days * DAY) for text, days in ACTIONS
    )
    notice = NoticeToImprove.objects.get(provider=provider, status=NoticeToImprove.Status.OPEN)
    assert (notice.issued_on, notice.improve_by, notice.reasons) == (today, improve_by, REASONS)
    assert notice.arising_from_visit_id == recorded.pk
    assert notice.follow_up_visit.kind == Visit.Kind.FOLLOW_UP
    assert notice.follow_up_visit.scheduled_for == improve_by
    provider.refresh_from_db()
    assert provider.framework_status == FrameworkStatus.CONDITIONAL
    trail = AuditEvent.objects.filter(user_email=officer["email"], role=Role.LA_QA_OFFICER)
    visit_trail = trail.filter(object_type="providers.visit", object_id=str(recorded.pk))
    assert sorted(visit_trail.values_list("action", flat=True)) == ["create", "update"]
    assert visit_trail.get(action="update").changes["Safeguarding and safety"] == [None, "Inadequate"]
    assert trail.filter(object_type="providers.noticetoimprove", object_id=str(notice.pk), action="create").exists()
    assert trail.get(object_type="providers.provider", object_id=str(provider.pk)).changes == {
        "framework_status": ["approved", "conditional"]
    }

    # 4. A school leader finds the provider marked Conditional in the directory and on its page.
    leader = demo_area.person(Role.SCHOOL_LEADER)
    school = new_page()
    sign_in(school, leader)
    check_page(school)
    visit(school, reverse("providers:directory"))
    school.get_by_label("Name, town, postcode, URN or UKPRN").fill(name)
    press(school, "Apply filters")
    assert "match your filters" in school.get_by_role("status").inner_text()
    entry = directory_entry(school, name)
    assert entry.locator(".govuk-tag").first.inner_text() == "Conditional"
    last_visit = entry.locator(".govuk-summary-list__row", has_text="Last QA visit").locator("dd")
    assert last_visit.inner_text() == f"Inadequate, {govuk_date(today)}"
    with school.expect_navigation():
        entry.get_by_role("link", name=name).click()
    check_page(school)
    main = school.locator("main").inner_text()
    assert "Framework status: Conditional" in main
    assert f"Conditional approval: Make the improvements in the notice by {govuk_date(improve_by)}." in main
    assert f"Last visit {govuk_date(today)} by {officer['organisation']}: overall Inadequate" in main
    assert table(school, "Judgements at the last visit") == [[d, lvl] for d, (lvl, _) in JUDGEMENTS.items()]
    assert table(school, "Visits") == officer_visits

    # The school reads the same visit report, with no way to change it.
    ours = school.locator("main table tr", has_text=govuk_date(today)).get_by_role("link", name="Annual visit")
    assert ours.get_attribute("href") == reverse("providers:visit-detail", args=[recorded.pk])
    with school.expect_navigation():
        ours.click()
    check_page(school)
    assert school.locator("h1").inner_text() == f"Annual visit to {name}"
    assert table(school, "Judgement in each domain") == [[d, lvl, c] for d, (lvl, c) in JUDGEMENTS.items()]
    for refused in ("Record the visit", "Add an action", "Issue a notice to improve"):
        assert school.get_by_role("link", name=refused).count() == 0, f"the school is offered {refused!r}"

    # 5. The school cannot change the LA's judgement, nor issue a notice.
    visit(school, record_path, status=404)
    visit(school, reverse("providers:action-add", args=[recorded.pk]), status=404)
    visit(school, reverse("providers:notice-issue", args=[provider.pk]), status=403)
    assert school.locator("h1").inner_text() == "You cannot open this page"
    assert Visit.objects.get(pk=recorded.pk).judgements.count() == len(JUDGEMENTS)
    assert NoticeToImprove.objects.filter(provider=provider).count() == 1
