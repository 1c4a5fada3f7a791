"""The shipped benchmarks: Table 1 as seed 001 prints it, and every derived figure checked against the CSV rows."""

from decimal import Decimal

from oversight.benchmarks import derived_figures, load_benchmarks, read_benchmark_file
from oversight.models import Benchmark

TABLE_1 = {
    "devolved": {
        "pupils_in_ap": "21.8",
        "places": "27.8",
        "secondary_pex": "0.14",
        "reintegrated": "61",
        "ks4_prevention": "32",
        "ks4_exclusion": "29",
        "spend_in_line": "59",
    },
    "centralised": {
        "pupils_in_ap": "34.2",
        "places": "34.6",
        "secondary_pex": "0.23",
        "reintegrated": "56",
        "ks4_prevention": "16",
        "ks4_exclusion": "46",
        "spend_in_line": "44",
    },
}


def test_table_1_as_seed_001_prints_it():
    rows = {row["key"]: row for row in read_benchmark_file()}
    for comparator, values in TABLE_1.items():
        for measure, value in values.items():
            row = rows[f"table1-{comparator}-{measure}"]
            assert (row["comparator"], row["measure"], Decimal(row["value"])) == (comparator, measure, Decimal(value))


def test_derived_figures_match_the_copied_data():
    rows = {row["key"]: Decimal(row["value"]) for row in read_benchmark_file()}
    derived = derived_figures()
    assert len(derived) == 12
    for key, value in derived.items():
        assert rows[key] == value, key
    assert derived["national-la-funded-ap-2022-23"] == Decimal("53.9")
    assert derived["trafford-secondary-pex-2016-17"] == Decimal("0.29")


def test_every_benchmark_has_a_source_and_a_period():
    for row in read_benchmark_file():
        assert row["source"].strip() and row["period"].strip(), row["key"]


def test_the_migration_loaded_them_and_reloading_keeps_the_las_changes(db):
    assert Benchmark.objects.count() == len(read_benchmark_file())
    Benchmark.objects.filter(key="table1-devolved-places").update(value=Decimal("28.0"))
    Benchmark.objects.filter(key="national-seed-001-pupils-in-ap").delete()
    assert load_benchmarks() == 1
    assert Benchmark.objects.get(key="table1-devolved-places").value == Decimal("28.0")
