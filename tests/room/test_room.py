"""The room's own rules, without HTTP: the code, the tokens, and a ballot that arrives as the room closes."""

from __future__ import annotations

import base64
from concurrent.futures import Future
from typing import Any

import pytest

from facilitator.core.errors import RuleError
from facilitator.room.room import CODE_ALPHABET, CODE_LENGTH, Mode, Room


def test_codes_and_tokens(vote_room) -> None:
    room, _host, _ids = vote_room
    assert len(room.code) == CODE_LENGTH and set(room.code) <= set(CODE_ALPHABET)
    assert room.matches(room.code) and room.matches(f" {room.code.lower()} ")
    assert not room.matches("") and not room.matches(None) and not room.matches(room.code[:-1])
    tokens = {room.join() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(base64.urlsafe_b64decode(t + "==")) == 16 for t in tokens)  # 128 bits each
    assert room.phone("not a token") is None


class QueuedHost:
    """A host that runs nothing until told: the room's jobs wait, as they would behind a busy window."""

    def __init__(self, real) -> None:
        self.real = real
        self.waiting: list[tuple[Any, tuple, Future]] = []

    def read(self, fn):
        return self.real.read(fn)

    def write(self, op, *args) -> Future:
        future: Future = Future()
        self.waiting.append((op, args, future))
        return future

    def run_all(self) -> None:
        for op, args, future in self.waiting:
            try:
                future.set_result(self.real.write(op, *args).result())
            except Exception as exc:
                future.set_exception(exc)


def test_a_ballot_still_waiting_when_the_room_closes_is_not_written(vote_room) -> None:
    _room, host, ids = vote_room
    queued = QueuedHost(host)
    room = Room(queued, Mode.VOTE)
    room.refresh().result()
    token = room.join()
    future = room.cast(token, {ids[0]: 1})
    room.close()
    queued.run_all()
    with pytest.raises(RuleError, match="room is closed"):
        future.result()
    assert host.read(lambda store: (store.count("ballot"), store.phone_voters())).result() == (0, 0)


def test_a_second_tap_while_the_first_ballot_is_saving_is_refused(vote_room) -> None:
    _room, host, ids = vote_room
    queued = QueuedHost(host)
    room = Room(queued, Mode.VOTE)
    room.refresh().result()
    token = room.join()
    first = room.cast(token, {ids[0]: 1})
    with pytest.raises(RuleError, match="still being saved"):
        room.cast(token, {ids[1]: 1})
    queued.run_all()
    first.result()
    assert host.read(lambda store: store.count("ballot")).result() == 1
    assert room.status().voted == 1
