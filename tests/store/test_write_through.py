"""Every change is in the file the moment the operation returns, and undo is exact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core.errors import RuleError
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import session as session_ops
from facilitator.store import errors
from facilitator.store.session_store import SessionStore


def _other_connection_texts(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT text FROM idea ORDER BY id")]
    finally:
        conn.close()


def test_idea_is_on_disk_when_add_returns(store: SessionStore) -> None:
    idea_ops.add_idea(store, "Short breaks between meetings")
    assert _other_connection_texts(store.path) == ["Short breaks between meetings"]
    assert not store.path.with_name(store.path.name + "-journal").exists()


def test_anonymous_session_never_stores_the_author(store: SessionStore) -> None:
    ids = people_ops.add_participants(store, "Ann\nBo").value
    with store.transaction():
        turn = store.insert("turn", {"participant_id": ids[0], "round": 1, "started_at": "t"})
    idea_ops.add_idea(store, "Named?", author_id=ids[0], turn_id=turn)
    state = store.load()
    assert state.ideas[0].author_id is None
    assert state.ideas[0].turn_id is None  # the turn names its speaker
    assert state.turns[0].ideas == 1
    raw = sqlite3.connect(store.path).execute("SELECT author_id, turn_id FROM idea").fetchall()
    assert raw == [(None, None)]


def test_rule_error_saves_nothing(store: SessionStore) -> None:
    before = store.snapshot()
    with pytest.raises(RuleError):
        idea_ops.add_idea(store, "   \n\t ")
    with pytest.raises(RuleError, match="10,000"):
        idea_ops.add_idea(store, "x" * 10_001)
    assert store.snapshot() == before


def test_ten_thousand_characters_and_markup_round_trip(store: SessionStore) -> None:
    long_text = ("Staff feedback " * 700)[:9_990] + " <b>&amp;"
    idea_ops.add_idea(store, long_text)
    idea_ops.add_idea(store, "<b>bold & 🙂</b> Łódź Ελληνικά Кириллица שלום")
    store.close()
    reopened = SessionStore.open(store.path)
    texts = sorted(i.text for i in reopened.load().ideas)
    reopened.close()
    assert texts == sorted([long_text.strip(), "<b>bold & 🙂</b> Łódź Ελληνικά Кириллица שלום"])


def test_disk_full_refuses_the_edit_and_keeps_the_rest(store: SessionStore) -> None:
    idea_ops.add_idea(store, "recorded before the disk filled")
    pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.db.conn.execute(f"PRAGMA max_page_count={pages}")
    before = store.snapshot()
    with pytest.raises(errors.DiskFull) as info:
        idea_ops.add_idea(store, "y" * 9_000)
    assert "disk is full" in info.value.message
    assert store.snapshot() == before
    assert _other_connection_texts(store.path) == ["recorded before the disk filled"]


def test_file_becoming_unwritable_is_reported(store: SessionStore) -> None:
    idea_ops.add_idea(store, "kept")
    # As root chmod cannot stop writes, so SQLite's own switch stands in for it.
    store.db.conn.execute("PRAGMA query_only=ON")
    with pytest.raises(errors.ReadOnly):
        idea_ops.add_idea(store, "refused")
    assert _other_connection_texts(store.path) == ["kept"]


def test_undo_and_redo_replay_exactly(store: SessionStore) -> None:
    start = store.snapshot()
    a = idea_ops.add_idea(store, "first")
    b = idea_ops.add_idea(store, "second")
    edit = idea_ops.edit_idea(store, a.value, "first, reworded")
    merge = idea_ops.merge_ideas(store, a.value, [b.value])
    end = store.snapshot()
    for result in reversed([a, b, edit, merge]):
        store.undo(result.delta)
    assert store.snapshot() == start
    for result in [a, b, edit, merge]:
        store.redo(result.delta)
    assert store.snapshot() == end


@settings(max_examples=40, deadline=None)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("add"), st.text(min_size=1, max_size=40)),
            st.tuples(st.just("edit"), st.text(min_size=1, max_size=40)),
            st.tuples(st.just("withdraw"), st.text(min_size=1, max_size=20)),
            st.tuples(st.just("merge"), st.none()),
            st.tuples(st.just("title"), st.text(min_size=1, max_size=20)),
        ),
        max_size=12,
    )
)
def test_any_sequence_undoes_to_the_start(tmp_path_factory, steps) -> None:
    path = tmp_path_factory.mktemp("undo") / "s.roundtable"
    store = SessionStore.create(path)
    try:
        start = store.snapshot()
        done = []
        for kind, arg in steps:
            ids = [i.id for i in store.load().ideas if i.is_active]
            try:
                if kind == "add":
                    done.append(idea_ops.add_idea(store, arg))
                elif kind == "edit" and ids:
                    done.append(idea_ops.edit_idea(store, ids[0], arg))
                elif kind == "withdraw" and ids:
                    done.append(idea_ops.withdraw_idea(store, ids[-1], arg))
                elif kind == "merge" and len(ids) >= 2:
                    done.append(idea_ops.merge_ideas(store, ids[0], ids[1:]))
                elif kind == "title":
                    done.append(session_ops.update_info(store, title=arg))
            except RuleError:
                continue
        for result in reversed(done):
            store.undo(result.delta)
        assert store.snapshot() == start
    finally:
        store.close()


def test_undo_puts_back_only_what_the_step_changed(store: SessionStore) -> None:
    """A later write that is not an undo step (sealing fills in the session's start and end)
    survives undoing an earlier step on the same row."""
    step = session_ops.update_info(store, title="Ward 7 debrief")
    store.db.conn.execute("UPDATE session SET started_at = '14:02', ended_at = '15:40' WHERE id = 1")
    store.undo(step.delta)
    info = store.info()
    assert info.title != "Ward 7 debrief"
    assert (info.started_at, info.ended_at) == ("14:02", "15:40")
    store.redo(step.delta)
    assert store.info().title == "Ward 7 debrief" and store.info().started_at == "14:02"
