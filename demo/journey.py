"""The demo area's shared record beyond the register: the provider directory and its quality
assurance, requests for support, panels and decisions, placements, attendance and progress,
and the funding model with its ledger.

Each app builds its own part (``<app>/demo.py``); this module calls them in the order the
records depend on each other, each with its own random stream so one part's draws never
shift another's.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from attendance.demo import build_demo_attendance
from core.calendar import SchoolCalendar
from demo.trafford import Area
from funding.demo import build_demo_funding
from panels.demo import build_demo_panels
from placements.demo import build_demo_placements
from providers.demo import build_demo_directory
from pupils.models import Pupil
from referrals.demo import build_demo_requests


def build_journey(*, seed: int, today: datetime.date, area: Area, users: list, calendar: SchoolCalendar) -> Counter:
    def rng(part: str) -> random.Random:
        return random.Random(f"{seed}:{part}")

    counts: Counter = Counter()
    counts.update(
        build_demo_directory(
            rng=rng("directory"), la_org=area.la.organisation, partnerships=area.localities, today=today, users=users
        )
    )
    requests = build_demo_requests(rng=rng("requests"), today=today, users=users, pupils=Pupil.objects.order_by("pk"))
    counts["requests for support"] = len(requests)
    panels = build_demo_panels(
        rng=rng("panels"), today=today, users=users, requests=requests, partnerships=list(area.localities.values())
    )
    counts["panels"] = len(panels)
    counts.update(build_demo_placements(rng=rng("placements"), today=today, users=users, calendar=calendar))
    counts.update(build_demo_attendance(rng=rng("attendance"), today=today, calendar=calendar))
    counts.update(build_demo_funding(rng=rng("funding"), today=today, users=users))
    return counts
