"""The disk fills up, or the file becomes unwritable, in the middle of a round table.

Simulated inside SQLite, since the tests run as root in CI and root ignores
file permissions: `PRAGMA max_page_count` makes the file unable to grow (disk
full) and `PRAGMA query_only` makes every write fail as on a read-only file.
The facilitator presses Enter on an idea as usual. The promise: that edit is
refused with a clear message and stays in the box, everything recorded before
it stays in the file and on the board, the app keeps running, and after Save as
elsewhere the same Enter records it and work carries on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facilitator.core.model import Phase
from facilitator.ops import participants as people_ops
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.shell.main_window import MainWindow

LONG = "A long idea that needs new pages in the file. " * 190  # about 8,700 characters


def _fill_disk(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA max_page_count={conn.execute('PRAGMA page_count').fetchone()[0]}")


def _make_read_only(conn: sqlite3.Connection) -> None:
    # chmod would not stop root, who runs CI; SQLite's own switch refuses every write.
    conn.execute("PRAGMA query_only=ON")


FAILURES: dict[str, tuple[Callable[[sqlite3.Connection], None], str]] = {
    "disk-full": (_fill_disk, "The disk is full, so the last change was not saved."),
    "read-only": (_make_read_only, "The session file is read-only, so the last change was not saved."),
}


@pytest.fixture
def session(tmp_path: Path) -> Path:
    path = tmp_path / "ward.roundtable"
    store = SessionStore.create(path, title="Ward 9 debrief")
    people_ops.add_participants(store, "Ann\nBo\nCy")
    session_ops.set_phase(store, Phase.ROUND_TABLE)
    store.close()
    return path


@pytest.fixture
def window(make_window, session: Path):
    return make_window(session)


def _stored_texts(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT text FROM idea ORDER BY id")]
    finally:
        conn.close()


def _say(qtbot, window: MainWindow, text: str) -> None:
    view = window.workspace.view(Phase.ROUND_TABLE)
    view.entry.setPlainText(text)
    view.entry.setFocus()
    qtbot.keyClick(view.entry, Qt.Key.Key_Return)


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_edit_in_flight_is_refused_then_save_as_carries_on(
    failure: str, window: MainWindow, session: Path, tmp_path: Path, qtbot
) -> None:
    break_file, message = FAILURES[failure]
    view = window.workspace.view(Phase.ROUND_TABLE)
    assert window.workspace.current_phase is Phase.ROUND_TABLE
    for text in ("Shorter handovers", "A quiet room", "Rota a week earlier"):
        _say(qtbot, window, text)
    recorded = _stored_texts(session)
    assert recorded == ["Shorter handovers", "A quiet room", "Rota a week earlier"]
    assert len(view.board.scene.cards) == 3
    before = window.model.store.snapshot()
    undo_steps = window.model.undo_stack.count()

    break_file(window.model.store.db.conn)
    _say(qtbot, window, LONG)

    # Refused, clearly, and nothing typed is lost: the words are still in the box.
    assert message in window.workspace.messages.text()
    assert "Save as" in window.workspace.messages.text()
    assert window.workspace.messages.action_button.text() == "Save as…"
    assert window.saved_label.text() == "Last change NOT saved"
    assert view.entry.toPlainText() == LONG
    # Everything recorded before it is still in the file, on the board and in the undo history.
    assert window.model.store.snapshot() == before
    assert _stored_texts(session) == recorded
    assert len(view.board.scene.cards) == 3
    assert window.model.undo_stack.count() == undo_steps
    # The app keeps running: a second try says the same, and nothing else changes.
    qtbot.keyClick(view.entry, Qt.Key.Key_Return)
    assert message in window.workspace.messages.text()
    assert window.isVisible() and window.model is not None

    copy = tmp_path / "elsewhere" / "ward-copy.roundtable"
    copy.parent.mkdir()
    assert window.save_session_as(copy)
    assert window.model.store.path == copy
    qtbot.keyClick(view.entry, Qt.Key.Key_Return)  # the same words, still in the box
    assert view.entry.toPlainText() == ""
    assert window.saved_label.text() == "All changes saved"
    assert _stored_texts(copy) == [*recorded, LONG.strip()]
    # The original keeps what it had (left behind, it was closed and so sealed: listed by text).
    assert sorted(_stored_texts(session)) == sorted(recorded)
    assert len(view.board.scene.cards) == 4
    _say(qtbot, window, "And one more after the copy")
    assert _stored_texts(copy)[-1] == "And one more after the copy"
    # Undo works in the copy, back through the ideas recorded before the failure.
    for _ in range(5):
        window.actions_by_key["undo"].trigger()
    assert _stored_texts(copy) == []
    assert len(view.board.scene.cards) == 0
    assert SessionStore.open(copy, read_only=True).count("idea") == 0


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_failed_undo_keeps_the_file_and_the_app(
    failure: str, window: MainWindow, session: Path, tmp_path: Path, qtbot
) -> None:
    """Undo is a write too: when it cannot be saved the screen and the file still agree."""
    break_file, message = FAILURES[failure]
    view = window.workspace.view(Phase.ROUND_TABLE)
    for text in ("First", "Second"):
        _say(qtbot, window, text)
    before = window.model.store.snapshot()
    # Undo deletes a row; a full disk still allows that, a read-only file does not.
    break_file(window.model.store.db.conn)
    window.actions_by_key["undo"].trigger()
    if failure == "read-only":
        assert message in window.workspace.messages.text()
        assert window.model.store.snapshot() == before
        assert sorted(c for c in view.board.scene.cards) == [i.id for i in window.model.store.ideas()]
    else:
        assert _stored_texts(session) == ["First"]
        assert len(view.board.scene.cards) == 1
    assert window.save_session_as(tmp_path / "copy.roundtable")
    _say(qtbot, window, "Third")
    assert _stored_texts(tmp_path / "copy.roundtable")[-1] == "Third"
    assert sorted(view.board.scene.cards) == [i.id for i in window.model.store.ideas()]


def test_undo_after_a_failed_undo_and_save_as(window: MainWindow, tmp_path: Path, qtbot) -> None:
    """A refused undo keeps its step in the history, so after Save as the whole history undoes.

    (It used to drop the step while its change stayed in the file; the next undo then broke a
    foreign key.)
    """
    from facilitator.ops import ideas as idea_ops

    view = window.workspace.view(Phase.ROUND_TABLE)
    for text in ("Keep the huddle short", "Short huddles"):
        _say(qtbot, window, text)
    first, second = (i.id for i in window.model.store.ideas())
    assert window.model.run("Merge", idea_ops.merge_ideas, second, [first])
    _make_read_only(window.model.store.db.conn)
    window.actions_by_key["undo"].trigger()  # refused: the merge stays
    assert "read-only" in window.workspace.messages.text()
    copy = tmp_path / "copy.roundtable"
    assert window.save_session_as(copy)
    # Undo everything in the copy: each step must either undo or be refused, never crash,
    # and at the end the file and the board must agree with the undo history.
    while window.model.undo_stack.canUndo():
        window.actions_by_key["undo"].trigger()
    assert window.model.store.count("idea") == 0
    assert view.board.scene.cards == {}
