"""Importing ideas: all rows or none, themes made on the way, authors only where allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.core.errors import RuleError
from facilitator.core.importing import CsvIdea
from facilitator.export.csv_io import CsvError, parse_ideas_csv
from facilitator.ops import session as session_ops
from facilitator.ops.importing import import_ideas
from facilitator.ops.participants import add_participants
from facilitator.store.session_store import SessionStore


def test_rows_become_ideas_and_unknown_themes_become_themes(store: SessionStore) -> None:
    rows = [
        CsvIdea("Fix the hoist", "safety", line=2),
        CsvIdea("Quiet room", "Wellbeing", line=3),
        CsvIdea("No theme here", "", line=4),
        CsvIdea("Another wellbeing idea", "  wellbeing ", line=5),
    ]
    result = import_ideas(store, rows)
    ideas = store.ideas()
    assert [i.text for i in ideas] == [r.text for r in rows]
    themes = {t.id: t.name for t in store.themes()}
    assert [themes.get(i.theme_id) for i in ideas] == ["Safety", "Wellbeing", None, "Wellbeing"]
    assert result.value.new_themes == ["Wellbeing"]
    assert len(result.value.idea_ids) == 4


def test_a_bad_row_at_line_50_leaves_the_file_byte_identical(session_path: Path) -> None:
    store = SessionStore.open(session_path)
    rows = [CsvIdea(f"Idea {n}", f"Theme {n % 7}", line=n) for n in range(2, 50)]
    rows.append(CsvIdea("   ", "", line=50))
    rows += [CsvIdea(f"Idea {n}", "", line=n) for n in range(51, 60)]
    before = session_path.read_bytes()
    snapshot = store.snapshot()
    with pytest.raises(RuleError, match=r"^Line 50: An idea needs some text"):
        import_ideas(store, rows)
    assert store.snapshot() == snapshot
    store.close()
    assert session_path.read_bytes() == before


def test_a_bad_csv_row_at_line_50_is_named() -> None:
    lines = ["text,theme"] + [f"Idea {n},T" for n in range(2, 50)] + [",T"] + ["Idea 51,T"]
    with pytest.raises(CsvError, match=r"^Line 50 has no text"):
        parse_ideas_csv("\n".join(lines).encode())


def test_import_is_one_undoable_step(store: SessionStore) -> None:
    snapshot = store.snapshot()
    result = import_ideas(store, [CsvIdea("One", "New theme"), CsvIdea("Two", "")])
    assert store.count("idea") == 2
    store.undo(result.delta)
    assert store.snapshot() == snapshot
    store.redo(result.delta)
    assert [i.text for i in store.ideas()] == ["One", "Two"]


def test_anonymous_session_never_stores_authors(store: SessionStore) -> None:
    add_participants(store, "Ann Lee\nBo Chen")
    result = import_ideas(store, [CsvIdea("Idea", "", "Ann Lee")])
    assert store.ideas()[0].author_id is None
    assert any("anonymous" in note for note in result.value.notes)


def test_named_session_matches_authors_by_name(store: SessionStore) -> None:
    rules = store.info().rules
    rules.anonymous = False
    session_ops.update_rules(store, rules)
    ann, _ = add_participants(store, "Ann Lee\nBo Chen").value
    result = import_ideas(
        store, [CsvIdea("Mine", "", "ann  lee"), CsvIdea("Stranger's", "", "Zed Who"), CsvIdea("None", "")]
    )
    assert [i.author_id for i in store.ideas()] == [ann, None, None]
    assert result.value.notes == [
        "No participant is called Zed Who; those ideas were added without an author."
    ]


def test_nothing_to_import_is_refused(store: SessionStore) -> None:
    with pytest.raises(RuleError, match="no ideas"):
        import_ideas(store, [])


def test_an_operation_inside_another_returns_only_its_own_rows(store: SessionStore) -> None:
    """Nested operations do not copy the whole recording (an import of n rows would be quadratic)."""
    from facilitator.ops.base import operation
    from facilitator.ops.ideas import add_idea

    inner = []

    @operation
    def three(store: SessionStore) -> None:
        for text in ("one", "two", "three"):
            inner.append(add_idea(store, text))

    outer = three(store)
    ideas = [[c.after["text"] for c in r.delta.rows if c.table == "idea"] for r in inner]
    assert ideas == [["one"], ["two"], ["three"]]
    assert sum(len(r.delta.rows) for r in inner) == len(outer.delta.rows)


def test_the_recorded_import_is_the_stored_rows_and_undo_redo_replay_it(store: SessionStore) -> None:
    """One statement stores every row and the delta is built from the rows in memory: it must
    hold exactly what the file holds, defaults included, with ids after the highest one."""
    from facilitator.ops.ideas import add_idea, add_idea_from_phone

    rules = store.info().rules
    rules.anonymous = False
    session_ops.update_rules(store, rules)
    ann, _ = add_participants(store, "Ann Lee\nBo Chen").value
    add_idea(store, "Said in the room")
    phone = add_idea_from_phone(store, "Sent from a phone").value  # a random id, maybe the highest
    before = store.snapshot()
    result = import_ideas(store, [CsvIdea("Mine", "Safety", "Ann Lee"), CsvIdea("Yours", "New one", "")])
    after = store.snapshot()
    recorded = [c.after for c in result.delta.rows if c.table == "idea"]
    stored = {row[0]: row for row in after["idea"]}
    assert [tuple(row.values()) for row in recorded] == [stored[i] for i in result.value.idea_ids]
    assert result.value.idea_ids[0] == max(phone, *(row[0] for row in before["idea"])) + 1
    assert [(r["author_id"], r["withdrawn"], r["withdrawn_reason"]) for r in recorded] == [
        (ann, 0, ""),
        (None, 0, ""),
    ]
    store.undo(result.delta)
    assert store.snapshot() == before
    store.redo(result.delta)
    assert store.snapshot() == after


def test_a_default_worked_out_by_sqlite_is_recorded_as_stored(store: SessionStore) -> None:
    store.db.conn.execute(
        "CREATE TABLE stamped (id INTEGER PRIMARY KEY, name TEXT, "
        "token INTEGER DEFAULT (random()), n INTEGER DEFAULT 7)"
    )
    with store.transaction() as recording:
        ids = store.insert_many("stamped", ("name",), [("a",), ("b",)])
    rows = store.db.conn.execute("SELECT * FROM stamped ORDER BY id").fetchall()
    assert [tuple(c.after.values()) for c in recording.rows] == rows
    assert [r[0] for r in rows] == ids == [1, 2] and rows[0][3] == 7
