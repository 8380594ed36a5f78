"""Reading a survey export (CSV) into columns and rows, for `core.survey` to pick from.

Decoding (UTF-8, UTF-16, Windows-1252) is the CSV importer's own. Excel
workbooks are not read: the message says how to save one as CSV.
"""

from __future__ import annotations

import csv
import io

from facilitator.core.errors import RuleError
from facilitator.core.survey import SurveyTable
from facilitator.export.csv_io import decode

DELIMITERS = (",", ";", "\t")
MAX_ROWS = 100_000
SAVE_AS_CSV = (
    "In Excel choose File > Save As and pick “CSV UTF-8 (Comma delimited)”; in Google or Microsoft "
    "Forms, download the responses as CSV. Then import the .csv file."
)


def read_survey(data: bytes) -> SurveyTable:
    """The columns and rows of a survey CSV, or a RuleError saying what is wrong in one line."""
    if data.startswith(b"PK\x03\x04"):
        raise RuleError(f"This is an Excel workbook, not a CSV. {SAVE_AS_CSV}")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RuleError(f"This is an old Excel (.xls) file, not a CSV. {SAVE_AS_CSV}")
    text = decode(data)
    header = next((line for line in text.splitlines() if line.strip()), "")
    if not header:
        raise RuleError("The file is empty. The first line must name the columns (the questions).")
    delimiter = max(DELIMITERS, key=lambda d: len(next(csv.reader([header], delimiter=d))))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        start = 1
        for cells in reader:
            if columns is None:
                if any(c.strip() for c in cells):
                    columns = [" ".join(c.split()) or f"Column {i + 1}" for i, c in enumerate(cells)]
                start = reader.line_num + 1
                continue
            if any(c.strip() for c in cells):
                rows.append(cells)
                lines.append(start)
                if len(rows) > MAX_ROWS:
                    raise RuleError(
                        f"The survey has more than {MAX_ROWS:,} answers; split it into smaller files."
                    )
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RuleError(f"Line {reader.line_num}: the file is not valid CSV ({exc}).") from None
    return SurveyTable(columns or [], rows, lines)
