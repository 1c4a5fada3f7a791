"""Hand-written SQL for the oversight dashboard's figures and for the ledger balances: the yardstick.

The statements answer the same questions as oversight.measures.table_1 (the six measures of
seed 001's Table 1, for the whole area or one school, over a period inside one academic year)
and funding.queries_money.account_balances (every account's balance on a day), with no ORM
and no Python per row beyond fetching. They run through Django's connection.cursor(), so the
same database settings apply. Dialect differences (date arithmetic, JSON array length, year
and month of a date) are chosen by the connection's vendor; every value is a bound parameter.

``table_1_figures`` also returns the numbers, so the benchmark can check that the hand-written
SQL and the page agree at every scale.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection

from core.calendar import academic_year_bounds, academic_year_of


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _days(later: str, earlier: str) -> str:
    """Whole days from ``earlier`` to ``later`` (both SQL date expressions)."""
    if _postgres():
        return f"(({later})::date - ({earlier})::date)"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def _least(*parts: str) -> str:
    return f"LEAST({', '.join(parts)})" if _postgres() else f"MIN({', '.join(parts)})"


def _greatest(*parts: str) -> str:
    return f"GREATEST({', '.join(parts)})" if _postgres() else f"MAX({', '.join(parts)})"


def _sessions(column: str) -> str:
    return f"jsonb_array_length({column})" if _postgres() else f"json_array_length({column})"


def _year_month(column: str) -> tuple[str, str]:
    if _postgres():
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)", f"CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%%Y', {column}) AS INTEGER)", f"CAST(strftime('%%m', {column}) AS INTEGER)"


def year_group(born: str, on: str) -> str:
    """The national curriculum year on a day (pupils.rules.national_curriculum_year, in SQL)."""
    born_year, born_month = _year_month(born)
    on_year, on_month = _year_month(on)
    return (
        f"(({on_year} - CASE WHEN {on_month} < 9 THEN 1 ELSE 0 END) "
        f"- ({born_year} + CASE WHEN {born_month} >= 9 THEN 1 ELSE 0 END) - 4)"
    )


def _school(column: str, school: int | None) -> str:
    return f" AND {column} = %(org)s" if school is not None else ""


def _running(alias: str) -> str:
    return (
        f"{alias}.status IN ('active', 'ended') AND {alias}.start_date <= %(end)s "
        f"AND ({alias}.end_date IS NULL OR {alias}.end_date >= %(start)s)"
    )


def table_1_statements(school: int | None) -> dict[str, str]:
    """One statement per figure; ``school`` (an organisation id) limits them to one school."""
    pex_covering = (
        "EXISTS (SELECT 1 FROM pupils_educationepisode x WHERE x.pupil_id = pl.pupil_id AND x.status = 'excluded' "
        "AND x.start_date <= pl.start_date AND (x.end_date IS NULL OR x.end_date >= pl.start_date))"
    )
    component_last = _least("%(end)s", "COALESCE(c.end_date, %(end)s)", "COALESCE(pl.end_date, %(end)s)")
    component_first = _greatest("%(start)s", "c.start_date", "pl.start_date")
    fte = (
        f"CASE WHEN {_sessions('c.sessions')} > 0 THEN {_sessions('c.sessions')} / 10.0 "
        "WHEN c.hours_per_week IS NOT NULL THEN c.hours_per_week / 25.0 ELSE 0 END"
    )
    return {
        "pupils_in_ap": f"""
            SELECT COUNT(*) FROM (
                SELECT pl.pupil_id FROM placements_placement pl WHERE {_running("pl")}{_school("pl.home_school_id", school)}
                UNION
                SELECT e.pupil_id FROM pupils_educationepisode e WHERE e.status = 'in_ap' AND e.start_date <= %(end)s
                  AND (e.end_date IS NULL OR e.end_date >= %(start)s){_school("e.school_id", school)}
            ) t""",  # noqa: S608  (fixed fragments; values are bound parameters)
        "roll": f"""
            SELECT COALESCE(SUM(r.pupils), 0), COALESCE(SUM(CASE WHEN r.year_group BETWEEN 7 AND 11 THEN r.pupils ELSE 0 END), 0)
            FROM schools_schoolroll r JOIN schools_school s ON s.id = r.school_id WHERE 1 = 1{_school("s.organisation_id", school)}""",  # noqa: S608  (fixed fragments; values are bound parameters)
        "block_places": f"""
            SELECT COALESCE(SUM(b.places), 0) FROM providers_blockcommission b
            WHERE b.academic_year = %(year)s{_school("b.commissioner_id", school)}""",  # noqa: S608  (fixed fragments; values are bound parameters)
        "school_place_days": f"""
            SELECT COALESCE(SUM(({fte}) * ({_days(component_last, component_first)} + 1)), 0)
            FROM placements_placementcomponent c JOIN placements_placement pl ON pl.id = c.placement_id
            JOIN accounts_organisation o ON o.id = pl.commissioner_id
            WHERE {_running("pl")} AND o.kind IN ('school', 'partnership') AND {_days(component_last, component_first)} >= 0
            {_school("pl.commissioner_id", school)}""",  # noqa: S608  (fixed fragments; values are bound parameters)
        "secondary_pex": f"""
            SELECT COUNT(*) FROM pupils_educationepisode e JOIN pupils_pupil p ON p.id = e.pupil_id
            WHERE e.status = 'excluded' AND e.start_date BETWEEN %(start)s AND %(end)s
              AND {year_group("p.date_of_birth", "e.start_date")} BETWEEN 7 AND 11{_school("e.school_id", school)}""",  # noqa: S608  (fixed fragments; values are bound parameters)
        "ended": f"""
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN pl.end_reason IN ('returned', 'managed_move') THEN 1 ELSE 0 END), 0)
            FROM placements_placement pl WHERE pl.status = 'ended' AND pl.end_date BETWEEN %(start)s AND %(end)s
            {_school("pl.home_school_id", school)}""",  # noqa: S608  (fixed fragments; values are bound parameters)
        "key_stage_4": f"""
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN {pex_covering} THEN 1 ELSE 0 END), 0)
            FROM placements_placement pl JOIN pupils_pupil p ON p.id = pl.pupil_id
            WHERE {_running("pl")} AND {year_group("p.date_of_birth", "pl.start_date")} BETWEEN 10 AND 11
            {_school("pl.home_school_id", school)}""",  # noqa: S608  (fixed fragments; values are bound parameters)
        "spend": """
            SELECT
              COALESCE((SELECT SUM(CASE WHEN ca.kind IN ('provider', 'place_funding') THEN e.amount_pence ELSE 0 END)
                              - SUM(CASE WHEN da.kind IN ('provider', 'place_funding') THEN e.amount_pence ELSE 0 END)
                        FROM funding_ledgerentry e JOIN funding_account ca ON ca.id = e.credit_account_id
                        JOIN funding_account da ON da.id = e.debit_account_id
                        WHERE e.entry_date BETWEEN %(year_start)s AND %(end)s), 0),
              COALESCE((SELECT SUM(CASE WHEN ca.kind = 'committed' THEN e.amount_pence ELSE 0 END)
                              - SUM(CASE WHEN da.kind = 'committed' THEN e.amount_pence ELSE 0 END)
                        FROM funding_ledgerentry e JOIN funding_account ca ON ca.id = e.credit_account_id
                        JOIN funding_account da ON da.id = e.debit_account_id WHERE e.entry_date <= %(end)s), 0),
              COALESCE((SELECT SUM(e.amount_pence) FROM funding_ledgerentry e WHERE e.kind IN ('commitment', 'invoice')
                        AND e.entry_date BETWEEN %(year_start)s AND %(end)s), 0),
              (SELECT y.ap_budget_pence FROM funding_fundingyear y WHERE y.academic_year = %(year)s)""",
    }


def table_1_figures(start: datetime.date, end: datetime.date, school: int | None = None) -> dict:
    """Run the statements for a period inside one academic year; return the raw numbers."""
    year = academic_year_of(start)
    if academic_year_of(end) != year:
        raise ValueError("The bare SQL covers a period inside one academic year (for the block-commissioned places)")
    params = {"start": start, "end": end, "org": school, "year": year, "year_start": academic_year_bounds(year)[0]}
    results = {}
    with connection.cursor() as cursor:
        for name, sql in table_1_statements(school).items():
            cursor.execute(sql, params)
            results[name] = cursor.fetchone()
    results["period_days"] = (end - start).days + 1
    return results


def summary(raw: dict) -> dict[str, object]:
    """The headline numbers, to check against the page's: counts, not rounded rates."""
    places = Decimal(raw["block_places"][0]) + Decimal(str(raw["school_place_days"][0])) / raw["period_days"]
    return {
        "pupils_in_ap": raw["pupils_in_ap"][0],
        "roll": raw["roll"][0],
        "places": places.quantize(Decimal("0.1")),
        "secondary_pex": raw["secondary_pex"][0],
        "ended": raw["ended"][0],
        "reintegrated": raw["ended"][1],
        "ks4": raw["key_stage_4"][0],
        "ks4_exclusion": raw["key_stage_4"][1],
    }


def ledger_balances(on: datetime.date) -> list[tuple]:
    """Every account's balance on a day (credits less debits), as one statement."""
    sql = """
        SELECT account_id, SUM(amount) FROM (
            SELECT credit_account_id AS account_id, amount_pence AS amount FROM funding_ledgerentry WHERE entry_date <= %(on)s
            UNION ALL
            SELECT debit_account_id, -amount_pence FROM funding_ledgerentry WHERE entry_date <= %(on)s
        ) moves GROUP BY account_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"on": on})
        return cursor.fetchall()
