"""Ideas: record, edit, withdraw, sort into themes, merge and split."""

from __future__ import annotations

import secrets

from facilitator.core.errors import RuleError
from facilitator.core.text import MAX_IDEA_CHARS, clean_idea_text, clean_text
from facilitator.ops.base import operation
from facilitator.store.session_store import SessionStore, now


def _anonymous(store: SessionStore) -> bool:
    return store.is_anonymous()


def _require_idea(store: SessionStore, idea_id: int) -> dict:
    idea = store.idea(idea_id)
    if idea is None:
        raise RuleError(f"Idea {idea_id} does not exist.")
    return {"id": idea.id, "merged_into": idea.merged_into, "withdrawn": idea.withdrawn}


@operation
def add_idea(
    store: SessionStore,
    text: str,
    theme_id: int | None = None,
    author_id: int | None = None,
    round: int | None = None,
    turn_id: int | None = None,
    position: int | None = None,
) -> int:
    """Record one idea. In an anonymous session neither the author nor the turn
    (which names its speaker) is stored with the idea; the turn keeps a count."""
    text = clean_idea_text(text)
    if turn_id is not None:
        count = store.turn_idea_count(turn_id)
        if count is None:
            raise RuleError("That turn does not exist.")
        store.update("turn", turn_id, {"ideas": count + 1})
    if _anonymous(store):
        author_id = None
        turn_id = None
    stamp = now()
    if position is None:  # a batch (an import) passes it, to avoid a scan per idea
        position = store.next_idea_position()
    return store.insert(
        "idea",
        {
            "text": text,
            "theme_id": theme_id,
            "author_id": author_id,
            "round": round,
            "turn_id": turn_id,
            "position": position,
            "created_at": stamp,
            "updated_at": stamp,
        },
    )


# Ids of cards from phones stay below 2**31: views pass idea ids through Qt's int.
_PHONE_ID_LIMIT = 2**31 - 1


@operation
def add_idea_from_phone(store: SessionStore, text: str) -> int:
    """Record an anonymous card sent from a phone in the room. Returns its id.

    It carries no author, round or turn, and nothing that gives its order: a random
    id, a random place among the cards, and the day (not the time) it was written.
    """
    text = clean_idea_text(text)
    while True:
        idea_id = secrets.randbelow(_PHONE_ID_LIMIT) + 1
        if not store.count("idea", "id = ?", (idea_id,)):
            break
    cards = store.count("idea")
    day = now()[:10]
    return store.insert(
        "idea",
        {
            "id": idea_id,
            "text": text,
            "position": secrets.randbelow(cards + 1),
            "created_at": day,
            "updated_at": day,
        },
    )


@operation
def edit_idea(store: SessionStore, idea_id: int, text: str) -> None:
    """Change an idea's wording; the earlier wording is kept in its history."""
    _require_idea(store, idea_id)
    text = clean_idea_text(text)
    old = store.idea(idea_id).text
    if old == text:
        return
    stamp = now()
    store.insert("idea_edit", {"idea_id": idea_id, "old_text": old, "new_text": text, "at": stamp})
    store.update("idea", idea_id, {"text": text, "updated_at": stamp})


@operation
def withdraw_idea(store: SessionStore, idea_id: int, reason: str) -> None:
    """Take an idea off the board. It stays in the minutes, marked, with the reason."""
    idea = _require_idea(store, idea_id)
    reason = clean_text(reason)
    if not reason:
        raise RuleError("Say why the idea is withdrawn; the reason goes into the minutes.")
    if len(reason) > MAX_IDEA_CHARS:
        raise RuleError(
            f"A reason can be at most {MAX_IDEA_CHARS:,} characters; this one has {len(reason):,}."
        )
    if idea["withdrawn"]:
        raise RuleError("That idea is already withdrawn.")
    store.update("idea", idea_id, {"withdrawn": 1, "withdrawn_reason": reason, "updated_at": now()})


@operation
def remove_idea_for_good(store: SessionStore, idea_id: int) -> int:
    """Remove a card permanently (hurtful or identifying words). Returns how many merged
    wordings went back on the board as cards of their own.

    Its text, every earlier wording, its dots, tallies, ratings, placement and action
    leave the file; the store zeroes deleted records (secure_delete), so the words are not
    left in free space either. The session keeps only a count, for the minutes. Undo in
    the same run puts it back (the undo history is in memory, never in the file).
    """
    _require_idea(store, idea_id)
    children = store.ids_where("idea", "merged_into = ?", (idea_id,))
    for child in children:
        store.update("idea", child, {"merged_into": None})
    for table, column in store.idea_references():
        if table == "idea":
            continue
        for rowid in store.ids_where(table, f"[{column}] = ?", (idea_id,)):
            store.delete(table, rowid)
    for event_id in store.dismissed_pair_events(idea_id):
        store.delete("event", event_id)
    store.delete("idea", idea_id)
    store.update("session", 1, {"removed_cards": store.info().removed_cards + 1})
    return len(children)


@operation
def restore_idea(store: SessionStore, idea_id: int) -> None:
    _require_idea(store, idea_id)
    store.update("idea", idea_id, {"withdrawn": 0, "withdrawn_reason": "", "updated_at": now()})


@operation
def move_to_theme(store: SessionStore, idea_ids: list[int], theme_id: int | None) -> None:
    """Sort cards under a theme (None: unsorted).

    A merged card's wordings keep their own theme: the card's theme is what the
    board and the minutes show, and unmerging gives each wording back exactly as
    it was said and sorted.
    """
    if theme_id is not None and not store.ids_where("theme", "id = ?", (theme_id,)):
        raise RuleError("That theme no longer exists.")
    for idea_id in idea_ids:
        _require_idea(store, idea_id)
        store.update("idea", idea_id, {"theme_id": theme_id})


def _root(store: SessionStore, idea_id: int) -> int:
    """The card an idea is shown on: itself, or the card it was merged into."""
    while True:
        parent = _require_idea(store, idea_id)["merged_into"]
        if parent is None:
            return idea_id
        idea_id = parent


@operation
def merge_ideas(store: SessionStore, target_id: int, source_ids: list[int]) -> None:
    """Merge duplicates into `target_id`. Every wording is kept, and votes follow the card."""
    target_id = _root(store, target_id)
    if _require_idea(store, target_id)["withdrawn"]:
        raise RuleError("A withdrawn idea cannot take in other ideas.")
    sources = [_root(store, s) for s in source_ids]
    sources = [s for s in dict.fromkeys(sources) if s != target_id]
    if not sources:
        raise RuleError("Choose at least two different cards to merge.")
    for source in sources:
        if _require_idea(store, source)["withdrawn"]:
            raise RuleError("A withdrawn idea cannot be merged; restore it first.")
        # A card that already holds merged wordings hands them to the target,
        # so every merged idea points straight at the card it is shown on.
        for child in store.ids_where("idea", "merged_into = ?", (source,)):
            store.update("idea", child, {"merged_into": target_id})
        store.update("idea", source, {"merged_into": target_id})


@operation
def unmerge_idea(store: SessionStore, idea_id: int) -> list[int]:
    """Split a merged card back into its original ideas. Returns the restored ids."""
    children = store.ids_where("idea", "merged_into = ?", (idea_id,))
    if not children:
        raise RuleError("That card holds no merged ideas.")
    for child in children:
        store.update("idea", child, {"merged_into": None})
    return children
