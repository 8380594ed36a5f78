"""Turn order round the table: who speaks next, and when a round is over.

The session stores only a seat number and a round. Everything else (who that
seat belongs to now, who is skipped, when the round wraps) is worked out here,
so marking someone absent or adding a late arrival never needs a data fix-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from facilitator.core.model import Participant, Turn


@dataclass(frozen=True)
class Position:
    """Where the turn is: a seat in a round, and who sits there (None: nobody can speak)."""

    seat: int
    round: int
    participant_id: int | None

    @property
    def empty(self) -> bool:
        return self.participant_id is None


def in_rotation(person: Participant, round_no: int) -> bool:
    """Present, and already in the room for this round (late arrivals join from their round)."""
    return not person.absent and person.joined_round <= round_no


def rotation(participants: Iterable[Participant], round_no: int) -> list[Participant]:
    """The people who take a turn in this round, in seat order."""
    seated = sorted(participants, key=lambda p: (p.seat, p.id))
    return [p for p in seated if in_rotation(p, round_no)]


def _last_joining_round(participants: list[Participant], round_no: int) -> int:
    """Beyond this round nobody new can become eligible, so searching further is pointless."""
    return max([round_no, *(p.joined_round for p in participants)])


def current(participants: Iterable[Participant], seat: int, round_no: int) -> Position:
    """The speaker whose turn it is: the first eligible seat at or after `seat`.

    If that seat's holder is absent the turn falls to the next person present;
    past the last seat it wraps into the next round.
    """
    people = list(participants)
    round_no = max(1, round_no)
    for r in range(round_no, _last_joining_round(people, round_no) + 2):
        for person in rotation(people, r):
            if r > round_no or person.seat >= seat:
                return Position(person.seat, r, person.id)
    return Position(seat, round_no, None)


def next_position(participants: Iterable[Participant], seat: int, round_no: int) -> Position:
    """Where the turn goes after the speaker in `seat` finishes in `round_no`."""
    return current(participants, seat + 1, round_no)


def everyone_passed(participants: Iterable[Participant], turns: Iterable[Turn], round_no: int) -> bool:
    """True when each person in this round's rotation took a turn and nobody gave an idea.

    Absent people do not hold the round open. A round with nobody in it is not "all passed".
    """
    people = rotation(participants, round_no)
    if not people:
        return False
    in_round = [t for t in turns if t.round == round_no and t.participant_id is not None]
    if any(t.ideas > 0 or not t.passed for t in in_round):
        return False
    took_turn = {t.participant_id for t in in_round}
    return all(p.id in took_turn for p in people)


def finished_all_pass_round(
    participants: Iterable[Participant], turns: Iterable[Turn], position: Position
) -> int | None:
    """The round just completed in which everyone passed, or None.

    Only the round before the current one counts, and only while nobody has
    spoken since: once the room speaks again the suggestion to move on lapses.
    """
    done = position.round - 1
    turns = list(turns)
    if done < 1 or not everyone_passed(participants, turns, done):
        return None
    if any(t.round > done and t.participant_id is not None for t in turns):
        return None
    return done
