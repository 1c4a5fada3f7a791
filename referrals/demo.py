"""Demo requests for support, at every stage before a panel, written through the services.

``build_demo_requests`` is called by the demo generator after the pupils exist. It picks pupils
whose record shows why a school or the LA would ask for help (a part-time timetable or
suspensions: a school request; a current permanent exclusion: an LA request; no school place:
a fair access case) and takes each request as far as draft, submitted, returned or triaged.
Triaged requests are what demo panels put on their agendas (panels.demo.build_demo_panels).

Deterministic for a given ``rng``: pupils are taken in primary-key order and every choice is a
draw from ``rng``. The services stamp the real time on submitted_at and the audit trail.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable

from accounts.models import Membership
from accounts.roles import Role
from providers.queries import approved_providers
from pupils.models import EducationStatus, Pupil
from pupils.queries import current_episodes, current_registrations
from referrals import services
from referrals.models import Request

NEEDS = {
    "semh": (
        "Frequent dysregulation in lessons and at social times; two suspensions this term after "
        "incidents with peers. Needs a smaller setting to assess what sits behind the behaviour."
    ),
    "ebsa": (
        "Attendance has fallen below 60% since the spring; panic attacks on the way to school. Needs a "
        "graded return plan and a calm, small-group base."
    ),
    "behaviour": (
        "Repeated defiance and leaving lessons without permission; the behaviour plan and report card "
        "have not held. Needs a time-limited placement with a clear route back."
    ),
    "medical": "Long-term medical condition with hospital stays; cannot manage a full timetable on site at present.",
    "sen": "SEN support in place but needs are not met in a class of 30; an EHC needs assessment may follow.",
}
TIERS = {
    "semh": "time_limited",
    "ebsa": "targeted",
    "behaviour": "time_limited",
    "medical": "transitional",
    "sen": "targeted",
}
TRIED = [
    ("Mentoring with the pastoral lead twice a week", "Engaged well at first; incidents returned after half term"),
    ("Part-time timetable with a reintegration plan", "Managed mornings; afternoons remained difficult"),
    ("Early help assessment and family support", "Family engaged; home routines improved"),
    ("Time in the school's inclusion base", "Calmer in the base but could not transfer back to lessons"),
    ("Educational psychologist consultation", "Recommendations in place; progress slow"),
    ("Mental health support team sessions", "Six sessions completed; anxiety still high in crowded spaces"),
]
CHILD_VIEWS = [
    "I find it hard when it is loud. I want to be somewhere I can concentrate.",
    "I don't want to get kicked out. I'd try somewhere different for a bit.",
    "I want to do my GCSEs but I can't be in that building all day.",
    "Nobody listens to me there. Maybe a smaller place would be better.",
]
PARENT_VIEWS = [
    "We agree a short placement could help, as long as the plan is to return.",
    "We are worried about travel but support the request.",
    "We want the school to keep trying but accept something has to change.",
    "Mum supports the request and wants to visit the provider first.",
]
STAGES = ("draft", "submitted", "returned", "triaged", "triaged", "triaged", "triaged")


def _people(users: Iterable) -> tuple[object, dict[int, object]]:
    """The LA inclusion officer, and each school's leader, from the demo users."""
    memberships = Membership.objects.filter(user__in=list(users)).select_related("user").order_by("pk")
    la = next(m.user for m in memberships if m.role == Role.LA_INCLUSION_OFFICER)
    leaders = {m.organisation_id: m.user for m in memberships if m.role == Role.SCHOOL_LEADER}
    return la, leaders


