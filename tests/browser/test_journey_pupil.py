"""A pupil's journey end to end, in Chromium against the demo area, with check_page on every page.

A pupil in full-time mainstream school goes from a request for support to a time-limited placement
and back to school, through the real pages of each person who acts. The school leader asks for
support (submitting without the child's views shows the error summary and submits nothing); the
LA inclusion officer triages the request, puts it on today's agenda of the locality panel, records
attendance and the quorate panel's decision (the referring school's member conflicted, the
provider's declaring a conflict), makes the minutes final and makes the placement from the decision:
dual registered, learner profile written, agreed, started. The provider manager marks the pupil O
(absent, reason unknown) on the register of the most recent school day; check_attendance_alerts,
which the scheduler runs, emails the school's safeguarding lead and the school sees the alert. The
school records a review, the return plan and the end of the placement; the pupil's page shows the
return and three more months of dual registration, and the LA closes the request. The final state
and the audit trail of every step are checked in the database.
"""

from __future__ import annotations

import datetime
import re
from io import StringIO

from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from accounts.models import Organisation, User
from accounts.roles import OrganisationKind, Role
from attendance.models import Alert, AttendanceMark
from attendance.rules import long_date as day_name
from core.calendar import SchoolCalendar
from core.jinja2 import govuk_date
from core.models import AuditEvent
from panels import services as panel_services
from panels.models import Decision, Meeting, Panel, PanelMember
from placements.models import SESSION_KEYS, EndReason, Placement, PlacementStatus, ProgrammeOccupancy, session_label
from placements.rules import dual_registration_end
from providers.models import Provider
from pupils.models import NOT_FULL_TIME_MAINSTREAM, EducationEpisode, Pupil, Registration
from pupils.validation import age_on
from referrals.models import Request, Status
from tests.browser.conftest import check_page, sign_in, visit

WEEKS = 6
# The audit lines the steps write with the pupil's id: object type -> actions.
AUDITED = {
    "referrals.request": ["create", "submitted", "triaged", "on_agenda", "decided", "closed"],
    "referrals.graduatedresponse": ["create"],
    "panels.agendaitem": ["create"],
    "panels.decision": ["decide"],
    "placements.placement": ["create", "agree", "start", "end"],
    "placements.learnerprofile": ["create"],
    "placements.placementcomponent": ["create"],  # the register's marks
    "attendance.alert": ["create"],
    "placements.review": ["update"],
    "placements.return": ["create"],
}


def signed_in(page, person: dict):
    sign_in(page, person)
    check_page(page)
    return page


def go(page, action) -> None:
    """Do ``action`` (a click that loads a page) and check the page it leads to."""
    with page.expect_navigation():
        action()
    check_page(page)


def press(page, name: str) -> None:
    go(page, page.get_by_role("button", name=name, exact=True).click)


def follow(page, name: str) -> None:
    go(page, page.get_by_role("link", name=name, exact=True).click)


def field(page, label: str):
    return page.get_by_label(label, exact=True)


def fill(page, answers: dict) -> None:
    """Fill each field named by its label; a date (day, month and year boxes) by its legend."""
    for label, answer in answers.items():
        if isinstance(answer, datetime.date):
            group = page.get_by_role("group", name=label, exact=True)
            for part, value in (("Day", answer.day), ("Month", answer.month), ("Year", answer.year)):
                field(group, part).fill(str(value))
        else:
            field(page, label).fill(answer)


def tick(page, *labels: str) -> None:
    for label in labels:
        field(page, label).check()


def banner(page) -> str:
    return " ".join(page.locator(".govuk-notification-banner").all_inner_texts())


def tag(page, where: str = "main") -> str:
    """The first status tag in ``where``: a request's in <main>, a placement's in its caption."""
    return page.locator(f"{where} .govuk-tag").first.inner_text()


