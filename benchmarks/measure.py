"""Measure one seeded database: run by benchmarks/run.py in a child process with DATABASE_URL set.

python -m benchmarks.measure --today 2026-11-19 --repeat 7 --out result.json [--profile FILE]

Time is frozen at 10:00 on --today (the date the demo was seeded around), because the pages
work out "today" from the clock. Settings run with DEBUG off, as in production: no query log,
no template auto-reload. Each case runs once as a warm-up (its queries are counted then),
then --repeat timed runs.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import math
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

BASE_DIR = Path(__file__).resolve().parent.parent
PUPIL_LINK = re.compile(r'href="/pupils/\d+/"')
TOTALS = (
    re.compile(r'govuk-heading-xl govuk-!-margin-bottom-0">(\d+)</span>on the register'),
    re.compile(r'<p class="govuk-body">(\d+) pupils?'),
)
PAGES = [
    ("GET /register/", "/register/", "register"),
    ("GET /register/?flagged=yes", "/register/?flagged=yes", "register"),
    ("GET /pupils/", "/pupils/", "list page 1"),
    ("GET /pupils/?page=5", "/pupils/?page=5", "list page 5"),
]


def timed(function, repeat: int) -> tuple[dict, object]:
    """Warm up once counting queries, then time `repeat` runs. p95 is the nearest-rank percentile."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = function()
    queries = len(captured.captured_queries)  # read now: the next request clears the query log
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    ordered = sorted(samples)
    stats = {
        "min_ms": round(ordered[0], 2),
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(ordered[math.ceil(0.95 * len(ordered)) - 1], 2),
        "queries": queries,
        "samples_ms": [round(s, 2) for s in samples],
    }
    return stats, result


def _page_rows(response) -> tuple[int, int | None]:
    html = response.content.decode()
    total = next((int(m.group(1)) for pattern in TOTALS if (m := pattern.search(html))), None)
    return len(PUPIL_LINK.findall(html)), total


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}, not 200")
    return response


def measure_user(label: str, user, today: datetime.date, repeat: int) -> list[dict]:
    from django.test import Client

    from benchmarks import bare_sql
    from pupils.register import build_register

    membership = user.acting_membership
    role, organisation_id = membership.role, membership.organisation_id
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    where = f"{label} ({membership.organisation.name})"
    bare = {
        "register": lambda: bare_sql.register_rows(role, organisation_id, today),
        "list page 1": lambda: bare_sql.list_page_rows(role, organisation_id, today, 1),
        "list page 5": lambda: bare_sql.list_page_rows(role, organisation_id, today, 5),
    }
    bare_stats = {}
    rows = []
    for name, function in bare.items():
        stats, result = timed(function, repeat)
        bare_stats[name] = stats
        rows.append({"user": where, "case": f"bare SQL: {name}", **stats, "rows": len(result), "total": None})
    for case, url, compare in PAGES:
        stats, response = timed(lambda url=url: _get(client, url), repeat)
        shown, total = _page_rows(response)
        rows.append({"user": where, "case": case, **stats, "rows": shown, "total": total, "compare_to": compare})
    stats, entries = timed(lambda: build_register(user, today=today), repeat)
    rows.append(
        {
            "user": where,
            "case": "build_register()",
            **stats,
            "rows": len(entries),
            "total": len(entries),
            "compare_to": "register",
        }
    )
    for row in rows:
        if "compare_to" in row:
            row["ratio"] = round(row["median_ms"] / bare_stats[row["compare_to"]]["median_ms"], 1)
    return rows


def demo_user(role: str):
    from accounts.models import Membership

    membership = Membership.objects.filter(role=role).select_related("user", "organisation").order_by("pk").first()
    if membership is None:
        raise SystemExit(f"The demo data has no {role}: was seed_demo run?")
    user = membership.user
    user.active_membership = membership
    return user


def database_facts() -> dict:
    from django.db import connection

    from pupils.models import EducationEpisode, Pupil, Registration

    if connection.vendor == "postgresql":
        version = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    return {
        "engine": version,
        "pupils": Pupil.objects.count(),
        "registrations": Registration.objects.count(),
        "episodes": EducationEpisode.objects.count(),
    }


def profile_register(user, path: Path) -> None:
    """cProfile one GET /register/: the 40 most expensive calls by cumulative time, then by own time."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    _get(client, "/register/")
    profiler = cProfile.Profile()
    profiler.runcall(_get, client, "/register/")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(40)
    path.write_text(out.getvalue())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=datetime.date.fromisoformat, required=True)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodian.settings")
    import django

    django.setup()
    import time_machine
    from django.test.utils import override_settings

    from accounts.roles import Role

    moment = datetime.datetime.combine(args.today, datetime.time(10, 0), tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=True), override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        la_lead, school_leader = demo_user(Role.LA_STRATEGIC_LEAD), demo_user(Role.SCHOOL_LEADER)
        rows = measure_user("LA strategic lead", la_lead, args.today, args.repeat)
        rows += measure_user("School leader", school_leader, args.today, args.repeat)
        if args.profile:
            profile_register(la_lead, args.profile)
        facts = database_facts()
    args.out.write_text(json.dumps({**facts, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
