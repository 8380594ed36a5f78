"""File > Import ideas from CSV…: one undoable step, and a line-numbered message for a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from facilitator.core.model import Phase
from facilitator.store.session_store import SessionStore
from facilitator.ui.shell.import_csv import CsvImport
from facilitator.ui.shell.main_window import MainWindow

WAIT_MS = 60_000


@pytest.fixture
def window(make_window, session_path: Path):
    return make_window(session_path)


def _choose(qtbot, window: MainWindow, path: Path, signal: str = "finished") -> list:
    """Use the File menu as a facilitator would, choose `path`, and wait for the outcome."""
    action = window.actions_by_key["import_csv"]
    assert action.isEnabled() and action.text() == "&Import ideas from CSV…"
    action.trigger()
    (dialog,) = [d for d in window.findChildren(QFileDialog, "importCsvDialog") if d.isVisible()]
    assert not dialog.isModal()
    importer = window.workspace.findChildren(CsvImport)[-1]
    with qtbot.waitSignal(getattr(importer, signal), timeout=WAIT_MS) as outcome:
        dialog.fileSelected.emit(str(path))  # what choosing the file and pressing Open does
    dialog.close()
    return outcome.args


def _texts(path: Path) -> list[str]:
    store = SessionStore.open(path)
    try:
        return [i.text for i in store.ideas()]
    finally:
        store.close()


def test_import_is_one_undoable_step(qtbot, window: MainWindow, session_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "comment cards.csv"
    source.write_text(
        "text;theme\n"
        "Fix the hoist on bay 3;Safety\n"
        '"Tea room, please; and a kettle";Wellbeing\n'
        "Huddle <b>every</b> shift & keep it short;Communication\n",
        encoding="cp1252",
    )
    assert _choose(qtbot, window, source) == [3]
    assert _texts(session_path) == [
        "Fix the hoist on bay 3",
        "Tea room, please; and a kettle",
        "Huddle <b>every</b> shift & keep it short",
    ]
    message = window.workspace.messages.text()
    assert "Added 3 ideas from comment cards.csv" in message
    assert "New theme: Wellbeing" in message
    stack = window.model.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Import 3 ideas from comment cards.csv"

    window.actions_by_key["undo"].trigger()
    assert _texts(session_path) == []
    assert "Wellbeing" not in [t.name for t in window.model.store.themes()]
    window.actions_by_key["redo"].trigger()
    window.close_session()
    assert len(_texts(session_path)) == 3  # written through: the reopened file has them


def test_bad_csv_names_the_line_and_adds_nothing(
    qtbot, window: MainWindow, session_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "survey.csv"
    source.write_text("text,theme\nGood idea,Safety\nBad, idea,Safety\n", encoding="utf-8")
    (message,) = _choose(qtbot, window, source, "failed")
    assert "Line 3" in message and "survey.csv" in message
    assert window.workspace.messages.text() == message
    assert window.workspace.messages.action_button.text() == "Choose another file…"
    assert _texts(session_path) == []
    assert window.model.undo_stack.count() == 0

    good = tmp_path / "fixed.csv"
    good.write_text('text,theme\nGood idea,Safety\n"Bad, idea",Safety\n', encoding="utf-8")
    assert _choose(qtbot, window, good) == [2]  # the app carries on


def test_missing_file_is_a_clear_message(qtbot, window: MainWindow, tmp_path: Path) -> None:
    (message,) = _choose(qtbot, window, tmp_path / "gone.csv", "failed")
    assert message.startswith("Could not read ") and "gone.csv" in message


def test_exported_csv_imports_into_a_new_session(qtbot, demo_path: Path, tmp_path: Path) -> None:
    """Round trip through the app: the Minutes view writes the CSV, File > Import reads it."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_session(demo_path)
    window.show_phase(Phase.MINUTES)
    minutes = window.workspace.view(Phase.MINUTES)
    exported = tmp_path / "ideas.csv"
    with qtbot.waitSignal(minutes.export_finished, timeout=WAIT_MS):
        minutes.export_to("csv", exported)
    expected = sorted(i.text for i in window.model.state().ideas)
    target = tmp_path / "fresh.roundtable"
    assert window.new_session(target)
    _choose(qtbot, window, exported)
    window.close_session()
    assert sorted(_texts(target)) == expected
