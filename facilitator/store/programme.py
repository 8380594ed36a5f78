"""Reading several session files for a programme roll-up, strictly read-only.

Each file is opened through a read-only SQLite connection and never written:
a file from an older version is migrated in a copy in memory, and a file a crash
left with a journal beside it is listed (it needs the app to recover it) rather
than recovered here. A file that cannot be read is listed with its one-line
reason, and the others are still reported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from facilitator import FILE_SUFFIX
from facilitator.core import model as m
from facilitator.core.programme import Programme, SessionFile, Unreadable, roll_up
from facilitator.store import errors
from facilitator.store.inspect import has_crash_leftovers, inspect, readonly_uri
from facilitator.store.schema import SCHEMA_VERSION
from facilitator.store.session_store import SessionStore, _connect


class NeedsRecovery(errors.SessionFileError):
    reason = (
        "the file was not closed properly and needs recovering. Open it in Facilitator once, "
        "then add it to the programme again."
    )


def session_paths(items: Iterable[Path | str]) -> list[Path]:
    """The files given, with each folder replaced by the session files inside it (and below)."""
    paths: list[Path] = []
    for item in items:
        item = Path(item)
        if item.is_dir():
            paths.extend(sorted(p for p in item.rglob(f"*{FILE_SUFFIX}") if not p.name.startswith(".")))
        else:
            paths.append(item)
    seen: set[Path] = set()
    unique = []
    for p in paths:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def read_session(path: Path | str) -> m.SessionState:
    """One session, read without writing a byte to its file (or beside it)."""
    path = Path(path)
    if path.exists() and path.is_file() and has_crash_leftovers(path):
        raise NeedsRecovery(path)
    facts = inspect(path)
    conn = _connect(readonly_uri(path), uri=True)
    if facts.schema_version < SCHEMA_VERSION:
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            conn.backup(memory)
        finally:
            conn.close()
        conn = memory
        store = SessionStore(path, conn, read_only=False)
        store.migrate()
    else:
        store = SessionStore(path, conn, read_only=True)
    try:
        state = store.load()
    finally:
        store.close()
    state.derived = {}  # a roll-up only reads it: each figure is worked out once
    return state


def read_programme(items: Iterable[Path | str]) -> tuple[list[SessionFile], list[Unreadable]]:
    """Every readable session among `items` (files or folders), and the unreadable ones with why."""
    files: list[SessionFile] = []
    unreadable: list[Unreadable] = []
    for path in session_paths(items):
        try:
            files.append(SessionFile(path.name, read_session(path)))
        except errors.SessionFileError as exc:
            unreadable.append(Unreadable(path.name, exc.reason + (f" ({exc.detail})" if exc.detail else "")))
        except (OSError, sqlite3.Error) as exc:
            unreadable.append(
                Unreadable(path.name, f"cannot be read: {getattr(exc, 'strerror', None) or exc}")
            )
    return files, unreadable


def programme_from_paths(
    items: Iterable[Path | str],
    today: str = "",
    periods: tuple[str, str] | None = None,
    named: bool = False,
) -> Programme:
    """The whole roll-up from a list of files and folders: the one entry point for the
    view, the report and the benchmark."""
    files, unreadable = read_programme(items)
    return roll_up(files, unreadable, today=today, periods=periods, named=named)
