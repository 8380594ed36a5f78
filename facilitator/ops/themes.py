"""Themes (the pillars ideas are sorted under)."""

from __future__ import annotations

import re

from facilitator.core.errors import RuleError
from facilitator.core.text import clean_name
from facilitator.ops.base import operation
from facilitator.store.session_store import SessionStore

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
PALETTE = ("#4C78A8", "#E45756", "#54A24B", "#F58518", "#B279A2", "#72B7B2", "#9D755D", "#EECA3B")


def _check_colour(colour: str) -> str:
    if not _COLOUR.match(colour):
        raise RuleError(f"{colour!r} is not a colour like #4C78A8.")
    return colour.upper()


def _unique_name(store: SessionStore, name: str, theme_id: int | None = None) -> str:
    name = clean_name(name, "A theme name")
    clash = store.ids_where("theme", "lower(name) = lower(?) AND id IS NOT ?", (name, theme_id))
    if clash:
        raise RuleError(f"There is already a theme called {name!r}.")
    return name


@operation
def add_theme(store: SessionStore, name: str, colour: str | None = None) -> int:
    name = _unique_name(store, name)
    count = store.count("theme")
    colour = _check_colour(colour or PALETTE[count % len(PALETTE)])
    return store.insert("theme", {"name": name, "colour": colour, "position": count})


@operation
def rename_theme(store: SessionStore, theme_id: int, name: str) -> None:
    store.update("theme", theme_id, {"name": _unique_name(store, name, theme_id)})


@operation
def recolour_theme(store: SessionStore, theme_id: int, colour: str) -> None:
    store.update("theme", theme_id, {"colour": _check_colour(colour)})


@operation
def reorder_themes(store: SessionStore, theme_ids: list[int]) -> None:
    if sorted(theme_ids) != sorted(store.ids_where("theme", "1")):
        raise RuleError("The theme order must list every theme exactly once.")
    for position, tid in enumerate(theme_ids):
        store.update("theme", tid, {"position": position})


@operation
def remove_theme(store: SessionStore, theme_id: int) -> None:
    """Remove a theme; its ideas become unsorted (they are never lost)."""
    for idea_id in store.ids_where("idea", "theme_id = ?", (theme_id,)):
        store.update("idea", idea_id, {"theme_id": None})
    store.delete("theme", theme_id)
