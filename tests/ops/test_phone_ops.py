"""Ballots and idea cards from phones in the room, against real session files."""

from __future__ import annotations

import pytest

from facilitator.core.errors import RuleError
from facilitator.ops import ideas as idea_ops
from facilitator.ops import voting as vote_ops
from facilitator.store.session_store import SessionStore


def _ideas(store: SessionStore, n: int = 4) -> list[int]:
    return [idea_ops.add_idea(store, f"Idea {k}").value for k in range(n)]


def test_a_phone_ballot_is_stored_like_a_laptop_ballot_and_counted_as_a_phone_voter(
    store: SessionStore,
) -> None:
    ideas = _ideas(store)
    vote_ops.cast_phone_ballot(store, {ideas[0]: 2, ideas[1]: 1})
    vote_ops.cast_phone_ballot(store, {ideas[2]: 3})
    state = store.load()
    assert sorted(sorted(b.dots.items()) for b in state.ballots) == [
        [(ideas[0], 2), (ideas[1], 1)],
        [(ideas[2], 3)],
    ]
    assert store.phone_voters() == 2
    assert state.voters == []  # no participant is marked: a phone is nobody in the list


def test_revising_a_phone_ballot_replaces_it_and_keeps_the_count(store: SessionStore) -> None:
    ideas = _ideas(store)
    first = vote_ops.cast_phone_ballot(store, {ideas[0]: 2}).value
    second = vote_ops.revise_phone_ballot(store, first, {ideas[3]: 1}).value
    assert second != first
    assert [b.dots for b in store.load().ballots] == [{ideas[3]: 1}]
    assert store.phone_voters() == 1
    assert store.count("event") == 0  # nothing records that a ballot was revised


@pytest.mark.parametrize(("dots", "message"), [({0: 4}, "At most 3 dots"), ({0: 3, 1: 3}, "has 5 dots")])
def test_a_phone_ballot_over_the_rules_is_refused_and_nothing_is_saved(
    store: SessionStore, dots, message
) -> None:
    ideas = _ideas(store)
    before = store.snapshot()
    with pytest.raises(RuleError, match=message):
        vote_ops.cast_phone_ballot(store, {ideas[k]: v for k, v in dots.items()})
    assert store.snapshot() == before


def test_no_phone_ballot_after_reveal(store: SessionStore) -> None:
    ideas = _ideas(store)
    ballot = vote_ops.cast_phone_ballot(store, {ideas[0]: 1}).value
    vote_ops.set_revealed(store, True)
    before = store.snapshot()
    with pytest.raises(RuleError, match="vote is closed"):
        vote_ops.cast_phone_ballot(store, {ideas[1]: 1})
    with pytest.raises(RuleError, match="vote is closed"):
        vote_ops.revise_phone_ballot(store, ballot, {ideas[1]: 1})
    assert store.snapshot() == before


def test_undoing_a_facilitator_step_leaves_the_phone_count_alone(store: SessionStore) -> None:
    ideas = _ideas(store)
    rules = vote_ops.set_vote_rules(store, votes_per_person=6)
    vote_ops.cast_phone_ballot(store, {ideas[0]: 1})
    store.undo(rules.delta)
    assert store.phone_voters() == 1


def test_a_card_from_a_phone_carries_no_author_turn_time_or_order(store: SessionStore) -> None:
    _ideas(store, 3)
    idea_id = idea_ops.add_idea_from_phone(store, "  Quieter handovers  ").value
    idea = store.idea(idea_id)
    assert idea.text == "Quieter handovers"
    assert (idea.author_id, idea.turn_id, idea.round) == (None, None, None)
    assert len(idea.created_at) == len("2026-11-30") == len(idea.updated_at)
    assert idea_id != 4  # random, not the next number (a one in two billion chance to be 4)
    with pytest.raises(RuleError):
        idea_ops.add_idea_from_phone(store, "   ")
