"""Ideas to and from CSV.

Export: one row per idea (merged and withdrawn ones too), UTF-8 with a BOM so
Excel reads the accents, and every cell that a spreadsheet would run as a
formula neutralised with a leading apostrophe.

Import: a `text` column, optional `theme` and `author`. The encoding and the
delimiter are detected; a bad row stops the import with its line number. The
apostrophe that export adds is taken off again, so export then import gives
back exactly the same texts.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from pathlib import Path

from facilitator.core.errors import RuleError
from facilitator.core.importing import CsvIdea, collector_paused
from facilitator.core.model import SessionState
from facilitator.core.text import MAX_IDEA_CHARS, MAX_NAME_CHARS, clean_idea_text, clean_text
from facilitator.export.digest import HEARD, HIDDEN, digest

__all__ = ["COLUMNS", "CsvError", "CsvIdea", "ideas_to_csv", "neutralise", "parse_ideas_csv", "restore"]

COLUMNS = (
    "text",
    "theme",
    "votes",
    "feasibility",
    "impact",
    "quadrant",
    "decision",
    "owner",
    "due_date",
    "first_step",
    "success_measure",
    "reason",
    "status",
    "merged_into",
    "withdrawn",
    "withdrawn_reason",
    "id",
)
# A spreadsheet treats a cell starting with one of these as a formula (or,
# for tab and carriage return, may shift it into one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
DELIMITERS = (",", ";", "\t")
ALIASES = {"text": "text", "idea": "text", "theme": "theme", "author": "author"}
# The longest cell a CSV may hold (an idea itself is limited to MAX_IDEA_CHARS).
MAX_CELL_CHARS = 100_000
# The largest CSV file read (20,000 ideas of a paragraph each is about 10 MB).
MAX_CSV_BYTES = 200 * 1024 * 1024
# A single-column file is read whole per line, so commas inside an idea are text.
_NO_DELIMITER = "\x1f"


class CsvError(RuleError):
    """A CSV that cannot be imported. The message names the line and says what to fix."""


# ---- formula neutralising ----------------------------------------------------------------


def neutralise(cell: str) -> str:
    """Prefix an apostrophe when a spreadsheet would read `cell` as a formula.

    A cell that already starts with an apostrophe before a formula character
    (or another apostrophe) gets one too, so `restore` is an exact inverse.
    """
    if cell.startswith(FORMULA_STARTS) or (
        cell.startswith(QUOTE) and len(cell) > 1 and cell[1] in (*FORMULA_STARTS, QUOTE)
    ):
        return QUOTE + cell
    return cell


def restore(cell: str) -> str:
    """Undo `neutralise`."""
    if cell.startswith(QUOTE) and len(cell) > 1 and cell[1] in (*FORMULA_STARTS, QUOTE):
        return cell[1:]
    return cell


# ---- export -------------------------------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def export_order(state: SessionState, votes: dict[int, int]) -> list:
    """Ideas by theme, then by votes (once revealed) and text, each merged wording after its
    card: never in the order they were recorded, which could name who said them."""
    by_id = {i.id: i for i in state.ideas}
    theme_rank = {t.id: n for n, t in enumerate(sorted(state.themes, key=lambda t: (t.position, t.id)))}

    def key(idea):
        card = by_id.get(idea.merged_into, idea) if idea.merged_into is not None else idea
        return (
            theme_rank.get(card.theme_id, len(theme_rank)),
            -votes.get(card.id, 0),
            card.text.casefold(),
            card.text,
            card.id,
            idea.merged_into is not None,
            idea.text.casefold(),
            idea.text,
        )

    return sorted(state.ideas, key=key)


def ideas_to_csv(state: SessionState) -> bytes:
    """Every idea as one CSV row, in `export_order`. The `id` column numbers the rows of this
    export (so `merged_into` can name a card); it is not an id from the file."""
    report = digest(state)
    pick = state.info.rules.pick_names
    themes = {t.id: t.name for t in state.themes}
    ordered = export_order(state, report.votes)
    number = {idea.id: n for n, idea in enumerate(ordered, start=1)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for idea in ordered:
        entry = report.entries.get(idea.id)
        action = entry.action if entry else None
        pos = entry.position if entry else None
        row = {
            "text": idea.text,
            "theme": themes.get(idea.theme_id, ""),
            "votes": HIDDEN if report.hidden else (str(entry.votes) if entry else ""),
            "feasibility": _number(pos.feasibility if pos else None),
            "impact": _number(pos.impact if pos else None),
            "quadrant": pos.quadrant.label(pick) if pos else (HEARD if entry and idea.is_active else ""),
            "decision": action.decision.label if action and action.decision else "",
            "owner": action.owner if action else "",
            "due_date": action.due_date if action else "",
            "first_step": action.first_step if action else "",
            "success_measure": action.success_measure if action else "",
            "reason": action.reason if action else "",
            "status": action.status.label if action and action.decision else "",
            "merged_into": str(number.get(idea.merged_into, "")) if idea.merged_into is not None else "",
            "withdrawn": "yes" if idea.withdrawn else "",
            "withdrawn_reason": idea.withdrawn_reason,
            "id": str(number[idea.id]),
        }
        writer.writerow([neutralise(row[c]) for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


# ---- import -------------------------------------------------------------------------------


# A UTF-8 character of two, three or four bytes. A file that holds one of these is
# taken to be UTF-8; Windows-1252 text almost never contains one by chance.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _not_utf8(data: bytes, exc: UnicodeDecodeError, base: int = 0) -> CsvError:
    line = _line_of(data, base + exc.start)
    return CsvError(
        f"Line {line} is not valid UTF-8 (byte 0x{exc.object[exc.start]:02X}) although the rest of the file "
        "is; fix that line, or save the file again as CSV (UTF-8). Nothing was imported."
    )


def decode(data: bytes) -> str:
    """The text of a CSV file, never mangled.

    - A UTF-8 BOM, or any multi-byte UTF-8 character: the file is UTF-8, strictly. A byte
      that is not UTF-8 is refused with its line number (no line is guessed at).
    - A UTF-16 BOM: UTF-16.
    - Otherwise (plain ASCII, or bytes that are never UTF-8): Windows-1252, which is what
      older Excel saves; a byte Windows-1252 leaves undefined is read as Latin-1.
    """
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _not_utf8(data, exc, len(codecs.BOM_UTF8)) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CsvError("The file says it is UTF-16 but is not; save it again as CSV (UTF-8).") from None
    if b"\x00" in data:
        raise CsvError("This is not a text file; save the spreadsheet as CSV (UTF-8) and try again.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            raise _not_utf8(data, exc) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _header_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def _columns(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = ALIASES.get(cell.strip().strip('"').strip().lower())
        if name and name not in found:
            found[name] = index
    return found


def _sniff(text: str) -> tuple[str, dict[str, int], int]:
    """The delimiter, the known columns and how many columns the header names."""
    header = _header_line(text)
    if not header:
        raise CsvError("The file is empty. It needs a first line naming the columns, such as: text,theme")
    best: tuple[str, dict[str, int], int] | None = None
    for delimiter in DELIMITERS:
        cells = next(csv.reader([header], delimiter=delimiter))
        columns = _columns(cells)
        if "text" in columns and (best is None or len(cells) > best[2]):
            best = (delimiter, columns, len(cells))
    if best is None:
        raise CsvError(
            "Line 1 must name the columns, and one must be called 'text' (optionally also 'theme' and "
            "'author'), separated by commas, semicolons or tabs."
        )
    if best[2] == 1:
        return _NO_DELIMITER, best[1], 1
    return best


def _name_cell(raw: str, what: str, line: int) -> str:
    """A theme or author cell, its spaces folded, or a `CsvError` when it is too long."""
    value = " ".join(clean_text(restore(raw)).split())
    if len(value) > MAX_NAME_CHARS:
        raise CsvError(f"Line {line}: the {what} can be at most {MAX_NAME_CHARS} characters.")
    return value


def parse_ideas_csv(data: bytes) -> list[CsvIdea]:
    """The ideas in a CSV file, or a `CsvError` naming the first bad line."""
    text = decode(data)
    delimiter, columns, width = _sniff(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    ideas: list[CsvIdea] = []
    header_seen = False
    last_line = 0
    limit = csv.field_size_limit(MAX_CELL_CHARS)
    text_at = columns["text"]
    theme_at = columns.get("theme")
    author_at = columns.get("author")
    # A file repeats a few themes and authors many times: each distinct cell is read once.
    themes: dict[str, str] = {}
    authors: dict[str, str] = {}
    try:
        with collector_paused():  # a row at a time builds nothing that holds a cycle
            for row in reader:
                line = last_line + 1
                last_line = reader.line_num
                for cell in row:
                    if cell.strip():
                        break
                else:
                    continue  # a blank line
                if not header_seen:
                    header_seen = True
                    continue
                if len(row) > width and any(cell.strip() for cell in row[width:]):
                    shown = "a tab" if delimiter == "\t" else f"'{delimiter}'"
                    raise CsvError(
                        f"Line {line} has {len(row)} columns but the first line names {width}. "
                        f"Put text that contains {shown} in double quotes."
                    )
                raw = row[text_at] if text_at < len(row) else ""
                if raw.startswith(QUOTE):
                    raw = restore(raw)
                idea_text = raw.strip() if raw.isprintable() else ""  # clean already (`clean_text`)
                if not 0 < len(idea_text) <= MAX_IDEA_CHARS:
                    try:
                        idea_text = clean_idea_text(raw)
                    except RuleError as exc:
                        if not clean_text(raw):
                            raise CsvError(f"Line {line} has no text in the 'text' column.") from None
                        raise CsvError(f"Line {line}: {exc}") from None
                theme = author = ""
                if theme_at is not None and theme_at < len(row):
                    cell = row[theme_at]
                    theme = themes.get(cell)
                    if theme is None:
                        theme = themes[cell] = _name_cell(cell, "theme", line)
                if author_at is not None and author_at < len(row):
                    cell = row[author_at]
                    author = authors.get(cell)
                    if author is None:
                        author = authors[cell] = _name_cell(cell, "author", line)
                ideas.append(CsvIdea(idea_text, theme, author, line))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise CsvError(
                f"Line {last_line + 1}: a cell is longer than {MAX_CELL_CHARS:,} characters (or a double "
                "quote that opens a cell is never closed)."
            ) from None
        raise CsvError(f"Line {reader.line_num}: the quoting is broken ({exc}).") from None
    finally:
        csv.field_size_limit(limit)
    if not ideas:
        raise CsvError("The file names its columns but holds no ideas.")
    return ideas


def read_csv_file(path: Path | str) -> list[CsvIdea]:
    """The ideas in the CSV file at `path`, or a `CsvError` (or `OSError`) saying why not.

    Only a regular file is read: a FIFO would wait for ever, a device never ends.
    """
    from facilitator.core.display import quoted_name

    path = Path(path)
    shown = quoted_name(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise CsvError(f"{shown}: this is a folder; give the CSV file.") from None
    with open(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise CsvError(f"{shown}: this is a folder; give the CSV file.")
        if not stat.S_ISREG(st.st_mode):
            raise CsvError(
                f"{shown}: this is not a regular file (a pipe, a device or a socket); give a CSV file."
            )
        if st.st_size > MAX_CSV_BYTES:
            raise CsvError(
                f"{shown}: the file is larger than {MAX_CSV_BYTES // 2**20} MB; split it into parts."
            )
        data = f.read(MAX_CSV_BYTES + 1)
    return parse_ideas_csv(data)


def import_csv_file(store, path: Path | str):
    """Import the ideas of the CSV file at `path` into `store`: one transaction, one undoable delta.

    The entry point for callers outside the window (the command line, benchmarks). Returns
    the operation's `OpResult` (its value is an `ImportResult`).
    """
    from facilitator.ops.importing import import_ideas

    return import_ideas(store, read_csv_file(path))
