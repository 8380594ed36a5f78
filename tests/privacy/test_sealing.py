"""Sealing as a user meets it: a file from before sealing is sealed when opened, leaving no
unsealed copy anywhere in its folder; undo keeps working across sealing in the same run."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from facilitator.core.model import Phase
from facilitator.ops import roundtable as rt
from facilitator.ops import session as session_ops
from facilitator.store import schema
from facilitator.store.session_store import SessionStore
from tests.privacy.test_idea_attacks import attack_file

PEOPLE = 8


def _old_file(path: Path) -> tuple[dict[str, int], list[str]]:
    """A session written the way version 2 wrote it: per-turn rows, ideas in capture order
    with their round and capture time, voters with voting times. Returns the truth and the
    capture times."""
    rng = random.Random(7)
    from sqlite_utils import Database, Migrations

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id={schema.APPLICATION_ID}")
    old = Migrations("facilitator")
    for step in schema.STEPS[:2]:
        old()(step)
    old.apply(Database(conn))
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO session (id, title, date, created_at) VALUES (1, 'Old', '2026-11-20', '2026-11-20')"
    )
    for seat in range(PEOPLE):
        conn.execute("INSERT INTO participant (name, seat) VALUES (?, ?)", (f"Person {seat}", seat))
    truth: dict[str, int] = {}
    stamps: list[str] = []
    minute = 0
    for round_no in (1, 2):
        for seat in range(PEOPLE):
            pid = seat + 1
            given = rng.choice([0, 1, 2])
            start = f"2026-11-20T10:{minute:02}:07"
            end = f"2026-11-20T10:{minute + 1:02}:41"
            minute += 2
            turn = conn.execute(
                "INSERT INTO turn (participant_id, round, started_at, ended_at, passed, ideas) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (pid, round_no, start, end, int(given == 0), given),
            ).lastrowid
            del turn  # anonymous: the idea names no turn, the turn only counts
            for _ in range(given):
                # The words say nothing about when they were said (a counter in them would).
                text = f"Idea {rng.getrandbits(40):010x} about the {rng.choice(['rota', 'lift', 'canteen'])}"
                conn.execute(
                    "INSERT INTO idea (text, round, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    (text, round_no, len(truth), end, end),
                )
                truth[text] = pid
                stamps.append(end)
    conn.execute(
        "INSERT INTO idea_edit (idea_id, old_text, new_text, at) VALUES (1, 'the first wording', ?, ?)",
        (next(iter(truth)), stamps[0]),
    )
    for pid in range(1, PEOPLE + 1):
        conn.execute(
            "INSERT INTO voter (participant_id, voted_at) VALUES (?, ?)", (pid, f"2026-11-20T11:0{pid}:00")
        )
    conn.execute("COMMIT")
    conn.execute("PRAGMA user_version=2")
    conn.close()
    return truth, stamps


def test_opening_an_old_file_seals_it_and_leaves_no_unsealed_copy(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / "old.roundtable"
    truth, stamps = _old_file(path)
    before = attack_file(path, truth)
    assert all(found == len(truth) for found, _ in before.values()), before  # the attack works on it

    SessionStore.open(path).close()

    assert [p.name for p in folder.iterdir()] == ["old.roundtable"]  # no journal, backup or temp file
    after = attack_file(path, truth)
    print("migration: before", before, "after", after)
    for name, (found, limit) in after.items():
        assert found <= limit, (name, found, limit)
    data = path.read_bytes()
    for stamp in set(stamps):
        assert stamp[11:].encode() not in data, stamp  # no capture or turn time, free pages included
    assert b"T11:0" not in data  # no voting time
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM turn").fetchone()[0] == 0
        totals = dict(conn.execute("SELECT participant_id, ideas FROM airtime"))
        assert sum(totals.values()) == len(truth)
        assert {r[0] for r in conn.execute("SELECT created_at FROM idea")} == {"2026-11-20"}
        texts = {r[0] for r in conn.execute("SELECT text FROM idea")}
        assert texts == set(truth)
        assert conn.execute("SELECT count(*) FROM idea_edit").fetchone()[0] == 1  # wordings stay
    finally:
        conn.close()


def test_undo_follows_the_ideas_across_sealing(qtbot, session_path: Path) -> None:
    """Leaving the round table re-keys the ideas; the undo history follows the new ids, so
    undo and redo work as before, in this run."""
    from facilitator.ops import participants as people_ops
    from facilitator.ui.session.session_model import SessionModel

    store = SessionStore.open(session_path)
    people_ops.add_participants(store, "Ann\nBo\nCy")
    model = SessionModel(store)
    failures: list[str] = []
    model.write_failed.connect(failures.append)
    model.run_untracked(session_ops.set_phase, Phase.ROUND_TABLE)
    texts = [f"Idea {n}" for n in range(5)]
    for text in texts:
        model.run("Record an idea", rt.record_idea, text)
    old_ids = {i.id for i in store.ideas()}
    model.run_untracked(session_ops.set_phase, Phase.GROUP)
    assert not ({i.id for i in store.ideas()} & old_ids)  # sealed: every id is new
    assert model.undo()
    assert sorted(i.text for i in store.ideas()) == texts[:4]
    assert model.redo()
    assert sorted(i.text for i in store.ideas()) == texts
    while model.undo_stack.canUndo():
        assert model.undo()
    assert store.ideas() == []
    while model.undo_stack.canRedo():
        assert model.redo()
    assert sorted(i.text for i in store.ideas()) == texts
    assert failures == []
    model.close()


def test_sealing_keeps_when_the_session_ran(session_path: Path, monkeypatch) -> None:
    """The turns' times leave the file, but the session's own start and end (as Setup would
    hold them) stay, so the minutes still say when the session ran."""
    from facilitator.export.minutes_pdf import session_times
    from facilitator.ops import participants as people_ops

    clock = iter(f"2026-11-20T14:{m:02}:00" for m in range(10, 60, 7))
    monkeypatch.setattr(rt, "now", lambda: next(clock))
    store = SessionStore.open(session_path)
    people_ops.add_participants(store, "Ann\nBo\nCy")
    session_ops.set_phase(store, Phase.ROUND_TABLE)
    for n, start in enumerate(("2026-11-20T14:02:00", "2026-11-20T14:11:00", "2026-11-20T14:18:00")):
        rt.record_idea(store, f"Idea {n}", started_at=start)
    session_ops.set_phase(store, Phase.GROUP)  # seals
    state = store.load()
    store.close()
    assert state.turns == [] and (state.info.started_at, state.info.ended_at) == ("14:02", "14:24")
    assert session_times(state) == "14:02 to 14:24"


def test_save_as_during_the_round_table_leaves_the_old_file_sealed(
    session_path: Path, tmp_path: Path
) -> None:
    """Save as moves the work to a copy; the file left behind is closed, so it is sealed like
    any closed file, while the copy keeps the round table running."""
    from facilitator.ops import participants as people_ops

    store = SessionStore.open(session_path)
    people_ops.add_participants(store, "Ann\nBo\nCy")
    session_ops.set_phase(store, Phase.ROUND_TABLE)
    for n in range(4):
        rt.record_idea(store, f"Idea {n}")
    copy = tmp_path / "copy.roundtable"
    store.save_as(copy)
    assert store.path == copy and len(store.turns_since()) == 4  # still running in the copy
    conn = sqlite3.connect(session_path)
    try:
        assert conn.execute("SELECT count(*) FROM turn").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM idea WHERE length(created_at) > 10").fetchone()[0] == 0
        assert conn.execute("SELECT sum(ideas) FROM airtime").fetchone()[0] == 4
    finally:
        conn.close()
    store.close()
