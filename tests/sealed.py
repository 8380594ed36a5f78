"""Finding ideas again in a sealed file.

Closing an anonymous session (the default) seals it: every idea gets a new random id and
the cards are listed by their words. A test that wrote ideas and closed the file finds
them again by text, as another program would read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from facilitator.store.session_store import SessionStore


def ids_by_text(path: Path, texts: Sequence[str]) -> list[int]:
    """The ids of the ideas with these texts, in the order given (the file opened read-only)."""
    store = SessionStore.open(path, read_only=True)
    try:
        by_text = {i.text: i.id for i in store.ideas()}
    finally:
        store.close()
    return [by_text[t] for t in texts]
