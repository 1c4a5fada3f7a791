"""Hand-written SQL answering the same questions as the register and the pupil list.

These are the yardstick: one statement (two for a paginated list, which must count), no ORM,
no Python per row beyond fetching. They run through Django's connection.cursor() so the
same database settings apply. Visibility follows pupils.queries.pupils_visible_to: a
local authority caseworker sees every pupil; a school sees pupils on its roll today or with
a current episode it is responsible for. For a school the statement finds those pupils through
the organisation (two index lookups joined by UNION) rather than testing every pupil in the
area, as a person writing the SQL by hand would.

The register statement answers "pupils with a current episode other than full-time mainstream,
visible to this user, with their current school's name, ordered by surname". The register
page also lists pupils past 40 suspension days this year and works out flags in Python, so
its row count can be a little higher than this statement's.

The statements are put together from fixed fragments chosen by role (hence the S608 noqa);
every value (today, the organisation, limit and offset) is a bound parameter.
"""

from __future__ import annotations

import datetime
import math

from django.db import connection

from accounts.roles import LA_CASEWORK_ROLES, SCHOOL_ROLES

PAGE_SIZE = 50  # pupils.views.PAGE_SIZE


def _current(alias: str) -> str:
    return f"{alias}.start_date <= %(today)s AND ({alias}.end_date IS NULL OR {alias}.end_date >= %(today)s)"


def _visibility(role: str) -> str:
    if role in LA_CASEWORK_ROLES:
        return "1 = 1"
    if role in SCHOOL_ROLES:
        # Written as a hand-writer would: two index lookups by organisation, not a test per pupil.
        return (
            "p.id IN (SELECT vr.pupil_id FROM pupils_registration vr"  # noqa: S608
            f" WHERE vr.organisation_id = %(org)s AND {_current('vr')}"
            " UNION SELECT ve.pupil_id FROM pupils_educationepisode ve"
            f" WHERE ve.school_id = %(org)s AND {_current('ve')})"
        )
    raise ValueError(f"The benchmark has no bare SQL for the role {role!r}")


def _aggregate(expression: str) -> str:
    """Comma-joined values: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""
    function = "STRING_AGG" if connection.vendor == "postgresql" else "GROUP_CONCAT"
    return f"{function}({expression}, ', ')"


def register_sql(role: str) -> str:
    return f"""
        SELECT p.id, p.upn, p.legal_surname, p.legal_forename, p.date_of_birth, p.sen_provision,
               COALESCE((
                   SELECT o.name FROM pupils_registration r
                   JOIN accounts_organisation o ON o.id = r.organisation_id
                   WHERE r.pupil_id = p.id AND {_current("r")}
                   ORDER BY CASE WHEN o.kind = 'school' THEN 0 ELSE 1 END,
                            CASE WHEN r.enrolment_status = 'M' THEN 0 ELSE 1 END, r.id
                   LIMIT 1), 'No school') AS school_name
        FROM pupils_pupil p
        WHERE EXISTS (
                  SELECT 1 FROM pupils_educationepisode e
                  WHERE e.pupil_id = p.id AND e.status <> 'full_time' AND {_current("e")})
          AND {_visibility(role)}
        ORDER BY p.legal_surname, p.legal_forename, p.id
    """  # noqa: S608


def list_count_sql(role: str) -> str:
    return f"SELECT COUNT(*) FROM pupils_pupil p WHERE {_visibility(role)}"  # noqa: S608


def list_page_sql(role: str) -> str:
    return f"""
        SELECT p.id, p.upn, p.legal_surname, p.legal_forename, p.date_of_birth,
               (SELECT {_aggregate("o.name")} FROM pupils_registration r
                JOIN accounts_organisation o ON o.id = r.organisation_id
                WHERE r.pupil_id = p.id AND {_current("r")}) AS settings,
               (SELECT {_aggregate("e.status")} FROM pupils_educationepisode e
                WHERE e.pupil_id = p.id AND {_current("e")}) AS statuses
        FROM pupils_pupil p
        WHERE {_visibility(role)}
        ORDER BY p.legal_surname, p.legal_forename, p.id
        LIMIT %(limit)s OFFSET %(offset)s
    """  # noqa: S608


def register_rows(role: str, organisation_id: int, today: datetime.date) -> list[tuple]:
    """The register's pupils, one row each, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(register_sql(role), {"today": today, "org": organisation_id})
        return cursor.fetchall()


def list_page_rows(role: str, organisation_id: int, today: datetime.date, page: int) -> list[tuple]:
    """One 50-row page of the pupil list: count (to clamp the page as Paginator.get_page does), then the page."""
    params = {"today": today, "org": organisation_id}
    with connection.cursor() as cursor:
        cursor.execute(list_count_sql(role), params)
        (count,) = cursor.fetchone()
        last_page = max(1, math.ceil(count / PAGE_SIZE))
        page = min(max(1, page), last_page)
        cursor.execute(list_page_sql(role), {**params, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE})
        return cursor.fetchall()
