"""Matrix rules: quadrants and their boundaries, medians, spreads, pins and candidates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core import matrix
from facilitator.core.errors import RuleError
from facilitator.core.model import Ballot, Idea, Placement, Quadrant, Rating, SessionInfo, SessionState

Q = Quadrant


# ---- quadrants -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("feasibility", "impact", "expected"),
    [
        # well inside each quadrant
        (5, 5, Q.QUICK_WIN),
        (1, 5, Q.HEAVIER_LIFT),
        (5, 1, Q.EASY_EXTRA),
        (1, 1, Q.NOT_NOW),
        # on the impact line: counts as high impact
        (4, 3, Q.QUICK_WIN),
        (2, 3, Q.HEAVIER_LIFT),
        (5, 3, Q.QUICK_WIN),
        (1, 3, Q.HEAVIER_LIFT),
        # on the feasibility line: counts as hard
        (3, 4, Q.HEAVIER_LIFT),
        (3, 2, Q.NOT_NOW),
        (3, 5, Q.HEAVIER_LIFT),
        (3, 1, Q.NOT_NOW),
        # the centre, where both lines cross
        (3, 3, Q.HEAVIER_LIFT),
        # just off the lines
        (3.5, 3, Q.QUICK_WIN),
        (3, 2.5, Q.NOT_NOW),
        (3.01, 2.99, Q.EASY_EXTRA),
        (2.99, 3.0, Q.HEAVIER_LIFT),
        (3.25, 2.75, Q.EASY_EXTRA),
    ],
)
def test_quadrant_including_the_dividing_lines(feasibility, impact, expected) -> None:
    assert matrix.quadrant(feasibility, impact) is expected


axis = st.floats(min_value=1, max_value=5, allow_nan=False)


@given(axis, axis)
def test_quadrant_is_decided_by_the_documented_rule(feasibility: float, impact: float) -> None:
    q = matrix.quadrant(feasibility, impact)
    easy = q in (Q.QUICK_WIN, Q.EASY_EXTRA)
    high = q in (Q.QUICK_WIN, Q.HEAVIER_LIFT)
    assert easy == (feasibility > 3)
    assert high == (impact >= 3)


def test_headings_switch_to_pick_names() -> None:
    assert [matrix.heading(q) for q in Q] == ["Quick wins", "Heavier lifts", "Easy extras", "Hard extras"]
    assert [matrix.heading(q, pick=True) for q in Q] == ["Implement", "Challenge", "Possible", "Kill"]


# ---- the grid ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1), (2.49, 2), (2.5, 3), (3.5, 4), (4.4, 4), (4.5, 5), (5.7, 5), (0.2, 1), (-3, 1), (99, 5)],
)
def test_snap_rounds_halves_up_and_stays_on_the_grid(value, expected) -> None:
    assert matrix.snap(value) == expected


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [(3, 1, 4), (3, -1, 2), (3.5, 1, 4), (3.5, -1, 3), (4.5, -1, 4), (5, 1, 5), (1, -1, 1), (1.2, -1, 1)],
)
def test_step_goes_to_the_next_grid_point_and_stops_at_the_edge(value, direction, expected) -> None:
    assert matrix.step(value, direction) == expected


@given(st.floats(min_value=-10, max_value=10, allow_nan=False), st.sampled_from([1, -1]))
def test_step_never_skips_a_point_and_never_leaves_the_grid(value: float, direction: int) -> None:
    target = matrix.step(value, direction)
    assert 1 <= target <= 5
    if 1 <= value <= 5 and not (direction > 0 and value >= 5) and not (direction < 0 and value <= 1):
        assert 0 < (target - value) * direction <= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4 2", (4, 2)), ("4,2", (4, 2)), (" 42 ", (4, 2)), ("1/5", (1, 5)), ("", None), ("   ", None)],
)
def test_parse_rating(text, expected) -> None:
    assert matrix.parse_rating(text) == expected


@pytest.mark.parametrize("text", ["6 2", "4", "0 3", "4 2 1", "high", "4.5 2"])
def test_parse_rating_refuses_with_a_sentence(text) -> None:
    with pytest.raises(RuleError, match="Type two numbers from 1 to 5"):
        matrix.parse_rating(text)


@pytest.mark.parametrize("value", [0, 6, 2.5, "3", True, None])
def test_check_score_refuses_anything_but_1_to_5(value) -> None:
    with pytest.raises(RuleError, match="whole number from 1 to 5"):
        matrix.check_score(value, "impact")


# ---- medians and spreads ----------------------------------------------------------------------


def test_median_of_no_raters_one_rater_odd_and_even_counts() -> None:
    assert matrix.median([]) is None
    assert matrix.median([4]) == 4.0
    assert matrix.median([5, 1, 3]) == 3.0
    assert matrix.median([1, 2, 4, 5]) == 3.0
    assert matrix.median([2, 3]) == 2.5


def test_spread_of_no_raters_one_rater_odd_and_even_counts() -> None:
    assert matrix.spread([]) is None
    assert matrix.spread([4]) == (4.0, 4.0)
    assert matrix.spread([3, 3, 3]) == (3.0, 3.0)
    assert matrix.spread([1, 2, 3, 4, 5]) == (2.0, 4.0)
    assert matrix.spread([1, 2, 3, 4]) == (1.75, 3.25)
    assert matrix.spread([1, 5]) == (2.0, 4.0)
    assert matrix.spread([2, 4]) == (2.5, 3.5)


scores = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=30)


@given(scores)
def test_spread_brackets_the_median_inside_the_ratings(values: list[int]) -> None:
    low, high = matrix.spread(values)
    assert min(values) <= low <= matrix.median(values) <= high <= max(values)
    assert matrix.median(values) == matrix.median(list(reversed(values)))


# ---- positions ------------------------------------------------------------------------------------


def _state(n_ideas: int = 4, votes: dict[int, int] | None = None, revealed: bool = True) -> SessionState:
    state = SessionState(info=SessionInfo(revealed=revealed))
    state.ideas = [Idea(i, f"idea {i}", position=i) for i in range(1, n_ideas + 1)]
    if votes is None:
        votes = {i: 1 for i in range(1, n_ideas + 1)}
    state.ballots = [Ballot(1, dict(votes))]
    return state


def _rate(state: SessionState, idea_id: int, *pairs: tuple[int, int]) -> None:
    for n, (f, i) in enumerate(pairs):
        state.ratings.append(Rating(len(state.ratings) + 1, idea_id, f, i, rater_key=f"k{n}"))


def test_ratings_place_a_card_at_the_median_with_its_spread() -> None:
    state = _state()
    _rate(state, 1, (5, 1), (4, 2), (4, 4), (2, 5))  # even count
    position = matrix.positions(state)[1]
    assert (position.feasibility, position.impact) == (4.0, 3.0)
    assert position.source == "ratings" and position.raters == 4
    assert position.feasibility_spread == (3.5, 4.25)
    assert position.impact_spread == (1.75, 4.25)
    assert position.quadrant is Q.QUICK_WIN
    assert position.disputed  # impact IQR 2.5
    assert position.basis == "Median of 4 ratings"


def test_a_single_rater_places_the_card_with_no_spread() -> None:
    state = _state()
    _rate(state, 2, (2, 4))
    position = matrix.positions(state)[2]
    assert (position.feasibility, position.impact, position.raters) == (2.0, 4.0, 1)
    assert position.feasibility_spread == (2.0, 2.0) and not position.disputed
    assert position.basis == "Median of 1 rating"


def test_no_raters_and_no_placement_means_no_position() -> None:
    state = _state()
    assert matrix.positions(state) == {}


def test_a_placement_without_ratings_is_the_position() -> None:
    state = _state()
    state.placements = [Placement(3, 4, 2)]
    position = matrix.positions(state)[3]
    assert position.source == "consensus" and position.raters == 0
    assert position.feasibility_spread is None and position.rated_at is None
    assert position.quadrant is Q.EASY_EXTRA
    assert position.basis == "Placed by the room"


def test_pin_wins_over_ratings_and_both_are_kept() -> None:
    state = _state()
    _rate(state, 1, (1, 1), (2, 2), (1, 2))
    state.placements = [Placement(1, 5, 5, pinned=True)]
    position = matrix.positions(state)[1]
    assert (position.feasibility, position.impact) == (5, 5)
    assert position.source == "consensus" and position.pinned
    assert position.rated_at == (1.0, 2.0)
    assert position.consensus_at == (5, 5)
    assert position.quadrant is Q.QUICK_WIN
    assert position.basis == "Pinned by the room over 3 ratings"


def test_unpinned_placement_gives_way_to_ratings_but_is_kept() -> None:
    state = _state()
    _rate(state, 1, (1, 1), (2, 2), (1, 2))
    state.placements = [Placement(1, 5, 5, pinned=False)]
    position = matrix.positions(state)[1]
    assert position.source == "ratings" and not position.pinned
    assert (position.feasibility, position.impact) == (1.0, 2.0)
    assert position.consensus_at == (5, 5)
    assert position.quadrant is Q.NOT_NOW


def test_ideas_off_the_matrix_have_no_position() -> None:
    state = _state(votes={1: 2, 2: 0})
    _rate(state, 2, (4, 4))
    state.placements = [Placement(2, 4, 4)]
    assert 2 not in matrix.positions(state)
    state.ideas[1].candidate = True
    assert matrix.positions(state)[2].quadrant is Q.QUICK_WIN


def test_disputed_cards_are_listed_in_candidate_order() -> None:
    state = _state(votes={1: 1, 2: 3, 3: 2})
    _rate(state, 1, (1, 3), (5, 3))
    _rate(state, 3, (1, 3), (5, 3), (3, 3))
    _rate(state, 2, (3, 3), (3, 4))
    assert matrix.disputed(state) == [3, 1]


# ---- candidates ------------------------------------------------------------------------------------


def test_candidates_are_the_top_voted_up_to_twelve() -> None:
    votes = {i: 20 - i for i in range(1, 16)}
    votes[15] = 0
    state = _state(16, votes)
    assert matrix.candidates(state) == list(range(1, 13))
    assert matrix.numbers(state)[1] == 1 and matrix.numbers(state)[12] == 12


def test_ideas_without_votes_are_not_candidates_by_default() -> None:
    state = _state(3, {1: 0, 2: 1, 3: 0})
    assert matrix.candidates(state) == [2]


def test_removing_a_card_does_not_pull_in_the_thirteenth() -> None:
    state = _state(14, {i: 20 - i for i in range(1, 15)})
    state.ideas[2].candidate = False
    assert matrix.candidates(state) == [1, 2, *range(4, 13)]


def test_additions_come_last_in_the_order_they_were_said() -> None:
    state = _state(5, {1: 1, 2: 5, 3: 0, 4: 0, 5: 0})
    state.ideas[4].candidate = True
    state.ideas[2].candidate = True
    state.ideas[1].candidate = True  # already top-voted: stays in vote order
    assert matrix.candidates(state) == [2, 1, 3, 5]


def test_withdrawn_and_merged_ideas_are_never_candidates() -> None:
    state = _state(4, {1: 3, 2: 2, 3: 0, 4: 0})
    state.ideas[1].withdrawn = True
    state.ideas[2].candidate = True
    state.ideas[2].merged_into = 1
    state.ideas[3].candidate = True
    assert matrix.candidates(state) == [1, 4]


def test_votes_count_only_once_revealed() -> None:
    state = _state(3, {1: 2, 2: 1, 3: 0}, revealed=False)
    state.ideas[2].candidate = True
    assert matrix.candidates(state) == [3]
    state.info.revealed = True
    assert matrix.candidates(state) == [1, 2, 3]


@given(st.lists(st.integers(0, 4), min_size=1, max_size=30), st.sets(st.integers(1, 30)))
def test_the_top_voted_are_the_first_of_the_vote_ranking(votes, withdrawn) -> None:
    """The matrix takes the head of the ranking (equal votes by id), though it does not rank every card."""
    from facilitator.core.voting import ranking

    state = _state(len(votes), dict(enumerate(votes, start=1)))
    state.ideas.reverse()  # the file's order is not the ids' order
    for idea in state.ideas:
        idea.withdrawn = idea.id in withdrawn
    expected = [r.idea_id for r in ranking(state) if r.votes > 0][: matrix.MAX_CANDIDATES]
    assert matrix.candidates(state) == expected
