"""The open file's connection: transactions, and sqlite-utils when a migration needs it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator


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
