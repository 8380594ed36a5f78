"""Ballots from phones in the room, attacked like laptop ballots: 30 people vote on their phones in
seat order (some revise), through the room itself; whoever holds the closed file and knows the seat
order must not link a person to a ballot better than chance, nor find a phone's token."""

from __future__ import annotations

import random
from pathlib import Path

from facilitator.core.model import Phase
from facilitator.ops import session as session_ops
from facilitator.room.host import FileHost
from facilitator.room.room import Mode, Room
from facilitator.store.session_store import SessionStore
from tests.privacy.attack import chance_limit, hits, zip_guess
from tests.privacy.test_ballot_attacks import _ballot_orders, _dots, _people_and_ideas


def test_phone_ballots_cannot_be_linked_to_the_seat_order(session_path: Path) -> None:
    rng = random.Random(319)
    store = SessionStore.open(session_path)
    people, _ = _people_and_ideas(store)
    session_ops.set_phase(store, Phase.VOTE)
    store.close()  # seals: the ideas get new ids
    store = SessionStore.open(session_path, read_only=True)
    ideas = [i.id for i in store.ideas()]
    store.close()
    host = FileHost(session_path)
    room = Room(host, Mode.VOTE)
    room.refresh().result()
    tokens = {person: room.join() for person in people}  # each person's phone, in seat order
    truth: dict[int, int] = {}
    for person in people:
        truth[person] = room.cast(tokens[person], _dots(rng, ideas)).result().value
    for person in rng.sample(people, 6):
        truth[person] = room.cast(tokens[person], _dots(rng, ideas)).result().value
    room.close()
    host.close()

    ballots = _ballot_orders(session_path)
    limit = chance_limit(list(truth), [truth[p] for p in truth])
    results = {name: hits(zip_guess(people, order), truth) for name, order in ballots.items()}
    print("phone ballot attack results (hits of 30):", results, "chance limit:", limit)
    assert max(results.values()) <= limit, results
    raw = session_path.read_bytes()
    assert not any(token.encode() in raw for token in tokens.values())
    store = SessionStore.open(session_path, read_only=True)
    try:
        assert store.phone_voters() == 30 and store.count("ballot") == 30
        assert store.load().voters == []  # no person is marked: the phones are nobody
    finally:
        store.close()
