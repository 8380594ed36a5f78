"""Only our schema opens: anything in sqlite_master that our migrations did not create is refused.

The bad-file corpus (tests/badfiles.py) sends a trigger, a view in place of a
table, an extra table and index, a rebuilt table and a dropped index through a
real `facilitator check` process and the window. These tests cover the rest:
the refused file is byte-for-byte unchanged and its trigger never ran, a
legitimate file survives a table rebuilt into place, and the expected schema
comes from our own migrations.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.store import errors
from facilitator.store.foreign import MIGRATIONS_TABLE, expected_schema, normalise
from facilitator.store.schema import SCHEMA_VERSION
from facilitator.store.session_store import SessionStore
from tests.badfiles import fingerprint, foreign_trigger, table_swapped_for_view


def _check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", "check", str(path)], capture_output=True, text=True, timeout=60
    )


def test_a_trigger_file_is_refused_unchanged_and_its_trigger_never_runs(demo_path: Path, tmp_path: Path):
    target = tmp_path / "trap.roundtable"
    foreign_trigger(demo_path, target)
    before = fingerprint(target)
    done = _check(target)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "a trigger log_dot that Facilitator did not create" in done.stderr
    with pytest.raises(errors.ForeignSchema):
        SessionStore.open(target)
    assert fingerprint(target) == before
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM seen").fetchone()[0] == 0
    conn.close()


def test_a_view_in_place_of_a_table_is_named_as_such(demo_path: Path, tmp_path: Path):
    target = tmp_path / "swap.roundtable"
    table_swapped_for_view(demo_path, target)
    with pytest.raises(errors.ForeignSchema, match="a view voter stands in place of our table"):
        SessionStore.open(target)


def test_a_hostile_name_inside_the_file_is_printed_escaped(demo_path: Path, tmp_path: Path):
    target = tmp_path / "names.roundtable"
    target.write_bytes(demo_path.read_bytes())
    conn = sqlite3.connect(target)
    conn.execute('CREATE TABLE "x\n\u202eevil" (a)')
    conn.close()
    done = _check(target)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "\u202e" not in done.stderr
    assert "'x\\n\\u202eevil'" in done.stderr


def test_a_table_rebuilt_into_place_with_our_definition_still_opens(demo_path: Path):
    """SQLite writes the new name quoted after a rename; layout and quoting do not count."""
    conn = sqlite3.connect(demo_path, isolation_level=None)
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'tally'").fetchone()
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(sql.replace("CREATE TABLE tally", "CREATE TABLE tally_new").replace("\n", "\n  -- x\n"))
    conn.execute("INSERT INTO tally_new SELECT * FROM tally")
    conn.execute("DROP TABLE tally")
    conn.execute("ALTER TABLE tally_new RENAME TO tally")
    conn.execute("VACUUM")
    (stored,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'tally'").fetchone()
    conn.close()
    assert stored.startswith('CREATE TABLE "tally"')
    assert _check(demo_path).returncode == 0
    SessionStore.open(demo_path).close()


def test_the_expected_schema_is_what_a_new_file_holds(tmp_path: Path):
    store = SessionStore.create(tmp_path / "new.roundtable")
    store.close()
    conn = sqlite3.connect(tmp_path / "new.roundtable")
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    conn.close()
    found = {(k, n.lower(), t.lower()): normalise(s) for k, n, t, s in rows}
    assert found == expected_schema(SCHEMA_VERSION)
    for kind, name, table, sql in MIGRATIONS_TABLE:
        assert found[(kind, name, table)] == normalise(sql)


def test_normalising_keeps_literals_and_drops_only_layout():
    assert normalise("CREATE TABLE a (b TEXT DEFAULT 'x  y') -- note") == normalise(
        "create   table \"a\"\n(\n  [b] text default 'x  y'\n)"
    )
    assert normalise("CREATE TABLE a (b TEXT DEFAULT 'x y')") != normalise(
        "CREATE TABLE a (b TEXT DEFAULT 'x  y')"
    )
    # A comment cannot swallow a difference: the tokens after it still count.
    assert normalise("CREATE TABLE a (b INT, -- c\n c INT)") != normalise("CREATE TABLE a (b INT)")


def test_connections_do_not_trust_the_schema(demo_path: Path):
    store = SessionStore.open(demo_path)
    try:
        assert store.db.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    finally:
        store.close()
