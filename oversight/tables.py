"""Tables as data: the same object is rendered on the page and exported as CSV or XLSX.

Every table an oversight page shows is a ``Table`` (columns with a kind, rows of plain
values), so the export of any table is exactly what the page shows: money in pounds from
integer pence, percentages and rates as numbers, dates as dates. Text that a spreadsheet
would read as a formula is prefixed with an apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_KINDS = {"int", "number", "pence", "percent", "rate"}


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: str = "text"  # text, int, number, rate, percent, pence, date, bool

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def export_heading(self) -> str:
        return f"{self.heading} (£)" if self.kind == "pence" else self.heading


@dataclass(frozen=True)
class Link:
    """A cell that links to the records behind it on the page; exported as its text."""

    text: object
    href: str

    def __str__(self) -> str:
        return str(self.text)


@dataclass
class Table:
    key: str
    caption: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    pupil_rows: bool = False  # rows name pupils: exporting it is audited
    empty: str = "Nothing to show."

    def add(self, *values) -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"{self.key}: {len(values)} values for {len(self.columns)} columns")
        self.rows.append(list(values))

    @property
    def filename(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.key.lower()).strip("-")


def _plain(value):
    return value.text if isinstance(value, Link) else value


def export_value(column: Column, value):
    """A cell as the export shows it: pence as pounds, yes/no for booleans, blanks for nothing."""
    value = _plain(value)
    if value is None:
        return ""
    if column.kind == "pence":
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))
    if column.kind == "bool":
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow([c.export_heading for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_text(export_value(c, v)) for c, v in zip(table.columns, row, strict=True)])
    return response


def _csv_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


NUMBER_FORMATS = {
    "pence": '"£"#,##0.00',
    "percent": "0.0",
    "rate": "0.00",
    "number": "0.0",
    "int": "0",
    "date": "d mmmm yyyy",
}


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", table.caption)[:31] or "Table"
    sheet.append([c.export_heading for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        values = []
        for column, value in zip(table.columns, row, strict=True):
            value = export_value(column, value)
            if isinstance(value, Decimal):
                value = float(value)
            values.append(value)
        sheet.append(values)
    for index, column in enumerate(table.columns, 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(60, len(column.export_heading) + 4))
        if column.kind in NUMBER_FORMATS:
            for cell in sheet[letter][1:]:
                cell.number_format = NUMBER_FORMATS[column.kind]
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


# ---------------------------------------------------------------------------------------
# Showing a cell on the page


def display(column: Column, value) -> str:
    """A cell as the page shows it (the template escapes it): pounds, thousands separators, GOV.UK dates."""
    from core.jinja2 import govuk_date, pence

    if value is None or value == "":
        return ""
    if column.kind == "pence":
        return pence(int(value))
    if column.kind == "date":
        return govuk_date(value)
    if column.kind == "bool":
        return "Yes" if value else "No"
    if column.kind == "percent":
        return f"{value}%"
    if column.kind == "int" and isinstance(value, int):
        return f"{value:,}"
    if column.kind in ("number", "rate") and isinstance(value, (int, Decimal)):
        return f"{value:,}"
    return str(value)


def display_rows(table: Table) -> list[list[tuple[Column, object, str]]]:
    """Each row as (column, the Link if the cell is one, the text to show)."""
    return [
        [
            (column, value if isinstance(value, Link) else None, display(column, _plain(value)))
            for column, value in zip(table.columns, row, strict=True)
        ]
        for row in table.rows
    ]
