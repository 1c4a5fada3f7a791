"""Measure the oversight dashboard and the ledger balances on one seeded database (run by run_dashboard.py).

    python -m benchmarks.dashboard top-up --today 2026-11-19 [--seed 1]
    python -m benchmarks.dashboard measure --today 2026-11-19 --repeat 7 --out result.json

``top-up`` runs once after ``seed_demo``. seed_demo builds the area, its people and pupils with
their education-status episodes; where it has not also built the other apps' demo data, top-up
adds it so the dashboard has records to count: the provider directory and its block commissions
(providers.demo), the funding year, formula, agreements and ledger (funding.demo), a placement for
every pupil recorded as in AP this academic year (written directly, as the demo generator writes
rows: active while the episode is open, otherwise ended with a rotating reason), this term's
attendance marks (attendance.demo) and the ledger posted again for those placements. Each step is
skipped when its data is already there, so a seed_demo that builds them is measured as it is.

``measure`` freezes the clock at 10:00 on --today and runs with DEBUG off, as benchmarks/measure.py
does, then times, for the LA strategic lead and for the first school leader:

- GET /oversight/ (the dashboard for the whole area, this academic year so far) with its chart
  already drawn (charts are cached by their data), and with the chart drawn afresh each time;
- the school leader's own school: GET /oversight/?scope=school-<id>;
- oversight.measures.table_1() called directly, without HTTP or templates;
- bare SQL for the same figures (benchmarks/dashboard_sql.py), and whether its numbers match;

and for the LA finance officer:

- funding.queries_money.account_balances(today), funding's balance query, and GET /funding/balances/;
- bare SQL for every account's balance.

Each case runs once as a warm-up (its queries are counted then), then --repeat timed runs.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

BASE_DIR = Path(__file__).resolve().parent.parent
FULL_WEEK = [f"{d}_{h}" for d in ("mon", "tue", "wed", "thu", "fri") for h in ("am", "pm")]
END_REASONS = ["returned", "managed_move", "breakdown", "returned", "post_16", "special_school"]


# ---------------------------------------------------------------------------------------
# Top-up: the other apps' demo data, where seed_demo did not build it


def _users():
    from accounts.models import User

    return list(User.objects.filter(memberships__isnull=False).distinct().order_by("pk"))


def _synthetic_placements(today: datetime.date, seed: int) -> Counter:
    """A placement for each pupil recorded as in AP this academic year who has none (bulk_create)."""
    from accounts.models import LocalAuthority
    from core.calendar import academic_year_bounds, academic_year_of
    from placements.models import Placement, PlacementComponent, Return
    from providers.queries import approved_providers
    from pupils.models import EducationEpisode, EducationStatus

    rng = random.Random(f"{seed}:oversight-benchmark")
    la = LocalAuthority.objects.select_related("organisation").get().organisation
    providers = list(approved_providers().order_by("pk"))
    if not providers:
        return Counter()
    year_start, _ = academic_year_bounds(academic_year_of(today))
    placed = set(Placement.objects.values_list("pupil_id", flat=True))
    episodes = (
        EducationEpisode.objects.filter(status=EducationStatus.IN_AP, school__isnull=False, start_date__lte=today)
        .exclude(end_date__lt=year_start)
        .exclude(pupil_id__in=placed)
        .order_by("pupil_id", "start_date", "pk")
    )
    placements, seen = [], set()
    for episode in episodes:
        if episode.pupil_id in seen:
            continue
        seen.add(episode.pupil_id)
        ended = episode.end_date is not None and episode.end_date < today
        commissioner = la if rng.random() < 0.6 else episode.school
        placements.append(
            Placement(
                pupil_id=episode.pupil_id,
                home_school_id=episode.school_id,
                commissioner=commissioner,
                funder=commissioner,
                status="ended" if ended else "active",
                tier="time_limited",
                start_date=episode.start_date,
                planned_end_date=episode.start_date + datetime.timedelta(weeks=12),
                end_date=episode.end_date if ended else None,
                end_reason=rng.choice(END_REASONS) if ended else "",
                objectives="Re-engage with learning and return to school",
                home_attendance_code="K" if commissioner == la else "B",
                agreed_at=datetime.datetime.combine(
                    episode.start_date, datetime.time(9), tzinfo=ZoneInfo("Europe/London")
                ),
            )
        )
    Placement.objects.bulk_create(placements, batch_size=1000)
    components, returns = [], []
    for placement in placements:
        sessions = FULL_WEEK if rng.random() < 0.7 else FULL_WEEK[: rng.choice((4, 6, 8))]
        components.append(
            PlacementComponent(
                placement=placement,
                provider=rng.choice(providers),
                sessions=sessions,
                cost_per_session_pence=6_000,
                start_date=placement.start_date,
            )
        )
        if placement.end_reason == "returned":
            returns.append(
                Return(
                    placement=placement,
                    school_id=placement.home_school_id,
                    return_date=placement.end_date + datetime.timedelta(days=1),
                    plan="Back to the home school",
                )
            )
    PlacementComponent.objects.bulk_create(components, batch_size=1000)
    Return.objects.bulk_create(returns, batch_size=1000)
    return Counter({"placements (benchmark top-up)": len(placements), "returns (benchmark top-up)": len(returns)})


def top_up(today: datetime.date, seed: int) -> Counter:
    from accounts.models import LocalAuthority
    from attendance.demo import build_demo_attendance
    from attendance.models import AttendanceMark
    from funding.demo import build_demo_funding
    from funding.models import FundingYear
    from funding.reconcile import post_ledger
    from placements.models import Placement
    from providers.demo import build_demo_directory
    from providers.models import Programme
    from schools.models import Partnership

    counts: Counter = Counter()
    users = _users()
    la = LocalAuthority.objects.select_related("organisation").get().organisation
    if not Programme.objects.exists():
        counts.update(
            build_demo_directory(
                rng=random.Random(f"{seed}:providers"),
                la_org=la,
                partnerships=list(Partnership.objects.select_related("organisation")),
                today=today,
                users=users,
            )
        )
    if not FundingYear.objects.exists():
        counts.update(build_demo_funding(rng=random.Random(f"{seed}:funding"), today=today, users=users))
    if Placement.objects.count() < 10:
        counts.update(_synthetic_placements(today, seed))
        finance = next(u for u in users if u.memberships.filter(role="la_finance_officer").exists())
        counts["ledger entries (benchmark top-up)"] = post_ledger(by=finance, up_to=today).total
    if not AttendanceMark.objects.exists():
        counts.update(build_demo_attendance(rng=random.Random(f"{seed}:attendance"), today=today))
    return counts


# ---------------------------------------------------------------------------------------
# Measuring


def demo_user(role: str):
    from accounts.models import Membership

    membership = Membership.objects.filter(role=role).select_related("user", "organisation").order_by("pk").first()
    if membership is None:
        raise SystemExit(f"The demo data has no {role}: was seed_demo run?")
    user = membership.user
    user.active_membership = membership
    return user


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}, not 200")
    return response


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _row(user_label, case, stats, rows, compare_to=None, **extra):
    return {"user": user_label, "case": case, **stats, "rows": rows, "compare_to": compare_to, **extra}


def measure_dashboard(label: str, user, today: datetime.date, repeat: int) -> list[dict]:
    from benchmarks import dashboard_sql
    from benchmarks.measure import timed
    from oversight import charts
    from oversight.measures import table_1
    from oversight.period import academic_year_to_date
    from oversight.scope import AREA_SCOPE, scope_for

    membership = user.acting_membership
    where = f"{label} ({membership.organisation.name})"
    client, period = _client(user), academic_year_to_date(today)
    own_school = membership.organisation_id if membership.role == "school_leader" else None

    def drawn_afresh():
        charts.comparison_svg.cache_clear()
        return _get(client, "/oversight/")

    rows = []
    bare_stats, raw = timed(lambda: dashboard_sql.table_1_figures(period.start, period.end), repeat)
    rows.append(_row(where, "bare SQL: Table 1, area", bare_stats, len(raw) - 1))
    cases = [("GET /oversight/", lambda: _get(client, "/oversight/")), ("GET /oversight/ (chart drawn)", drawn_afresh)]
    for case, function in cases:
        stats, _ = timed(function, repeat)
        rows.append(_row(where, case, stats, 1, "bare SQL: Table 1, area"))
    stats, figures = timed(lambda: table_1(AREA_SCOPE, period, today=today), repeat)
    page = {f.key: f for f in figures}
    expected = dashboard_sql.summary(raw)
    got = {
        "pupils_in_ap": page["pupils_in_ap"].numerator,
        "roll": page["pupils_in_ap"].denominator,
        "places": page["places"].numerator,
        "secondary_pex": page["secondary_pex"].numerator,
        "ended": page["reintegrated"].denominator,
        "reintegrated": page["reintegrated"].numerator,
        "ks4": page["ks4_prevention"].denominator,
        "ks4_exclusion": page["ks4_exclusion"].numerator,
    }
    rows.append(
        _row(
            where,
            "table_1()",
            stats,
            len(figures),
            "bare SQL: Table 1, area",
            figures_agree=got == expected,
            figures=_jsonable(got),
            bare_figures=_jsonable(expected),
        )
    )
    if own_school is not None:
        scope = scope_for(user, f"school-{own_school}")
        bare_stats, raw = timed(lambda: dashboard_sql.table_1_figures(period.start, period.end, own_school), repeat)
        rows.append(_row(where, "bare SQL: Table 1, own school", bare_stats, len(raw) - 1))
        stats, _ = timed(lambda: _get(client, f"/oversight/?scope={scope.key}"), repeat)
        rows.append(_row(where, "GET /oversight/?scope=own school", stats, 1, "bare SQL: Table 1, own school"))
    return rows


def _jsonable(values: dict) -> dict:
    return {k: (str(v) if not isinstance(v, (int, float, str, type(None))) else v) for k, v in values.items()}


def measure_ledger(user, today: datetime.date, repeat: int) -> list[dict]:
    from benchmarks import dashboard_sql
    from benchmarks.measure import timed
    from funding.queries_money import account_balances

    where = f"LA finance officer ({user.acting_membership.organisation.name})"
    client = _client(user)
    bare_stats, bare = timed(lambda: dashboard_sql.ledger_balances(today), repeat)
    rows = [_row(where, "bare SQL: ledger balances", bare_stats, len(bare))]
    stats, balances = timed(lambda: account_balances(today), repeat)
    moved = sum(1 for b in balances if b.balance)
    rows.append(
        _row(
            where,
            "account_balances()",
            stats,
            len(balances),
            "bare SQL: ledger balances",
            balances_agree=sorted(b.balance for b in balances if b.balance) == sorted(int(v) for _, v in bare if v),
            accounts_with_money=moved,
        )
    )
    stats, _ = timed(lambda: _get(client, "/funding/balances/"), repeat)
    rows.append(_row(where, "GET /funding/balances/", stats, 1, "bare SQL: ledger balances"))
    return rows


def database_facts() -> dict:
    from django.db import connection

    from attendance.models import AttendanceMark
    from funding.models import Account, LedgerEntry
    from placements.models import Placement
    from pupils.models import EducationEpisode, Pupil

    if connection.vendor == "postgresql":
        version = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    return {
        "engine": version,
        "pupils": Pupil.objects.count(),
        "episodes": EducationEpisode.objects.count(),
        "placements": Placement.objects.count(),
        "attendance_marks": AttendanceMark.objects.count(),
        "ledger_entries": LedgerEntry.objects.count(),
        "accounts": Account.objects.count(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["top-up", "measure"])
    parser.add_argument("--today", type=datetime.date.fromisoformat, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
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
        if args.action == "top-up":
            for key, value in top_up(args.today, args.seed).items():
                print(f"  {key}: {value}", file=sys.stderr)
            return
        rows = measure_dashboard("LA strategic lead", demo_user(Role.LA_STRATEGIC_LEAD), args.today, args.repeat)
        rows += measure_dashboard("School leader", demo_user(Role.SCHOOL_LEADER), args.today, args.repeat)
        rows += measure_ledger(demo_user(Role.LA_FINANCE_OFFICER), args.today, args.repeat)
        facts = database_facts()
    args.out.write_text(json.dumps({**facts, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
