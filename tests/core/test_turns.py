"""Turn order round the table: fixed seat order, absent people skipped, late arrivals join."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from facilitator.core import turns
from facilitator.core.model import Participant, Turn


def people(n: int, absent: tuple[int, ...] = (), late: dict[int, int] | None = None) -> list[Participant]:
    late = late or {}
    return [
        Participant(id=i + 1, name=f"P{i + 1}", seat=i, absent=i in absent, joined_round=late.get(i, 1))
        for i in range(n)
    ]


def walk(participants: list[Participant], steps: int) -> list[tuple[int, int | None]]:
    """(round, participant) for `steps` turns from the start."""
    where = turns.current(participants, 0, 1)
    seen = []
    for _ in range(steps):
        seen.append((where.round, where.participant_id))
        where = turns.next_position(participants, where.seat, where.round)
    return seen


def test_rotation_goes_round_in_seat_order_and_wraps_into_the_next_round() -> None:
    assert walk(people(3), 7) == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1)]


def test_absent_people_are_skipped() -> None:
    assert walk(people(4, absent=(1, 3)), 4) == [(1, 1), (1, 3), (2, 1), (2, 3)]


def test_seat_order_not_id_order_decides() -> None:
    room = people(3)
    room[0].seat, room[2].seat = 2, 0
    assert [pid for _, pid in walk(room, 3)] == [3, 2, 1]


def test_late_arrival_joins_from_their_round() -> None:
    room = people(3, late={2: 2})
    assert walk(room, 5) == [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3)]


def test_current_falls_to_next_present_person_when_seat_holder_leaves() -> None:
    room = people(3, absent=(1,))
    assert turns.current(room, 1, 1) == turns.Position(2, 1, 3)
    assert turns.current(room, 3, 1) == turns.Position(0, 2, 1)  # past the last seat: next round


def test_nobody_present_gives_an_empty_position() -> None:
    where = turns.current(people(2, absent=(0, 1)), 0, 4)
    assert where.empty and where.round == 4
    assert turns.current([], 0, 1).empty


def _turn(tid: int, pid: int, round_no: int, passed: bool, ideas: int = 0) -> Turn:
    return Turn(tid, pid, round_no, "2026-01-01T10:00:00", "2026-01-01T10:01:00", passed, ideas)


def test_everyone_passed_needs_every_present_person_to_pass() -> None:
    room = people(3, absent=(2,))
    one_spoke = [_turn(1, 1, 2, True), _turn(2, 2, 2, False, ideas=1)]
    assert not turns.everyone_passed(room, one_spoke, 2)
    only_one = [_turn(1, 1, 2, True)]
    assert not turns.everyone_passed(room, only_one, 2)
    both = [_turn(1, 1, 2, True), _turn(2, 2, 2, True)]
    assert turns.everyone_passed(room, both, 2)  # the absent person does not hold it open
    assert not turns.everyone_passed(people(0), [], 1)


def test_finished_all_pass_round_lapses_once_the_room_speaks_again() -> None:
    room = people(2)
    passes = [_turn(1, 1, 3, True), _turn(2, 2, 3, True)]
    at_round_4 = turns.Position(0, 4, 1)
    assert turns.finished_all_pass_round(room, passes, at_round_4) == 3
    spoke_again = [*passes, _turn(3, 1, 4, False, ideas=1)]
    assert turns.finished_all_pass_round(room, spoke_again, turns.Position(1, 4, 2)) is None
    assert turns.finished_all_pass_round(room, passes, turns.Position(1, 3, 2)) is None


rooms = st.lists(
    st.tuples(st.booleans(), st.integers(min_value=1, max_value=4)), min_size=1, max_size=12
).map(
    lambda specs: [
        Participant(id=i + 1, name=f"P{i}", seat=i, absent=absent, joined_round=joined)
        for i, (absent, joined) in enumerate(specs)
    ]
)


@given(rooms, st.integers(min_value=1, max_value=5))
def test_each_round_visits_every_eligible_person_exactly_once(room: list[Participant], round_no: int) -> None:
    eligible = [p.id for p in turns.rotation(room, round_no)]
    where = turns.current(room, 0, round_no)
    visited = []
    while not where.empty and where.round == round_no:
        visited.append(where.participant_id)
        where = turns.next_position(room, where.seat, where.round)
    assert visited == eligible


@given(rooms, st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=5))
def test_the_turn_only_moves_forward_and_never_lands_on_someone_absent(
    room: list[Participant], seat: int, round_no: int
) -> None:
    where = turns.current(room, seat, round_no)
    if where.empty:
        assert not any(turns.in_rotation(p, r) for p in room for r in range(round_no, 6))
        return
    nxt = turns.next_position(room, where.seat, where.round)
    assert (nxt.round, nxt.seat) > (where.round, where.seat)
    person = next(p for p in room if p.id == nxt.participant_id)
    assert turns.in_rotation(person, nxt.round)
