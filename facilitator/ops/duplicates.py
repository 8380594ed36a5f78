"""Suggested duplicates: the app proposes pairs, the facilitator accepts or dismisses each.

A dismissal is kept as an `event` row of kind "duplicate dismissed" whose detail
is the two idea ids, "a,b" with a < b. The session log is where decisions of the
facilitator are kept; it needs no new table, it travels with the file, and
undo removes the row like any other.
"""

from __future__ import annotations

from facilitator.core.errors import RuleError
from facilitator.ops import ideas as idea_ops
from facilitator.ops.base import operation
from facilitator.store import sealing
from facilitator.store.session_store import SessionStore, now

# Sealing re-keys idea ids and rewrites these details with them.
DUPLICATE_DISMISSED = sealing.DUPLICATE_DISMISSED


def pair_detail(a: int, b: int) -> str:
    return f"{min(a, b)},{max(a, b)}"


def dismissed_pairs(store: SessionStore) -> set[tuple[int, int]]:
    pairs = set()
    for detail in store.event_details(DUPLICATE_DISMISSED):
        a, _, b = detail.partition(",")
        if a.isdigit() and b.isdigit():
            pairs.add((int(a), int(b)))
    return pairs


@operation
def dismiss_duplicate(store: SessionStore, first: int, second: int) -> None:
    """The facilitator says these two are not duplicates; they are not suggested again."""
    if first == second:
        raise RuleError("Choose two different cards.")
    for idea_id in (first, second):
        if store.idea(idea_id) is None:
            raise RuleError(f"Idea {idea_id} does not exist.")
    if (min(first, second), max(first, second)) in dismissed_pairs(store):
        return
    store.insert("event", {"at": now(), "kind": DUPLICATE_DISMISSED, "detail": pair_detail(first, second)})


@operation
def accept_duplicate(store: SessionStore, keep: int, merge: int) -> None:
    """Merge `merge` into the card `keep`: every wording is kept and votes follow the card."""
    idea_ops.merge_ideas(store, keep, [merge])
