"""Reading the small extracts of real public data kept in demo/data/ (see demo/data/README.md).

The generator reads only these files, never the full upstream downloads, so the repository
works on its own. Every value keeps the upstream text; conversion to numbers happens here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
LA_CODE = "358"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class SourceSchool:
    urn: str
    laestab: str
    name: str

    @property
    def estab(self) -> int:
        """The 4-digit DfE establishment number: the LAEstab without the LA code."""
        return int(self.laestab[3:])


@cache
def trafford_schools() -> tuple[SourceSchool, ...]:
    """Trafford's establishments in the latest year of the DfE school list (one row per URN), by LAEstab."""
    rows = [r for r in read_csv("trafford_schools.csv") if r["LA"] == LA_CODE]
    latest = max(r["AcademicYear"] for r in rows)
    seen: set[str] = set()
    schools = []
    for row in sorted(rows, key=lambda r: r["LAEstab"]):
        if row["AcademicYear"] != latest or row["URN"] in seen:
            continue
        seen.add(row["URN"])
        schools.append(SourceSchool(urn=row["URN"], laestab=row["LAEstab"], name=" ".join(row["SchoolName"].split())))
    return tuple(schools)


@cache
def pupils_on_roll(year: str) -> tuple[int, int]:
    """Trafford's primary and secondary pupils on roll (PriNOR, SecNOR) in a scorecard year like '2024/25'."""
    for row in read_csv("trafford_pupils_on_roll.csv"):
        if row["LANumber"] == LA_CODE and row["Year"] == year:
            return int(row["PriNOR"]), int(row["SecNOR"])
    raise LookupError(f"No pupils-on-roll row for LA {LA_CODE} in {year}")


@cache
def idaci_scores() -> tuple[tuple[str, float], ...]:
    """Trafford's LSOAs (2011) with their IoD 2019 IDACI score (a proportion, 0 to 1), by LSOA code."""
    rows = read_csv("trafford_idaci_2019.csv")
    return tuple(
        sorted(
            (r["lsoa11cd"], float(r["score"]))
            for r in rows
            if r["lad19cd"] == "E08000009"
            and r["index_domain"] == "Income Deprivation Affecting Children"
            and r["year"] == "2019"
        )
    )


@cache
def exclusions(la_name: str = "Trafford", school_type: str = "Total") -> dict[str, str]:
    """One row of the DfE exclusion statistics extract (latest year in it) for an area and school type."""
    rows = [
        r for r in read_csv("trafford_exclusions.csv") if r["la_name"] == la_name and r["school_type"] == school_type
    ]
    if not rows:
        raise LookupError(f"No exclusions row for {la_name} {school_type}")
    return max(rows, key=lambda r: r["year"])


@cache
def ap_census(gender: str = "Total", age: str = "Total", fsm: str = "Total") -> tuple[str, int]:
    """Trafford pupils in LA-funded AP in the latest AP census in the extract: (time_period, number)."""
    rows = [
        r
        for r in read_csv("trafford_ap_census.csv")
        if r["la_name"] == "Trafford"
        and r["gender"] == gender
        and r["age"] == age
        and r["fsm"] == fsm
        and r["ethnicity_minor"] == "Total"
    ]
    if not rows:
        raise LookupError(f"No AP census row for {gender} {age} {fsm}")
    row = max(rows, key=lambda r: r["time_period"])
    return row["time_period"], int(row["number_of_pupils"])


@cache
def attendance(la_name: str = "Trafford", phase: str = "Total") -> dict[str, str]:
    """One row of the DfE attendance year-to-date extract (2025/26) for Trafford or England ('')."""
    for row in read_csv("trafford_attendance_2025_26.csv"):
        if row["la_name"] == la_name and row["education_phase"] == phase:
            return row
    raise LookupError(f"No attendance row for {la_name!r} {phase}")
