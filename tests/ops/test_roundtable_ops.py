"""Round-table operations: each records, moves the turn, and undoes as one step."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core.errors import RuleError
from facilitator.core.model import Rules
from facilitator.ops import participants as people_ops
from facilitator.ops import roundtable as rt
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore


@pytest.fixture
def room(store: SessionStore) -> SessionStore:
    people_ops.add_participants(store, "Ann\nBo\nCy")
    return store


def ids(store: SessionStore) -> dict[str, int]:
    return {p.name: p.id for p in store.participants()}


def speaker(store: SessionStore) -> str:
    where = rt.position(store)
    return {p.id: p.name for p in store.participants()}[where.participant_id]


def test_record_writes_idea_and_turn_and_moves_to_the_next_seat(room: SessionStore) -> None:
    rt.record_idea(room, "Daily huddle", started_at="2026-01-01T10:00:00")
    state = room.load()
    assert [i.text for i in state.ideas] == ["Daily huddle"]
    assert state.ideas[0].author_id is None and state.ideas[0].turn_id is None  # anonymous by default
    assert state.ideas[0].round == 1
    (turn,) = state.turns
    assert (turn.participant_id, turn.round, turn.ideas, turn.passed) == (ids(room)["Ann"], 1, 1, False)
    assert turn.started_at == "2026-01-01T10:00:00" and turn.ended_at
    assert speaker(room) == "Bo"


def test_undo_of_record_restores_seat_turn_and_idea_exactly(room: SessionStore) -> None:
    before = room.snapshot()
    result = rt.record_idea(room, "Daily huddle")
    after = room.snapshot()
    room.undo(result.delta)
    assert room.snapshot() == before
    assert speaker(room) == "Ann"
    room.redo(result.delta)
    assert room.snapshot() == after


def test_named_session_keeps_author_and_turn(room: SessionStore) -> None:
    session_ops.update_rules(room, Rules(anonymous=False))
    idea_id = rt.record_idea(room, "Rota swaps").value
    idea = room.idea(idea_id)
    assert idea.author_id == ids(room)["Ann"] and idea.turn_id is not None


def test_multi_idea_turn_keeps_the_speaker_until_the_turn_ends(room: SessionStore) -> None:
    rt.record_idea(room, "one", keep_turn=True)
    assert rt.turn_in_progress(room)
    rt.record_idea(room, "two", keep_turn=True)
    assert speaker(room) == "Ann"
    rt.record_idea(room, "three")
    assert speaker(room) == "Bo" and not rt.turn_in_progress(room)
    (turn,) = room.load().turns
    assert turn.ideas == 3 and not turn.passed


def test_end_turn_after_several_ideas_and_refused_without_one(room: SessionStore) -> None:
    with pytest.raises(RuleError, match="No turn is in progress"):
        rt.end_turn(room)
    rt.record_idea(room, "one", keep_turn=True)
    rt.end_turn(room)
    assert speaker(room) == "Bo"
    assert room.load().turns[0].ended_at


def test_pass_after_ideas_ends_the_turn_without_a_pass(room: SessionStore) -> None:
    rt.record_idea(room, "one", keep_turn=True)
    assert rt.pass_turn(room).value is False
    turn = room.load().turns[0]
    assert not turn.passed and turn.ideas == 1


def test_rounds_advance_and_everyone_passing_is_detected(room: SessionStore) -> None:
    from facilitator.core import turns as rules

    for text in ("a", "b", "c"):
        rt.record_idea(room, text)
    assert rt.position(room).round == 2
    for _ in range(3):
        assert rt.pass_turn(room).value is True
    state = room.load()
    where = rt.position(room)
    assert where.round == 3 and speaker(room) == "Ann"
    assert rules.finished_all_pass_round(state.participants, state.turns, where) == 2


def test_absent_person_is_skipped_and_late_arrival_joins_this_round(room: SessionStore) -> None:
    people_ops.update_participant(room, ids(room)["Bo"], absent=True)
    rt.record_idea(room, "a")
    assert speaker(room) == "Cy"
    dee = rt.add_late_arrival(room, "  Dee  ").value
    assert room.load().participant(dee).joined_round == 1
    rt.pass_turn(room)
    assert speaker(room) == "Dee"
    rt.pass_turn(room)
    assert speaker(room) == "Ann" and rt.position(room).round == 2


def test_set_current_seat_moves_the_turn_and_closes_an_open_one(room: SessionStore) -> None:
    rt.record_idea(room, "a", keep_turn=True)
    rt.set_current_seat(room, ids(room)["Cy"])
    assert speaker(room) == "Cy" and not rt.turn_in_progress(room)
    people_ops.update_participant(room, ids(room)["Bo"], absent=True)
    with pytest.raises(RuleError, match="absent"):
        rt.set_current_seat(room, ids(room)["Bo"])
    with pytest.raises(RuleError, match="no longer"):
        rt.set_current_seat(room, 999)


def test_open_floor_idea_has_no_speaker_and_leaves_the_turn(room: SessionStore) -> None:
    idea_id = rt.open_floor_idea(room, "From a comment card").value
    idea = room.idea(idea_id)
    assert idea.author_id is None and idea.turn_id is None and idea.round is None
    assert room.load().turns == [] and speaker(room) == "Ann"


def test_refused_idea_changes_nothing(room: SessionStore) -> None:
    before = room.snapshot()
    with pytest.raises(RuleError, match="at most 10,000"):
        rt.record_idea(room, "x" * 10_001)
    with pytest.raises(RuleError, match="needs some text"):
        rt.record_idea(room, "   ")
    assert room.snapshot() == before


def test_nobody_to_speak_is_refused(store: SessionStore) -> None:
    with pytest.raises(RuleError, match="Nobody can take a turn"):
        rt.record_idea(store, "hello")
    with pytest.raises(RuleError, match="Nobody can take a turn"):
        rt.pass_turn(store)


def test_a_start_time_in_the_future_or_garbled_is_not_trusted(room: SessionStore) -> None:
    rt.pass_turn(room, started_at="2999-01-01T00:00:00")
    rt.pass_turn(room, started_at="yesterday")
    for turn in room.load().turns:
        assert turn.started_at == turn.ended_at


actions = st.lists(
    st.sampled_from(["idea", "keep", "pass", "end", "floor", "late", "absent"]), min_size=1, max_size=25
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions)
def test_undoing_any_sequence_restores_the_file_exactly(tmp_path_factory, actions: list[str]) -> None:
    store = SessionStore.create(tmp_path_factory.mktemp("rt") / "s.roundtable")
    try:
        people_ops.add_participants(store, "Ann\nBo\nCy")
        start = store.snapshot()
        done = []
        for n, action in enumerate(actions):
            try:
                if action == "idea":
                    result = rt.record_idea(store, f"idea {n}")
                elif action == "keep":
                    result = rt.record_idea(store, f"idea {n}", keep_turn=True)
                elif action == "pass":
                    result = rt.pass_turn(store)
                elif action == "end":
                    result = rt.end_turn(store)
                elif action == "floor":
                    result = rt.open_floor_idea(store, f"floor {n}")
                elif action == "late":
                    result = rt.add_late_arrival(store, f"Late {n}")
                else:
                    result = people_ops.update_participant(store, store.participants()[0].id, absent=n % 2)
            except RuleError:
                continue
            done.append(result)
            state = store.load()
            assert sum(1 for t in state.turns if not t.ended_at) <= 1
        for result in reversed(done):
            store.undo(result.delta)
        assert store.snapshot() == start
    finally:
        store.close()
