"""Every published rate written down in demo/rates.py matches the data file it cites."""

from demo import rates, sources


def test_exclusion_rates_match_the_dfe_file():
    row = sources.exclusions("Trafford", "Total")
    assert row["year"] == "201617"
    assert float(row["perm_excl_rate"]) == rates.PERMANENT_EXCLUSION_RATE.value
    assert float(row["fixed_excl_rate"]) == rates.SUSPENSION_RATE.value
    assert float(row["one_or_more_fixed_excl_rate"]) == rates.ONE_OR_MORE_SUSPENSION_RATE.value
    for phase, count in rates.SUSPENSIONS_BY_PHASE.items():
        assert int(sources.exclusions("Trafford", phase.title())["fixed_excl"]) == count


def test_ap_rate_matches_the_census_and_numbers_on_roll():
    period, pupils = sources.ap_census()
    assert (period, pupils) == ("202223", rates.AP_CENSUS_PUPILS)
    assert sum(sources.pupils_on_roll("2022/23")) == rates.PUPILS_ON_ROLL_2022_23
    assert (
        sources.ap_census(gender="Boys")[1] / pupils == rates.AP_BOYS_SHARE.value
        or round(sources.ap_census(gender="Boys")[1] / pupils, 3) == rates.AP_BOYS_SHARE.value
    )
    for age, count in rates.AP_AGES.items():
        assert sources.ap_census(age=f"Age {age}")[1] == count


def test_part_time_share_matches_attendance_data():
    row = sources.attendance("Trafford", "Total")
    share = int(row["reason_c2_authorised_temp_reduced_timetable"]) / int(row["possible_sessions"]) * 100
    assert round(share, 4) == rates.C2_SESSION_SHARE.value
    for phase, sessions in rates.PART_TIME_BY_PHASE.items():
        assert (
            int(sources.attendance("Trafford", phase.title())["reason_c2_authorised_temp_reduced_timetable"])
            == sessions
        )


def test_assumptions_are_marked():
    assert all(r.assumption for r in rates.ASSUMPTIONS)
    assert not any(r.assumption for r in rates.PUBLISHED)
    assert all(r.year and r.source for r in rates.PUBLISHED)
