"""Demo placements for the demo area: one placement for each alternative provision episode the
demo pupils already have, with its package, learner profile, agreement, reviews (some overdue),
returns with their checks, Year 11 leavers' destinations and a few answered surveys.

Called by the demo generator (demo app) after the pupils and the provider directory exist, and
before attendance::

    build_demo_placements(rng=random.Random("7:placements"), today=today, users=users)

``users`` are the demo sign-ins (the LA inclusion officer agrees LA placements, the school
leader the school's own). Deterministic for the rng: every draw comes from ``rng`` and every
list is walked in a fixed order. Rows are written directly, as the rest of the generator does,
because the pupils' "in AP" and "dual" episodes and registrations are already on their records;
each placement links to them, so ending it in the app ends exactly those.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import secrets
from collections import Counter

from accounts.models import Membership
from accounts.roles import Role
from core.calendar import CalendarError, SchoolCalendar, academic_year_of
from placements import rules
from placements.models import (
    SESSION_KEYS,
    Destination,
    LearnerProfile,
    Placement,
    PlacementComponent,
    ProgrammeOccupancy,
    Return,
    ReturnCheck,
    Review,
    SurveyInvitation,
    SurveyResponse,
)
from providers.models import Programme, Provider
from pupils.models import EducationEpisode, Registration
from pupils.rules import national_curriculum_year

DAY = datetime.timedelta(days=1)
OVERDUE_SHARE = (
    0.2  # ASSUMPTION: about one active placement in five has its latest review late in the demo, so the flags show
)
RETURNED_SHARE = 0.6
FALLBACK_SESSION_PRICE = 5_500
OBJECTIVES = [
    "Attend at least 90% of sessions and arrive on time.\nComplete a Level 1 unit in the vocational option.\nRebuild a trusting relationship with one adult.",
    "Manage frustration without leaving lessons, using the agreed time-out plan.\nMake measurable progress in English and maths.",
    "Re-engage with learning after a long absence: attend every timetabled session for six weeks.\nName a post-16 option and visit it.",
    "Understand the triggers behind the incidents at school and practise the strategies from the mentor sessions.",
]
PLANS = [
    "Phased return to the home school from week 10: two mornings, then three days, then full time, with the pastoral lead meeting weekly.",
    "Return through the school's inclusion base for two weeks, then a full timetable with a named key adult.",
    "Transition visits to the receiving school in the last three weeks; dual registration kept for three months after the return.",
]
PROFILES = [
    {
        "strengths": "Practical and creative; good with younger pupils.",
        "needs": "SEN support for literacy; finds large groups hard.",
        "what_helps": "A calm start to the day, clear routines and a named adult.",
        "what_to_avoid": "Being singled out in front of peers; raised voices.",
        "risks": "May leave the site when anxious: staff follow the missing-from-education plan and ring home at once.",
        "medical": "",
    },
    {
        "strengths": "Enjoys sport and cooking.",
        "needs": "Social, emotional and mental health needs; CAMHS involved.",
        "what_helps": "Movement breaks and short tasks with quick feedback.",
        "what_to_avoid": "Sudden changes without warning.",
        "risks": "Known to older young people of concern in the area: share any sightings with the home school DSL the same day.",
        "medical": "Asthma: inhaler kept in the office.",
    },
    {
        "strengths": "Thoughtful, articulate when calm.",
        "needs": "Emotionally based school avoidance; anxiety in crowded corridors.",
        "what_helps": "Arriving five minutes after others; a quiet room to go to.",
        "what_to_avoid": "Phone calls home about minor things.",
        "risks": "Low mood: follow the school's safety plan; no self-harm in the last six months.",
        "medical": "",
    },
]
REVIEW_NOTES = [
    (
        "Attending well and engaged in the workshop; first unit complete.",
        "Likes the staff and wants to stay until the end.",
        "Pleased with the change at home.",
        "continue",
    ),
    (
        "Attendance dipped after half term; now improving with morning calls.",
        "Finds Mondays hard.",
        "Worried about mornings.",
        "continue",
    ),
    (
        "Objectives largely met; ready to plan the return.",
        "Wants to go back to see friends.",
        "Supports a phased return.",
        "return",
    ),
]
DESTINATIONS = [
    ("education", "Trafford College, Level 1 construction"),
    ("training", "Apprenticeship with a local garage"),
    ("employment", "Full-time work in retail"),
    ("neet", "Referred to the youth service"),
    ("unknown", ""),
]
END_REASONS = ["breakdown", "managed_move", "special_school", "moved_away", "post_16", "other"]


def build_demo_placements(
    *, rng: random.Random, today: datetime.date, users, calendar: SchoolCalendar | None = None
) -> Counter:
    """Create the demo placements; returns counts of what was made."""
    return _Builder(rng, today, list(users), calendar or SchoolCalendar.load()).run()


class _Builder:
    def __init__(self, rng, today, users, calendar):
        self.rng, self.today, self.calendar = rng, today, calendar
        memberships = Membership.objects.filter(user__in=[u.pk for u in users]).select_related("organisation", "user")
        self.by_role = {}
        for membership in memberships.order_by("pk"):
            self.by_role.setdefault(membership.role, membership)
        self.la_member = self.by_role.get(Role.LA_INCLUSION_OFFICER) or self.by_role.get(Role.LA_STRATEGIC_LEAD)
        self.providers = {p.name: p for p in Provider.objects.select_related("organisation").order_by("pk")}
        self.programmes: dict[int, list[Programme]] = {}
        for programme in Programme.objects.filter(active=True).order_by("provider_id", "name", "pk"):
            self.programmes.setdefault(programme.provider_id, []).append(programme)
        self.booked: Counter = Counter()
        self.periods = [(p.start_date, p.end_date) for p in _term_periods()]
        self.counts: Counter = Counter()

    def run(self) -> Counter:
        if self.la_member is None:
            return self.counts
        episodes = list(
            EducationEpisode.objects.filter(status="in_ap", school__isnull=False)
            .select_related("pupil", "school")
            .order_by("start_date", "pk")
        )
        duals = {}
        for episode in EducationEpisode.objects.filter(status="dual").order_by("start_date", "pk"):
            duals.setdefault(episode.pupil_id, []).append(episode)
        for episode in episodes:
            provider = self._provider_for(episode)
            if provider is None:
                continue
            self._placement(episode, provider, duals.get(episode.pupil_id, []))
        ProgrammeOccupancy.objects.bulk_create(
            [ProgrammeOccupancy(programme_id=pk, booked=n) for pk, n in sorted(self.booked.items())]
        )
        return self.counts

    def _provider_for(self, episode) -> Provider | None:
        notes = episode.notes or ""
        if notes.startswith("Placed at "):
            name = notes[len("Placed at ") :].split(", ")[0].rstrip(".")
            if name in self.providers:
                return self.providers[name]
        approved = [p for p in self.providers.values() if p.is_commissionable] if self.providers else []
        return self.rng.choice(approved) if approved else None

    def _placement(self, episode, provider, dual_episodes) -> None:
        rng, today = self.rng, self.today
        pupil, school = episode.pupil, episode.school
        start, end = episode.start_date, episode.end_date
        active = end is None or end >= today
        registration = Registration.objects.filter(
            pupil=pupil, organisation=provider.organisation, enrolment_status="S", start_date=start
        ).first()
        arrangement = "dual" if registration else "single_home"
        la_commissioned = provider.provider_type in ("pru", "ap_academy", "ap_free_school") or rng.random() < 0.3
        commissioner = self.la_member.organisation if la_commissioned else school
        if arrangement == "single_home" and not la_commissioned and rng.random() < 0.3:
            arrangement = "off_site_direction"
        planned_end = rules.default_planned_end(start, rng.choice((12, 12, 18, 24)))
        if active and planned_end < today + 14 * DAY:
            planned_end = today + rng.randint(14, 60) * DAY
        if not active and planned_end < end:
            planned_end = end
        dual_episode = next(
            (d for d in dual_episodes if end and d.start_date > end and (d.start_date - end).days <= 7), None
        )
        reason = ""
        if not active:
            reason = "returned" if dual_episode or rng.random() < RETURNED_SHARE else rng.choice(END_REASONS)
        agreer = self.la_member.user if la_commissioned else self._school_user(school)
        placement = Placement.objects.create(
            pupil=pupil,
            home_school=school,
            status="active" if active else "ended",
            tier=rng.choice(("time_limited", "time_limited", "transitional")),
            commissioner=commissioner,
            funder=commissioner,
            start_date=start,
            planned_end_date=planned_end,
            end_date=None if active else end,
            end_reason=reason,
            objectives=rng.choice(OBJECTIVES),
            reintegration_plan=rng.choice(PLANS),
            registration_arrangement=arrangement,
            home_attendance_code=rules.home_attendance_code(arrangement, commissioner.kind),
            agreed_at=datetime.datetime.combine(
                start - rng.randint(2, 6) * DAY, datetime.time(10, 0), tzinfo=datetime.UTC
            ),
            agreed_by=agreer,
            in_ap_episode=episode,
            dual_episode=None,
            created_by=agreer,
            updated_by=agreer,
        )
        if registration:
            placement.provider_registrations.add(registration)
        self.counts["placements active" if active else "placements ended"] += 1
        self._component(placement, provider, active, registration is not None)
        LearnerProfile.objects.create(placement=placement, created_by=agreer, updated_by=agreer, **rng.choice(PROFILES))
        self._reviews(placement, agreer)
        if reason == "returned":
            self._return(placement, dual_episode, agreer)
        if not active:
            self._destinations(placement)
            self._survey(placement, agreer)

    def _school_user(self, school):
        leader = self.by_role.get(Role.SCHOOL_LEADER)
        return leader.user if leader and leader.organisation_id == school.pk else self.la_member.user

    def _component(self, placement, provider, active, full_time) -> None:
        rng = self.rng
        age = placement.start_date.year - placement.pupil.date_of_birth.year
        options = [p for p in self.programmes.get(provider.pk, []) if p.min_age <= age <= p.max_age]
        programme = rng.choice(options) if options else None
        if programme and active and self.booked[programme.pk] >= programme.places:
            programme = None
        if full_time:
            sessions = list(SESSION_KEYS)
        else:
            days = sorted(rng.sample(range(5), rng.choice((2, 3, 4))))
            sessions = [key for key in SESSION_KEYS if int(SESSION_KEYS.index(key) // 2) in days]
        price = None
        if programme:
            price = rules.cost_per_session_pence(
                per_session=programme.price_per_session_pence,
                per_day=programme.price_per_day_pence,
                per_place_year=programme.price_per_place_year_pence,
            )
        PlacementComponent.objects.create(
            placement=placement,
            provider=provider,
            programme=programme,
            sessions=sessions,
            cost_per_session_pence=price or FALLBACK_SESSION_PRICE,
            start_date=placement.start_date,
            place_booked=bool(programme and active),
            created_by=placement.created_by,
            updated_by=placement.created_by,
        )
        if programme and active:
            self.booked[programme.pk] += 1
        self.counts["placement components"] += 1

    def _reviews(self, placement, by) -> None:
        rng, today = self.rng, self.today
        last = placement.end_date or placement.planned_end_date
        reviews = []
        due_dates = rules.review_due_dates(placement.start_date, last, self.periods)
        # A late placement has only its most recent review outstanding; the ones before it were held.
        latest_past = max((due for _, due in due_dates if due < today), default=None)
        late = placement.status == "active" and rng.random() < OVERDUE_SHARE
        for kind, due in due_dates:
            review = Review(placement=placement, kind=kind, due_date=due, created_by=by, updated_by=by)
            if due < today and not (late and due == latest_past):
                progress, young, parent, outcome = rng.choice(REVIEW_NOTES)
                review.held_on = min(due + rng.randint(0, 4) * DAY, today - DAY)
                review.progress, review.young_person_views, review.parent_views, review.outcome = (
                    progress,
                    young,
                    parent,
                    outcome,
                )
                self.counts["reviews held"] += 1
            elif due < today:
                self.counts["reviews overdue"] += 1
            reviews.append(review)
        Review.objects.bulk_create(reviews)

    def _return(self, placement, dual_episode, by) -> None:
        rng, today = self.rng, self.today
        return_date = dual_episode.start_date if dual_episode else self._next_school_day(placement.end_date)
        dual_until = None
        if dual_episode is not None:
            placement.dual_episode = dual_episode
            placement.save(update_fields=["dual_episode"])
            dual_until = dual_episode.end_date or rules.dual_registration_end(return_date)
        return_plan = Return.objects.create(
            placement=placement,
            school=placement.home_school,
            return_date=return_date,
            plan=placement.reintegration_plan,
            dual_registration_ends=dual_until,
            created_by=by,
            updated_by=by,
        )
        checks = []
        for kind, due in rules.return_check_dates(return_date).items():
            check = ReturnCheck(return_plan=return_plan, kind=kind, due_date=due, created_by=by, updated_by=by)
            if due < today and rng.random() < 0.8:
                check.checked_on, check.held = min(due + rng.randint(0, 5) * DAY, today - DAY), rng.random() < 0.8
                check.notes = "Attending full time." if check.held else "Attendance fell away; back to the panel."
            checks.append(check)
        ReturnCheck.objects.bulk_create(checks)
        self.counts["returns to school"] += 1

    def _destinations(self, placement) -> None:
        year = academic_year_of(placement.end_date)
        if (
            not rules.is_year_11(national_curriculum_year(placement.pupil.date_of_birth, year))
            and placement.end_reason != "post_16"
        ):
            return
        rows = []
        for due in rules.destination_check_dates(rules.year_11_leaving_date(year)):
            destination = Destination(placement=placement, due_date=due)
            if due < self.today and self.rng.random() < 0.8:
                destination.outcome, destination.detail = self.rng.choice(DESTINATIONS)
                destination.recorded_on = min(due + self.rng.randint(0, 20) * DAY, self.today - DAY)
            rows.append(destination)
        Destination.objects.bulk_create(rows)
        self.counts["leavers' destination points"] += len(rows)

    def _survey(self, placement, by) -> None:
        if self.rng.random() > 0.4:
            return
        sent = datetime.datetime.combine(placement.end_date + DAY, datetime.time(9, 0), tzinfo=datetime.UTC)
        token_hash = hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest()  # a link nobody holds
        invitation = SurveyInvitation.objects.create(
            placement=placement,
            respondent=self.rng.choice(("young_person", "family")),
            token_hash=token_hash,
            expires_at=sent + datetime.timedelta(days=28),
            used_at=sent + datetime.timedelta(days=2),
            created_by=by,
            updated_by=by,
        )
        SurveyResponse.objects.create(
            invitation=invitation,
            submitted_at=invitation.used_at,
            overall=self.rng.choice((3, 4, 4, 5, 2)),
            felt_safe=self.rng.choice(("yes", "yes", "mostly")),
            felt_listened_to=self.rng.choice(("yes", "mostly", "no")),
            helped=self.rng.choice(("yes", "mostly", "no")),
            went_well=self.rng.choice(("The staff were kind.", "Small groups.", "")),
            could_be_better=self.rng.choice(("More time outdoors.", "", "Earlier start to English.")),
        )
        self.counts["surveys answered"] += 1

    def _next_school_day(self, day: datetime.date) -> datetime.date:
        try:
            return self.calendar.nth_school_day_after(day, 1)
        except CalendarError:
            return day + DAY


def _term_periods():
    from core.models import TermPeriod

    return list(TermPeriod.objects.order_by("start_date"))
