"""Ideas brought in from outside the room (a CSV of comment cards or a survey).

Plain data, so the CSV reader (export) and the import operation (ops) can share
it without ops depending on export.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CsvIdea:
    """One row to import. `line` is where the row starts in the file, for messages."""

    text: str
    theme: str = ""
    author: str = ""
    line: int = 0
