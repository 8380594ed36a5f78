"""The open file's connection: transactions, and sqlite-utils when a migration needs it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator


def decode_text(data: bytes) -> str:
    """Texts as read from the file: a damaged byte shows as U+FFFD instead of making the
    whole session unreadable (SQLite's integrity check does not validate UTF-8)."""
    return data.decode("utf-8", "replace")


def fetch(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> tuple[sqlite3.Cursor, list[tuple]]:
    """Every row of a query, texts decoded in C; only a damaged text (which SQLite's own
    decoding refuses) sends the query round again through the forgiving `decode_text`."""
    conn.text_factory = str
    try:
        cur = conn.execute(sql, params)
        return cur, cur.fetchall()
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc):
            raise
        conn.text_factory = decode_text
        cur = conn.execute(sql, params)
        return cur, cur.fetchall()
    finally:
        conn.text_factory = decode_text


class Connection:
    """The open file's connection and its transactions.

    The same `conn` and `atomic()` as a sqlite-utils `Database`, without importing
    sqlite-utils on every start: that is needed only to create or migrate a file.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Connection]:
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def utils(self):  # -> sqlite_utils.Database, for migrations
        from facilitator.store import import_sqlite_utils

        import_sqlite_utils()
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False, recursive_triggers=False)
