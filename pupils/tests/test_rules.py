"""One test (or more) per named rule in pupils/rules.py and pupils/validation.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.calendar import SchoolCalendar
from pupils import rules
from pupils.models import EducationEpisode
from pupils.validation import plausible_age

D = datetime.date


@pytest.fixture
def cal(term_dates):
    return SchoolCalendar.load()


def episode(status, start, end=None, **kw):
    return EducationEpisode(status=status, start_date=start, end_date=end, **kw)


def test_provision_deadline_is_sixth_school_day_counting_the_first_day(cal):
    # Thursday 16 Oct 2025: days are Thu 16, Fri 17, Mon 20, Tue 21, Wed 22, Thu 23.
    assert rules.provision_deadline(cal, D(2025, 10, 16)) == D(2025, 10, 23)


def test_provision_deadline_skips_half_term(cal):
    # Thursday 23 Oct 2025: Thu 23, Fri 24, then half term, Mon 3 Nov .. Thu 6 Nov.
    assert rules.provision_deadline(cal, D(2025, 10, 23)) == D(2025, 11, 6)


class TestPermanentExclusionProvision:
    def test_overdue_when_no_provision_by_day_6(self, cal):
        pex = episode("excluded", D(2025, 10, 16))
        flag = rules.permanent_exclusion_provision(cal, pex, D(2025, 10, 23))
        assert flag.overdue and flag.key == "pex_provision" and flag.due == D(2025, 10, 23)

    def test_due_with_school_days_left_before_day_6(self, cal):
        pex = episode("excluded", D(2025, 10, 16))
        flag = rules.permanent_exclusion_provision(cal, pex, D(2025, 10, 20))
        assert not flag.overdue
        assert "3 school days left" in flag.text

    def test_no_flag_when_provision_started_by_day_6(self, cal):
        pex = episode("excluded", D(2025, 10, 16), provision_start_date=D(2025, 10, 23))
        assert rules.permanent_exclusion_provision(cal, pex, D(2025, 12, 1)) is None

    def test_late_provision_is_still_flagged(self, cal):
        pex = episode("excluded", D(2025, 10, 16), provision_start_date=D(2025, 11, 4))
        flag = rules.permanent_exclusion_provision(cal, pex, D(2025, 11, 10))
        assert flag.overdue and "3 school days late" in flag.text  # missed 23 Oct, 24 Oct, 3 Nov

    def test_ended_exclusion_is_not_flagged(self, cal):
        pex = episode("excluded", D(2025, 10, 16), D(2025, 10, 20))
        assert rules.permanent_exclusion_provision(cal, pex, D(2025, 11, 10)) is None


class TestSuspensionProvision:
    def test_five_day_suspension_needs_no_provision(self, cal):
        s = episode("suspended", D(2025, 10, 13), D(2025, 10, 17), sessions=10)
        assert rules.suspension_provision(cal, s, D(2025, 10, 17)) is None

    def test_longer_suspension_without_provision_is_overdue_from_day_6(self, cal):
        s = episode("suspended", D(2025, 10, 13), D(2025, 10, 21), sessions=14)
        assert rules.suspension_provision(cal, s, D(2025, 10, 17)).overdue is False
        flag = rules.suspension_provision(cal, s, D(2025, 10, 20))
        assert flag.overdue and flag.key == "suspension_provision"

    def test_longer_suspension_with_provision_from_day_6_is_fine(self, cal):
        s = episode("suspended", D(2025, 10, 13), D(2025, 10, 21), sessions=14, provision_start_date=D(2025, 10, 20))
        assert rules.suspension_provision(cal, s, D(2025, 10, 21)) is None


class TestPartTimeTimetable:
    def test_past_agreed_end_date_is_overdue(self):
        p = episode("part_time", D(2025, 9, 8), agreed_end_date=D(2025, 10, 17))
        flag = rules.part_time_timetable_overdue(p, D(2025, 10, 20))
        assert flag.overdue and flag.key == "part_time_overdue"

    def test_on_agreed_end_date_is_not_overdue(self):
        p = episode("part_time", D(2025, 9, 8), agreed_end_date=D(2025, 10, 17))
        assert rules.part_time_timetable_overdue(p, D(2025, 10, 17)) is None

    def test_no_agreed_end_date_is_flagged(self):
        p = episode("part_time", D(2025, 9, 8))
        assert rules.part_time_timetable_overdue(p, D(2025, 9, 9)).key == "part_time_no_end"


class TestSuspensionLimit:
    def test_forty_days_is_not_flagged(self):
        assert rules.suspension_limit(40) is None

    def test_over_forty_warns(self):
        flag = rules.suspension_limit(40.5)
        assert flag.key == "suspension_over_40" and not flag.overdue

    def test_over_forty_five_is_a_breach(self):
        flag = rules.suspension_limit(46)
        assert flag.key == "suspension_over_45" and flag.overdue

    def test_days_are_counted_in_the_current_academic_year_only(self, cal):
        episodes = [
            episode("suspended", D(2025, 7, 1), D(2025, 7, 10), sessions=16),  # last year
            episode("suspended", D(2025, 9, 8), D(2025, 9, 12), sessions=10),
            episode("suspended", D(2025, 10, 6), D(2025, 10, 7), sessions=3),
            episode("part_time", D(2025, 9, 8), agreed_end_date=D(2025, 12, 1)),
        ]
        assert rules.suspension_days_this_year(cal, episodes, D(2025, 11, 20)) == 6.5

    def test_length_without_sessions_counts_school_days(self, cal):
        s = episode("suspended", D(2025, 10, 23), D(2025, 11, 4))  # Thu, Fri, half term, Mon, Tue
        assert rules.suspension_length_school_days(cal, s) == 4


def test_flags_for_collects_every_rule(cal):
    episodes = [
        episode("excluded", D(2025, 10, 16)),
        episode("part_time", D(2025, 9, 8), D(2025, 10, 15), agreed_end_date=D(2025, 10, 1)),
    ]
    keys = [f.key for f in rules.flags_for(cal, episodes, D(2025, 11, 20))]
    assert keys == ["pex_provision"]  # the part-time timetable has ended, so it is not flagged


@pytest.mark.parametrize(
    ("born", "year"),
    [(D(2013, 9, 1), 7), (D(2014, 8, 31), 7), (D(2014, 9, 1), 6), (D(2020, 8, 31), 1), (D(2021, 1, 1), 0)],
)
def test_national_curriculum_year(born, year):
    assert rules.national_curriculum_year(born, 2025) == year


def test_date_of_birth_range_matches_year_group():
    earliest, latest = rules.date_of_birth_range(7, 2025)
    assert (earliest, latest) == (D(2013, 9, 1), D(2014, 8, 31))
    assert rules.national_curriculum_year(earliest, 2025) == 7 == rules.national_curriculum_year(latest, 2025)


class TestPlausibleAge:
    def test_two_year_old_is_rejected(self):
        with pytest.raises(ValidationError) as error:
            plausible_age(D(2024, 1, 1), D(2026, 11, 22))
        assert "makes the pupil 2" in str(error.value)

    def test_twenty_five_year_old_is_rejected(self):
        with pytest.raises(ValidationError) as error:
            plausible_age(D(2001, 1, 1), D(2026, 11, 22))
        assert "makes the pupil 25" in str(error.value)

    def test_future_date_is_rejected(self):
        with pytest.raises(ValidationError):
            plausible_age(D(2027, 1, 1), D(2026, 11, 22))

    @pytest.mark.parametrize("born", [D(2023, 11, 22), D(2002, 11, 23), D(2012, 6, 1)])
    def test_ages_three_to_twenty_four_are_accepted(self, born):
        plausible_age(born, D(2026, 11, 22))
