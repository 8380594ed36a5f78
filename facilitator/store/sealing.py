"""Sealing: rewriting rows so that neither their ids nor their place in the file tell the
order in which they were written.

SQLite puts each new record at the low end of its page's free space, so the byte
offsets of a table's records give its insertion order even when the ids are random,
and `secure_delete` zeroes a deleted record but not the fact that a slot was used.
A table holding choices (ballots, dots, ratings) is therefore rewritten whole, in a
random order, in the same transaction as every change to it: deleting every row
frees and zeroes its pages (secure_delete), and the rows go back in shuffled, so the
layout follows the shuffle and nothing else.

`RNG` is the operating system's randomness; tests replace it with a seeded one.
"""

from __future__ import annotations

import random
import secrets
from typing import Any

RNG: random.Random = secrets.SystemRandom()

# Anything with `execute`: a plain sqlite3 connection, or a sqlite-utils Database.
Database = Any


def random_id(db: Database, table: str) -> int:
    """A new random 62-bit id that `table` does not use yet."""
    while True:
        candidate = RNG.getrandbits(62)
        if (
            candidate
            and db.execute(f"SELECT 1 FROM [{table}] WHERE rowid = ?", (candidate,)).fetchone() is None
        ):
            return candidate


def rewrite_shuffled(db: Database, *tables: str, rekey: bool = False) -> dict[int, int]:
    """Delete every row of `tables` and insert them again, each table in a random order.

    Tables are listed parents first (ballot before dot): rows are deleted children
    first and inserted parents first, so foreign keys hold throughout. With `rekey`,
    each row gets a new random id (nothing may point at them). Returns old id -> new
    id. Call it inside a transaction.
    """
    read: list[tuple[str, list[str], list[list]]] = []
    for table in tables:
        cur = db.execute(f"SELECT rowid, * FROM [{table}]")
        names = [d[0] for d in cur.description][1:]
        rows = [list(r) for r in cur.fetchall()]
        RNG.shuffle(rows)
        read.append((table, names, rows))
    for table in reversed(tables):
        db.execute(f"DELETE FROM [{table}]")
    mapping: dict[int, int] = {}
    for table, names, rows in read:
        id_col = names.index("id") if "id" in names else None
        cols = ", ".join(f"[{n}]" for n in names)
        marks = ", ".join("?" for _ in names)
        used: set[int] = set()
        for row in rows:
            rowid, values = row[0], row[1:]
            if rekey and id_col is not None:
                new = 0
                while not new or new in used:
                    new = RNG.getrandbits(62)
                used.add(new)
                values[id_col] = new
                mapping[rowid] = new
            db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", values)
    return mapping
