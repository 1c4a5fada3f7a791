"""Time the oversight dashboard and the ledger balances against bare SQL, at several demo data scales.

    .venv/bin/python benchmarks/run_dashboard.py [--scales 1 10] [--repeat 7] [--database-url postgres://...]

The same machinery as benchmarks/run.py (one fresh database per scale, migrate, seed_demo, then a
child process per database), plus one step: ``python -m benchmarks.dashboard top-up`` adds the
providers', funding, placements and attendance demo data where seed_demo has not built it (see
benchmarks/dashboard.py). Then ``python -m benchmarks.dashboard measure`` times the cases. Prints
a table per scale and writes benchmarks/results/dashboard-latest.json, and a copy as
dashboard-latest-sqlite.json or dashboard-latest-postgresql.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from benchmarks.run import (  # noqa: E402  (needs the project root on the path when run as a script)
    DEFAULT_TODAY,
    RESULTS,
    machine,
    postgresql_database,
    run_child,
    sqlite_database,
)

COLUMNS = (
    ("case", "request", 36, "<"),
    ("median_ms", "median ms", 10, ">"),
    ("p95_ms", "p95 ms", 9, ">"),
    ("queries", "queries", 8, ">"),
    ("rows", "rows", 6, ">"),
    ("bare_ms", "bare ms", 9, ">"),
    ("ratio", "ratio", 7, ">"),
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time the oversight dashboard and the ledger balances against bare SQL."
    )
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10], help="seed_demo scales (default 1 10)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per case, after one warm-up (default 7)")
    parser.add_argument("--database-url", default="", help="postgres://user@host:port/db to benchmark PostgreSQL")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=DEFAULT_TODAY,
        help=f"the date the data is seeded around and the clock is frozen at (default {DEFAULT_TODAY})",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.database_url and urlsplit(args.database_url).scheme not in {"postgres", "postgresql"}:
        parser.error("--database-url must be a postgres:// URL (leave it out for SQLite)")
    return args


def benchmark_scale(args, scale: int, url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONWARNINGS": "ignore:No directory at:UserWarning"}
    started = time.monotonic()
    print(f"Scale {scale}: migrate, seed_demo and top-up ...", file=sys.stderr, flush=True)
    run_child(["manage.py", "migrate", "--no-input"], env)
    run_child(
        ["manage.py", "seed_demo", "--seed", str(args.seed), "--scale", str(scale), "--today", args.today.isoformat()],
        env,
    )
    run_child(
        ["-m", "benchmarks.dashboard", "top-up", "--today", args.today.isoformat(), "--seed", str(args.seed)], env
    )
    setup_seconds = time.monotonic() - started
    print(f"Scale {scale}: measuring ...", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "result.json"
        run_child(
            [
                "-m",
                "benchmarks.dashboard",
                "measure",
                "--today",
                args.today.isoformat(),
                "--repeat",
                str(args.repeat),
                "--out",
                str(out),
            ],
            env,
        )
        result = json.loads(out.read_text())
    return {"scale": scale, "setup_seconds": round(setup_seconds, 1), **result}


def _cell(value, width: int, align: str) -> str:
    if value is None:
        value = "-"
    elif isinstance(value, float):
        value = f"{value:.1f}"
    return f"{value!s:{align}{width}}"


def _line(values: dict) -> str:
    return "  ".join(_cell(values.get(key), width, align) for key, _, width, align in COLUMNS).rstrip()


def render(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"Custodian oversight benchmark, {report['started']}: seed {report['seed']}, today {report['today']}, "
        f"{report['repeat']} timed runs after one warm-up",
        f"Machine: {m['nproc']} CPUs ({m['platform']}), Python {m['python']}, Django {m['django']}, DEBUG off; "
        f"1-minute load average {m['load_average_start']} at the start, {m['load_average_end']} at the end",
        "Times are wall-clock milliseconds on a shared machine: compare ratios and query counts, not single runs.",
        "ratio = median time / median time of the bare SQL answering the same question ('bare ms').",
        "queries: SQL statements for one call, counted on the warm-up run; it must not grow from scale to scale.",
    ]
    for result in report["results"]:
        lines += [
            "",
            f"Scale {result['scale']}: {result['engine']}; {result['pupils']} pupils, {result['episodes']} episodes, "
            f"{result['placements']} placements, {result['attendance_marks']} attendance marks, "
            f"{result['ledger_entries']} ledger entries on {result['accounts']} accounts "
            f"(setup took {result['setup_seconds']:.1f} s)",
        ]
        by_user: dict[str, list[dict]] = {}
        for row in result["rows"]:
            by_user.setdefault(row["user"], []).append(row)
        header = _line({key: title for key, title, _, _ in COLUMNS})
        for user, rows in by_user.items():
            bare = {row["case"]: row for row in rows if row["case"].startswith("bare SQL")}
            lines += ["", f"  {user}", "  " + header, "  " + "-" * len(header)]
            for row in rows:
                compared = bare.get(row.get("compare_to") or "")
                values = dict(row)
                if compared:
                    values["bare_ms"] = compared["median_ms"]
                    values["ratio"] = (
                        round(row["median_ms"] / compared["median_ms"], 1) if compared["median_ms"] else None
                    )
                lines.append("  " + _line(values))
                if "figures_agree" in row:
                    lines.append(
                        f"    figures {'agree' if row['figures_agree'] else 'DIFFER'} with the bare SQL: {row['figures']}"
                        + ("" if row["figures_agree"] else f" against {row['bare_figures']}")
                    )
                if "balances_agree" in row:
                    lines.append(
                        f"    balances {'agree' if row['balances_agree'] else 'DIFFER'} with the bare SQL "
                        f"({row['accounts_with_money']} accounts hold money)"
                    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    load_at_start = os.getloadavg()[0]
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = []
    for scale in args.scales:
        database = (
            postgresql_database(args.database_url, scale, args.keep)
            if args.database_url
            else sqlite_database(scale, args.keep)
        )
        with database as url:
            results.append(benchmark_scale(args, scale, url))
    data = {
        "started": started,
        "seed": args.seed,
        "today": args.today.isoformat(),
        "repeat": args.repeat,
        "machine": machine(load_at_start),
        "results": results,
    }
    print(render(data))
    engine = "postgresql" if args.database_url else "sqlite"
    text = json.dumps(data, indent=2)
    (RESULTS / "dashboard-latest.json").write_text(text)
    (RESULTS / f"dashboard-latest-{engine}.json").write_text(text)
    print(f"\nWritten to benchmarks/results/dashboard-latest.json (and dashboard-latest-{engine}.json)")


if __name__ == "__main__":
    main()
