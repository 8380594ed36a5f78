"""Migrations run in order, in a transaction, from the oldest schema we shipped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from facilitator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, m001_initial
from facilitator.store.session_store import SessionStore


def _build_version_1(path: Path) -> None:
    """The oldest file format, built as version 1 of the app wrote it."""
    conn = sqlite3.connect(path, isolation_level=None)
    db = Database(conn, execute_plugins=False)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    MIGRATIONS.ensure_migrations_table(db)
    with db.atomic():
        m001_initial(db)
        db["_sqlite_migrations"].insert(
            {"migration_set": "facilitator", "name": "m001_initial", "applied_at": "2026-01-01"}
        )
    conn.execute("PRAGMA user_version=1")
    conn.execute("INSERT INTO session (id, title) VALUES (1, 'Old session')")
    conn.execute("INSERT INTO theme (name, colour, position) VALUES ('Safety', '#E45756', 0)")
    conn.execute(
        "INSERT INTO idea (text, theme_id, created_at, updated_at) "
        "VALUES ('Fix the hoist', 1, 'then', 'then')"
    )
    conn.close()


def test_version_1_file_is_migrated_forward(tmp_path: Path) -> None:
    path = tmp_path / "old.roundtable"
    _build_version_1(path)
    store = SessionStore.open(path)
    try:
        assert store.schema_version == SCHEMA_VERSION
        state = store.load()
        assert state.info.title == "Old session"
        assert state.info.next_checkin == ""
        assert [i.text for i in state.ideas] == ["Fix the hoist"]
        assert state.edits == []
        assert state.review == [] and store.predecessor() is None
        assert state.info.predecessor_title == ""
    finally:
        store.close()


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.roundtable"
    _build_version_1(path)
    migration = MIGRATIONS._migrations[1]
    original = migration.fn

    def broken(db: Database) -> None:
        original(db)
        raise RuntimeError("power cut")

    monkeypatch.setattr(migration, "fn", broken)
    with pytest.raises(RuntimeError, match="power cut"):
        SessionStore.open(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    assert "idea_edit" not in tables
    assert version == 1


def test_schema_version_counts_migrations() -> None:
    assert SCHEMA_VERSION == 8