def row_of(page, key: str) -> str:
    """The value of the summary list row ``key`` on the page."""
    name = page.locator("dt", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
    row = page.locator(".govuk-summary-list__row", has=name)
    return row.locator("dd").first.inner_text()


def pupil_to_refer(school: Organisation, since: datetime.date, today: datetime.date) -> Pupil:
    """A pupil on the school's roll only, full-time in mainstream school since ``since``, never referred or placed."""
    overlapping = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=since))
    elsewhere = Registration.objects.filter(overlapping).exclude(organisation=school).values("pupil")
    not_full_time = EducationEpisode.objects.filter(overlapping, status__in=NOT_FULL_TIME_MAINSTREAM).values("pupil")
    on_roll = Registration.objects.filter(
        organisation=school, enrolment_status="C", start_date__lte=since, end_date__isnull=True
    ).values("pupil")
    pupil = (
        Pupil.objects.filter(pk__in=on_roll, support_requests__isnull=True, placements__isnull=True)
        .exclude(pk__in=elsewhere)
        .exclude(pk__in=not_full_time)
        .order_by("pk")
        .first()
    )
    assert pupil is not None, f"{school.name} has no pupil in full-time mainstream school to refer"
    return pupil


def programme_with_a_place(provider: Provider, pupil: Pupil, start: datetime.date):
    """A running programme of the provider with a free place for the pupil's age, or None (a bespoke package)."""
    age = age_on(pupil.date_of_birth, start)
    booked = dict(ProgrammeOccupancy.objects.values_list("programme", "booked"))
    for programme in provider.programmes.filter(active=True).order_by("name"):
        free = booked.get(programme.pk, 0) < programme.places
        if free and (programme.min_age or 0) <= age <= (programme.max_age or 99):
            return programme
    return None


def school_asks_for_support(page, pupil: Pupil, provider: Provider, today: datetime.date) -> Request:
    visit(page, reverse("pupils:detail", args=[pupil.pk]))
    follow(page, f"Ask for support for {pupil.full_name}")
    assert field(page, "Pupil's UPN").input_value() == pupil.upn
    tick(page, "Social, emotional and mental health (SEMH)", "Time-limited placement", "Informed and consented")
    tick(page, provider.name)  # a preferred provider
    fill(page, {"What the pupil needs": "Anxious in big classes.", "The parent's or carer's views": "Mum agrees."})
    press(page, "Save as draft")
    request = Request.objects.get(pupil=pupil)
    assert f"Request {request.reference} saved as a draft" in banner(page)
    assert page.locator("h1").inner_text() == f"Request {request.reference}"
    assert tag(page) == "Draft"

    follow(page, "Add something the school has tried")
    started = today - datetime.timedelta(days=70)
    fill(page, {"What the school tried": "Mentoring", "When it started": started, "How it went": "Helped briefly."})
    press(page, "Add")
    assert "Added to the graduated response" in banner(page)
    assert "Mentoring" in page.locator("main table").first.inner_text()

    # Submitting without the child's views: the error summary names the field; nothing is submitted.
    go(page, page.get_by_role("button", name="Check and submit", exact=True).click)
    press(page, "Submit the request")
    summary = page.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    error = summary.get_by_role("link", name=re.compile("^Enter the child's views"))
    assert error.get_attribute("href") == "#child_views"
    assert page.locator("#child_views").count() == 1
    request.refresh_from_db()
    assert (request.status, request.submitted_at) == (Status.DRAFT, None)

    follow(page, "Change the child's views")
    fill(page, {"The child's views": "I want somewhere quieter for a while."})
    press(page, "Save as draft")
    assert f"Request {request.reference} saved" in banner(page)
    go(page, page.get_by_role("button", name="Check and submit", exact=True).click)
    assert page.locator(".govuk-error-summary").count() == 0
    press(page, "Submit the request")
    assert f"Request {request.reference} submitted to the local authority" in banner(page)
    assert tag(page) == "Submitted"
    return request


def la_triages(page, request: Request) -> None:
    visit(page, reverse("referrals:list"))
    field(page, "Status").select_option(label="Submitted")
    press(page, "Filter")
    row = page.locator("main table tbody tr", has=page.get_by_role("link", name=request.reference, exact=True))
    assert request.pupil.full_name in row.inner_text()
    assert "Submitted" in row.inner_text()
    go(page, row.get_by_role("link", name=request.reference, exact=True).click)
    go(page, page.get_by_role("button", name="Triage this request", exact=True).click)
    tick(page, "Accept for a panel")
    fill(page, {"Notes": "Ready for the locality panel."})
    press(page, "Save")
    assert f"Request {request.reference} is ready for a panel" in banner(page)
    assert tag(page) == "Triaged, waiting for a panel"


