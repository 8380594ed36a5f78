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


def foreign_trigger(demo: Path, target: Path) -> None:
    """A trigger that copies every dot into a hidden table (issue: anonymity against the file)."""
    _edit_copy(
        demo,
        target,
        "CREATE TABLE seen (ballot_id, idea_id, at)",
        "CREATE TRIGGER log_dot AFTER INSERT ON dot BEGIN "
        "INSERT INTO seen VALUES (new.ballot_id, new.idea_id, datetime('now')); END",
    )


def table_swapped_for_view(demo: Path, target: Path) -> None:
    """`voter` renamed away and a view of the same name in its place."""
    _edit_copy(
        demo,
        target,
        "PRAGMA legacy_alter_table=ON",
        "ALTER TABLE voter RENAME TO voter_old",
        "CREATE VIEW voter AS SELECT * FROM voter_old",
    )


def extra_table(demo: Path, target: Path) -> None:
    _edit_copy(demo, target, "CREATE TABLE notes (body TEXT)")


def extra_index(demo: Path, target: Path) -> None:
    _edit_copy(demo, target, "CREATE INDEX dot_idea ON dot(idea_id)")


def changed_table(demo: Path, target: Path) -> None:
    """Same name and columns, but a CHECK constraint of ours dropped (a table rebuilt by hand)."""
    _edit_copy(
        demo,
        target,
        "PRAGMA foreign_keys=OFF",
        "CREATE TABLE tally_new (id INTEGER PRIMARY KEY, idea_id INTEGER NOT NULL REFERENCES idea(id), "
        "count INTEGER NOT NULL, method TEXT NOT NULL DEFAULT 'paper')",
        "INSERT INTO tally_new SELECT * FROM tally",
        "DROP TABLE tally",
        "ALTER TABLE tally_new RENAME TO tally",
    )


def missing_index(demo: Path, target: Path) -> None:
    _edit_copy(demo, target, "DROP INDEX idea_theme")


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
    "renamed-column": (renamed_column, errors.ForeignSchema),
    "foreign-trigger": (foreign_trigger, errors.ForeignSchema),
    "table-swapped-for-view": (table_swapped_for_view, errors.ForeignSchema),
    "extra-table": (extra_table, errors.ForeignSchema),
    "extra-index": (extra_index, errors.ForeignSchema),
    "changed-table": (changed_table, errors.ForeignSchema),
    "missing-index": (missing_index, errors.ForeignSchema),
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
