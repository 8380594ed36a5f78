"""A session in the Vote phase with cards, and a room on it, for the room's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.core.model import Phase
from facilitator.ops import ideas as idea_ops
from facilitator.ops import session as session_ops
from facilitator.room.host import FileHost
from facilitator.room.room import Mode, Room
from facilitator.store.session_store import SessionStore
from tests.sealed import ids_by_text

# Closing the (anonymous) session seals it: new random ids, and the cards in the order of
# their text, so these sort in the order listed.
CARDS = ["A quieter handover", "A rota that is out a month ahead", "Fix <b>the</b> hoist & the bed"]


def make_session(path: Path, phase: Phase = Phase.VOTE) -> list[int]:
    """The session's file, closed; returns the cards' ids in the order of CARDS."""
    store = SessionStore.create(path, title="Ward 7")
    try:
        for text in CARDS:
            idea_ops.add_idea(store, text)
        session_ops.set_phase(store, phase)
    finally:
        store.close()
    return ids_by_text(path, CARDS)


@pytest.fixture
def vote_file(tmp_path: Path) -> tuple[Path, list[int]]:
    path = tmp_path / "vote.roundtable"
    return path, make_session(path)


@pytest.fixture
def vote_room(vote_file) -> Iterator[tuple[Room, FileHost, list[int]]]:
    path, ids = vote_file
    host = FileHost(path)
    room = Room(host, Mode.VOTE)
    room.refresh().result()
    yield room, host, ids
    room.close()
    host.close()
