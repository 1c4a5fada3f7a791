"""Demo panels: one behaviour and attendance panel per locality taking turns at a weekly single
point of access, and a whole-LA fair access panel; past meetings with attendance, decisions,
actions and final minutes, and upcoming meetings with cases on their agendas.

``build_demo_panels`` is called by the demo generator after ``referrals.demo.build_demo_requests``.
It writes through the services. Past meetings are scheduled with ``today`` set to the meeting's
own date (the services take "today" as an argument), so their decisions carry the deadlines of
that day. Deterministic for a given ``rng``.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable

from accounts.models import Membership, Organisation
from accounts.roles import Role
from core.calendar import SchoolCalendar, academic_year_of
from panels import rules, services, services_decisions, services_meetings, standing
from panels.models import Panel
from providers.queries import approved_providers
from pupils.rules import national_curriculum_year
from referrals import services as request_services
from referrals.models import Request, Status
from schools.models import Partnership, School

PAST_WEEKS = (8, 4)
FUTURE_WEEKS = (1, 5)
RATIONALES = {
    "time_limited_placement": "Needs assessed in a small setting for a fixed period, with a planned return to the home school.",
    "targeted_support": "Outreach support in school first; the panel will review at the next meeting if it does not hold.",
    "decline": "The graduated response is at an early stage; the school should complete the EP recommendations first.",
    "defer": "Waiting for the educational psychologist's report; back to the next meeting.",
    "fair_access_allocation": "Lowest fair access admissions per 100 on roll this year, with places in the year group.",
    "transitional_placement": "A fresh start is needed; a transitional placement leading to a new school.",
}


def _memberships(users: Iterable) -> list[Membership]:
    return list(Membership.objects.filter(user__in=list(users)).select_related("user", "organisation").order_by("pk"))


def _one(memberships, role):
    return next((m for m in memberships if m.role == role), None)


def _seat(lead, panel, membership, panel_role, *, voting=True):
    if membership is None:
        return None
    return services.add_member(
        by=lead,
        panel=panel,
        user=membership.user,
        organisation=membership.organisation,
        panel_role=panel_role,
        voting=voting,
        authority_to_decide=voting,
    )


def _panels(lead, memberships, partnerships) -> list[Panel]:
    la = _one(memberships, Role.LA_INCLUSION_OFFICER)
    school_of = dict(School.objects.values_list("organisation_id", "partnership_id"))
    panels = []
    for order, partnership in enumerate(partnerships, 1):
        panel = services.create_panel(
            by=lead,
            name=f"{partnership.organisation.name} Behaviour and Attendance Panel",
            panel_type="behaviour_attendance",
            area=partnership,
            quorum=2,
            cadence="four_weekly",
            in_spa_rotation=True,
            rotation_order=order,
        )
        _seat(lead, panel, la, "la_officer")
        for m in memberships:
            if m.role == Role.PARTNERSHIP_CHAIR and m.organisation_id == partnership.organisation_id:
                _seat(lead, panel, m, "chair")
            if m.role == Role.SCHOOL_LEADER and school_of.get(m.organisation_id) == partnership.pk:
                _seat(lead, panel, m, "school")
        _seat(lead, panel, _one(memberships, Role.PARTNER_PRACTITIONER), "partner", voting=False)
        _seat(lead, panel, _one(memberships, Role.PROVIDER_MANAGER), "ap_leader", voting=False)
        # Quorum 2 where the panel can still meet it when the referring school's member stands aside.
        voting = panel.members.filter(active=True, voting=True, authority_to_decide=True).count()
        services.update_panel(by=lead, panel=panel, quorum=max(1, min(2, voting - 1)))
        panels.append(panel)
    fair = services.create_panel(
        by=lead, name="Fair Access Panel", panel_type="fair_access", area=None, quorum=1, cadence="monthly"
    )
    _seat(lead, fair, _one(memberships, Role.LA_STRATEGIC_LEAD), "chair")
    _seat(lead, fair, la, "la_officer")
    for m in memberships:
        if m.role == Role.SCHOOL_LEADER:
            _seat(lead, fair, m, "school")
    panels.append(fair)
    return panels


def _hears(panel: Panel, request: Request, school_of: dict) -> bool:
    return rules.panel_hears(
        panel.panel_type,
        panel.area_id,
        route=request.route,
        school_partnership_id=school_of.get(request.school_id),
        has_ehc_plan=request.pupil.has_ehcp,
    )


def _meeting(by, panel, day, today):
    (meeting,) = services.schedule_meetings(by=by, panel=panel, first_date=day, today=min(day, today))
    return meeting


def _next_turn(request: Request, day: datetime.date):
    """The school whose turn it is: fewest fair access admissions per 100 on roll, in the pupil's phase."""
    year = national_curriculum_year(request.pupil.date_of_birth, academic_year_of(day))
    phases = {"secondary", "all_through"} if year >= 7 else {"primary", "all_through"}
    for row in standing.whose_turn(None, day):
        if row.phase in phases and row.school_id != request.school_id:
            return Organisation.objects.get(pk=row.school_id)
    return None


