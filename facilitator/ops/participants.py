"""People round the table and their seat order."""

from __future__ import annotations

from facilitator.core.errors import RuleError
from facilitator.core.text import clean_name, clean_text, parse_names
from facilitator.ops.base import operation
from facilitator.store.session_store import SessionStore


def _next_seat(store: SessionStore) -> int:
    row = store.db.conn.execute("SELECT coalesce(max(seat), -1) + 1 FROM participant").fetchone()
    return row[0]


@operation
def add_participants(store: SessionStore, pasted: str, joined_round: int = 1) -> list[int]:
    """Add people from pasted text, one name per line, at the end of the seat order."""
    names = parse_names(pasted)
    if not names:
        raise RuleError("Paste or type at least one name, one per line.")
    seat = _next_seat(store)
    ids = []
    for offset, name in enumerate(names):
        ids.append(
            store.insert("participant", {"name": name, "seat": seat + offset, "joined_round": joined_round})
        )
    return ids


@operation
def update_participant(store: SessionStore, participant_id: int, **fields: object) -> None:
    values: dict[str, object] = {}
    if "name" in fields:
        values["name"] = clean_name(str(fields["name"]))
    for key in ("role", "team"):
        if key in fields:
            values[key] = clean_text(str(fields[key]))
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
