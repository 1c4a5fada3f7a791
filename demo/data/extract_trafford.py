"""Rebuild the small Trafford extracts in this folder from the full public data files.

Usage: python demo/data/extract_trafford.py /path/to/data

The generator never runs this and never reads the full files: it reads only the extracts
written here. Rows are copied unchanged (same text, same column order) except where README.md
says a file keeps a subset of columns.
"""

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _copy_rows(source: Path, target: str, keep, columns=None, encoding="utf-8-sig") -> int:
    with source.open(newline="", encoding=encoding) as f:
        reader = csv.DictReader(f)
        fields = columns or reader.fieldnames
        rows = [{k: row[k] for k in fields} for row in reader if keep(row)]
    with (HERE / target).open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main(data: Path) -> None:
    counts = {
        "trafford_schools.csv": _copy_rows(
            data / "dfe_exclusion_statistics/school_data_sql.csv",
            "trafford_schools.csv",
            lambda r: r["LA"] == "358" and r["AcademicYear"] == "201718",
            encoding="cp1252",  # the upstream file is Windows-1252; the extract is UTF-8
        ),
        "trafford_pupils_on_roll.csv": _copy_rows(
            data / "dfe_la_school_places_scorecards/scorecard_data_2025_2023.csv",
            "trafford_pupils_on_roll.csv",
            lambda r: r["LANumber"] == "358",
            columns=["Year", "LANumber", "new_la_code", "LA_name", "PriNOR", "SecNOR"],
        ),
        "trafford_exclusions.csv": _copy_rows(
            data / "dfe_exclusion_statistics/clean_la_data.csv",
            "trafford_exclusions.csv",
            lambda r: r["la_name"] in ("Trafford", "England") and r["year"] == "201617",
        ),
        "trafford_ap_census.csv": _copy_rows(
            data / "dfe_send_ap_inclusion_dashboard/ap_placements_ap_census.csv",
            "trafford_ap_census.csv",
            lambda r: (
                r["la_name"] == "Trafford"
                and r["time_period"] == "202223"
                and r["ethnicity_minor"] == "Total"
                and (r["fsm"] == "Total" or r["age"] == "Total")
            ),
        ),
        "trafford_idaci_2019.csv": _copy_rows(
            data / "iod2019_greater_manchester/IoD_lsoa.csv",
            "trafford_idaci_2019.csv",
            lambda r: (
                r["lad19nm"] == "Trafford"
                and r["index_domain"] == "Income Deprivation Affecting Children"
                and r["year"] == "2019"
            ),
        ),
        "trafford_attendance_2025_26.csv": _copy_rows(
            data / "dfe_attendance_dashboard/EES_ytd_data.csv",
            "trafford_attendance_2025_26.csv",
            lambda r: r["la_name"] == "Trafford" or r["geographic_level"] == "National",
        ),
    }
    for name, n in counts.items():
        print(f"{name}: {n} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"))
