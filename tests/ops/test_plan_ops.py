"""Plan operations: each writes one field of an idea's action, exactly undoably."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core import plan as plan_rules
from facilitator.core.errors import RuleError
from facilitator.core.model import ActionStatus, Decision
from facilitator.ops import ideas as idea_ops
from facilitator.ops import plan as plan_ops
from facilitator.store.session_store import SessionStore


@pytest.fixture
def idea_id(store: SessionStore) -> int:
    return idea_ops.add_idea(store, "Protect a real break").value


def _action(store: SessionStore, idea_id: int):
    return plan_rules.action_for(store.load(), idea_id)


def test_first_edit_creates_the_action_row(store: SessionStore, idea_id: int) -> None:
    assert store.count("action") == 0
    result = plan_ops.set_decision(store, idea_id, Decision.DO_NOW)
    assert store.count("action") == 1
    assert result.changes.touches("action")
    assert _action(store, idea_id).decision is Decision.DO_NOW
    store.undo(result.delta)
    assert store.count("action") == 0


def test_every_field_round_trips_through_the_file(session_path: Path) -> None:
    store = SessionStore.open(session_path)
    idea = idea_ops.add_idea(store, "Huddle at every shift").value
    plan_ops.set_decision(store, idea, "Plan")
    plan_ops.set_owner(store, idea, "  Priya  Raman ")
    plan_ops.set_due_date(store, idea, dt.date(2027, 1, 8))
    plan_ops.set_first_step(store, idea, "Draft the three questions")
    plan_ops.set_success_measure(store, idea, "Held on 9 shifts in 10")
    plan_ops.set_reason(store, idea, "Kept for the record")
    plan_ops.set_status(store, idea, "In progress")
    store.close()
    reopened = SessionStore.open(session_path)
    (idea,) = [i.id for i in reopened.ideas()]  # sealing gave the idea a new id
    action = _action(reopened, idea)
    reopened.close()
    assert (
        action.decision,
        action.owner,
        action.due_date,
        action.first_step,
        action.success_measure,
        action.reason,
        action.status,
    ) == (
        Decision.PLAN,
        "Priya Raman",
        "2027-01-08",
        "Draft the three questions",
        "Held on 9 shifts in 10",
        "Kept for the record",
        ActionStatus.IN_PROGRESS,
    )


def test_undo_and_redo_are_exact(store: SessionStore, idea_id: int) -> None:
    plan_ops.set_decision(store, idea_id, Decision.LATER)
    before = store.snapshot()
    result = plan_ops.set_reason(store, idea_id, "No budget until April")
    after = store.snapshot()
    store.undo(result.delta)
    assert store.snapshot() == before
    store.redo(result.delta)
    assert store.snapshot() == after


def test_setting_the_same_value_changes_nothing(store: SessionStore, idea_id: int) -> None:
    assert not plan_ops.set_owner(store, idea_id, "").delta  # no row made for an empty owner
    assert store.count("action") == 0
    plan_ops.set_owner(store, idea_id, "Sam")
    assert not plan_ops.set_owner(store, idea_id, "Sam ").delta


def test_later_without_a_reason_is_allowed_but_flagged(store: SessionStore, idea_id: int) -> None:
    """Typing is never blocked: the decision is stored and the plan shows the missing reason."""
    plan_ops.set_decision(store, idea_id, Decision.NOT_NOW)
    assert plan_rules.missing_reasons(store.load()) == [idea_id]
    plan_ops.set_reason(store, idea_id, "The trust is choosing one system for every ward.")
    assert plan_rules.missing_reasons(store.load()) == []


def test_clearing_a_decision(store: SessionStore, idea_id: int) -> None:
    plan_ops.set_decision(store, idea_id, Decision.PLAN)
    plan_ops.set_decision(store, idea_id, None)
    assert _action(store, idea_id).decision is None


@pytest.mark.parametrize(
    ("op", "value", "message"),
    [
        (plan_ops.set_decision, "Maybe", "not a decision"),
        (plan_ops.set_due_date, "soon", "not a date"),
        (plan_ops.set_status, "Blocked", "not a status"),
        (plan_ops.set_owner, "x" * 300, "at most"),
        (plan_ops.set_reason, "x" * 3000, "at most"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    store: SessionStore, idea_id: int, op, value, message
) -> None:
    before = store.snapshot()
    with pytest.raises(RuleError, match=message):
        op(store, idea_id, value)
    assert store.snapshot() == before


def test_decisions_go_on_cards_only(store: SessionStore) -> None:
    card = idea_ops.add_idea(store, "Huddle").value
    twin = idea_ops.add_idea(store, "Start each shift with a huddle").value
    gone = idea_ops.add_idea(store, "Hoist").value
    idea_ops.merge_ideas(store, card, [twin])
    idea_ops.withdraw_idea(store, gone, "Already funded")
    with pytest.raises(RuleError, match="merged"):
        plan_ops.set_decision(store, twin, Decision.DO_NOW)
    with pytest.raises(RuleError, match="withdrawn"):
        plan_ops.set_owner(store, gone, "Yusuf")
    with pytest.raises(RuleError, match="does not exist"):
        plan_ops.set_owner(store, 999, "Yusuf")


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200))
def test_free_text_round_trips_cleaned(store: SessionStore, idea_id: int, text: str) -> None:
    plan_ops.set_first_step(store, idea_id, text)
    assert _action(store, idea_id).first_step == plan_rules.clean_plan_text(text, "A first step")


def test_one_reason_answers_a_group_in_one_undoable_step(store: SessionStore) -> None:
    from facilitator.core.outcome import unanswered

    ids = [idea_ops.add_idea(store, f"Idea {n}").value for n in range(3)]
    result = plan_ops.set_reasons(store, ids[:2], "Fewer votes this time; back at the follow-up")
    assert result.value == 2
    assert unanswered(store.load()) == [ids[2]]
    plan_ops.set_reason(store, ids[0], "Its own reason")  # still editable per idea
    assert _action(store, ids[0]).reason == "Its own reason"
    store.undo(result.delta)
    assert _action(store, ids[1]).reason == ""
    with pytest.raises(RuleError):
        plan_ops.set_reasons(store, ids, "   ")
