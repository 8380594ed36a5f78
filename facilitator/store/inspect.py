"""Decide whether a file is a session we can open, without changing it.

The checks read bytes and use a read-only SQLite connection, so a file we
refuse is left byte-for-byte as it was. The one exception is a file left
behind by a crash with a hot journal or WAL beside it: SQLite must roll that
back to make the file whole, exactly as it would on a normal open.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from facilitator.core import model as m
from facilitator.store import errors
from facilitator.store.foreign import check_schema
from facilitator.store.schema import APPLICATION_ID, SCHEMA_VERSION, STEPS

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


@dataclass(frozen=True)
class FileFacts:
    path: Path
    schema_version: int
    writable: bool
    recovered: bool  # a hot journal or WAL was present


def readonly_uri(path: Path) -> str:
    return "file:" + quote(str(path.resolve())) + "?mode=ro"


def has_crash_leftovers(path: Path) -> bool:
    """A non-empty -journal or -wal beside the file means SQLite must recover it."""
    for suffix in ("-journal", "-wal"):
        side = path.with_name(path.name + suffix)
        if side.exists() and side.stat().st_size > 0:
            return True
    return False


def is_writable(path: Path) -> bool:
    """Writes need the file and, for the rollback journal, its folder.

    A file whose write bits are all off was marked read-only on purpose, so it
    opens read-only even for an administrator whom the OS would let write.
    """
    mode = path.stat().st_mode
    return bool(mode & 0o222) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def is_readable(path: Path) -> bool:
    """Likewise, a file with every read bit off is treated as unreadable."""
    return bool(path.stat().st_mode & 0o444) and os.access(path, os.R_OK)


def _read_header(path: Path) -> tuple[bytes, int]:
    try:
        # O_NONBLOCK: should the name become a FIFO after the check above, the open does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise errors.NotAFile(path)
            header = f.read(HEADER_SIZE)
            size = st.st_size
    except PermissionError as exc:
        raise errors.NoPermission(path) from exc
    except IsADirectoryError as exc:
        raise errors.IsAFolder(path) from exc
    except FileNotFoundError as exc:
        raise errors.FileMissing(path) from exc
    return header, size


def _check_header(path: Path, header: bytes, size: int, leftovers: bool) -> int:
    """Validate the 100-byte SQLite header. Returns the schema version."""
    if size == 0:
        raise errors.EmptyFile(path)
    if not header.startswith(SQLITE_MAGIC):
        if header[:16].strip(b"\x00") == b"":
            raise errors.DamagedHeader(path)
        if SQLITE_MAGIC.startswith(header):
            raise errors.TruncatedFile(path)
        raise errors.NotSQLite(path)
    if len(header) < HEADER_SIZE:
        raise errors.TruncatedFile(path)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise errors.DamagedHeader(path, f"page size {page_size}")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise errors.ForeignDatabase(path)
    version = int.from_bytes(header[60:64], "big")
    if version > SCHEMA_VERSION:
        raise errors.NewerVersion(path, f"file version {version}, this app reads up to {SCHEMA_VERSION}")
    if not leftovers:
        # The in-header page count is valid when the two change counters agree.
        page_count = int.from_bytes(header[28:32], "big")
        counters_agree = header[24:28] == header[92:96]
        if size % page_size or (counters_agree and size < page_count * page_size):
            raise errors.TruncatedFile(path, f"{size:,} of {page_count * page_size:,} bytes")
    if version < 1:
        raise errors.CorruptFile(path, "no schema version")
    return version


@functools.cache
def _expected_columns() -> dict[str, frozenset[str]]:
    """The tables and columns of a file at SCHEMA_VERSION, from the migrations themselves."""
    conn = sqlite3.connect(":memory:")
    try:
        for step in STEPS:
            step(conn)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: frozenset(r[1] for r in conn.execute(f"PRAGMA table_info([{t}])")) for t in tables}
    finally:
        conn.close()


# (what it is, query that finds a value the app cannot read, allowed values)
_ENUM_CHECKS = (
    ("phase", "SELECT phase FROM session", {p.value for p in m.Phase}),
    ("decision", "SELECT decision FROM action WHERE decision IS NOT NULL", {d.value for d in m.Decision}),
    ("status", "SELECT status FROM action", {s.value for s in m.ActionStatus}),
)


def _check_contents(path: Path, conn: sqlite3.Connection, version: int) -> None:
    """Damage that SQLite's integrity check does not see, but that the app would trip over."""
    if version == SCHEMA_VERSION:
        expected = _expected_columns()
        for table, columns in expected.items():
            found = {r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))}
            if not columns <= found:
                missing = sorted(columns - found) or [table]
                raise errors.CorruptFile(path, f"table {table} lacks {missing[0]}")
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise errors.CorruptFile(path, "a record refers to one that is missing")
    if conn.execute("SELECT count(*) FROM session WHERE id = 1").fetchone()[0] != 1:
        raise errors.CorruptFile(path, "the session details are missing")
    for what, query, allowed in _ENUM_CHECKS:
        for (value,) in conn.execute(query):
            if value not in allowed:
                raise errors.CorruptFile(path, f"unknown {what} {value!r}"[:80])


def inspect(path: Path | str) -> FileFacts:
    """Check a file and raise a specific `SessionFileError` if it cannot be opened."""
    path = Path(path)
    if not path.exists():
        raise errors.FileMissing(path)
    if path.is_dir():
        raise errors.IsAFolder(path)
    if not path.is_file():  # a FIFO would block the first read for ever; a device is no session
        raise errors.NotAFile(path)
    if not is_readable(path):
        raise errors.NoPermission(path)
    leftovers = has_crash_leftovers(path)
    header, size = _read_header(path)
    version = _check_header(path, header, size, leftovers)
    writable = is_writable(path)
    if leftovers and writable:
        conn = sqlite3.connect(str(path), isolation_level=None)  # recovery runs here
    else:
        conn = sqlite3.connect(readonly_uri(path), uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        result = conn.execute("PRAGMA integrity_check").fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if result == [("ok",)] and app_id == APPLICATION_ID and 1 <= version <= SCHEMA_VERSION:
            check_schema(path, conn, version)
            _check_contents(path, conn, version)
    except UnicodeDecodeError as exc:
        # A damaged name in the schema: SQLite's own error message is not valid UTF-8.
        raise errors.CorruptFile(path, "damaged text in the file's structure") from exc
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "not a database" in text:
            raise errors.NotSQLite(path) from exc
        if leftovers and not writable:
            raise errors.NoPermission(
                path, "it needs crash recovery, but the file or its folder is read-only"
            ) from exc
        raise errors.CorruptFile(path, str(exc)) from exc
    finally:
        conn.close()
    if [row[0] for row in result] != ["ok"]:
        problems = [row[0] for row in result if not str(row[0]).startswith("***")]
        first = " ".join(str(problems[0] if problems else result[0][0]).split())
        raise errors.CorruptFile(path, first[:120])
    if app_id != APPLICATION_ID:
        raise errors.ForeignDatabase(path)
    if version > SCHEMA_VERSION:
        raise errors.NewerVersion(path)
    return FileFacts(path=path, schema_version=version, writable=writable, recovered=leftovers)
