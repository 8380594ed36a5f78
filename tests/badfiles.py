"""A corpus of files the app must refuse, each with the error it must raise.

Shared by the store, CLI, GUI and reliability tests.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from facilitator.store import errors
from facilitator.store.schema import SCHEMA_VERSION


def _copy_demo(demo: Path, target: Path) -> bytes:
    data = demo.read_bytes()
    target.write_bytes(data)
    return data


def truncated(fraction: float) -> Callable[[Path, Path], None]:
    def make(demo: Path, target: Path) -> None:
        data = demo.read_bytes()
        target.write_bytes(data[: int(len(data) * fraction)])

    return make


def truncated_at(size: int) -> Callable[[Path, Path], None]:
    def make(demo: Path, target: Path) -> None:
        target.write_bytes(demo.read_bytes()[:size])

    return make


def random_bytes(demo: Path, target: Path) -> None:
    target.write_bytes(os.urandom(8192))


def text_file(demo: Path, target: Path) -> None:
    target.write_text("title,question\nnot,a session\n", encoding="utf-8")


def zeroed_header(demo: Path, target: Path) -> None:
    data = bytearray(demo.read_bytes())
    data[:100] = bytes(100)
    target.write_bytes(bytes(data))


def foreign_sqlite(demo: Path, target: Path) -> None:
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ann', '0123')")
    conn.commit()
    conn.close()


def newer_version(demo: Path, target: Path) -> None:
    _copy_demo(demo, target)
    conn = sqlite3.connect(target)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()


def empty_file(demo: Path, target: Path) -> None:
    target.write_bytes(b"")


def directory(demo: Path, target: Path) -> None:
    target.mkdir()


def no_read_permission(demo: Path, target: Path) -> None:
    _copy_demo(demo, target)
    target.chmod(0)


def corrupt_page(demo: Path, target: Path) -> None:
    """Scribble over a page in the middle; the header stays intact."""
    data = bytearray(demo.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    start = page_size * 3
    data[start + 8 : start + page_size] = bytes([0xA5]) * (page_size - 8)
    target.write_bytes(bytes(data))


def _edit_copy(demo: Path, target: Path, *statements: str) -> None:
    """A copy of the demo changed by raw SQL that the app itself would never run."""
    _copy_demo(demo, target)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def renamed_column(demo: Path, target: Path) -> None:
    """Sound SQLite, but a column the app reads has another name."""
    _edit_copy(demo, target, "ALTER TABLE idea RENAME COLUMN withdrawn_reason TO why")


def dangling_reference(demo: Path, target: Path) -> None:
    """A dot on a ballot that is not there: SQLite's integrity check does not look at links."""
    _edit_copy(
        demo,
        target,
        "PRAGMA foreign_keys=OFF",
        "INSERT INTO dot (id, ballot_id, idea_id, count) VALUES (7, 123456789, 1, 1)",
    )


def unknown_phase(demo: Path, target: Path) -> None:
    _edit_copy(demo, target, "UPDATE session SET phase = 'brainstorm'")


def missing_session_row(demo: Path, target: Path) -> None:
    _edit_copy(demo, target, "DELETE FROM session")


def damaged_schema_text(demo: Path, target: Path) -> None:
    """One byte of a table's CREATE statement is no longer UTF-8 (SQLite's error message then isn't)."""
    data = bytearray(demo.read_bytes())
    at = data.index(b"CREATE TABLE dot (")
    data[at + 9] = 0xC2  # "CREATE TA\xc2LE dot"
    target.write_bytes(bytes(data))


BAD_FILES: dict[str, tuple[Callable[[Path, Path], None], type[errors.SessionFileError]]] = {
    "truncated-10pc": (truncated(0.1), errors.TruncatedFile),
    "truncated-50pc": (truncated(0.5), errors.TruncatedFile),
    "truncated-99pc": (truncated(0.99), errors.TruncatedFile),
    "truncated-50-bytes": (truncated_at(50), errors.TruncatedFile),
    "truncated-one-page": (truncated_at(4096), errors.TruncatedFile),
    "random-bytes": (random_bytes, errors.NotSQLite),
    "text-file": (text_file, errors.NotSQLite),
    "zeroed-header": (zeroed_header, errors.DamagedHeader),
    "foreign-sqlite": (foreign_sqlite, errors.ForeignDatabase),
    "newer-version": (newer_version, errors.NewerVersion),
    "empty-file": (empty_file, errors.EmptyFile),
    "directory": (directory, errors.IsAFolder),
    "no-read-permission": (no_read_permission, errors.NoPermission),
    "corrupt-page": (corrupt_page, errors.CorruptFile),
    "renamed-column": (renamed_column, errors.CorruptFile),
    "dangling-reference": (dangling_reference, errors.CorruptFile),
    "unknown-phase": (unknown_phase, errors.CorruptFile),
    "missing-session-row": (missing_session_row, errors.CorruptFile),
    "damaged-schema-text": (damaged_schema_text, errors.CorruptFile),
}


def fingerprint(path: Path) -> str:
    """A hash of a file's bytes (or a folder's listing) to prove it was not changed."""
    import hashlib

    if path.is_dir():
        return "dir:" + ",".join(sorted(p.name for p in path.iterdir()))
    mode = path.stat().st_mode
    try:
        path.chmod(mode | 0o400)
        return hashlib.sha256(path.read_bytes()).hexdigest() + f":{mode:o}"
    finally:
        path.chmod(mode)
