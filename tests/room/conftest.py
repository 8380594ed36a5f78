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

CARDS = ["Quieter handovers", "A rota that is out a month ahead", "<b>Fix</b> the hoist & the bed"]


def make_session(path: Path, phase: Phase = Phase.VOTE) -> list[int]:
    store = SessionStore.create(path, title="Ward 7")
    try:
        ids = [idea_ops.add_idea(store, text).value for text in CARDS]
        session_ops.set_phase(store, phase)
        return ids
    finally:
        store.close()


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