def _outcome(rng: random.Random, request: Request, providers, day: datetime.date) -> dict:
    if request.route == "fair_access":
        school = _next_turn(request, day)
        return {"outcome": "fair_access_allocation", "named_school": school} if school else {"outcome": "defer"}
    outcome = rng.choice(
        [
            "time_limited_placement",
            "time_limited_placement",
            "targeted_support",
            "decline",
            "defer",
            "transitional_placement",
        ]
    )
    if outcome in ("time_limited_placement", "transitional_placement") and providers:
        weeks = rng.choice([6, 8, 12]) if outcome == "time_limited_placement" else None
        return {"outcome": outcome, "provider": rng.choice(providers), "placement_weeks": weeks}
    if outcome in ("time_limited_placement", "transitional_placement"):
        return {"outcome": "targeted_support"}
    return {"outcome": outcome}


def build_demo_panels(
    *,
    rng: random.Random,
    today: datetime.date,
    users: Iterable,
    requests: Iterable[Request],
    partnerships: Iterable[Partnership] | None = None,
    spa_weeks: int = 6,
) -> list[Panel]:
    """Create the panels, their meeting calendar, decisions and agendas; returns the panels."""
    memberships = _memberships(users)
    lead = _one(memberships, Role.LA_STRATEGIC_LEAD).user
    la_membership = _one(memberships, Role.LA_INCLUSION_OFFICER)
    la, la_organisation = la_membership.user, la_membership.organisation
    partnerships = list(
        partnerships
        if partnerships is not None
        else Partnership.objects.select_related("organisation").order_by("organisation__name")
    )
    panels = _panels(lead, memberships, partnerships)
    cal = SchoolCalendar.load()
    providers = list(approved_providers().order_by("pk"))
    school_of = dict(School.objects.values_list("organisation_id", "partnership_id"))
    waiting = [r for r in sorted(requests, key=lambda r: r.pk) if r.status == Status.TRIAGED]
    held = [r for r in waiting if r.route == "school"][-2:]  # two stay triaged, so every stage shows
    waiting = [r for r in waiting if r not in held]
    for offset, panel in enumerate(panels):
        days = [today - datetime.timedelta(weeks=w, days=offset) for w in PAST_WEEKS]
        days += [today + datetime.timedelta(weeks=w, days=offset) for w in FUTURE_WEEKS]
        days = sorted({rules.meeting_day(cal, d) for d in days})
        for day in days:
            meeting = _meeting(lead, panel, day, today)
            cases = [r for r in waiting if _hears(panel, r, school_of)][: rng.choice([1, 2, 3])]
            for request in cases:
                waiting.remove(request)
                services_meetings.add_case(by=la, meeting=meeting, request=request, today=min(day, today))
            if day > today:
                continue
            statuses = {
                m.pk: ("present" if rng.random() < 0.85 or m.voting else "apologies")
                for m in panel.members.filter(active=True)
            }
            services_meetings.record_attendance(by=la, meeting=meeting, statuses=statuses)
            for item in meeting.items.filter(kind="case").select_related("request__pupil", "request__school"):
                choice = _outcome(rng, item.request, providers, day)
                owner = item.request.school or la_organisation
                actions = [
                    services_decisions.ActionInput(
                        "Share the outcome with the family and the pupil", owner, day + datetime.timedelta(days=7)
                    )
                ]
                decision = services_decisions.record_decision(
                    by=la,
                    item=item,
                    rationale=RATIONALES.get(choice["outcome"], RATIONALES["targeted_support"]),
                    today=day,
                    actions=actions,
                    **choice,
                )
                if decision.outcome == "decline":
                    request_services.close_request(by=la, request=item.request, reason="Declined by the panel")
                elif decision.outcome == "defer":
                    waiting.append(item.request)
            services_meetings.conclude_meeting(by=la, meeting=meeting, today=today)
    first_monday = today + datetime.timedelta(days=(7 - today.weekday()) % 7 or 7)
    if any(p.in_spa_rotation for p in panels):
        services.schedule_spa_rotation(by=lead, first_date=first_monday, weeks=spa_weeks, today=today)
    return panels
