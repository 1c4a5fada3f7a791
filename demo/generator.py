"""Build the whole demo local area in one transaction: Trafford, its term dates, people and pupils.

Deterministic: the same seed, scale and "today" give the same rows, because every draw comes
from random.Random streams seeded with text like "7:pupils" (never the global random) and
every list is built in a fixed order.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import LocalAuthority
from core import audit
from core.calendar import SchoolCalendar
from demo.journey import build_journey
from demo.people import create_demo_users
from demo.plans import Plan
from demo.pupils import create_pupils, plan_pupils
from demo.terms import create_term_dates
from demo.timeline import Timeline
from demo.trafford import create_area
from pupils.models import EducationStatus

MAX_SCALE = 30


class DemoAreaExists(Exception):
    """The database already holds a local authority."""


@dataclass
class Summary:
    seed: int
    scale: int
    today: datetime.date
    counts: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        return [f"Demo local area generated (seed {self.seed}, scale {self.scale}, today {self.today:%Y-%m-%d})"] + [
            f"  {key}: {value}" for key, value in self.counts.items()
        ]


def check_plan(plan: Plan) -> None:
    """Episodes of one status for one pupil never overlap (a guard on the generator itself)."""
    by_status: dict[str, list] = {}
    for episode in plan.episodes:
        by_status.setdefault(episode.status, []).append(episode)
    for status, episodes in by_status.items():
        episodes.sort(key=lambda e: e.start)
        for before, after in zip(episodes, episodes[1:], strict=False):
            if before.end is None or before.end >= after.start:
                raise AssertionError(f"Overlapping {status} episodes from {before.start} and {after.start}")


def generate(*, seed: int = 1, scale: int = 1, today: datetime.date | None = None) -> Summary:
    """Create the demo area. Refuses (DemoAreaExists) when a local authority is already there."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"--scale must be between 1 and {MAX_SCALE}")
    today = today or timezone.localdate()
    summary = Summary(seed, scale, today)
    with transaction.atomic():
        if LocalAuthority.objects.exists():
            raise DemoAreaExists("A local authority already exists in this database")
        periods, insets = create_term_dates()
        calendar = SchoolCalendar.load()
        timeline = Timeline(calendar, today)
        area = create_area(seed=seed, scale=scale)
        users = create_demo_users(area)
        plans = plan_pupils(area, timeline, seed=seed, scale=scale)
        for plan in plans:
            check_plan(plan)
        counts = create_pupils(plans, seed=seed, academic_year=timeline.this_year)
        counts.update(build_journey(seed=seed, today=today, area=area, users=users, calendar=calendar))
        summary.counts.update(
            {
                "term periods": periods,
                "INSET days": insets,
                "schools": len(area.schools),
                "pupils on roll (all schools)": area.number_on_roll,
                "localities": len(area.localities),
                "providers": len(area.providers),
                "partner services": len(area.partner_services),
                "demo users": len(users),
            }
        )
        summary.counts.update(counts)
        summary.counts["pupils over 45 days suspended this year"] = sum(
            1 for p in plans if p.total_suspension_days(*timeline_bounds(timeline)) > 45
        )
        summary.counts["pupils suspended now"] = sum(
            1
            for p in plans
            for e in p.episodes
            if e.status == EducationStatus.SUSPENDED and e.start <= today and (e.end is None or e.end >= today)
        )
        audit.record(
            by=None, action="create", obj=area.la, summary=f"Demo local area generated (seed {seed}, scale {scale})"
        )
    return summary


def timeline_bounds(timeline: Timeline) -> tuple[datetime.date, datetime.date]:
    return datetime.date(timeline.this_year, 9, 1), datetime.date(timeline.this_year + 1, 8, 31)
