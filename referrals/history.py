"""What a request shows of the pupil's record: episodes, suspensions, attendance, the PEX deadline.

Taken from the record, never typed into the request: the pupil's education-status episodes
(pupils), the school days of suspension this academic year, attendance recorded in AP
(attendance.queries.attendance_summary, when the attendance app is installed) and, for a
permanent exclusion, the 6th-school-day deadline and the school days left.

attendance sits to the right of referrals in the dependency order, so it is imported inside
the function, and a missing module means "no attendance recorded in Custodian" rather than
an error.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from core.calendar import CalendarError, SchoolCalendar, academic_year_bounds, academic_year_of
from pupils import rules as pupil_rules
from pupils.models import EducationStatus, Pupil
from referrals import rules
from referrals.models import Request, Route


@dataclass
class Deadline:
    due: datetime.date | None
    days_left: int | None
    provision_started: datetime.date | None
    overdue: bool
    problem: str = ""

    @property
    def text(self) -> str:
        if self.problem:
            return self.problem
        if self.provision_started and self.due and self.provision_started <= self.due:
            return f"Full-time provision started on {_long(self.provision_started)}, within the deadline of {_long(self.due)}"
        if self.provision_started:
            return f"Full-time provision started on {_long(self.provision_started)}, after the deadline of {_long(self.due)}"
        if self.overdue:
            return f"Full-time provision was due by {_long(self.due)} (the 6th school day) and has not started"
        if self.days_left == 0:
            return f"Full-time provision is due today, {_long(self.due)} (the 6th school day)"
        day_word = "school day" if self.days_left == 1 else "school days"
        return f"Full-time provision is due by {_long(self.due)} (the 6th school day): {self.days_left} {day_word} left"


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def pex_deadline(request: Request, today: datetime.date, cal: SchoolCalendar | None = None) -> Deadline | None:
    """The 6th-school-day deadline of a permanent exclusion request, with school days left."""
    if request.route != Route.PEX or request.exclusion is None:
        return None
    exclusion = request.exclusion
    try:
        cal = cal or SchoolCalendar.load()
        due = rules.pex_deadline(cal, exclusion.start_date)
        left = rules.school_days_left(cal, today, due)
    except CalendarError as exc:
        return Deadline(None, None, exclusion.provision_start_date, False, str(exc))
    started = exclusion.provision_start_date
    overdue = (started is None and today > due) or (started is not None and started > due)
    return Deadline(due, left, started, overdue)


@dataclass
class AttendanceLine:
    possible: int
    present: int
    authorised: int
    unauthorised: int
    percent: object
    start: datetime.date
    end: datetime.date


def ap_attendance(pupil: Pupil, today: datetime.date) -> AttendanceLine | None:
    """Attendance recorded in AP this academic year, or None if the attendance app is not installed."""
    try:
        from attendance.queries import attendance_summary
    except ImportError:
        return None
    start, _ = academic_year_bounds(academic_year_of(today))
    summary = attendance_summary([pupil], start, today)
    return AttendanceLine(
        summary.possible, summary.present, summary.authorised, summary.unauthorised, summary.percent, start, today
    )


@dataclass
class History:
    episodes: list
    suspensions_this_year: int
    suspension_days_this_year: float | None
    exclusions: int
    attendance: AttendanceLine | None


def pupil_history(pupil: Pupil, today: datetime.date, cal: SchoolCalendar | None = None) -> History:
    episodes = list(pupil.episodes.select_related("school").order_by("start_date", "id"))
    start, end = academic_year_bounds(academic_year_of(today))
    suspensions = [e for e in episodes if e.status == EducationStatus.SUSPENDED and start <= e.start_date <= end]
    try:
        cal = cal or SchoolCalendar.load()
        days = pupil_rules.suspension_days_this_year(cal, episodes, today)
    except CalendarError:
        days = None
    return History(
        episodes=list(reversed(episodes)),
        suspensions_this_year=len(suspensions),
        suspension_days_this_year=days,
        exclusions=sum(1 for e in episodes if e.status == EducationStatus.PERMANENTLY_EXCLUDED),
        attendance=ap_attendance(pupil, today),
    )
