"""The rates the demo pupils are drawn from, each written down with its year and source.

PUBLISHED figures are Trafford's own (LA 358), read from the extracts in demo/data/
(see demo/data/README.md; Open Government Licence v3.0). demo/tests/test_rates.py checks
every published value here against those files, so the two cannot drift apart.

ASSUMPTION marks a number we had to choose because no Trafford figure is in our data; the
note gives the national figure or the reasoning. An LA using the demo should read these as
illustrations, not estimates.

Rates are per 100 pupils on roll unless the unit says otherwise. The generator multiplies
them by the number on roll it builds (Trafford's published PriNOR + SecNOR for 2024/25 plus
the small special school rolls, times --scale).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    value: float
    unit: str
    year: str
    source: str
    note: str = ""
    assumption: bool = False


EXCLUSIONS_FILE = "demo/data/trafford_exclusions.csv (DfE clean_la_data.csv, la_name Trafford)"
AP_CENSUS_FILE = "demo/data/trafford_ap_census.csv (DfE ap_placements_ap_census.csv, Trafford)"
NOR_FILE = "demo/data/trafford_pupils_on_roll.csv (DfE school places scorecards, LANumber 358)"
ATTENDANCE_FILE = "demo/data/trafford_attendance_2025_26.csv (DfE attendance EES_ytd_data.csv, Trafford)"

# --- PUBLISHED: exclusions (the latest year in the DfE file is 2016/17) -------------------------

PERMANENT_EXCLUSION_RATE = Rate(
    0.14,
    "permanent exclusions per 100 pupils a year",
    "2016/17",
    EXCLUSIONS_FILE + ", school_type Total, perm_excl_rate",
    note="England 0.10 in the same file; EES 2023/24 national 0.13.",
)
SUSPENSION_RATE = Rate(
    2.92,
    "suspensions per 100 pupils a year",
    "2016/17",
    EXCLUSIONS_FILE + ", school_type Total, fixed_excl_rate",
    note="England 4.76 in the same file; EES 2023/24 national 11.31, so today's real figure is likely higher. "
    "Trafford's 2025/26 attendance data (code E, excluded) show 0.073% of possible sessions so far.",
)
ONE_OR_MORE_SUSPENSION_RATE = Rate(
    1.72,
    "pupils with one or more suspensions per 100 pupils a year",
    "2016/17",
    EXCLUSIONS_FILE + ", school_type Total, one_or_more_fixed_excl_rate",
    note="So a suspended pupil has 2.92 / 1.72 = 1.7 suspensions a year on average.",
)
# Share of suspensions and permanent exclusions by phase (Trafford 2016/17 counts in the same file).
SUSPENSIONS_BY_PHASE = {"primary": 161, "secondary": 902, "special": 124}
PERMANENT_EXCLUSIONS_BY_PHASE = {"primary": 4, "secondary": 50, "special": 0}  # special is suppressed ("x")

# --- PUBLISHED: alternative provision --------------------------------------------------------------

AP_CENSUS_PUPILS = 133  # Trafford, 2022/23, gender/age/fsm Total
PUPILS_ON_ROLL_2022_23 = 21169 + 17203  # PriNOR + SecNOR, scorecard year 2022/23 (same year as the census)
AP_PER_10000 = Rate(
    round(AP_CENSUS_PUPILS / PUPILS_ON_ROLL_2022_23 * 10_000, 2),  # 34.66
    "pupils in LA-funded AP per 10,000 pupils on roll, at any one time",
    "2022/23",
    AP_CENSUS_FILE + " (Total rows: 133) divided by " + NOR_FILE + " 2022/23 PriNOR 21,169 + SecNOR 17,203",
    note="The AP census counts LA-funded placements outside state AP schools; we use it for every pupil in AP "
    "(PRU included), which understates the total. Research areas: 21.8 to 34.2 per 10,000 (seed 001, Table 1).",
)
# Age (on 31 August) of Trafford pupils in LA-funded AP, 2022/23; age a is national curriculum year a - 4.
AP_AGES = {8: 3, 9: 1, 10: 11, 11: 14, 12: 9, 13: 19, 14: 26, 15: 14}  # ages 16-17 (36 pupils) are post-16
AP_BOYS_SHARE = Rate(round(86 / 133, 3), "share of AP pupils who are boys", "2022/23", AP_CENSUS_FILE + ", gender Boys")
AP_FSM_SHARE_TRAFFORD = Rate(
    round(18 / 133, 3),
    "share of LA-funded AP pupils eligible for FSM",
    "2022/23",
    AP_CENSUS_FILE + ", fsm FSM eligible",
    note="Not used for drawing: many LA-funded placements are settings named on EHC plans. We use the national "
    "AP figure below.",
)

# --- PUBLISHED: part-time timetables (attendance code C2) -------------------------------------------

C2_SESSION_SHARE = Rate(
    round(14564 / 12533948 * 100, 4),  # 0.1162
    "per cent of possible sessions recorded as C2 (temporary reduced timetable)",
    "2025/26 year to date",
    ATTENDANCE_FILE + ", education_phase Total: reason_c2 14,564 / possible_sessions 12,533,948",
)
PART_TIME_BY_PHASE = {"primary": 4182, "secondary": 8983, "special": 1399}  # C2 sessions by phase, same file
PART_TIME_RATE = Rate(
    round(C2_SESSION_SHARE.value / 0.5, 2),  # 0.23
    "pupils on a part-time timetable per 100 pupils, at any one time",
    "2025/26 year to date",
    ATTENDANCE_FILE,
    note="ASSUMPTION on top of the published C2 share: a pupil on a part-time timetable misses half their "
    "sessions, so pupils on one = C2 share / 0.5.",
    assumption=True,
)

# --- NATIONAL figures used where Trafford's are not in our data ------------------------------------

AP_SEN_SHARE = Rate(
    0.80,
    "share of pupils in AP with SEN",
    "January 2018",
    "House of Commons Library CBP-8522 (national; reference/standards.md section 8; CSJ 2021: 81%)",
)
AP_FSM_SHARE = Rate(
    0.40,
    "share of pupils in AP eligible for FSM",
    "January 2018",
    "House of Commons Library CBP-8522 (national; reference/standards.md section 8; CSJ 2021: 47%)",
)

# --- ASSUMPTIONS ------------------------------------------------------------------------------------

ELECTIVE_HOME_EDUCATION_RATE = Rate(
    1.0,
    "children electively home educated per 100 pupils, at any one time",
    "2024/25",
    "none in demo/data",
    note="ASSUMPTION: DfE's elective home education statistics put the national figure at roughly one child in "
    "a hundred in 2024/25; we use 1.0 and draw start dates over the last three years.",
    assumption=True,
)
MISSING_EDUCATION_RATE = Rate(
    0.10,
    "children missing education per 100 pupils, at any one time",
    "any",
    "none in demo/data",
    note="ASSUMPTION: a small open caseload; as many again resolved in the last two years.",
    assumption=True,
)
MEDICAL_RATE = Rate(
    0.10,
    "pupils out of school for medical reasons (s19) per 100 pupils, at any one time",
    "any",
    "none in demo/data",
    note="ASSUMPTION: sized to a single medical education service; half as many again returned.",
    assumption=True,
)
AWAITING_PLACE_RATE = Rate(
    0.05,
    "children awaiting a school place per 100 pupils, at any one time",
    "any",
    "none in demo/data",
    note="ASSUMPTION: in-year arrivals waiting for a place; as many again placed recently.",
    assumption=True,
)
AP_RETURNED_SHARE = Rate(
    0.5,
    "pupils who left AP in the last two years, per pupil in AP now",
    "any",
    "none",
    note="ASSUMPTION: placements are time-limited (seed 001: 'an intervention, not a destination').",
    assumption=True,
)
PART_TIME_ENDED_SHARE = Rate(
    1.0,
    "ended part-time timetables per current one",
    "any",
    "none",
    note="ASSUMPTION: timetables last 4 to 8 weeks.",
    assumption=True,
)
LOOKED_AFTER_SHARE = Rate(
    0.05,
    "share of pupils in AP or excluded who are looked after",
    "any",
    "none",
    note="ASSUMPTION (from the brief): about 0.7% of all children are looked after; AP over-represents them.",
    assumption=True,
)
CHILD_IN_NEED_SHARE = Rate(
    0.15,
    "share of pupils in AP or excluded who are children in need",
    "any",
    "none",
    note="ASSUMPTION.",
    assumption=True,
)
PROVISION_BY_SIXTH_DAY_SHARE = Rate(
    0.8,
    "share of long suspensions and exclusions with full-time provision from the 6th school day",
    "any",
    "none",
    note="ASSUMPTION, so the register's overdue flags have something to show.",
    assumption=True,
)
# Suspension lengths in school days and their weights (ASSUMPTION: most suspensions are a day or two).
SUSPENSION_LENGTHS = {1: 45, 2: 20, 3: 15, 4: 7, 5: 6, 6: 2, 8: 2, 10: 2, 15: 1}
# Suspensions a suspended pupil has in a year, weights chosen so the mean is about 1.7 (published ratio above).
SUSPENSIONS_PER_PUPIL = {1: 62, 2: 20, 3: 9, 4: 5, 5: 4}
# SEN provision weights (N, K, E) by the kind of story a pupil is in. ASSUMPTION except AP's 80% with SEN.
SEN_WEIGHTS = {
    "ap": {"N": 20, "K": 45, "E": 35},
    "suspended": {"N": 55, "K": 33, "E": 12},
    "part_time": {"N": 30, "K": 45, "E": 25},
    "other": {"N": 75, "K": 18, "E": 7},
}
BOYS_SHARE_OTHER = 0.5  # EHE, missing education, awaiting a place, medical: ASSUMPTION

PUBLISHED = [
    PERMANENT_EXCLUSION_RATE,
    SUSPENSION_RATE,
    ONE_OR_MORE_SUSPENSION_RATE,
    AP_PER_10000,
    AP_BOYS_SHARE,
    AP_FSM_SHARE_TRAFFORD,
    C2_SESSION_SHARE,
]
ASSUMPTIONS = [
    PART_TIME_RATE,
    ELECTIVE_HOME_EDUCATION_RATE,
    MISSING_EDUCATION_RATE,
    MEDICAL_RATE,
    AWAITING_PLACE_RATE,
    AP_RETURNED_SHARE,
    PART_TIME_ENDED_SHARE,
    LOOKED_AFTER_SHARE,
    CHILD_IN_NEED_SHARE,
    PROVISION_BY_SIXTH_DAY_SHARE,
]
