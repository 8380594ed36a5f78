"""Ideas brought in from outside the room (a CSV of comment cards or a survey).

Plain data, so the CSV reader (export) and the import operation (ops) can share
it without ops depending on export.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import NamedTuple


class CsvIdea(NamedTuple):
    """One row to import. `line` is where the row starts in the file, for messages.

    A named tuple: a 20,000-row file makes 20,000 of them, and a tuple is the cheapest to build.
    """

    text: str
    theme: str = ""
    author: str = ""
    line: int = 0


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a bulk step builds many small objects that hold no
    cycles (the rows of a 20,000-line file): it would otherwise scan them again and again."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
