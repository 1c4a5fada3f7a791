"""Time the register and the pupil list against bare SQL, at several demo data scales.

    .venv/bin/python benchmarks/run.py [--scales 1 10] [--repeat 7] [--database-url postgres://...]

For each scale: a fresh database (an SQLite file under var/benchmarks/, or a PostgreSQL
database with a random suffix, dropped afterwards), migrate, seed_demo at that scale,
ANALYZE on PostgreSQL, then benchmarks/measure.py in a child process (settings are read
once per process, so each database gets its own). Prints a table and writes
benchmarks/results/latest.json, and a copy as latest-sqlite.json or latest-postgresql.json
so one engine's run does not hide the other's.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "benchmarks" / "results"
DEFAULT_TODAY = datetime.date(2026, 11, 19)  # a Thursday in the second half of the 2026/27 autumn term

sys.path.insert(0, str(BASE_DIR))
from benchmarks import report  # noqa: E402  (needs the project root on the path when run as a script)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the register and the pupil list against bare SQL.")
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
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile one GET /register/ as the LA lead (results/profile-*.txt)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.database_url and urlsplit(args.database_url).scheme not in {"postgres", "postgresql"}:
        parser.error("--database-url must be a postgres:// URL (leave it out for SQLite)")
    return args


@contextlib.contextmanager
def sqlite_database(scale: int, keep: bool):
    path = BASE_DIR / "var" / "benchmarks" / f"scale{scale}-{secrets.token_hex(4)}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        yield f"sqlite:///{path}"
    finally:
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)


@contextlib.contextmanager
def postgresql_database(url: str, scale: int, keep: bool):
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    admin_url = parts._replace(path=parts.path if parts.path.strip("/") else "/postgres").geturl()
    name = f"custodian_bench_{scale}_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        if not keep:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def analyze(url: str) -> None:
    """Gather PostgreSQL's planner statistics, as autovacuum does soon after data is loaded.

    A database that has just been seeded has none, and a server may run with autovacuum off
    (the shared one here does). Without statistics the planner guesses row counts and can
    choose plans that no production database would use.
    """
    if urlsplit(url).scheme not in {"postgres", "postgresql"}:
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def run_child(arguments: list[str], env: dict) -> None:
    completed = subprocess.run(  # noqa: S603  (our own interpreter and scripts)
        [sys.executable, *arguments], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"{' '.join(arguments)} failed (exit {completed.returncode})")


def benchmark_scale(args: argparse.Namespace, scale: int, url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONWARNINGS": "ignore:No directory at:UserWarning"}
    started = time.monotonic()
    print(f"Scale {scale}: migrate and seed_demo ...", file=sys.stderr, flush=True)
    run_child(["manage.py", "migrate", "--no-input"], env)
    run_child(
        ["manage.py", "seed_demo", "--seed", str(args.seed), "--scale", str(scale), "--today", args.today.isoformat()],
        env,
    )
    analyze(url)
    setup_seconds = time.monotonic() - started
    print(f"Scale {scale}: measuring ...", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "result.json"
        measure = [
            "-m",
            "benchmarks.measure",
            "--today",
            args.today.isoformat(),
            "--repeat",
            str(args.repeat),
            "--out",
            str(out),
        ]
        if args.profile:
            engine = "postgresql" if args.database_url else "sqlite"
            measure += ["--profile", str(RESULTS / f"profile-register-scale{scale}-{engine}.txt")]
        run_child(measure, env)
        result = json.loads(out.read_text())
    return {"scale": scale, "setup_seconds": round(setup_seconds, 1), **result}


def machine(load_at_start: float) -> dict:
    import django

    return {
        "load_average_start": round(load_at_start, 2),
        "load_average_end": round(os.getloadavg()[0], 2),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "platform": platform.platform(terse=True),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    load_at_start = os.getloadavg()[0]
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = []
    for scale in args.scales:
        if args.database_url:
            database = postgresql_database(args.database_url, scale, args.keep)
        else:
            database = sqlite_database(scale, args.keep)
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
    print(report.render(data))
    engine = "postgresql" if args.database_url else "sqlite"
    text = json.dumps(data, indent=2)
    (RESULTS / "latest.json").write_text(text)
    (RESULTS / f"latest-{engine}.json").write_text(text)
    print(f"\nWritten to benchmarks/results/latest.json (and latest-{engine}.json)")


if __name__ == "__main__":
    main()