def _pupils_by_situation(pupils: Iterable[Pupil], today: datetime.date) -> dict[str, list[Pupil]]:
    ids = sorted(p.pk for p in pupils)
    by_pk = {p.pk: p for p in pupils}
    statuses: dict[int, set[str]] = {}
    for pupil_id, status in current_episodes(today).filter(pupil_id__in=ids).values_list("pupil_id", "status"):
        statuses.setdefault(pupil_id, set()).add(status)
    on_roll = set(
        current_registrations(today)
        .filter(pupil_id__in=ids, organisation__kind="school")
        .values_list("pupil_id", flat=True)
    )
    groups: dict[str, list[Pupil]] = {"school": [], "pex": [], "fair_access": []}
    for pk in ids:
        current = statuses.get(pk, set())
        if EducationStatus.PERMANENTLY_EXCLUDED in current:
            groups["pex"].append(by_pk[pk])
        elif pk not in on_roll and current & {EducationStatus.AWAITING_PLACE, EducationStatus.MISSING_EDUCATION}:
            groups["fair_access"].append(by_pk[pk])
        elif pk in on_roll and current & {EducationStatus.PART_TIME_TIMETABLE, EducationStatus.SUSPENDED}:
            groups["school"].append(by_pk[pk])
    return groups


def _fields(rng: random.Random, need: str, providers: list) -> dict:
    return {
        "need": need,
        "tier": TIERS[need],
        "need_detail": NEEDS[need],
        "child_views": rng.choice(CHILD_VIEWS),
        "parent_views": rng.choice(PARENT_VIEWS),
        "parent_agreement": rng.choice(["informed", "consented", "consented"]),
        "risks": rng.choice(["", "Can abscond when anxious; needs a named adult at transitions."]),
        "safeguarding": rng.choice(["", "", "Open to early help; the social worker is aware of this request."]),
        "preferred_providers": rng.sample(providers, k=min(len(providers), rng.choice([0, 1, 2]))),
    }


def _advance(request: Request, stage: str, *, author, la, rng: random.Random) -> Request:
    if stage == "draft":
        if rng.random() < 0.5:
            services.update_request(by=author, request=request, child_views="")  # still gathering the child's views
        return request
    services.submit_request(by=author, request=request)
    if stage == "submitted":
        return request
    if stage == "returned":
        return services.return_request(
            by=la,
            request=request,
            reason="Please attach the latest attendance summary and the educational psychologist's report.",
        )
    return services.triage_request(by=la, request=request, notes="Graduated response evidenced; ready for panel.")


def build_demo_requests(
    *,
    rng: random.Random,
    today: datetime.date,
    users: Iterable,
    pupils: Iterable[Pupil],
    school_requests: int = 14,
    pex_requests: int = 3,
    fair_access_requests: int = 2,
) -> list[Request]:
    """Create requests at every pre-panel stage; returns them in creation order."""
    pupils = list(pupils)
    la, leaders = _people(users)
    providers = list(approved_providers().order_by("pk"))
    groups = _pupils_by_situation(pupils, today)
    created: list[Request] = []
    home_schools = dict(
        current_registrations(today)
        .filter(pupil__in=groups["school"], organisation__kind="school")
        .values_list("pupil_id", "organisation_id")
    )
    for index, pupil in enumerate(groups["school"][:school_requests]):
        author = leaders.get(home_schools.get(pupil.pk), la)
        need = rng.choice(list(NEEDS))
        request = services.create_request(
            by=author, pupil=pupil, route="school", today=today, **_fields(rng, need, providers)
        )
        for what, outcome in rng.sample(TRIED, k=rng.choice([1, 2, 3])):
            started = today - datetime.timedelta(days=rng.randint(40, 150))
            ended = started + datetime.timedelta(days=rng.randint(14, 35))
            services.add_graduated_response(
                by=author,
                request=request,
                what=what,
                started=started,
                ended=min(ended, today),
                outcome=outcome,
                today=today,
            )
        created.append(_advance(request, STAGES[index % len(STAGES)], author=author, la=la, rng=rng))
    for pupil in groups["pex"][:pex_requests]:
        fields = _fields(rng, rng.choice(["behaviour", "semh"]), providers)
        request = services.create_request(
            by=la, pupil=pupil, route="pex", today=today, **{**fields, "tier": "time_limited"}
        )
        created.append(_advance(request, "triaged", author=la, la=la, rng=rng))
    for pupil in groups["fair_access"][:fair_access_requests]:
        fields = _fields(rng, rng.choice(["semh", "sen"]), providers)
        request = services.create_request(
            by=la, pupil=pupil, route="fair_access", today=today, **{**fields, "tier": "transitional"}
        )
        created.append(_advance(request, "triaged", author=la, la=la, rng=rng))
    return created