def todays_meeting(page, panel: Panel, calendar: SchoolCalendar, today: datetime.date, officer: User) -> Meeting:
    """Today's meeting of the panel, scheduled through the form when today is a free school day."""
    visit(page, reverse("panels:detail", args=[panel.pk]))
    held = panel.meetings.exclude(status=Meeting.Status.CANCELLED).filter(date=today)
    if calendar.is_school_day(today) and not held.exists():
        follow(page, "Schedule meetings")
        fill(page, {"Date of the meeting": today})
        press(page, "Schedule")
        assert f"Meeting scheduled for {govuk_date(today)}" in banner(page)
        return panel.meetings.get(date=today)
    # Panels meet on school days: the form moves a weekend or holiday date to the next school day,
    # and a case is decided on its meeting's day. On such a day the test books the meeting itself,
    # through the service the form uses once it has chosen the date (so it is audited as usual).
    meeting = panel_services._create_meeting(by=officer, panel=panel, date=today)
    visit(page, reverse("panels:meeting", args=[meeting.pk]))
    return meeting


def panel_decides(page, meeting: Meeting, request: Request, provider: Provider) -> Decision:
    panel, school = meeting.panel, request.school
    follow(page, "Add a case to the agenda")
    page.get_by_label(re.compile(f"{request.reference}: ")).check()
    press(page, "Add to the agenda")
    assert f"Request {request.reference} added to the agenda" in banner(page)

    follow(page, "Record attendance")
    for group in page.locator("main form fieldset").all():
        tick(group, "Present")
    press(page, "Save attendance")
    assert "Attendance saved" in banner(page)

    follow(page, f"Record the decision on {request.reference}")
    referring = PanelMember.objects.filter(panel=panel, organisation=school, active=True).select_related("user")
    assert referring, f"nobody from {school.name} sits on {panel.name}"
    text = page.locator("main").inner_text()
    for member in referring:
        assert f"{member.user.full_name} ({school.name}, the referring school)" in text
    assert "not quorate" not in text
    seat = PanelMember.objects.select_related("user").get(panel=panel, organisation=provider.organisation, active=True)
    tick(page, "Time-limited placement", f"{seat.user.full_name}, {provider.name}")
    field(page, "Provider (placements, outreach)").select_option(label=provider.name)
    fill(page, {"Reasons for the decision": "A small setting, then back to school."})
    fill(page, {"Length in weeks (time-limited placement or extension)": str(WEEKS)})
    fill(page, {"Nature of the conflict (optional)": "Manages the provider"})
    press(page, "Record the decision")
    assert "Decision recorded: Time-limited placement" in banner(page)
    decided = f"Time-limited placement with {provider.name} for {WEEKS} weeks."
    assert row_of(page, "Decision") == decided
    conflicts = page.locator("main ul.govuk-list").inner_text()
    assert f"{seat.user.full_name} ({provider.name}): Manages the provider. Did not vote." in conflicts
    for member in referring:
        assert f"{member.user.full_name} ({school.name}): Represents the referring school" in conflicts

    follow(page, "Back to the meeting")
    follow(page, "Make the minutes final")
    press(page, "Make the minutes final")
    assert "The minutes are final" in banner(page)
    minutes = page.locator("main").inner_text()
    assert f"{request.reference}: {request.pupil.full_name} ({school.name})" in minutes
    assert decided in minutes
    assert f"{seat.user.full_name} ({provider.name}) declared a conflict of interest (manages the provider)" in minutes
    return Decision.objects.get(request=request)


def la_makes_placement(page, decision: Decision, provider: Provider, start: datetime.date) -> Placement:
    pupil = decision.request.pupil
    visit(page, reverse("panels:decision", args=[decision.pk]))
    go(page, page.get_by_role("button", name="Create the placement", exact=True).click)
    assert row_of(page, "Length") == f"{WEEKS} weeks"
    fill(page, {"Start date": start, "Objectives": "Attend every session.", "Reintegration plan": "A phased return."})
    tick(page, "Dual registered with the provider", *(session_label(key) for key in SESSION_KEYS))
    assert field(page, "Provider").locator("option:checked").inner_text() == provider.name
    programme = programme_with_a_place(provider, pupil, start)
    if programme is not None:
        field(page, "Programme (optional)").select_option(label=f"{provider.name}: {programme.name}")
    else:  # a bespoke package, at its own price
        fill(page, {"Price per session, in pounds (optional)": "55"})
    press(page, "Save as proposed")
    assert "The placement has been recorded as proposed" in banner(page)
    assert tag(page, ".govuk-caption-l") == "Proposed"
    placement = Placement.objects.get(decision=decision)

    follow(page, "Write the learner profile")
    fill(
        page, {"Needs": "Anxiety in busy rooms.", "What helps": "A quiet start.", "What to avoid": "Being singled out."}
    )
    fill(page, {"Risks and how they are managed": "Leaves the room when anxious: an agreed safe space."})
    press(page, "Save")
    assert "The learner profile has been saved" in banner(page)
    follow(page, "Back to the placement")

    follow(page, "Agree the placement")
    press(page, "Agree the placement")
    assert "The placement is agreed" in banner(page)
    assert tag(page, ".govuk-caption-l") == "Agreed"
    follow(page, "Placement agreement")
    assert pupil.full_name in page.locator("main").inner_text()
    visit(page, reverse("placements:detail", args=[placement.pk]))

    follow(page, "Record that the placement has started")
    press(page, "Start the placement")
    assert "The placement has started" in banner(page)
    assert tag(page, ".govuk-caption-l") == "Active"
    assert row_of(page, "Registration") == "Dual registered with the provider"
    return placement


