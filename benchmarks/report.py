"""Format the benchmark results as a plain-text table."""

from __future__ import annotations

COLUMNS = (
    ("case", "request", 28, "<"),
    ("min_ms", "min ms", 9, ">"),
    ("median_ms", "median ms", 10, ">"),
    ("p95_ms", "p95 ms", 9, ">"),
    ("queries", "queries", 8, ">"),
    ("rows", "rows", 6, ">"),
    ("total", "of", 7, ">"),
    ("bare_ms", "bare ms", 9, ">"),
    ("ratio", "ratio", 7, ">"),
)
COMPARISONS = {
    "register": "bare SQL: register",
    "list page 1": "bare SQL: list page 1",
    "list page 5": "bare SQL: list page 5",
}


def _cell(value, width: int, align: str) -> str:
    if value is None:
        value = "-"
    elif isinstance(value, float):
        value = f"{value:.1f}"
    return f"{value!s:{align}{width}}"


def _line(values: dict) -> str:
    return "  ".join(_cell(values.get(key), width, align) for key, _, width, align in COLUMNS).rstrip()


def scale_table(result: dict) -> list[str]:
    lines = [
        f"Scale {result['scale']}: {result['engine']}; {result['pupils']} pupils, {result['registrations']} "
        f"registrations, {result['episodes']} episodes (migrate and seed_demo took {result['setup_seconds']:.1f} s)",
    ]
    header = _line({key: title for key, title, _, _ in COLUMNS})
    by_user: dict[str, list[dict]] = {}
    for row in result["rows"]:
        by_user.setdefault(row["user"], []).append(row)
    for user, rows in by_user.items():
        bare = {row["case"]: row for row in rows if row["case"].startswith("bare SQL")}
        lines += ["", f"  {user}", "  " + header, "  " + "-" * len(header)]
        for row in rows:
            compared = bare.get(COMPARISONS.get(row.get("compare_to", ""), ""))
            lines.append("  " + _line({**row, "bare_ms": compared["median_ms"] if compared else None}))
    return lines


def render(report: dict) -> str:
    machine = report["machine"]
    lines = [
        f"Custodian benchmark, {report['started']}: seed {report['seed']}, today {report['today']}, "
        f"{report['repeat']} timed runs after one warm-up",
        f"Machine: {machine['nproc']} CPUs ({machine['platform']}), Python {machine['python']}, "
        f"Django {machine['django']}, DEBUG off; 1-minute load average {machine['load_average_start']} at the start, "
        f"{machine['load_average_end']} at the end",
        "Times are wall-clock milliseconds on a shared machine: compare ratios and query counts, not single runs.",
        "ratio = median time / median time of the bare SQL answering the same question (the 'bare ms' column).",
        "queries: SQL statements for one request, counted on the warm-up run. rows: pupils on the page or returned;",
        "of: the total the page reports (pupils on the register, or pupils in the list).",
    ]
    for result in report["results"]:
        lines += ["", *scale_table(result)]
    return "\n".join(lines)
