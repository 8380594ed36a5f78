"""Dot-voting rules: budgets, the ballot being filled in, tallies, totals and ties."""

from __future__ import annotations

import contextlib
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core import voting
from facilitator.core.errors import RuleError
from facilitator.core.model import (
    Ballot,
    Event,
    Idea,
    Participant,
    Rules,
    SessionInfo,
    SessionState,
    Tally,
    Voter,
)


@pytest.mark.parametrize("count", range(0, 60))
def test_suggested_budget_is_defined_and_spendable(count: int) -> None:
    suggested = voting.suggested_votes_per_person(count)
    if count == 0:
        assert suggested == 0
    else:
        assert 1 <= suggested <= 10
        assert suggested <= count * 3  # never more than can be spent
        if count >= 3:
            assert suggested >= 3


def test_one_idea_budget_never_exceeds_what_can_be_spent() -> None:
    assert voting.suggested_votes_per_person(1, max_per_idea=3) == 3
    assert voting.suggested_votes_per_person(1, max_per_idea=1) == 1
    draft = voting.BallotDraft(Rules(votes_per_person=5, max_votes_per_idea=3), [Idea(1, "only")])
    assert draft.budget == 3
    for _ in range(3):
        draft.place(1)
    assert draft.left == 0


def _ideas(n: int) -> list[Idea]:
    return [Idea(i, f"idea {i}", position=i) for i in range(1, n + 1)]


def test_draft_refuses_over_budget_and_over_cap_with_clear_messages() -> None:
    draft = voting.BallotDraft(Rules(votes_per_person=4, max_votes_per_idea=2), _ideas(5))
    draft.place(1)
    draft.place(1)
    with pytest.raises(RuleError, match="At most 2 dots can go on one idea"):
        draft.place(1)
    draft.place(2)
    draft.place(3)
    with pytest.raises(RuleError, match="All 4 dots are placed"):
        draft.place(4)
    draft.remove(3)
    draft.place(4)
    assert draft.ballot() == {1: 2, 2: 1, 4: 1}
    with pytest.raises(RuleError, match="no dot on that idea"):
        draft.remove(5)


def test_draft_leaves_withdrawn_and_merged_ideas_off_the_ballot() -> None:
    ideas = [Idea(1, "a"), Idea(2, "b", withdrawn=True), Idea(3, "c", merged_into=1)]
    draft = voting.BallotDraft(Rules(), ideas)
    assert draft.open_ids == [1]
    for idea_id in (2, 3):
        with pytest.raises(RuleError, match="not on the ballot"):
            draft.place(idea_id)


def test_reopened_draft_moves_merged_dots_to_the_card_and_keeps_the_rules() -> None:
    ideas = [Idea(1, "a"), Idea(2, "b", merged_into=1), Idea(3, "c", withdrawn=True), Idea(4, "d")]
    draft = voting.BallotDraft(Rules(votes_per_person=5, max_votes_per_idea=3), ideas, {1: 2, 2: 2, 3: 1})
    assert draft.ballot() == {1: 3}


def test_validate_ballot_refuses_withdrawn_idea() -> None:
    ideas = [Idea(1, "a"), Idea(2, "b", withdrawn=True)]
    with pytest.raises(RuleError, match="withdrawn"):
        voting.validate_ballot({2: 1}, Rules(), ideas)


@pytest.mark.parametrize(
    ("text", "message"),
    [("abc", "whole number"), ("2.5", "whole number"), ("-1", "cannot be negative"), ("99999", "at most")],
)
def test_parse_tally_refuses_bad_counts(text: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        voting.parse_tally(text)


def test_parse_tally_accepts_counts_and_blank() -> None:
    assert voting.parse_tally(" 7 ") == 7
    assert voting.parse_tally("") == 0
    assert voting.parse_tally(3, "hands") == 3
    with pytest.raises(RuleError, match="count of hands"):
        voting.parse_tally("x", "hands")


def test_progress_names_only_in_seat_order() -> None:
    state = SessionState(
        info=SessionInfo(facilitator="Jo", rules=Rules(facilitator_votes=True)),
        participants=[
            Participant(1, "Bea", 1),
            Participant(2, "Al", 0),
            Participant(3, "Cy", 2, absent=True),
        ],
        voters=[Voter(1)],
    )
    rows = voting.progress(state)
    assert [(r.name, r.voted) for r in rows] == [("Al", False), ("Bea", True), ("Jo (facilitator)", False)]
    state.events.append(Event(1, "t", voting.FACILITATOR_VOTED))
    assert [r.name for r in voting.waiting(state)] == ["Al"]


def test_ranking_shows_ties_as_ties() -> None:
    state = SessionState(
        ideas=_ideas(4),
        ballots=[Ballot(1, {1: 2, 2: 2}), Ballot(2, {3: 1})],
        tallies=[Tally(1, 4, 1)],
    )
    ranks = [(r.idea_id, r.votes, r.rank) for r in voting.ranking(state)]
    assert ranks == [(1, 2, 1), (2, 2, 1), (3, 1, 3), (4, 1, 3)]


# ---- property tests -----------------------------------------------------------------------


@st.composite
def vote_sessions(draw):
    """A session with random ideas (some merged, some withdrawn), rules, and random clicks
    on each voter's ballot; the draft decides which clicks are allowed."""
    n = draw(st.integers(1, 12))
    cap = draw(st.integers(1, 5))
    budget = draw(st.integers(cap, 12))
    rules = Rules(votes_per_person=budget, max_votes_per_idea=cap)
    ideas = _ideas(n)
    ballots = []
    for ballot_id in range(draw(st.integers(0, 8))):
        draft = voting.BallotDraft(rules, ideas)
        clicks = draw(st.lists(st.tuples(st.sampled_from([i.id for i in ideas]), st.booleans()), max_size=30))
        for idea_id, add in clicks:
            with contextlib.suppress(RuleError):
                draft.place(idea_id) if add else draft.remove(idea_id)
        ballots.append(Ballot(ballot_id, draft.ballot()))
    tallies = [
        Tally(k, draw(st.sampled_from([i.id for i in ideas])), draw(st.integers(0, 20)))
        for k in range(draw(st.integers(0, 4)))
    ]
    # Merge and withdraw some cards after the vote: votes must follow the card.
    for idea in ideas[1:]:
        action = draw(st.sampled_from(["keep", "merge", "withdraw"]))
        if action == "merge":
            idea.merged_into = ideas[0].id
        elif action == "withdraw":
            idea.withdrawn = True
    return rules, SessionState(ideas=ideas, ballots=ballots, tallies=tallies)


@given(vote_sessions())
def test_totals_equal_dots_cast_plus_tallies_and_nobody_exceeds_the_budget(case) -> None:
    rules, state = case
    totals = voting.totals(state)
    assert sum(totals.values()) == voting.dots_cast(state) + sum(t.count for t in state.tallies)
    assert voting.total_votes(state) == sum(totals.values())
    for ballot in state.ballots:
        assert sum(ballot.dots.values()) <= rules.votes_per_person
        assert all(0 < c <= rules.max_votes_per_idea for c in ballot.dots.values())
    # Merged wordings hold no total of their own: their votes are on the card.
    assert all(i.merged_into is None for i in state.ideas if i.id in totals)
    ranked = voting.ranking(state)
    assert [r.votes for r in ranked] == sorted((r.votes for r in ranked), reverse=True)
    for before, after in itertools.pairwise(ranked):
        assert (after.rank == before.rank) == (after.votes == before.votes)
