"""Opening session files: our own, damaged ones, foreign ones, read-only ones."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from facilitator.ops import ideas as idea_ops
from facilitator.store import errors
from facilitator.store.inspect import inspect
from facilitator.store.schema import APPLICATION_ID, SCHEMA_VERSION
from facilitator.store.session_store import SessionStore
from tests.badfiles import BAD_FILES, fingerprint


def test_new_file_identifies_itself(session_path: Path) -> None:
    conn = sqlite3.connect(session_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    themes = [r[0] for r in conn.execute("SELECT name FROM theme ORDER BY position")]
    conn.close()
    assert themes == ["Communication", "Safety", "Support"]


def test_create_refuses_to_overwrite(session_path: Path) -> None:
    before = fingerprint(session_path)
    with pytest.raises(FileExistsError):
        SessionStore.create(session_path)
    assert fingerprint(session_path) == before


def test_create_leaves_no_temporary_files(tmp_path: Path) -> None:
    SessionStore.create(tmp_path / "a.roundtable").close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.roundtable"]


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_refused_and_unchanged(case: str, demo_path: Path, tmp_path: Path) -> None:
    make, expected = BAD_FILES[case]
    target = tmp_path / f"{case}.roundtable"
    make(demo_path, target)
    before = fingerprint(target)
    with pytest.raises(expected) as info:
        SessionStore.open(target)
    assert fingerprint(target) == before
    assert target.name in info.value.message
    # Each case has its own wording, and no side files were left behind.
    assert info.value.reason == expected.reason
    assert not any(p.name.endswith(("-journal", "-wal", "-shm")) for p in tmp_path.iterdir())


def test_each_bad_file_error_has_its_own_message() -> None:
    reasons = [cls.reason for _, cls in BAD_FILES.values()]
    assert len(set(reasons)) == len(set(cls for _, cls in BAD_FILES.values()))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(errors.FileMissing):
        SessionStore.open(tmp_path / "nope.roundtable")


def test_read_only_file_opens_read_only(demo_path: Path) -> None:
    demo_path.chmod(0o444)
    before = fingerprint(demo_path)
    store = SessionStore.open(demo_path)
    try:
        assert store.read_only
        assert len(store.load().ideas) == 31
        with pytest.raises(errors.ReadOnly):
            idea_ops.add_idea(store, "one more")
    finally:
        store.close()
    assert fingerprint(demo_path) == before


def _crash_with_hot_journal(path: Path, tmp_path: Path) -> None:
    """Leave `path` as a crash would: half-written pages and a hot journal beside it.

    A second process cannot be killed mid-commit reliably, so we copy the
    database and its journal while a write transaction holds them open.
    """
    work = tmp_path / "work.roundtable"
    shutil.copy(path, work)
    conn = sqlite3.connect(work, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA cache_size=1")  # spill changed pages to the main file before commit
    ids = [r[0] for r in conn.execute("SELECT id FROM idea ORDER BY id")]  # random since sealing
    conn.execute("BEGIN")
    for i in range(300):
        conn.execute("UPDATE idea SET text = ? WHERE id = ?", ("x" * 500 + str(i), ids[i % len(ids)]))
    journal = work.with_name(work.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0
    shutil.copy(work, path)
    shutil.copy(journal, path.with_name(path.name + "-journal"))
    conn.execute("ROLLBACK")
    conn.close()


def test_file_with_hot_journal_recovers(demo_path: Path, tmp_path: Path) -> None:
    original = [i.text for i in SessionStore.open(demo_path, read_only=True).load().ideas]
    _crash_with_hot_journal(demo_path, tmp_path)
    facts = inspect(demo_path)
    assert facts.recovered
    store = SessionStore.open(demo_path)
    try:
        assert [i.text for i in store.load().ideas] == original
    finally:
        store.close()
    assert not demo_path.with_name(demo_path.name + "-journal").exists()


def test_leftover_wal_is_recovered(demo_path: Path, tmp_path: Path) -> None:
    """A file someone opened in WAL mode and left with a -wal beside it still opens."""
    conn = sqlite3.connect(demo_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("UPDATE session SET title = 'changed in the WAL'")
    wal = demo_path.with_name(demo_path.name + "-wal")
    saved_wal = wal.read_bytes()
    main_bytes = demo_path.read_bytes()
    conn.close()  # this checkpoints; put the crash state back by hand
    demo_path.write_bytes(main_bytes)
    wal.write_bytes(saved_wal)
    store = SessionStore.open(demo_path)
    try:
        assert store.info().title == "changed in the WAL"
    finally:
        store.close()


def test_save_as_copies_and_switches(demo_path: Path, tmp_path: Path) -> None:
    store = SessionStore.open(demo_path)
    before = fingerprint(demo_path)
    target = tmp_path / "copy.roundtable"
    store.save_as(target)
    idea_ops.add_idea(store, "written to the copy")
    store.close()
    assert fingerprint(demo_path) == before
    copy = SessionStore.open(target)
    assert copy.load().ideas[-1].text == "written to the copy"
    copy.close()


def test_save_as_works_from_a_read_only_file(demo_path: Path, tmp_path: Path) -> None:
    demo_path.chmod(0o444)
    store = SessionStore.open(demo_path)
    target = tmp_path / "writable.roundtable"
    store.save_as(target)
    assert not store.read_only
    idea_ops.add_idea(store, "now it can be changed")
    store.close()
    assert inspect(target).writable


def test_opening_a_current_file_does_not_import_sqlite_utils(demo_path: Path) -> None:
    """sqlite-utils is needed to create or migrate a file, not to open one: start-up stays light."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from facilitator.store.session_store import SessionStore\n"
        f"s = SessionStore.open({str(demo_path)!r}); s.load(); s.close()\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
