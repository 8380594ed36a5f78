"""Plan rules: grouping by quadrant, the heard-not-prioritized list, and what each decision needs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core import plan
from facilitator.core.errors import RuleError
from facilitator.core.model import (
    QUADRANT_ORDER,
    Action,
    Ballot,
    Decision,
    Idea,
    Placement,
    Quadrant,
    Rating,
    SessionState,
)


def _state(n_ideas: int = 8) -> SessionState:
    """Ideas 1..n; 1-5 got votes (1 most), 6-8 none; the vote is revealed."""
    ideas = [Idea(id=i, text=f"idea {i}", position=i) for i in range(1, n_ideas + 1)]
    dots = {1: 5, 2: 4, 3: 3, 4: 2, 5: 1}
    state = SessionState(ideas=ideas, ballots=[Ballot(1, {k: v for k, v in dots.items() if k <= n_ideas})])
    state.info.revealed = True  # votes pick matrix candidates only once revealed
    return state


def test_prioritized_groups_candidates_by_quadrant_in_order() -> None:
    state = _state()
    state.placements = [
        Placement(1, 1.5, 2.0),  # not now
        Placement(2, 4.5, 4.5),  # quick win
        Placement(3, 2.0, 4.0),  # heavier lift
        Placement(4, 4.5, 1.5),  # easy extra
        Placement(5, 5.0, 5.0),  # quick win, fewer votes than 2
    ]
    groups = plan.prioritized(state)
    assert list(groups) == list(QUADRANT_ORDER)
    assert groups == {
        Quadrant.QUICK_WIN: [2, 5],
        Quadrant.HEAVIER_LIFT: [3],
        Quadrant.EASY_EXTRA: [4],
        Quadrant.NOT_NOW: [1],
    }
    assert plan.heard_not_prioritized(state) == [6, 7, 8]
    assert plan.plan_order(state) == [2, 5, 3, 4, 1, 6, 7, 8]


def test_a_candidate_without_a_position_is_heard_not_prioritized() -> None:
    state = _state()
    state.placements = [Placement(1, 4.5, 4.5)]
    state.ratings = [Rating(1, 3, 2, 5), Rating(2, 3, 1, 1)]  # idea 3 rated: heavier lift
    groups = plan.plan_groups(state)
    assert [(g.quadrant, g.idea_ids) for g in groups] == [
        (Quadrant.QUICK_WIN, (1,)),
        (Quadrant.HEAVIER_LIFT, (3,)),
        (None, (2, 4, 5, 6, 7, 8)),
    ]
    assert groups[-1].title() == "Heard, not prioritized this time"


def test_placed_idea_that_is_not_a_candidate_is_not_prioritized() -> None:
    state = _state()
    state.ideas[0].candidate = False  # the facilitator took idea 1 off the matrix
    state.placements = [Placement(1, 4.5, 4.5), Placement(2, 4.5, 4.5)]
    assert plan.prioritized(state)[Quadrant.QUICK_WIN] == [2]
    assert 1 in plan.heard_not_prioritized(state)


def test_merged_and_withdrawn_ideas_are_not_listed() -> None:
    state = _state()
    state.ideas[6].merged_into = 1
    state.ideas[7].withdrawn = True
    assert 7 not in plan.plan_order(state) and 8 not in plan.plan_order(state)


def test_empty_session_has_an_empty_plan() -> None:
    state = SessionState()
    assert plan.plan_groups(state) == []
    assert [g.quadrant for g in plan.plan_groups(state, include_empty=True)] == [*QUADRANT_ORDER, None]
    assert plan.missing_reasons(state) == []
    assert plan.check(state) == plan.PlanCheck(0, 0, 0, 0, 0)


def test_pick_names_title_the_groups() -> None:
    assert plan.group_title(Quadrant.QUICK_WIN) == "Quick wins"
    assert plan.group_title(Quadrant.NOT_NOW, pick=True) == "Kill"


@pytest.mark.parametrize("decision", [Decision.LATER, Decision.NOT_NOW])
def test_later_and_not_now_require_a_reason(decision: Decision) -> None:
    state = _state()
    state.placements = [Placement(1, 4.5, 4.5)]
    state.actions = [Action(1, decision), Action(6, decision, reason="   ")]
    assert plan.missing_reasons(state) == [1, 6]
    assert plan.gaps(state.actions[0]) == ["Reason needed"]
    state.actions[0].reason = "No budget until April."
    assert plan.missing_reasons(state) == [6]
    assert plan.gaps(state.actions[0]) == []


def test_missing_reasons_ignores_ideas_no_longer_listed() -> None:
    state = _state()
    state.ideas[0].withdrawn = True
    state.actions = [Action(1, Decision.NOT_NOW)]
    assert plan.missing_reasons(state) == []


@pytest.mark.parametrize("decision", [Decision.DO_NOW, Decision.PLAN])
def test_commitments_warn_about_missing_details(decision: Decision) -> None:
    action = Action(1, decision, owner="Priya")
    assert plan.missing_commitment(action) == ["due date", "first step", "success measure"]
    assert plan.gaps(action) == ["Needs due date, first step and success measure"]
    action.due_date, action.first_step = "2027-01-08", "Draft questions"
    assert plan.gaps(action) == ["Needs success measure"]
    action.success_measure = "9 shifts in 10"
    assert plan.gaps(action) == []
    assert not plan.lacks_reason(action)  # a commitment needs no reason


def test_no_decision_is_a_gap_and_needs_nothing_else() -> None:
    action = Action(1)
    assert plan.gaps(action) == ["Needs a decision"]
    assert plan.missing_commitment(action) == []
    assert not plan.lacks_reason(action)


def test_check_counts() -> None:
    state = _state()
    state.placements = [Placement(1, 4.5, 4.5), Placement(2, 2, 4), Placement(3, 1, 1)]
    state.actions = [
        Action(1, Decision.DO_NOW, "A", "2027-01-01", "step", "measure"),
        Action(2, Decision.PLAN, "B"),
        Action(6, Decision.NOT_NOW),
    ]
    assert plan.check(state) == plan.PlanCheck(
        prioritized=3, heard=5, undecided_prioritized=1, missing_reasons=1, incomplete_commitments=1
    )


def test_parse_decision_accepts_values_and_labels() -> None:
    assert plan.parse_decision("do_now") is Decision.DO_NOW
    assert plan.parse_decision("Not now") is Decision.NOT_NOW
    assert plan.parse_decision("") is None
    with pytest.raises(RuleError, match="not a decision"):
        plan.parse_decision("Maybe")


def test_due_dates_are_iso_or_empty() -> None:
    assert plan.clean_due_date(" 2027-02-01 ") == "2027-02-01"
    assert plan.clean_due_date("1 Feb 2027") == plan.clean_due_date("1 february 2027") == "2027-02-01"
    assert plan.clean_due_date(dt.date(2027, 2, 1)) == "2027-02-01"
    assert plan.clean_due_date("") == ""
    with pytest.raises(RuleError, match="15 Dec 2026 or 2026-12-15"):
        plan.clean_due_date("next Tuesday")
    with pytest.raises(RuleError):
        plan.clean_due_date("2027-02-30")


def test_plan_text_limits() -> None:
    assert plan.clean_plan_text("  Ask\r\nEstates \x07 ", "A reason") == "Ask\nEstates"
    with pytest.raises(RuleError, match="A reason can be at most"):
        plan.clean_plan_text("x" * (plan.MAX_PLAN_TEXT_CHARS + 1), "A reason")
    assert plan.clean_owner("  Priya   Raman ") == "Priya Raman"
    with pytest.raises(RuleError):
        plan.clean_owner("x" * 201)


@given(
    n=st.integers(0, 25),
    spots=st.dictionaries(st.integers(1, 25), st.tuples(st.floats(1, 5), st.floats(1, 5))),
    removed=st.sets(st.integers(1, 25)),
    withdrawn=st.sets(st.integers(1, 25)),
)
def test_every_card_is_listed_exactly_once(n, spots, removed, withdrawn) -> None:
    """Invariant: the plan lists every card once, prioritized ones first by quadrant."""
    state = _state(n)
    for idea in state.ideas:
        idea.withdrawn = idea.id in withdrawn
        idea.candidate = idea.id not in removed
    state.placements = [Placement(i, f, imp) for i, (f, imp) in spots.items() if i <= n]
    order = plan.plan_order(state)
    assert sorted(order) == sorted(i.id for i in state.active_ideas())
    groups = plan.plan_groups(state)
    quadrants = [g.quadrant for g in groups if g.quadrant is not None]
    assert quadrants == [q for q in QUADRANT_ORDER if q in quadrants]
    assert all(g.idea_ids for g in groups)
    where = {p.idea_id: (p.feasibility, p.impact) for p in state.placements}
    for g in groups:
        for idea_id in g.idea_ids:
            if g.quadrant is not None:
                assert Quadrant(plan.matrix.quadrant(*where[idea_id])) is g.quadrant
