"""Figures worked out from a state are kept only on a state that says nobody changes it."""

from __future__ import annotations

from facilitator.core import matrix, voting
from facilitator.core.model import Ballot, Idea, SessionInfo, SessionState, derived


def _state(kept: bool) -> SessionState:
    state = SessionState(info=SessionInfo(revealed=True))
    state.ideas = [Idea(n, f"idea {n}", position=n) for n in range(1, 6)]
    state.ballots = [Ballot(1, {2: 2, 4: 1})]
    state.derived = {} if kept else None
    return state


def test_a_kept_figure_is_worked_out_once_and_each_caller_gets_its_own_copy() -> None:
    calls: list[int] = []

    @derived
    def order(state: SessionState) -> list[int]:
        calls.append(1)
        return [i.id for i in state.ideas]

    state = _state(kept=True)
    first = order(state)
    first.append(99)  # a caller changing its copy changes nobody else's
    assert order(state) == [1, 2, 3, 4, 5]
    assert len(calls) == 1


def test_a_state_that_keeps_nothing_works_figures_out_on_every_call() -> None:
    state = _state(kept=False)
    assert voting.ranking(state)[0].idea_id == 2
    assert matrix.candidates(state) == [2, 4]
    state.ballots.append(Ballot(2, {5: 3}))  # the tests' states change in place
    assert voting.ranking(state)[0].idea_id == 5
    assert matrix.candidates(state) == [5, 2, 4]
    assert matrix.numbers(state) == {5: 1, 2: 2, 4: 3}


def test_kept_figures_agree_with_figures_worked_out_afresh() -> None:
    kept, fresh = _state(kept=True), _state(kept=False)
    for figure in (voting.totals, voting.ranking, matrix.candidates, matrix.numbers, matrix.positions):
        assert figure(kept) == figure(fresh)
        assert figure(kept) == figure(fresh)  # the second time from what was kept
    assert kept.derived  # ... which is something
