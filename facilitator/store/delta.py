"""What one operation changed, row by row, so it can be undone and redone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple


class RowChange(NamedTuple):
    """One row before and after. `before` is None for an insert, `after` for a delete.

    A named tuple: an import records 20,000 of them, and a tuple is the cheapest to build.
    """

    table: str
    rowid: int
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class Changes:
    """What views need to refresh: the tables touched and the row ids in each."""

    rows: dict[str, frozenset[int]] = field(default_factory=dict)
    reload: bool = False  # everything may have changed, e.g. a file was opened
    # Old idea id -> new: sealing gave every idea a random id (comes with `reload`), so a
    # view can keep the card it had chosen.
    renamed: Mapping[int, int] = field(default_factory=dict)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.rows)

    def touches(self, *tables: str) -> bool:
        return self.reload or any(t in self.rows for t in tables)

    def ids(self, table: str) -> frozenset[int]:
        return self.rows.get(table, frozenset())

    def __bool__(self) -> bool:
        return self.reload or bool(self.rows)


@dataclass(frozen=True)
class Delta:
    """Row changes in the order they were made."""

    rows: tuple[RowChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def changes(self) -> Changes:
        touched: dict[str, set[int]] = {}
        for change in self.rows:
            touched.setdefault(change.table, set()).add(change.rowid)
        return Changes({t: frozenset(ids) for t, ids in touched.items()})
