"""The round table: record what each speaker says, or their pass, and move the turn on.

Each operation writes the idea, the turn row and the session's seat and round
in one transaction, so one undo puts all of them back together.

A turn row is written when the speaker finishes (idea or pass). A speaker who
gives several ideas keeps an open turn (``ended_at`` empty) until the turn
moves on. The turn's start time comes from the turn clock on screen.
"""

from __future__ import annotations

import datetime as dt

from facilitator.core import turns as turn_rules
from facilitator.core.errors import RuleError
from facilitator.core.model import SessionState
from facilitator.core.text import clean_idea_text, clean_name
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops.base import operation
from facilitator.store.session_store import SessionStore, now

NOBODY = "Nobody can take a turn: add participants in Setup, or mark someone present."


def position(store: SessionStore) -> turn_rules.Position:
    """Whose turn it is now, worked out from the stored seat and round."""
    info = store.info()
    return turn_rules.current(store.participants(), info.current_seat, info.current_round)


def table_state(store: SessionStore, since_round: int | None = None) -> SessionState:
    """The session without its ideas: enough to draw the table and count airtime cheaply.

    With `since_round`, only turns from that round on are loaded (what the table needs
    while ideas are being captured, however long the session has run).
    """
    return SessionState(
        info=store.info(),
        participants=store.participants(),
        turns=store.turns_since(since_round),
        airtime=store.airtime_totals(),  # what sealing folded out of the turns
    )


def _speaker(store: SessionStore) -> turn_rules.Position:
    where = position(store)
    if where.empty:
        raise RuleError(NOBODY)
    return where


def _open_turn(store: SessionStore) -> tuple[int, int | None, int] | None:
    """(id, participant, round) of a turn still in progress, if any."""
    return store.open_turn()


def _start_time(started_at: str | None, stamp: str) -> str:
    """The clock's start if it is a sensible time, else now (a zero-length turn)."""
    if not started_at:
        return stamp
    try:
        start = dt.datetime.fromisoformat(started_at)
    except ValueError:
        return stamp
    if start.isoformat(timespec="seconds") > stamp:
        return stamp
    return start.isoformat(timespec="seconds")


def _turn_for(store: SessionStore, where: turn_rules.Position, started_at: str | None, stamp: str) -> int:
    """The speaker's open turn, or a new one. A stale open turn (someone else's) is closed."""
    open_turn = _open_turn(store)
    if open_turn is not None:
        turn_id, participant_id, round_no = open_turn
        if participant_id == where.participant_id and round_no == where.round:
            return turn_id
        store.update("turn", turn_id, {"ended_at": stamp})
    return store.insert(
        "turn",
        {
            "participant_id": where.participant_id,
            "round": where.round,
            "started_at": _start_time(started_at, stamp),
            "ended_at": "",
            "passed": 0,
            "ideas": 0,
        },
    )


def _move_to(store: SessionStore, where: turn_rules.Position) -> None:
    store.update("session", 1, {"current_seat": where.seat, "current_round": where.round})


def _advance(store: SessionStore, where: turn_rules.Position) -> turn_rules.Position:
    after = turn_rules.next_position(store.participants(), where.seat, where.round)
    if after.empty:  # nobody else is left; the turn stays where it is
        after = where
    _move_to(store, after)
    return after


@operation
def record_idea(
    store: SessionStore,
    text: str,
    keep_turn: bool = False,
    started_at: str | None = None,
    theme_id: int | None = None,
) -> int:
    """Record the speaker's idea. The turn moves to the next seat unless `keep_turn`.

    Returns the new idea's id. In an anonymous session the idea names no author
    and no turn; the turn only counts how many ideas it gave.
    """
    text = clean_idea_text(text)
    where = _speaker(store)
    stamp = now()
    turn_id = _turn_for(store, where, started_at, stamp)
    anonymous = store.info().rules.anonymous
    idea_id = idea_ops.add_idea(
        store,
        text,
        theme_id=theme_id,
        author_id=None if anonymous else where.participant_id,
        round=where.round,
        turn_id=turn_id,
    ).value
    if keep_turn:
        _move_to(store, where)
    else:
        store.update("turn", turn_id, {"ended_at": stamp})
        _advance(store, where)
    return idea_id


@operation
def pass_turn(store: SessionStore, started_at: str | None = None) -> bool:
    """The speaker passes and the turn moves on.

    If the speaker already gave ideas in this turn, this just ends the turn
    (it is not a pass). Returns True when a pass was recorded.
    """
    where = _speaker(store)
    stamp = now()
    turn_id = _turn_for(store, where, started_at, stamp)
    ideas = store.turn_idea_count(turn_id)
    values: dict[str, object] = {"ended_at": stamp}
    if ideas == 0:
        values["passed"] = 1
    store.update("turn", turn_id, values)
    _advance(store, where)
    return ideas == 0


@operation
def end_turn(store: SessionStore) -> None:
    """Finish a turn in which the speaker gave several ideas, and move on."""
    where = position(store)
    open_turn = _open_turn(store)
    if open_turn is None or where.empty or open_turn[1:] != (where.participant_id, where.round):
        raise RuleError("No turn is in progress. Type the speaker's idea, or record a pass.")
    store.update("turn", open_turn[0], {"ended_at": now()})
    _advance(store, where)


def turn_in_progress(store: SessionStore) -> bool:
    """True while the current speaker has an open turn (they gave an idea and kept the turn)."""
    where = position(store)
    open_turn = _open_turn(store)
    return open_turn is not None and open_turn[1:] == (where.participant_id, where.round)


@operation
def open_floor_idea(store: SessionStore, text: str, theme_id: int | None = None) -> int:
    """An idea with no speaker attached (a comment card, a remark from the floor)."""
    return idea_ops.add_idea(store, text, theme_id=theme_id).value


@operation
def set_current_seat(store: SessionStore, participant_id: int) -> None:
    """Give the turn to someone else (the room went out of order, or someone came back)."""
    people = {p.id: p for p in store.participants()}
    person = people.get(participant_id)
    if person is None:
        raise RuleError("That participant is no longer in the session.")
    where = position(store)
    round_no = where.round
    if person.absent:
        raise RuleError(f"{person.name} is marked absent. Mark them present first.")
    if person.joined_round > round_no:
        raise RuleError(f"{person.name} joins the rotation in round {person.joined_round}.")
    open_turn = _open_turn(store)
    if open_turn is not None:
        store.update("turn", open_turn[0], {"ended_at": now()})
    _move_to(store, turn_rules.Position(person.seat, round_no, person.id))


@operation
def add_late_arrival(store: SessionStore, name: str) -> int:
    """Seat someone who arrived late at the end of the table; they join this round's rotation."""
    name = clean_name(name)
    round_no = position(store).round
    return people_ops.add_participants(store, name, joined_round=round_no).value[0]
