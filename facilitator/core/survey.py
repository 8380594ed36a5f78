"""Survey answers as ideas: the user picks which questions' free-text answers come in.

A staff survey export has one row per respondent and one column per question,
often with a timestamp and sometimes a name and an email. Each non-empty answer
to a chosen question becomes one idea. Names and emails never come into an
anonymous session: such a column cannot be chosen there.
Plain Python: no Qt, no SQL, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitator.core.errors import RuleError
from facilitator.core.importing import CsvIdea

# Column titles that hold who answered, in the words form tools use.
_PERSONAL = re.compile(
    r"\b(e-?mail|name|first name|last name|surname|full name|respondent|username|user name|phone|"
    r"employee (id|number)|staff (id|number)|ip address)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SurveyTable:
    """A survey export as read: the column titles, then one list of cells per respondent."""

    columns: list[str]
    rows: list[list[str]]
    lines: list[int]  # the line each row starts on, for messages


def is_personal(column: str) -> bool:
    """Whether a column names or contacts the person who answered (a name, an email)."""
    return bool(_PERSONAL.search(column))


def column_index(table: SurveyTable, name: str) -> int:
    """The index of the column called `name` (exactly, or ignoring case and spaces), or a
    RuleError that lists the columns there are."""
    wanted = " ".join(name.split()).casefold()
    for index, column in enumerate(table.columns):
        if " ".join(column.split()).casefold() == wanted:
            return index
    shown = "; ".join(f"“{c}”" for c in table.columns)
    raise RuleError(f"There is no column called “{name}”. The columns are: {shown}.")


def survey_ideas(
    table: SurveyTable, text_columns: list[str], theme_column: str = "", anonymous: bool = True
) -> list[CsvIdea]:
    """One idea per non-empty answer in the chosen columns, row by row."""
    if not text_columns:
        raise RuleError("Tick at least one question whose answers should become ideas.")
    chosen = [column_index(table, name) for name in text_columns]
    theme_at = column_index(table, theme_column) if theme_column else None
    if anonymous:
        for index in [*chosen, *([theme_at] if theme_at is not None else [])]:
            if is_personal(table.columns[index]):
                raise RuleError(
                    f"“{table.columns[index]}” holds names or emails, and this session is anonymous, "
                    "so it cannot be imported."
                )
    ideas: list[CsvIdea] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        theme = row[theme_at].strip() if theme_at is not None and theme_at < len(row) else ""
        for index in chosen:
            answer = row[index].strip() if index < len(row) else ""
            if answer:
                ideas.append(CsvIdea(text=answer, theme=theme, line=line))
    if not ideas:
        raise RuleError("The chosen questions have no answers to import.")
    return ideas
