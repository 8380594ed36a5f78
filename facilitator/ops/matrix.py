"""Prioritize: place cards on the matrix, pin them, choose candidates, record ratings.

A consensus placement is one `placement` row per idea, always on the 1..5 grid
when the facilitator puts it there. A rating is one `rating` row per idea per
rater; `rater_key` is an opaque random token made for each hand-over or typed
sheet, never a name, so ratings stay anonymous.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from facilitator.core import matrix
from facilitator.core.errors import RuleError
from facilitator.ops.base import operation
from facilitator.store.session_store import SessionStore

RATER_KEY_BYTES = 8


def new_rater_key() -> str:
    """A fresh anonymous rater token: random, so it says nothing about who rated."""
    return secrets.token_hex(RATER_KEY_BYTES)


def _require_card(store: SessionStore, idea_id: int) -> None:
    idea = store.idea(idea_id)
    if idea is None:
        raise RuleError(f"Idea {idea_id} does not exist.")
    if idea.merged_into is not None:
        raise RuleError("That idea was merged into another card; place the card instead.")
    if idea.withdrawn:
        raise RuleError("That idea was withdrawn, so it has no place on the matrix.")


def _placement(store: SessionStore, idea_id: int) -> tuple[int, float, float, bool] | None:
    return store.placement_of(idea_id)


def _ratings(store: SessionStore, idea_id: int) -> list[tuple[int, int]]:
    return store.ratings_of(idea_id)


def _current(store: SessionStore, idea_id: int) -> tuple[float, float] | None:
    """Where the card sits now, by the same rule as `core.matrix.positions`."""
    placed = _placement(store, idea_id)
    rated = _ratings(store, idea_id)
    if placed is not None and (placed[3] or not rated):
        return placed[1], placed[2]
    if rated:
        return matrix.median([f for f, _ in rated]), matrix.median([i for _, i in rated])
    return None


def _write_placement(store: SessionStore, idea_id: int, feasibility: float, impact: float) -> None:
    """Store a consensus position. On a rated card it is pinned, or the ratings would hide it."""
    rated = bool(_ratings(store, idea_id))
    placed = _placement(store, idea_id)
    if placed is None:
        store.insert(
            "placement",
            {"idea_id": idea_id, "feasibility": feasibility, "impact": impact, "pinned": int(rated)},
        )
    else:
        pinned = placed[3] or rated
        store.update(
            "placement", placed[0], {"feasibility": feasibility, "impact": impact, "pinned": int(pinned)}
        )


@operation
def place(store: SessionStore, idea_id: int, feasibility: float, impact: float) -> tuple[int, int]:
    """Put a card where the room agrees, snapped to the 1..5 grid. Returns the snapped point."""
    _require_card(store, idea_id)
    point = (matrix.snap(feasibility), matrix.snap(impact))
    _write_placement(store, idea_id, *point)  # unchanged rows record nothing, so no empty undo step
    return point


@operation
def move(store: SessionStore, idea_id: int, d_feasibility: int, d_impact: int) -> tuple[int, int]:
    """Move a card one grid step (arrow keys). An unplaced card starts from the centre.

    At the edge nothing changes, so nothing is added to the undo history.
    """
    _require_card(store, idea_id)
    current = _current(store, idea_id)
    if current is None:
        start = (matrix.MIDPOINT, matrix.MIDPOINT)
        point = (
            matrix.step(start[0], d_feasibility) if d_feasibility else start[0],
            matrix.step(start[1], d_impact) if d_impact else start[1],
        )
        _write_placement(store, idea_id, *point)
        return point
    point = (
        matrix.step(current[0], d_feasibility) if d_feasibility else current[0],
        matrix.step(current[1], d_impact) if d_impact else current[1],
    )
    if point != tuple(current):
        _write_placement(store, idea_id, *point)
    return point


@operation
def pin(store: SessionStore, idea_id: int) -> None:
    """Keep the card where it sits now, whatever the ratings say. The ratings are kept."""
    _require_card(store, idea_id)
    placed = _placement(store, idea_id)
    if placed is not None:
        store.update("placement", placed[0], {"pinned": 1})
        return
    current = _current(store, idea_id)
    if current is None:
        raise RuleError("Place the card or rate it before pinning it.")
    store.insert(
        "placement", {"idea_id": idea_id, "feasibility": current[0], "impact": current[1], "pinned": 1}
    )


@operation
def unpin(store: SessionStore, idea_id: int) -> None:
    """Let the ratings place the card again. The consensus position is kept."""
    placed = _placement(store, idea_id)
    if placed is not None:
        store.update("placement", placed[0], {"pinned": 0})


@operation
def set_candidate(store: SessionStore, idea_id: int, on_matrix: bool | None) -> None:
    """Add an idea to the matrix (True), take it off (False), or follow the vote again (None)."""
    if on_matrix is not None:
        _require_card(store, idea_id)
    elif store.idea(idea_id) is None:
        raise RuleError(f"Idea {idea_id} does not exist.")
    value = None if on_matrix is None else int(bool(on_matrix))
    store.update("idea", idea_id, {"candidate": value})


@operation
def reset_candidates(store: SessionStore) -> None:
    """Forget every addition and removal: the matrix holds the top-voted ideas again."""
    for idea_id in store.ids_where("idea", "candidate IS NOT NULL"):
        store.update("idea", idea_id, {"candidate": None})


def _rating_id(store: SessionStore, idea_id: int, rater_key: str) -> int | None:
    return store.rating_id(idea_id, rater_key)


def _check_key(rater_key: str) -> str:
    if not isinstance(rater_key, str):
        raise TypeError("a rater key is a string")
    return rater_key


def _write_rating(store: SessionStore, idea_id: int, rater_key: str, feasibility: int, impact: int) -> None:
    feasibility = matrix.check_score(feasibility, "feasibility")
    impact = matrix.check_score(impact, "impact")
    rating_id = _rating_id(store, idea_id, rater_key)
    values = {"feasibility": feasibility, "impact": impact}
    if rating_id is None:
        rating_id = store.random_id("rating")
        store.insert("rating", {"id": rating_id, "idea_id": idea_id, "rater_key": rater_key, **values})
    else:
        store.update("rating", rating_id, values)


@operation
def rate(store: SessionStore, idea_id: int, rater_key: str, feasibility: int, impact: int) -> None:
    """Enter or replace one rater's rating of one card."""
    _check_key(rater_key)
    _require_card(store, idea_id)
    _write_rating(store, idea_id, rater_key, feasibility, impact)
    store.shuffle_tables("rating")


