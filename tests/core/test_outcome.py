"""Every idea ends with exactly one outcome; the ones without are counted as unanswered."""

from __future__ import annotations

from facilitator.core import model as m
from facilitator.core.outcome import (
    Kind,
    card_numbers,
    needs_reason_not_taken_forward,
    outcomes,
    passed_over,
    unanswered,
)


def _state() -> m.SessionState:
    """Six cards: two on the matrix (one decided), one merged wording, one withdrawn,
    two heard (one with a reason). Votes: 5, 1 on the matrix; 3 on a heard card."""
    state = m.SessionState()
    state.info.revealed = True
    state.themes = [m.Theme(1, "Safety", "#000", 0), m.Theme(2, "Communication", "#000", 1)]
    state.ideas = [
        m.Idea(1, "Huddle", theme_id=2, candidate=True),
        m.Idea(2, "Laminated card", theme_id=1, candidate=True),
        m.Idea(3, "Huddle every shift", theme_id=2, merged_into=1),
        m.Idea(4, "Old idea", theme_id=1, withdrawn=True, withdrawn_reason="Done already"),
        m.Idea(5, "Quiet room", theme_id=1, candidate=False),  # taken off the matrix
        m.Idea(6, "Breaks", theme_id=2),
    ]
    state.placements = [m.Placement(1, 4, 4), m.Placement(2, 2, 2)]
    state.ballots = [m.Ballot(1, {1: 3, 5: 3}), m.Ballot(2, {1: 2, 2: 1})]
    state.actions = [
        m.Action(1, m.Decision.DO_NOW, owner="Priya"),
        m.Action(6, reason="Fewer votes this time"),
    ]
    return state


def test_each_idea_has_exactly_one_outcome() -> None:
    kinds = {i: o.kind for i, o in outcomes(_state()).items()}
    assert kinds == {
        1: Kind.DECIDED,
        2: Kind.UNANSWERED,  # on the matrix, no decision yet
        3: Kind.MERGED,
        4: Kind.WITHDRAWN,
        5: Kind.UNANSWERED,  # heard, no reason
        6: Kind.NOT_TAKEN_FORWARD,
    }
    assert outcomes(_state())[3].into == 1


def test_unanswered_lists_what_still_needs_an_answer() -> None:
    state = _state()
    assert sorted(unanswered(state)) == [2, 5]
    state.actions.append(m.Action(2, m.Decision.NOT_NOW))  # Not now with no reason still owes one
    assert sorted(unanswered(state)) == [2, 5]
    state.actions[-1].reason = "No budget this year"
    state.actions.append(m.Action(5, reason="Space review in January"))
    assert unanswered(state) == []


def test_a_reason_alone_does_not_answer_a_prioritized_card() -> None:
    state = _state()
    state.actions.append(m.Action(2, reason="Typed before the decision"))
    assert outcomes(state)[2].kind is Kind.UNANSWERED


def test_more_votes_than_a_prioritized_card_is_shown() -> None:
    state = _state()
    assert passed_over(state) == [5]  # 3 dots, while card 2 reached the matrix with 1
    state.info.revealed = False
    assert passed_over(state) == []  # no counts before Reveal


def test_numbers_put_the_matrix_first_then_theme_votes_and_text() -> None:
    state = _state()
    numbers = card_numbers(state)
    assert numbers[1] == 1 and numbers[2] == 2  # as on the matrix
    # then Safety (quiet room: 3 dots, old idea: 0), then Communication (breaks)
    assert [i for i, _ in sorted(numbers.items(), key=lambda kv: kv[1])] == [1, 2, 5, 4, 6]
    assert 3 not in numbers  # a merged wording is printed under its card


def test_the_heard_cards_owed_a_reason_are_the_heard_ones_still_unanswered() -> None:
    """Worked out without building every outcome, it must agree with the outcomes."""
    state = _state()
    state.ideas += [m.Idea(7, "Rota app", theme_id=1), m.Idea(8, "Parking", theme_id=1)]
    state.actions += [
        m.Action(7, m.Decision.LATER),  # decided Later in the heard list, with no reason yet
        m.Action(8, m.Decision.NOT_NOW, reason="Out of our hands"),
    ]
    every = outcomes(state)
    assert needs_reason_not_taken_forward(state) == [5, 7]
    assert [i for i in (5, 6, 7, 8) if every[i].kind is Kind.UNANSWERED] == [5, 7]
    assert needs_reason_not_taken_forward(state, [7, 8, 6]) == [7]
