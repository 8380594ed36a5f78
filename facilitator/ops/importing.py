"""Bringing ideas in from a CSV (comment cards, a survey) as one undoable step."""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitator.core.errors import RuleError
from facilitator.core.importing import CsvIdea, collector_paused
from facilitator.core.text import clean_idea_text, clean_name
from facilitator.ops.base import operation
from facilitator.ops.ideas import _anonymous
from facilitator.ops.themes import add_theme
from facilitator.store.session_store import SessionStore, now


@dataclass
class ImportResult:
    idea_ids: list[int] = field(default_factory=list)
    new_themes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things the user should know, one sentence each


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


_COLUMNS = ("text", "theme_id", "position", "created_at", "updated_at")


def _theme(store: SessionStore, cell: str, themes: dict[str, int], result: ImportResult) -> int | None:
    """The id of the theme named in `cell`, made now when the session does not have it yet."""
    if not cell.strip():
        return None
    name = clean_name(cell, "A theme name")
    theme_id = themes.get(_key(name))
    if theme_id is None:
        theme_id = add_theme(store, name).value
        themes[_key(name)] = theme_id
        result.new_themes.append(name)
    return theme_id


def _author(cell: str, people: dict[str, int]) -> tuple[str, int | None]:
    """The author's name in `cell` ("" for none) and the participant of that name, or None."""
    if not cell.strip():
        return "", None
    name = clean_name(cell, "An author")
    return name, people.get(_key(name))


@operation
def import_ideas(store: SessionStore, rows: list[CsvIdea]) -> ImportResult:
    """Add every row as an idea, or none of them.

    A theme name the session does not know yet becomes a new theme. An author
    is stored only in a named (not anonymous) session, and only when it matches
    a participant's name; otherwise the idea is added without one and a note says so.
    """
    if not rows:
        raise RuleError("There are no ideas to import.")
    result = ImportResult()
    themes = {_key(t.name): t.id for t in store.themes()}
    people = {}
    for p in store.participants():
        people.setdefault(_key(p.name), p.id)
    anonymous = _anonymous(store)
    with_authors = bool(people) and not anonymous  # otherwise no idea gets an author
    unmatched: list[str] = []
    unmatched_keys: set[str] = set()
    authors_dropped = False
    # A file repeats a few themes and authors many times: each distinct cell is checked once.
    theme_of: dict[str, int | None] = {}
    author_of: dict[str, tuple[str, int | None]] = {}
    position = store.next_idea_position()
    stamp = now()
    values = []
    with collector_paused():  # 20,000 rows build nothing that holds a cycle
        for number, row in enumerate(rows, start=1):
            try:
                text = clean_idea_text(row.text)
                if row.theme not in theme_of:
                    theme_of[row.theme] = _theme(store, row.theme, themes, result)
                if row.author not in author_of:
                    author, author_id = author_of[row.author] = _author(row.author, people)
                    if author and anonymous:
                        authors_dropped = True
                    elif author and author_id is None and author not in unmatched_keys:
                        unmatched_keys.add(author)
                        unmatched.append(author)
            except RuleError as exc:
                where = f"Line {row.line}" if row.line else f"Row {number}"
                raise RuleError(f"{where}: {exc}") from None
            theme_id = theme_of[row.theme]
            if with_authors:
                values.append((text, theme_id, position, stamp, stamp, author_of[row.author][1]))
            else:
                values.append((text, theme_id, position, stamp, stamp))
            position += 1
        columns = (*_COLUMNS, "author_id") if with_authors else _COLUMNS
        result.idea_ids = store.insert_many("idea", columns, values)
    if authors_dropped:
        result.notes.append("The session is anonymous, so the authors in the file were not stored.")
    if unmatched:
        shown = ", ".join(unmatched[:5]) + (f" and {len(unmatched) - 5} more" if len(unmatched) > 5 else "")
        result.notes.append(f"No participant is called {shown}; those ideas were added without an author.")
    return result
