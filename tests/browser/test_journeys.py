"""The foundation's "done when" journeys, in Chromium against the demo area, with axe on each page."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Organisation
from accounts.roles import OrganisationKind, Role
from pupils.models import Pupil
from tests.browser.conftest import check_page, menu_links, sign_in, visit

# Rows of the first table in <main> whose caption starts with `caption`: cells as text, first link's path.
TABLE_ROWS = """(caption) => {
  const table = [...document.querySelectorAll('main table')]
    .find(t => t.caption && t.caption.innerText.trim().startsWith(caption));
  if (!table) return {headers: [], rows: []};
  const headers = [...table.tHead.rows[0].cells].map(c => c.innerText.trim());
  const rows = [...table.tBodies[0].rows].map(r => ({
    cells: [...r.cells].map(c => c.innerText.trim()),
    link: r.querySelector('a') ? r.querySelector('a').pathname : null,
  }));
  return {headers, rows};
}"""


def table_rows(page, caption: str) -> tuple[list[str], list[dict]]:
    data = page.evaluate(TABLE_ROWS, caption)
    return data["headers"], data["rows"]


def all_pages_of_rows(page, caption: str) -> tuple[list[str], list[dict]]:
    """Rows of the list on every page, following the pagination's "Next" link."""
    headers, rows = table_rows(page, caption)
    seen = 1
    while page.locator(".govuk-pagination__next a").count() and seen < 50:
        with page.expect_navigation():
            page.locator(".govuk-pagination__next a").click()
        check_page(page)
        rows += table_rows(page, caption)[1]
        seen += 1
    return headers, rows


def only_names(text: str, allowed: set[str]) -> bool:
    """True when ``text`` holds nothing but names from ``allowed``, separated by commas."""
    rest = text
    for name in sorted(allowed, key=len, reverse=True):
        rest = rest.replace(name, "")
    return not rest.replace(",", "").strip()


def test_la_strategic_lead_sees_trafford_register_with_overdue_flags(demo_area, new_page):
    person = demo_area.person(Role.LA_STRATEGIC_LEAD)
    page = new_page()
    sign_in(page, person)
    check_page(page)
    assert "Trafford" in page.locator(".custodian-account-bar").inner_text()
    with page.expect_navigation():
        page.locator(".govuk-service-navigation__list").get_by_role("link", name="Register").click()
    check_page(page)
    assert page.locator("h1").inner_text() == "Children not in full-time mainstream education"
    headers, rows = table_rows(page, "Pupils (")
    assert rows, "the register is empty"
    school_column = headers.index("School")
    # Excluded pupils belong to the pupil referral unit, an alternative provision provider.
    kinds = [OrganisationKind.SCHOOL, OrganisationKind.PROVIDER]
    settings = set(Organisation.objects.filter(kind__in=kinds).values_list("name", flat=True)) | {"No school"}
    strays = [row["cells"] for row in rows if row["cells"][school_column].split("\n")[0] not in settings]
    assert not strays, f"register rows naming no Trafford school: {strays[:5]}"
    overdue = page.locator("main table .govuk-tag", has_text="Overdue")
    assert overdue.count() >= 1, "no pupil on the first page of the register has an Overdue flag"


def test_school_leader_sees_only_their_schools_pupils_and_404_for_others(demo_area, new_page):
    person = demo_area.person(Role.SCHOOL_LEADER, 0)
    other_school = demo_area.person(Role.SCHOOL_LEADER, 1)["organisation"]
    assert other_school != person["organisation"]
    page = new_page()
    sign_in(page, person)
    assert reverse("pupils:list") in menu_links(page)
    visit(page, reverse("pupils:list"))
    headers, rows = all_pages_of_rows(page, "Pupils you can see")
    assert rows, f"{person['organisation']} has no pupils in the demo area"
    column = headers.index("On roll at")
    providers = set(Organisation.objects.filter(kind=OrganisationKind.PROVIDER).values_list("name", flat=True))
    allowed = providers | {person["organisation"]}
    # A pupil who has left the roll (say, for elective home education) but whose status the school
    # recorded is still the school's: the cell is then empty. It never names another school.
    strays = [row["cells"] for row in rows if not only_names(row["cells"][column], allowed)]
    assert not strays, (
        f"{len(strays)} rows are on roll somewhere other than {person['organisation']} or a provider: {strays[:5]}"
    )
    assert any(person["organisation"] in row["cells"][column] for row in rows)

    own_pupil_paths = {row["link"] for row in rows}
    own = Organisation.objects.get(name=person["organisation"], kind=OrganisationKind.SCHOOL)
    theirs = (
        Pupil.objects.filter(registrations__organisation__name=other_school, registrations__end_date__isnull=True)
        .exclude(registrations__organisation=own)
        .exclude(episodes__school=own)
        .order_by("pk")
        .first()
    )
    assert theirs is not None, f"{other_school} has no pupils in the demo area"
    path = reverse("pupils:detail", args=[theirs.pk])
    assert path not in own_pupil_paths
    visit(page, path, status=404)
    assert theirs.legal_surname not in page.content()


def test_add_pupil_form_shows_errors_that_pass_axe(demo_area, new_page):
    page = new_page()
    sign_in(page, demo_area.person(Role.SCHOOL_LEADER))
    visit(page, reverse("pupils:list"))
    with page.expect_navigation():
        page.get_by_role("button", name="Add a pupil").click()
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.title().startswith("Error: "), page.title()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    # GOV.UK Frontend moves focus to the summary, so screen reader users hear the errors first.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    targets = summary.locator("a").evaluate_all("links => links.map(a => a.hash.slice(1))")
    assert targets, "the error summary lists no errors"
    missing = [t for t in targets if page.locator(f"[id='{t}']").count() != 1]
    assert not missing, f"error summary links to fields that are not on the page: {missing}"
    check_page(page)


def test_refusal_page_passes_axe(demo_area, new_page):
    page = new_page()
    sign_in(page, demo_area.person(Role.LA_FINANCE_OFFICER))
    visit(page, reverse("pupils:list"), status=403)
    assert page.locator("h1").inner_text() == "You cannot open this page"
    assert "LA finance officer" in page.locator("main").inner_text()
