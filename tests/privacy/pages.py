"""An attacker's view of a closed session file: raw SQLite b-tree pages, parsed by hand.

No SQLite library is used to read records: the page size comes from the file
header, each table's b-tree is walked from its root page, and every cell is
reported with the page it sits on and its byte offset in that page. SQLite
places a new cell at the low end of a page's free space, so on today's code
offsets run backwards in insertion order; that is what the attacks exploit.

The root page numbers are read from sqlite_master with sqlite3 (any attacker can).
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Cell:
    page: int
    offset: int
    rowid: int
    values: tuple

    @property
    def physical(self) -> tuple[int, int]:
        """Insertion order as SQLite lays cells out: later pages later, lower offsets later."""
        return (self.page, -self.offset)


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = buf[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    raise AssertionError("unreachable")


def _record(payload: bytes) -> tuple:
    header_size, pos = _varint(payload, 0)
    types = []
    while pos < header_size:
        t, pos = _varint(payload, pos)
        types.append(t)
    body = header_size
    values: list = []
    sizes = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}
    for t in types:
        if t in sizes:
            n = sizes[t]
            raw = payload[body : body + n]
            if t == 0:
                values.append(None)
            elif t == 7:
                values.append(struct.unpack(">d", raw)[0] if len(raw) == 8 else None)
            elif t in (8, 9):
                values.append(t - 8)
            else:
                values.append(int.from_bytes(raw, "big", signed=True) if len(raw) == n else None)
            body += n
        else:
            n = (t - 12) // 2 if t % 2 == 0 else (t - 13) // 2
            raw = payload[body : body + n]
            values.append(raw if t % 2 == 0 else raw.decode("utf-8", "replace"))
            body += n
    return tuple(values)


class RawFile:
    def __init__(self, path: Path) -> None:
        self.data = Path(path).read_bytes()
        size = struct.unpack(">H", self.data[16:18])[0]
        self.page_size = 65536 if size == 1 else size
        self.reserved = self.data[20]
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            self.roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0"))
        finally:
            conn.close()

    def _page(self, number: int) -> bytes:
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size]

    def table_cells(self, table: str) -> list[Cell]:
        """Every cell of a rowid table, in b-tree (key) order, with its physical place."""
        cells: list[Cell] = []
        self._walk(self.roots[table], cells)
        return cells

    def _walk(self, number: int, out: list[Cell]) -> None:
        page = self._page(number)
        hdr = 100 if number == 1 else 0
        kind = page[hdr]
        count = struct.unpack(">H", page[hdr + 3 : hdr + 5])[0]
        if kind == 0x05:  # interior table page
            pointers = hdr + 12
            for i in range(count):
                offset = struct.unpack(">H", page[pointers + 2 * i : pointers + 2 * i + 2])[0]
                child = struct.unpack(">I", page[offset : offset + 4])[0]
                self._walk(child, out)
            self._walk(struct.unpack(">I", page[hdr + 8 : hdr + 12])[0], out)
            return
        assert kind == 0x0D, f"page {number} is not a table page ({kind:#x})"
        usable = self.page_size - self.reserved
        max_local = usable - 35
        pointers = hdr + 8
        for i in range(count):
            offset = struct.unpack(">H", page[pointers + 2 * i : pointers + 2 * i + 2])[0]
            size, pos = _varint(page, offset)
            rowid, pos = _varint(page, pos)
            local = size if size <= max_local else (usable - 12) * 32 // 255 - 23
            payload = page[pos : pos + min(size, local)]
            try:
                values = _record(payload)
            except IndexError:
                values = ()
            out.append(Cell(number, offset, rowid, values))


def columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
    finally:
        conn.close()
