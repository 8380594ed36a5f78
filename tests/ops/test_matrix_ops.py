"""Matrix operations against a real session file: placements, pins, candidates, ratings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core import matrix
from facilitator.core.errors import RuleError
from facilitator.core.model import Quadrant
from facilitator.ops import ideas as idea_ops
from facilitator.ops import matrix as ops
from facilitator.store.session_store import SessionStore


@pytest.fixture
def cards(store: SessionStore) -> list[int]:
    """Three ideas, all added to the matrix by hand."""
    ids = [idea_ops.add_idea(store, f"Idea {n}").value for n in range(3)]
    for idea_id in ids:
        ops.set_candidate(store, idea_id, True)
    return ids


def _placement(store: SessionStore, idea_id: int) -> tuple | None:
    return store.db.conn.execute(
        "SELECT feasibility, impact, pinned FROM placement WHERE idea_id = ?", (idea_id,)
    ).fetchone()


def _where(store: SessionStore, idea_id: int) -> matrix.Position:
    return matrix.positions(store.load())[idea_id]


def test_place_snaps_to_the_grid_and_is_written_through(
    store: SessionStore, session_path: Path, cards
) -> None:
    result = ops.place(store, cards[0], 4.4, 2.6)
    assert result.value == (4, 3)
    assert _placement(store, cards[0]) == (4, 3, 0)
    text = store.idea(cards[0]).text
    store.close()  # closing seals the anonymous session: ideas get new ids
    reopened = SessionStore.open(session_path)
    try:
        card = next(i.id for i in reopened.ideas() if i.text == text)
        assert matrix.positions(reopened.load())[card].quadrant is Quadrant.QUICK_WIN
    finally:
        reopened.close()


def test_placing_at_the_same_point_changes_nothing(store: SessionStore, cards) -> None:
    ops.place(store, cards[0], 2, 2)
    assert not ops.place(store, cards[0], 2.2, 1.8).delta


def test_a_drag_on_a_rated_card_pins_it_and_keeps_the_ratings(store: SessionStore, cards) -> None:
    ops.rate(store, cards[0], "a", 1, 1)
    ops.rate(store, cards[0], "b", 2, 2)
    ops.place(store, cards[0], 5, 5)
    assert _placement(store, cards[0]) == (5, 5, 1)
    where = _where(store, cards[0])
    assert (where.feasibility, where.impact, where.source) == (5, 5, "consensus")
    assert where.rated_at == (1.5, 1.5)
    ops.unpin(store, cards[0])
    where = _where(store, cards[0])
    assert where.source == "ratings" and where.consensus_at == (5, 5)
    assert _placement(store, cards[0]) == (5, 5, 0)


def test_ratings_take_over_an_unpinned_consensus_position(store: SessionStore, cards) -> None:
    ops.place(store, cards[1], 5, 5)
    assert _placement(store, cards[1])[2] == 0
    ops.rate(store, cards[1], "a", 1, 2)
    assert _where(store, cards[1]).quadrant is Quadrant.NOT_NOW


def test_pin_keeps_a_rated_card_at_its_median(store: SessionStore, cards) -> None:
    ops.rate(store, cards[0], "a", 3, 4)
    ops.rate(store, cards[0], "b", 4, 4)
    ops.pin(store, cards[0])
    assert _placement(store, cards[0]) == (3.5, 4, 1)
    ops.rate(store, cards[0], "c", 1, 1)
    assert (_where(store, cards[0]).feasibility, _where(store, cards[0]).impact) == (3.5, 4)


def test_pin_needs_a_position(store: SessionStore, cards) -> None:
    with pytest.raises(RuleError, match="Place the card or rate it"):
        ops.pin(store, cards[2])


def test_move_steps_one_grid_point_and_stops_at_the_edge(store: SessionStore, cards) -> None:
    assert ops.move(store, cards[0], 1, 0).value == (4, 3)  # unplaced: from the centre
    assert ops.move(store, cards[0], 1, 0).value == (5, 3)
    edge = ops.move(store, cards[0], 1, 0)
    assert edge.value == (5, 3) and not edge.delta  # nothing to undo
    assert ops.move(store, cards[0], 0, -1).value == (5, 2)
    assert _placement(store, cards[0]) == (5, 2, 0)


def test_move_from_a_median_goes_to_the_neighbouring_point_and_pins(store: SessionStore, cards) -> None:
    ops.rate(store, cards[0], "a", 3, 2)
    ops.rate(store, cards[0], "b", 4, 3)
    assert ops.move(store, cards[0], -1, 0).value == (3, 2.5)
    assert _placement(store, cards[0]) == (3, 2.5, 1)


def test_a_merged_or_withdrawn_idea_cannot_be_placed(store: SessionStore, cards) -> None:
    idea_ops.merge_ideas(store, cards[0], [cards[1]])
    with pytest.raises(RuleError, match="merged"):
        ops.place(store, cards[1], 3, 3)
    idea_ops.withdraw_idea(store, cards[2], "Not for this group")
    with pytest.raises(RuleError, match="withdrawn"):
        ops.rate(store, cards[2], "a", 3, 3)


def test_candidates_can_be_added_removed_and_reset(store: SessionStore, cards) -> None:
    ops.set_candidate(store, cards[1], False)
    assert matrix.candidates(store.load()) == [cards[0], cards[2]]
    ops.reset_candidates(store)
    assert matrix.candidates(store.load()) == []  # nothing voted, nothing added
    assert all(i.candidate is None for i in store.ideas())


def test_rate_replaces_the_same_raters_rating(store: SessionStore, cards) -> None:
    ops.rate(store, cards[0], "a", 1, 1)
    ops.rate(store, cards[0], "a", 4, 5)
    ops.rate(store, cards[0], "b", 2, 2)
    rows = store.db.conn.execute(
        "SELECT rater_key, feasibility, impact FROM rating ORDER BY rater_key"
    ).fetchall()
    assert rows == [("a", 4, 5), ("b", 2, 2)]
    assert sorted(ops.rater_keys(store)) == ["a", "b"]  # ids are random: no order of rating


def test_rate_all_is_one_step_and_refuses_whole(store: SessionStore, cards) -> None:
    before = store.snapshot()
    with pytest.raises(RuleError, match="Impact is rated with a whole number"):
        ops.rate_all(store, "k", {cards[0]: (3, 3), cards[1]: (3, 9)})
    assert store.snapshot() == before
    result = ops.rate_all(store, "k", {cards[0]: (3, 3), cards[1]: (2, 4)})
    assert result.value == 2
    store.undo(result.delta)
    assert store.snapshot() == before


def test_rate_all_needs_at_least_one_card(store: SessionStore) -> None:
    with pytest.raises(RuleError, match="at least one card"):
        ops.rate_all(store, "k", {})


def test_clear_rating_and_clear_rater(store: SessionStore, cards) -> None:
    ops.rate_all(store, "a", {cards[0]: (1, 1), cards[1]: (2, 2)})
    ops.rate_all(store, "b", {cards[0]: (5, 5)})
    ops.clear_rating(store, cards[0], "a")
    assert _where(store, cards[0]).raters == 1
    assert not ops.clear_rating(store, cards[0], "a").delta
    assert ops.clear_rater(store, "a").value == 1
    assert ops.rater_keys(store) == ["b"]


def test_rater_keys_are_random_and_name_nobody(store: SessionStore) -> None:
    keys = {ops.new_rater_key() for _ in range(50)}
    assert len(keys) == 50
    assert all(len(k) == 16 and int(k, 16) >= 0 for k in keys)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["place", "move", "pin", "unpin", "rate", "clear"]),
            st.integers(0, 2),
            st.integers(-1, 6),
            st.integers(-1, 6),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_change_undoes_exactly(tmp_path_factory, steps) -> None:
    path = tmp_path_factory.mktemp("undo") / "s.roundtable"
    store = SessionStore.create(path)
    try:
        ids = [idea_ops.add_idea(store, f"Idea {n}").value for n in range(3)]
        for idea_id in ids:
            ops.set_candidate(store, idea_id, True)
        history = []
        for kind, card, a, b in steps:
            snapshot = store.snapshot()
            idea_id = ids[card]
            try:
                if kind == "place":
                    result = ops.place(store, idea_id, a, b)
                elif kind == "move":
                    result = ops.move(store, idea_id, (a > 2) - (a < 2), (b > 2) - (b < 2))
                elif kind == "pin":
                    result = ops.pin(store, idea_id)
                elif kind == "unpin":
                    result = ops.unpin(store, idea_id)
                elif kind == "rate":
                    result = ops.rate(store, idea_id, f"k{a % 2}", a, b)
                else:
                    result = ops.clear_rating(store, idea_id, f"k{a % 2}")
            except RuleError:
                assert store.snapshot() == snapshot
                continue
            history.append((snapshot, result.delta))
        for snapshot, delta in reversed(history):
            store.undo(delta)
            assert store.snapshot() == snapshot
    finally:
        store.close()
