"""Reading a provider's attendance CSV file (columns upn, date, session, code) into marks.

Only reading happens here; ``services.record_marks`` checks and saves, all or nothing. Rows
keep their line number so that every problem is reported by row and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

COLUMNS = ("upn", "date", "session", "code")
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str


def read_marks(upload) -> tuple[list[dict], list[int]]:
    """The marks in the file and the line number of each (the header is line 1)."""
    limit = getattr(settings, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
    if upload.size is not None and upload.size > limit:
        raise ValidationError({"file": f"The file must be smaller than {limit // (1024 * 1024)}MB"})
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": "The file must be a CSV file saved as UTF-8"}) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ValidationError({"file": "The file is empty"})
        names = [name.strip().lower() for name in header]
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise ValidationError(
                {
                    "file": f"The first row must name the columns upn, date, session and code; it is missing {', '.join(missing)}"
                }
            )
        positions = {c: names.index(c) for c in COLUMNS}
        marks, lines = [], []
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            marks.append({c: row[i].strip() if i < len(row) else "" for c, i in positions.items()})
            lines.append(line)
            if len(marks) > MAX_ROWS:
                raise ValidationError({"file": f"The file has more than {MAX_ROWS} rows: split it into smaller files"})
    except csv.Error as exc:
        raise ValidationError({"file": f"The file is not a readable CSV file ({exc})"}) from None
    if not marks:
        raise ValidationError({"file": "The file has no marks in it, only the header row"})
    return marks, lines


def row_problems(problems, lines: list[int]) -> list[RowProblem]:
    """services.Problem (by position) as problems by row and column of the file."""
    return [RowProblem(lines[p.index], p.field, p.message) for p in problems]
