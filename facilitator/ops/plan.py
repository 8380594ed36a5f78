"""The action plan: a decision and its details for each idea, one field per operation.

Each operation writes the idea's `action` row, creating it the first time it is
needed. Setting a field to the value it already has changes nothing, so it
leaves nothing to undo.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from facilitator.core import model as m
from facilitator.core import plan as rules
from facilitator.core.errors import RuleError
from facilitator.ops.base import operation
from facilitator.store.session_store import SessionStore

# Column defaults of a new action row (schema m001).
_DEFAULTS: dict[str, Any] = {
    "decision": None,
    "owner": "",
    "due_date": "",
    "first_step": "",
    "success_measure": "",
    "reason": "",
    "status": m.ActionStatus.OPEN.value,
}


def _require_card(store: SessionStore, idea_id: int) -> None:
    """Decisions go on cards: not on a wording merged into another card, nor on a withdrawn idea."""
    idea = store.idea(idea_id)
    if idea is None:
        raise RuleError(f"Idea {idea_id} does not exist.")
    if idea.merged_into is not None:
        raise RuleError("That idea was merged into another card; give the card the decision instead.")
    if idea.withdrawn:
        raise RuleError("That idea was withdrawn; restore it before giving it a decision.")


def _write(store: SessionStore, idea_id: int, values: dict[str, Any]) -> None:
    """Write some fields of the idea's action, creating the row when it is first needed."""
    _require_card(store, idea_id)
    existing = store.ids_where("action", "idea_id = ?", (idea_id,))
    if existing:
        store.update("action", existing[0], values)
    elif any(_DEFAULTS[k] != v for k, v in values.items()):
        store.insert("action", {"idea_id": idea_id, **values})


@operation
def set_decision(store: SessionStore, idea_id: int, decision: m.Decision | str | None) -> None:
    """Do now, Plan, Later or Not now (None: undecided). A reason or the commitment
    details can follow; the plan shows what is still missing."""
    parsed = rules.parse_decision(decision)
    _write(store, idea_id, {"decision": parsed.value if parsed else None})


@operation
def set_owner(store: SessionStore, idea_id: int, owner: str) -> None:
    _write(store, idea_id, {"owner": rules.clean_owner(owner)})


@operation
def set_due_date(store: SessionStore, idea_id: int, due: str | _dt.date) -> None:
    """The due date as YYYY-MM-DD; an empty string clears it."""
    _write(store, idea_id, {"due_date": rules.clean_due_date(due)})


@operation
def set_first_step(store: SessionStore, idea_id: int, text: str) -> None:
    _write(store, idea_id, {"first_step": rules.clean_plan_text(text, "A first step")})


@operation
def set_success_measure(store: SessionStore, idea_id: int, text: str) -> None:
    _write(store, idea_id, {"success_measure": rules.clean_plan_text(text, "A success measure")})


@operation
def set_reason(store: SessionStore, idea_id: int, text: str) -> None:
    """The "why not now" that Later and Not now require; it goes into the minutes."""
    _write(store, idea_id, {"reason": rules.clean_plan_text(text, "A reason")})


@operation
def set_status(store: SessionStore, idea_id: int, status: m.ActionStatus | str) -> None:
    try:
        parsed = m.ActionStatus(status)
    except ValueError:
        labels = {s.label: s for s in m.ActionStatus}
        if status not in labels:
            raise RuleError(f"“{status}” is not a status. Choose Open, In progress or Done.") from None
        parsed = labels[status]
    _write(store, idea_id, {"status": parsed.value})


@operation
def set_reasons(store: SessionStore, idea_ids: list[int], text: str) -> int:
    """One reason for a group of ideas heard and not taken forward (a theme's, say), in one
    step: each idea can still be given its own reason afterwards. Returns how many changed."""
    reason = rules.clean_plan_text(text, "A reason")
    if not reason:
        raise RuleError("Type the reason first; it goes into the minutes beside each of these ideas.")
    changed = 0
    for idea_id in dict.fromkeys(idea_ids):
        before = store.ids_where("action", "idea_id = ? AND reason = ?", (idea_id, reason))
        if before:
            continue
        _write(store, idea_id, {"reason": reason})
        changed += 1
    return changed
