"""Bringing ideas in from a CSV (comment cards, a survey) as one undoable step."""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitator.core.errors import RuleError
from facilitator.core.importing import CsvIdea
from facilitator.core.text import clean_idea_text, clean_name
from facilitator.ops.base import operation
from facilitator.ops.ideas import _anonymous, add_idea
from facilitator.ops.themes import add_theme
from facilitator.store.session_store import SessionStore


@dataclass
class ImportResult:
    idea_ids: list[int] = field(default_factory=list)
    new_themes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things the user should know, one sentence each


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


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
    unmatched: list[str] = []
    unmatched_keys: set[str] = set()
    authors_dropped = False
    position = store.next_idea_position()
    for number, row in enumerate(rows, start=1):
        where = f"Line {row.line}" if row.line else f"Row {number}"
        try:
            text = clean_idea_text(row.text)
            theme_name = clean_name(row.theme, "A theme name") if row.theme.strip() else ""
            author = clean_name(row.author, "An author") if row.author.strip() else ""
        except RuleError as exc:
            raise RuleError(f"{where}: {exc}") from None
        theme_id = None
        if theme_name:
            theme_id = themes.get(_key(theme_name))
            if theme_id is None:
                theme_id = add_theme(store, theme_name).value
                themes[_key(theme_name)] = theme_id
                result.new_themes.append(theme_name)
        author_id = None
        if author:
            if anonymous:
                authors_dropped = True
            else:
                author_id = people.get(_key(author))
                if author_id is None and author not in unmatched_keys:
                    unmatched_keys.add(author)
                    unmatched.append(author)
        idea = add_idea(store, text, theme_id=theme_id, author_id=author_id, position=position)
        result.idea_ids.append(idea.value)
        position += 1
    if authors_dropped:
        result.notes.append("The session is anonymous, so the authors in the file were not stored.")
    if unmatched:
        shown = ", ".join(unmatched[:5]) + (f" and {len(unmatched) - 5} more" if len(unmatched) > 5 else "")
        result.notes.append(f"No participant is called {shown}; those ideas were added without an author.")
    return result
