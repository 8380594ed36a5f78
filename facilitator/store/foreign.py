"""Only our schema opens: a file's sqlite_master must hold exactly what our migrations create.

A session file is a database anyone can edit. A trigger added by someone else
runs inside our transactions (it could copy every ballot into a hidden table);
a view put in the place of a table changes what the app reads; an extra table
or index is somewhere to hide data. So before a file is opened, by the window
or by `facilitator check`, every entry of its `sqlite_master` (type, name,
table and CREATE statement) is compared with the entries that running our own
migrations on an empty in-memory database produces for the same schema version.
Anything added, missing or changed refuses the file; it is never changed.

Statements are compared as token lists: comments and whitespace dropped,
keywords and simple identifiers lower-cased, quoted simple identifiers
unquoted (SQLite writes `"idea"` after a table is renamed into place). String
literals stay exactly as written, so a comment or a quote cannot hide a
difference.

Every connection to a session file also runs with `PRAGMA trusted_schema=OFF`,
so even a schema that got past this check could not call functions with side
effects from a view or a trigger.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from pathlib import Path

from facilitator.store import errors
from facilitator.store.schema import STEPS

# The bookkeeping table sqlite-utils' `Migrations` keeps (which migrations ran, and when).
# tests/store/test_foreign_schema.py checks these against a file made by `SessionStore.create`.
MIGRATIONS_TABLE = (
    (
        "table",
        "_sqlite_migrations",
        "_sqlite_migrations",
        'CREATE TABLE "_sqlite_migrations" ( "id" INTEGER PRIMARY KEY, "migration_set" TEXT, '
        '"name" TEXT, "applied_at" TEXT )',
    ),
    (
        "index",
        "idx__sqlite_migrations_migration_set_name",
        "_sqlite_migrations",
        'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name" '
        'ON "_sqlite_migrations" ("migration_set", "name")',
    ),
)

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<line_comment>--[^\n]*)
    | (?P<block_comment>/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:[^']|'')*'?)
    | (?P<quoted>"(?:[^"]|"")*"?|`(?:[^`]|``)*`?|\[[^\]]*\]?)
    | (?P<word>(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_$]|[^\x00-\x7f])*)  # non-ASCII: a letter
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_SIMPLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def normalise(sql: str | None) -> tuple[str, ...] | None:
    """A CREATE statement as tokens, so that layout and comments do not count but meaning does."""
    if sql is None:
        return None
    tokens: list[str] = []
    for match in _TOKEN.finditer(sql):
        kind, text = match.lastgroup, match.group()
        if kind in ("space", "line_comment", "block_comment"):
            continue
        if kind == "quoted":
            inner = text[1:-1]
            tokens.append(inner.lower() if _SIMPLE.match(inner) else text)
        elif kind == "string":
            tokens.append(text)
        else:
            tokens.append(text.lower())
    return tuple(tokens)


Entry = tuple[str, str, str]  # type, name, table (lower-cased)
Schema = dict[Entry, tuple[str, ...] | None]


def _entries(rows) -> Schema:
    return {(kind, name.lower(), table.lower()): normalise(sql) for kind, name, table, sql in rows}


def _read(conn) -> list[tuple]:
    return list(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


@functools.cache
def expected_schema(version: int) -> Schema:
    """What sqlite_master holds in a file at `version`: our first `version` migrations, run in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        try:
            for step in STEPS[:version]:
                step(conn)
        except (AttributeError, TypeError):  # a step that needs sqlite-utils' Database
            conn.close()
            from facilitator.store.connection import Connection

            conn = sqlite3.connect(":memory:", isolation_level=None)
            db = Connection(conn).utils()
            for step in STEPS[:version]:
                step(db)
        return {**_entries(_read(conn)), **_entries(MIGRATIONS_TABLE)}
    finally:
        conn.close()


_KIND_WORDS = {"table": "a table", "index": "an index", "view": "a view", "trigger": "a trigger"}


def _what(kind: str, name: str) -> str:
    from facilitator.core.display import quoted_name

    return f"{_KIND_WORDS.get(kind, kind)} {quoted_name(name)}"


def check_schema(path: Path, conn: sqlite3.Connection, version: int) -> None:
    """Raise `ForeignSchema` unless the file's schema is exactly ours at `version`."""
    expected = expected_schema(version)
    rows = _read(conn)
    found = _entries(rows)
    names = {(kind, name.lower(), table.lower()): name for kind, name, table, _ in rows}
    # Added entries first (the dangerous kind), triggers and views before tables.
    order = {"trigger": 0, "view": 1, "table": 2, "index": 3}
    added = sorted(set(found) - set(expected), key=lambda e: (order.get(e[0], 9), e[1]))
    if added:
        kind, name, _table = added[0]
        shown = names[added[0]]
        swapped = any(k != kind and n == name for k, n, _t in expected)
        if swapped:
            raise errors.ForeignSchema(path, f"{_what(kind, shown)} stands in place of our table")
        raise errors.ForeignSchema(path, f"{_what(kind, shown)} that Facilitator did not create")
    changed = sorted(e for e in expected if e in found and found[e] != expected[e])
    if changed:
        kind, name, _table = changed[0]
        raise errors.ForeignSchema(path, f"{_what(kind, names[changed[0]])} was changed")
    missing = sorted(set(expected) - set(found))
    if missing:
        kind, name, _table = missing[0]
        raise errors.ForeignSchema(path, f"{_what(kind, name)} is missing")
