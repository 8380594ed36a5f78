"""Follow-up sessions: start one from a previous session file, and review its carried actions."""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from facilitator.core import followup as fu
from facilitator.core import model as m
from facilitator.core.errors import RuleError
from facilitator.core.text import clean_name
from facilitator.ops.base import operation
from facilitator.store.session_store import SessionStore


@dataclass(frozen=True)
class FollowupCreated:
    path: Path
    predecessor: fu.Predecessor
    participants: int
    themes: int
    carried: int


def read_previous(old_path: Path | str) -> m.SessionState:
    """The previous session, read through a read-only connection: the file is never changed.

    A file that cannot be opened raises its `SessionFileError` (one line, says what to do).
    """
    store = SessionStore.open(old_path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def create_followup(
    old_path: Path | str, new_path: Path | str, title: str = "", date: str = ""
) -> FollowupCreated:
    """Write a new session file for the same team as `old_path`.

    The same participants (marked to confirm on the day), themes and rules; the old
    session named as the predecessor by title and date; every action not done carried
    into the review. The new file is built beside its target and moved into place
    in one step, so a crash leaves either no file or a whole one.
    """
    new_path = Path(new_path)
    if Path(old_path).resolve() == new_path.resolve():
        raise RuleError("The follow-up needs a new file name: the previous session is never changed.")
    if new_path.exists():
        raise RuleError(f"{new_path.name} already exists. Choose another name for the follow-up.")
    previous = read_previous(old_path)
    today = _dt.date.today().isoformat()
    if date:
        try:
            date = _dt.date.fromisoformat(date).isoformat()
        except ValueError:
            raise RuleError(
                "The date must be a real date written as year-month-day, e.g. 2027-02-18."
            ) from None
    title = clean_name(title or fu.followup_title(previous.info.title), "The title")
    carried = fu.carried_actions(previous, today=today)
    old = previous.info

    def fill(store: SessionStore) -> None:
        with store.transaction():
            info = {
                "title": title,
                "question": old.question,
                "date": date or (old.next_checkin if old.next_checkin >= today else "") or today,
                "place": old.place,
                "facilitator": old.facilitator,
                "team": old.team,
                "organisation": old.organisation,
                "predecessor_title": old.title,
                "predecessor_date": old.date,
            }
            rules = {k: int(v) for k, v in dataclasses.asdict(old.rules).items()}
            store.update("session", 1, {**info, **rules})
            for theme_id in store.ids_where("theme", "1"):
                store.delete("theme", theme_id)
            for theme in previous.themes:
                store.insert(
                    "theme", {"name": theme.name, "colour": theme.colour, "position": theme.position}
                )
            for seat, person in enumerate(previous.seated()):
                store.insert(
                    "participant",
                    {
                        "name": person.name,
                        "role": person.role,
                        "team": person.team,
                        "seat": seat,
                        "to_confirm": 1,
                    },
                )
            for item in carried:
                values = dataclasses.asdict(item)
                del values["id"]
                values["status"] = fu.ReviewStatus.PENDING.value
                store.insert("review", values)

    SessionStore.create(new_path, title=title, fill=fill).close()
    return FollowupCreated(
        path=new_path,
        predecessor=fu.Predecessor(old.title, old.date),
        participants=len(previous.participants),
        themes=len(previous.themes),
        carried=len(carried),
    )


@operation
def review_action(store: SessionStore, item_id: int, status: str, note: str = "", reason: str = "") -> None:
    """Record where a carried action stands: done, in progress, stuck or dropped."""
    if store.count("review", "id = ?", (item_id,)) != 1:
        raise RuleError("That carried action is no longer in this session.")
    status, note, reason = fu.check_review(status, note, reason)
    store.update("review", item_id, {"status": status.value, "note": note, "reason": reason})


@operation
def confirm_all(store: SessionStore, here: list[int], absent: list[int] = ()) -> None:
    """People carried over from the previous session: confirmed here today, or absent."""
    for pid in here:
        store.update("participant", pid, {"to_confirm": 0, "absent": 0})
    for pid in absent:
        store.update("participant", pid, {"to_confirm": 0, "absent": 1})
