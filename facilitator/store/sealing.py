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

# The store seals an anonymous session's capture order by itself: when the room leaves the
# round table, at Reveal, on close and on open (a file from before sealing, or one whose
# close could not write). Ballots and ratings are rewritten in every transaction that
# touches them.

# Anything with `execute`: a plain sqlite3 connection, or a sqlite-utils Database.
Database = Any


def _executemany(db: Database, sql: str, rows) -> None:
    """One statement over many rows, on a plain connection or a sqlite-utils Database."""
    (db.executemany if hasattr(db, "executemany") else db.conn.executemany)(sql, rows)


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
        batch = []
        for row in rows:
            rowid, values = row[0], row[1:]
            if rekey and id_col is not None:
                new = 0
                while not new or new in used:
                    new = RNG.getrandbits(62)
                used.add(new)
                values[id_col] = new
                mapping[rowid] = new
            batch.append(values)
        _executemany(db, f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", batch)
    return mapping


def _seconds(start: str, end: str) -> float:
    from facilitator.core.equity import turn_seconds

    return turn_seconds(start, end) if end else 0.0


def idea_references(db: Database) -> list[tuple[str, str]]:
    """(table, column) of every foreign key that points at an idea, from the schema itself,
    so a table added later is re-keyed too. None of them may cascade (see `seal`)."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = []
    for table in tables:
        for row in db.execute(f"PRAGMA foreign_key_list([{table}])"):
            # (id, seq, table, from, to, on_update, on_delete, match)
            if row[2] == "idea" and table != "idea":
                found.append((table, row[3]))
    return found


def seal(db: Database) -> dict[int, int]:
    """Take the capture order of an anonymous session out of the file. Call it in a transaction.

    - Per-turn rows (speaker, round, times, ideas given) are folded into per-person
      totals (`airtime`) and deleted: walking turns in order can no longer hand out ideas.
    - Every idea loses its author, turn, round and any time finer than the session's
      date, gets a new random id (every reference follows), a position by text, and the
      idea table is written again in a random order: ids, positions and the layout of the
      pages say nothing about the order ideas were said in.

    Returns old idea id -> new idea id. The idea rows are deleted and inserted again,
    so no foreign key to an idea may have an ON DELETE action (a test checks this).
    """
    date, created = db.execute("SELECT date, created_at FROM session WHERE id = 1").fetchone()
    day = (date or created or "")[:10]

    totals: dict[int, list] = {}
    last_round = 0
    starts: list[str] = []
    for pid, round_no, start, end, passed, ideas in db.execute(
        "SELECT participant_id, round, started_at, ended_at, passed, ideas FROM turn"
    ).fetchall():
        last_round = max(last_round, round_no or 0)
        starts += [s for s in (start, end) if s and len(s) >= 16]
        if pid is None:
            continue
        t = totals.setdefault(pid, [0, 0, 0, 0.0])
        t[0] += 1
        t[1] += int(bool(passed))
        t[2] += ideas or 0
        t[3] += _seconds(start, end)
    for pid, (turns, passes, ideas, seconds) in totals.items():
        db.execute(
            "INSERT INTO airtime (participant_id) VALUES (?) ON CONFLICT (participant_id) DO NOTHING", (pid,)
        )
        db.execute(
            "UPDATE airtime SET turns = turns + ?, passes = passes + ?, ideas = ideas + ?, "
            "seconds = seconds + ? WHERE participant_id = ?",
            (turns, passes, ideas, seconds, pid),
        )
    if starts:
        # The session's own start and end (as Setup would have them, HH:MM) outlive the turns.
        db.execute(
            "UPDATE session SET started_at = CASE WHEN started_at = '' THEN ? ELSE started_at END, "
            "ended_at = CASE WHEN ended_at = '' THEN ? ELSE ended_at END WHERE id = 1",
            (min(starts)[11:16], max(starts)[11:16]),
        )
    db.execute("PRAGMA defer_foreign_keys = ON")
    db.execute("UPDATE idea SET turn_id = NULL WHERE turn_id IS NOT NULL")
    db.execute("DELETE FROM turn")
    db.execute("UPDATE session SET rounds_sealed = max(rounds_sealed, ?) WHERE id = 1", (last_round,))
    rewrite_shuffled(db, "airtime")

    cur = db.execute("SELECT * FROM idea")
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    old_ids = {r["id"] for r in rows}
    mapping: dict[int, int] = {}
    taken = set(old_ids)  # a new id is neither an old one nor one already handed out
    for old in old_ids:
        new = 0
        while not new or new in taken:
            new = RNG.getrandbits(62)
        taken.add(new)
        mapping[old] = new
    RNG.shuffle(rows)
    by_text = sorted(rows, key=lambda r: (r["text"].casefold(), r["text"], mapping[r["id"]]))
    position = {r["id"]: n for n, r in enumerate(by_text)}
    db.execute("DELETE FROM idea")
    cols = ", ".join(f"[{n}]" for n in names)
    marks = ", ".join("?" for _ in names)
    sealed = (
        {
            **r,
            "id": mapping[r["id"]],
            "merged_into": mapping.get(r["merged_into"]) if r["merged_into"] is not None else None,
            "author_id": None,
            "turn_id": None,
            "round": None,
            "position": position[r["id"]],
            "created_at": day,
            "updated_at": day,
        }
        for r in rows
    )
    _executemany(db, f"INSERT INTO idea ({cols}) VALUES ({marks})", ([r[n] for n in names] for r in sealed))
    if mapping:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS seal_map (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)")
        db.execute("DELETE FROM temp.seal_map")
        db.executemany("INSERT INTO temp.seal_map (old, new) VALUES (?, ?)", list(mapping.items()))
        for table, column in idea_references(db):
            db.execute(
                f"UPDATE [{table}] SET [{column}] = (SELECT new FROM temp.seal_map WHERE old = [{column}]) "
                f"WHERE [{column}] IN (SELECT old FROM temp.seal_map)"
            )
        db.execute("DROP TABLE temp.seal_map")
        # Earlier wordings keep their text, but no time finer than the day, in a random order.
        db.execute("UPDATE idea_edit SET at = substr(at, 1, 10) WHERE length(at) > 10")
        rewrite_shuffled(db, "idea_edit", rekey=True)
        for event_id, detail in db.execute(
            "SELECT id, detail FROM event WHERE kind = ?", (DUPLICATE_DISMISSED,)
        ).fetchall():
            db.execute("UPDATE event SET detail = ? WHERE id = ?", (remap_pair(detail, mapping), event_id))
    return mapping


# Kept in the session log with two idea ids as its detail (see `facilitator.ops.duplicates`).
DUPLICATE_DISMISSED = "duplicate dismissed"


def remap_pair(detail: str, mapping: dict[int, int]) -> str:
    """A dismissed pair "a,b" (a < b) under re-keyed idea ids."""
    a, _, b = detail.partition(",")
    if not (a.isdigit() and b.isdigit()):
        return detail
    x, y = mapping.get(int(a), int(a)), mapping.get(int(b), int(b))
    return f"{min(x, y)},{max(x, y)}"


def needs_sealing(db: Database) -> bool:
    """True when an anonymous session's file may hold the order its ideas were captured in:
    per-turn rows, or an idea with a capture time, a round, a turn or an author (every new
    idea has a capture time until sealing cuts it to the date)."""
    if not db.execute("SELECT anonymous FROM session WHERE id = 1").fetchone()[0]:
        return False
    return bool(
        db.execute("SELECT 1 FROM turn LIMIT 1").fetchone()
        or db.execute(
            "SELECT 1 FROM idea WHERE length(created_at) > 10 OR length(updated_at) > 10 "
            "OR round IS NOT NULL OR turn_id IS NOT NULL OR author_id IS NOT NULL LIMIT 1"
        ).fetchone()
    )