@operation
def rate_all(
    store: SessionStore, rater_key: str, scores: Mapping[int, tuple[int, int]], replace: bool = False
) -> int:
    """One person's ratings from the hand-over screen, as one step. Returns how many were stored.

    Cards left out keep whatever this rater gave them before (nothing, the first time);
    with `replace` (the rater changing their own ratings) they lose this rater's rating.
    """
    _check_key(rater_key)
    if not scores:
        raise RuleError("Rate at least one card, or hand the laptop on.")
    if replace:
        for rating_id, idea_id in store.rater_ratings(rater_key):
            if idea_id not in scores:
                store.delete("rating", rating_id)
    for idea_id, (feasibility, impact) in scores.items():
        _require_card(store, idea_id)
        _write_rating(store, idea_id, rater_key, feasibility, impact)
    store.shuffle_tables("rating")
    return len(scores)


@operation
def clear_rating(store: SessionStore, idea_id: int, rater_key: str) -> None:
    """Take back one rater's rating of one card."""
    rating_id = _rating_id(store, idea_id, rater_key)
    if rating_id is not None:
        store.delete("rating", rating_id)


@operation
def clear_rater(store: SessionStore, rater_key: str) -> int:
    """Take back every rating on one sheet (a rater column typed by mistake). Returns how many."""
    ids = store.ids_where("rating", "rater_key = ?", (rater_key,))
    for rating_id in ids:
        store.delete("rating", rating_id)
    return len(ids)


def rater_keys(store: SessionStore) -> list[str]:
    """The anonymous raters in the file, in a stable order that says nothing about when
    they rated (rating ids are random)."""
    return store.rater_keys()
