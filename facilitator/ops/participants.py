"""People round the table and their seat order."""

from __future__ import annotations

from facilitator.core.errors import RuleError
from facilitator.core.text import MAX_NAME_CHARS, clean_name, clean_text, parse_people
from facilitator.ops.base import operation
from facilitator.store.session_store import SessionStore


def _next_seat(store: SessionStore) -> int:
    return store.next_seat()


@operation
def add_participants(store: SessionStore, pasted: str, joined_round: int = 1) -> list[int]:
    """Add people from pasted text at the end of the seat order: one a line, as a name, or a name,
    role and team separated by tabs or commas."""
    people = parse_people(pasted)
    if not people:
        raise RuleError("Paste or type at least one name, one per line.")
    seat = _next_seat(store)
    ids = []
    for offset, (name, role, team) in enumerate(people):
        row = {"name": name, "seat": seat + offset, "joined_round": joined_round}
        if role:
            row["role"] = role
        if team:
            row["team"] = team
        ids.append(store.insert("participant", row))
    return ids


@operation
def update_participant(store: SessionStore, participant_id: int, **fields: object) -> None:
    values: dict[str, object] = {}
    if "name" in fields:
        values["name"] = clean_name(str(fields["name"]))
    for key in ("role", "team"):
        if key in fields:
            values[key] = " ".join(clean_text(str(fields[key])).split())
            if len(values[key]) > MAX_NAME_CHARS:
                raise RuleError(f"A {key} can be at most {MAX_NAME_CHARS} characters.")
    if "absent" in fields:
        values["absent"] = int(bool(fields["absent"]))
    store.update("participant", participant_id, values)


@operation
def reorder_seats(store: SessionStore, participant_ids: list[int]) -> None:
    """Set the seat order to `participant_ids`, which must name every participant once."""
    existing = set(store.ids_where("participant", "1"))
    if sorted(participant_ids) != sorted(existing):
        raise RuleError("The seat order must list every participant exactly once.")
    for seat, pid in enumerate(participant_ids):
        store.update("participant", pid, {"seat": seat})


# ---- Setup: removing someone who was never part of the record ---------------------------


def _name(store: SessionStore, participant_id: int) -> str:
    name = store.participant_name(participant_id)
    if name is None:
        raise RuleError("That participant is no longer in the session.")
    return name


@operation
def remove_participant(store: SessionStore, participant_id: int) -> None:
    """Take someone off the list, as long as nothing in the record points at them.

    A person who has taken a turn, spoken an idea or voted is part of the record
    (airtime, minutes), so they are marked absent instead of removed.
    """
    name = _name(store, participant_id)
    used = (
        store.count("turn", "participant_id = ?", (participant_id,))
        or store.count("airtime", "participant_id = ?", (participant_id,))
        or store.count("idea", "author_id = ?", (participant_id,))
        or store.count("voter", "participant_id = ?", (participant_id,))
    )
    if used:
        raise RuleError(
            f"{name} has already taken part (turns or votes are recorded), so they stay in the record. "
            "Tick Absent instead to leave them out of the rotation."
        )
    # The others keep their seat numbers: the session's current seat is a number,
    # so renumbering would hand the turn to someone else.
    store.delete("participant", participant_id)
