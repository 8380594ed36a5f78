"""Named questions the rest of the app asks the open file.

`ops` and `ui` never hold the connection or write SQL: when they need a fact
that `SessionStore.load()` and its plain readers do not give cheaply, it gets a
method here, named for the question. `SessionStore` inherits these.
"""

from __future__ import annotations

import sqlite3

from facilitator.core.model import AirtimeTotal, Turn
from facilitator.store import sealing
from facilitator.store.connection import fetch


class Queries:
    """Read-only questions about the session. Mixed into `SessionStore`."""

    def _connection(self) -> sqlite3.Connection:
        raise NotImplementedError

    def _one(self, sql: str, params: tuple = ()) -> tuple | None:
        return self._connection().execute(sql, params).fetchone()

    def _all(self, sql: str, params: tuple = ()) -> list[tuple]:
        return fetch(self._connection(), sql, params)[1]

    # ---- session ----

    def is_anonymous(self) -> bool:
        return bool(self._one("SELECT anonymous FROM session WHERE id = 1")[0])

    def event_details(self, kind: str) -> list[str]:
        """The detail of every event of one kind, oldest first."""
        rows = self._all("SELECT detail FROM event WHERE kind = ? ORDER BY id", (kind,))
        return [detail for (detail,) in rows]

    def dismissed_pair_events(self, idea_id: int) -> list[int]:
        """Ids of the "not duplicates" events that name an idea (their detail is "a,b")."""
        rows = self._all("SELECT id, detail FROM event WHERE kind = ?", (sealing.DUPLICATE_DISMISSED,))
        return [event_id for event_id, detail in rows if str(idea_id) in str(detail).split(",")]

    def rater_ratings(self, rater_key: str) -> list[tuple[int, int]]:
        """(rating id, idea id) of every rating on one rater's sheet."""
        return self._all("SELECT id, idea_id FROM rating WHERE rater_key = ?", (rater_key,))

    def random_id(self, table: str) -> int:
        """A new random id that `table` does not use yet: ballots, dots and ratings say nothing by id."""
        return sealing.random_id(self._connection(), table)

    # ---- participants ----

    def next_seat(self) -> int:
        return self._one("SELECT coalesce(max(seat), -1) + 1 FROM participant")[0]

    def participant_name(self, participant_id: int) -> str | None:
        row = self._one("SELECT name FROM participant WHERE id = ?", (participant_id,))
        return None if row is None else row[0]

    # ---- ideas and cards ----

    def next_idea_position(self) -> int:
        return self._one("SELECT coalesce(max(position), -1) + 1 FROM idea")[0]

    def turn_idea_count(self, turn_id: int) -> int | None:
        """How many ideas a turn recorded, or None when there is no such turn."""
        row = self._one("SELECT ideas FROM turn WHERE id = ?", (turn_id,))
        return None if row is None else row[0]

    def card_texts(self) -> list[tuple[int, str]]:
        """(id, text) of every card: ideas neither merged into another nor withdrawn."""
        return self._all("SELECT id, text FROM idea WHERE merged_into IS NULL AND withdrawn = 0")

    def merged_counts(self) -> dict[int, int]:
        """For each card with wordings merged into it: how many."""
        return dict(
            self._all(
                "SELECT merged_into, count(*) FROM idea WHERE merged_into IS NOT NULL GROUP BY merged_into"
            )
        )

    def merged_wordings(self, card_id: int) -> list[str]:
        """The wordings merged into a card, in the order they were said."""
        rows = self._all("SELECT text FROM idea WHERE merged_into = ? ORDER BY position, id", (card_id,))
        return [text for (text,) in rows]

    def cards_per_theme(self) -> dict[int | None, int]:
        """How many cards each theme holds (None: cards in no theme). Themes without cards are left out."""
        return dict(
            self._all(
                "SELECT theme_id, count(*) FROM idea WHERE merged_into IS NULL AND withdrawn = 0 "
                "GROUP BY theme_id"
            )
        )

    def ideas_per_theme(self) -> dict[int, int]:
        """How many ideas (merged and withdrawn ones included) each theme holds."""
        return dict(
            self._all("SELECT theme_id, count(*) FROM idea WHERE theme_id IS NOT NULL GROUP BY theme_id")
        )

    def authorship_counts(self) -> tuple[int, int]:
        """(ideas recorded without a speaker, ideas recorded with one)."""
        unnamed, named = self._one("SELECT total(author_id IS NULL), total(author_id IS NOT NULL) FROM idea")
        return int(unnamed), int(named)

    def idea_references(self) -> list[tuple[str, str]]:
        """(table, column) of every foreign key that points at an idea (from the schema)."""
        return sealing.idea_references(self._connection())

    # ---- turns ----

    def turns_since(self, since_round: int | None = None) -> list[Turn]:
        """Every turn in the order taken, or only those from round `since_round` on."""
        sql = "SELECT id, participant_id, round, started_at, ended_at, passed, ideas FROM turn"
        params: tuple = ()
        if since_round is not None:
            sql += " WHERE round >= ?"
            params = (since_round,)
        return [
            Turn(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6])
            for r in self._all(sql + " ORDER BY id", params)
        ]

    def airtime_totals(self) -> list[AirtimeTotal]:
        """Per-person equal-voice totals of the turns that sealing folded away."""
        return [
            AirtimeTotal(*r)
            for r in self._all(
                "SELECT participant_id, turns, passes, ideas, seconds FROM airtime ORDER BY participant_id"
            )
        ]

    def open_turn(self) -> tuple[int, int | None, int] | None:
        """(id, participant, round) of a turn still in progress, if any."""
        return self._one(
            "SELECT id, participant_id, round FROM turn WHERE ended_at = '' ORDER BY id DESC LIMIT 1"
        )

    # ---- voting ----

    def ballot_dots(self, ballot_id: int) -> dict[int, int]:
        """Dots per idea on one ballot."""
        dots: dict[int, int] = {}
        for idea_id, count in self._all("SELECT idea_id, count FROM dot WHERE ballot_id = ?", (ballot_id,)):
            dots[idea_id] = dots.get(idea_id, 0) + count
        return dots

    def voter_revisions(self, participant_id: int) -> int | None:
        """How often someone has revised their ballot, or None when they have not voted."""
        row = self._one("SELECT revisions FROM voter WHERE participant_id = ?", (participant_id,))
        return None if row is None else row[0]

    # ---- the matrix ----

    def placement_of(self, idea_id: int) -> tuple[int, float, float, bool] | None:
        """(id, feasibility, impact, pinned) of a card's placement, if it has one."""
        row = self._one("SELECT id, feasibility, impact, pinned FROM placement WHERE idea_id = ?", (idea_id,))
        return None if row is None else (row[0], row[1], row[2], bool(row[3]))

    def ratings_of(self, idea_id: int) -> list[tuple[int, int]]:
        """(feasibility, impact) of every rating of one card."""
        return self._all("SELECT feasibility, impact FROM rating WHERE idea_id = ? ORDER BY id", (idea_id,))

    def rating_id(self, idea_id: int, rater_key: str) -> int | None:
        """The id of one rater's rating of one card, if they rated it."""
        row = self._one(
            "SELECT id FROM rating WHERE idea_id = ? AND rater_key = ? ORDER BY id", (idea_id, rater_key)
        )
        return None if row is None else row[0]

    def rater_keys(self) -> list[str]:
        """The anonymous raters in the file, in a stable order that says nothing about when they rated."""
        rows = self._all("SELECT rater_key FROM rating GROUP BY rater_key ORDER BY min(id)")
        return [r[0] for r in rows]