def provider_marks_absent(page, pupil: Pupil, day: datetime.date) -> None:
    visit(page, f"{reverse('attendance:register')}?date={day.isoformat()}")
    assert page.locator("h1").inner_text() == f"Register for {day_name(day)}"
    field(page, f"Morning for {pupil.full_name}").select_option("O")
    press(page, "Save the register")
    assert f"Register saved for {day_name(day)}: 1 new marks" in banner(page)
    assert field(page, f"Morning for {pupil.full_name}").input_value() == "O"


def school_sees_alert(page, pupil: Pupil, day: datetime.date, today: datetime.date) -> None:
    visit(page, reverse("home"))
    if day == today:
        alerts = page.locator("main table", has=page.locator("caption", has_text="Open attendance alerts for today"))
        assert pupil.full_name in alerts.inner_text()
    visit(page, f"{reverse('attendance:alerts')}?date={day.isoformat()}")
    row = page.locator("main table tbody tr", has_text="Absent without a reason (code O)").filter(
        has=page.get_by_role("link", name=pupil.full_name, exact=True)
    )
    assert row.count() == 1, "the school's alerts do not show the pupil's absence"
    assert "Morning" in row.inner_text() and "Open" in row.inner_text()
    go(page, row.get_by_role("link", name=pupil.full_name, exact=True).click)
    assert page.locator("h1").inner_text() == f"Attendance: {pupil.full_name}"


def school_reviews_and_ends(page, placement: Placement, provider: Provider, today, return_day, last_day) -> None:
    pupil, start, dual_until = placement.pupil, placement.start_date, dual_registration_end(return_day)
    visit(page, reverse("placements:detail", args=[placement.pk]))
    reviews = page.locator("main table", has=page.locator("caption", has_text="Reviews of the placement"))
    go(page, reviews.get_by_role("link").first.click)
    fill(page, {"Date the review was held": today, "Progress against the objectives": "Settled in the group."})
    fill(page, {"The young person's views": "I am ready to go back.", "The parent's or carer's views": "Happy."})
    tick(page, "Plan the return to mainstream school")
    press(page, "Save")
    assert "The review has been recorded" in banner(page)
    held = reviews.locator("tbody tr", has_text="Plan the return to mainstream school")
    assert govuk_date(today) in held.inner_text()
    assert "0.0% of 1 sessions" in held.inner_text()

    follow(page, "Plan the return to school")
    school = field(page, "School the pupil returns to")
    assert school.locator("option:checked").inner_text() == placement.home_school.name
    fill(page, {"First day back at school": return_day, "Return plan": "Mornings only in the first week."})
    press(page, "Save")
    assert "The return plan has been saved" in banner(page)
    assert row_of(page, "Return date") == govuk_date(return_day)

    follow(page, "End the placement")
    fill(page, {"Last day of the placement": last_day})
    tick(page, "Returned to the home school")
    press(page, "End the placement")
    assert "The placement has ended" in banner(page)
    assert tag(page, ".govuk-caption-l") == "Ended"
    assert row_of(page, "Ended") == f"{govuk_date(last_day)}: Returned to the home school"
    assert row_of(page, "Dual registration ends").startswith(govuk_date(dual_until))

    # The pupil's page: dual registered with the provider for 3 months after the return.
    visit(page, reverse("pupils:detail", args=[pupil.pk]))
    registrations = page.locator("main table", has=page.locator("caption", has_text="Registrations"))
    at_provider = registrations.locator("tbody tr", has_text=provider.name).inner_text()
    assert "Dual registration, subsidiary (S)" in at_provider
    assert f"{govuk_date(start)}\t{govuk_date(dual_until)}" in at_provider
    statuses = page.locator("main table", has=page.locator("caption", has_text="Education status history"))
    dual = statuses.locator("tbody tr", has_text="Dual registered").inner_text()
    assert f"{govuk_date(start)}\t{govuk_date(dual_until)}" in dual
    in_ap = statuses.locator("tbody tr", has_text="In alternative provision").inner_text()
    assert f"{govuk_date(start)}\t{govuk_date(last_day)}" in in_ap


