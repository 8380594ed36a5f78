"""Named questions the rest of the app asks the open file.

`ops` and `ui` never hold the connection or write SQL: when they need a fact
that `SessionStore.load()` and its plain readers do not give cheaply, it gets a
method here, named for the question. `SessionStore` inherits these.
"""

from __future__ import annotations

import sqlite3


class Queries:
    """Read-only questions about the session. Mixed into `SessionStore`."""

    def _connection(self) -> sqlite3.Connection:
        raise NotImplementedError

    def _one(self, sql: str, params: tuple = ()) -> tuple | None:
        return self._connection().execute(sql, params).fetchone()

    def _all(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self._connection().execute(sql, params).fetchall()

    # ---- session ----

    def is_anonymous(self) -> bool:
        return bool(self._one("SELECT anonymous FROM session WHERE id = 1")[0])

    def event_details(self, kind: str) -> list[str]:
        """The detail of every event of one kind, oldest first."""
        rows = self._all("SELECT detail FROM event WHERE kind = ? ORDER BY id", (kind,))
        return [detail for (detail,) in rows]

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
