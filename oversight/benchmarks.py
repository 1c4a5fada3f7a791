"""The published benchmarks: loading the shipped data, and reading them beside the measures.

``load_benchmarks`` puts oversight/data/benchmarks.json into the Benchmark table, creating only
the rows whose key is missing, so an LA's corrections survive (the same approach as
core.codes.load_code_lists). ``derived_figures`` works the national and Trafford figures out
again from the CSV rows copied into oversight/data/, so a test can check the JSON against them.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from oversight.models import COMPARATOR_ORDER, Benchmark

DATA_DIR = Path(__file__).resolve().parent / "data"
FIELDS = ("measure", "comparator", "label", "value", "period", "source", "derivation", "sort_order")


def read_benchmark_file(path: Path | None = None) -> list[dict]:
    """The benchmark rows of the shipped JSON file, each checked for the fields a Benchmark needs."""
    data = json.loads((path or DATA_DIR / "benchmarks.json").read_text(encoding="utf-8"))
    rows = data["benchmarks"]
    seen = set()
    for row in rows:
        missing = {"key", *FIELDS} - row.keys()
        if missing:
            raise ValueError(f"benchmark {row.get('key')!r} is missing {', '.join(sorted(missing))}")
        if row["key"] in seen:
            raise ValueError(f"benchmark {row['key']!r} appears twice")
        seen.add(row["key"])
    return rows


def load_benchmarks(apps=None, *, path: Path | None = None) -> int:
    """Create the shipped benchmarks that are not in the table yet; return how many were created."""
    model = apps.get_model("oversight", "Benchmark") if apps else Benchmark
    existing = set(model.objects.values_list("key", flat=True))
    new = [
        model(key=row["key"], **{f: (Decimal(row[f]) if f == "value" else row[f]) for f in FIELDS})
        for row in read_benchmark_file(path)
        if row["key"] not in existing
    ]
    model.objects.bulk_create(new)
    return len(new)


# ---------------------------------------------------------------------------------------
# Reading benchmarks beside the measures


@dataclass(frozen=True)
class BenchmarkView:
    measure: str
    comparator: str
    comparator_label: str
    label: str
    value: Decimal
    period: str
    source: str
    derivation: str


def active_benchmarks() -> dict[str, list[BenchmarkView]]:
    """{measure: [benchmarks in comparator then sort order]} for every active benchmark: one query."""
    by_measure: dict[str, list[BenchmarkView]] = defaultdict(list)
    rank = {c.value: i for i, c in enumerate(COMPARATOR_ORDER)}
    rows = sorted(Benchmark.objects.filter(active=True), key=lambda b: (rank.get(b.comparator, 99), b.sort_order, b.pk))
    for b in rows:
        by_measure[b.measure].append(
            BenchmarkView(
                b.measure, b.comparator, b.get_comparator_display(), b.label, b.value, b.period, b.source, b.derivation
            )
        )
    return dict(by_measure)


def headline(benchmarks: list[BenchmarkView], comparator: str) -> BenchmarkView | None:
    """The first benchmark of a comparator for a measure: the one its chart and summary table show."""
    return next((b for b in benchmarks if b.comparator == comparator), None)


# ---------------------------------------------------------------------------------------
# The national and Trafford figures worked out again from the copied CSV rows


def _rows(name: str) -> list[dict]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def derived_figures() -> dict[str, Decimal]:
    """{benchmark key: value} for every benchmark derived from oversight/data/*.csv."""
    roll = {row["LA_name"]: int(row["PriNOR"]) + int(row["SecNOR"]) for row in _rows("pupils_on_roll_2022-23.csv")}
    la_funded = {row["la_name"] or "England": int(row["number_of_pupils"]) for row in _rows("ap_census_2022-23.csv")}
    school_arranged = {
        row["la_name"] or "England": int(row["pupils"]) for row in _rows("school_arranged_ap_2022-23.csv")
    }
    pru = {
        row["la_name"] or "England": Decimal(row["sess_overall_percent"]) for row in _rows("pru_absence_2022-23.csv")
    }
    exclusions = {(row["la_name"], row["school_type"]): row for row in _rows("exclusions_2016-17.csv")}
    figures: dict[str, Decimal] = {}
    for place, prefix in (("England", "national"), ("Trafford", "trafford")):
        figures[f"{prefix}-la-funded-ap-2022-23"] = _one_decimal(Decimal(la_funded[place]) * 10_000 / roll[place])
        figures[f"{prefix}-school-arranged-ap-2022-23"] = _one_decimal(
            Decimal(school_arranged[place]) * 10_000 / roll[place]
        )
        figures[f"{prefix}-pru-attendance-2022-23"] = _one_decimal(100 - pru[place])
        figures[f"{prefix}-secondary-pex-2016-17"] = Decimal(exclusions[(place, "Secondary")]["perm_excl_rate"])
        figures[f"{prefix}-exclusions-2016-17"] = Decimal(exclusions[(place, "Total")]["perm_excl_rate"])
        figures[f"{prefix}-suspensions-2016-17"] = Decimal(exclusions[(place, "Total")]["fixed_excl_rate"])
    return figures


def benchmark_or_404(pk: int) -> Benchmark:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Benchmark, pk=pk)