def la_closes(page, request: Request) -> None:
    visit(page, reverse("referrals:detail", args=[request.pk]))
    assert tag(page) == "Decided"
    follow(page, "Close the request")
    fill(page, {"Why is the request being closed?": "The pupil is back at school."})
    press(page, "Close the request")
    assert f"Request {request.reference} closed" in banner(page)
    assert tag(page) == "Closed"


def test_pupil_goes_from_request_to_placement_and_back_to_school(demo_area, new_page, mailoutbox):
    today = demo_area.today
    calendar = SchoolCalendar.load()
    # The most recent school day (today, in term time): the placement starts and the register is marked then.
    session_day = calendar.school_days(today - datetime.timedelta(days=60), today)[-1]
    return_day = calendar.nth_school_day_after(today, 1)
    dual_until = dual_registration_end(return_day)
    leader = demo_area.person(Role.SCHOOL_LEADER)
    officer = demo_area.person(Role.LA_INCLUSION_OFFICER)
    manager = demo_area.person(Role.PROVIDER_MANAGER)
    school = Organisation.objects.get(name=leader["organisation"], kind=OrganisationKind.SCHOOL)
    provider = Provider.objects.get(organisation__name=manager["organisation"])
    panel = Panel.objects.get(area=school.school.partnership, panel_type="behaviour_attendance", active=True)
    pupil = pupil_to_refer(school, session_day, today)

    school_page = signed_in(new_page(), leader)
    request = school_asks_for_support(school_page, pupil, provider, today)

    la_page = signed_in(new_page(), officer)
    la_triages(la_page, request)
    meeting = todays_meeting(la_page, panel, calendar, today, User.objects.get(email=officer["email"]))
    decision = panel_decides(la_page, meeting, request, provider)
    placement = la_makes_placement(la_page, decision, provider, session_day)

    provider_marks_absent(signed_in(new_page(), manager), pupil, session_day)

    out = StringIO()
    call_command("check_attendance_alerts", "--date", session_day.isoformat(), stdout=out)
    assert f"Attendance alerts for {session_day.isoformat()}" in out.getvalue()
    alert = Alert.objects.get(pupil=pupil, date=session_day, kind=Alert.Kind.ABSENT)
    assert (alert.session, alert.code, alert.home_school_id) == ("AM", "O", school.pk)
    to_school = [m for m in mailoutbox if leader["email"] in m.to]
    assert to_school, f"no alert email to {leader['email']}, the school's safeguarding lead"
    assert f"{pupil.full_name} ({school.name}) at {provider.name}, morning: absent, code O" in to_school[0].body
    school_sees_alert(school_page, pupil, session_day, today)

    school_reviews_and_ends(school_page, placement, provider, today, return_day, session_day)
    la_closes(la_page, request)

    request.refresh_from_db()
    placement.refresh_from_db()
    assert request.status == Status.CLOSED and decision.meeting_id == meeting.pk
    assert (placement.status, placement.end_reason) == (PlacementStatus.ENDED, EndReason.RETURNED)
    assert (placement.start_date, placement.end_date) == (session_day, session_day)
    assert placement.return_plan.dual_registration_ends == dual_until
    assert AttendanceMark.objects.get(pupil=pupil, date=session_day, session="AM").code == "O"
    review = placement.reviews.get(held_on=today)
    assert (review.possible_sessions, review.attended_sessions) == (1, 0)
    assert Registration.objects.get(pupil=pupil, organisation=provider.organisation).end_date == dual_until
    trail = set(AuditEvent.objects.filter(pupil_id=pupil.pk).values_list("object_type", "action"))
    missing = [(kind, action) for kind, actions in AUDITED.items() for action in actions if (kind, action) not in trail]
    assert not missing, f"audit entries missing for the pupil: {missing}"
