"""The main window shell, driven through real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

from facilitator.core.model import Phase
from facilitator.ops import ideas as idea_ops
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.shell.main_window import MainWindow
from tests.badfiles import BAD_FILES, fingerprint


@pytest.fixture
def window(make_window):
    return make_window()


def test_start_screen_offers_new_open_demo(window: MainWindow) -> None:
    names = {b.objectName(): b for b in window.start.findChildren(QPushButton)}
    for name in ("newButton", "openButton", "demoButton"):
        assert names[name].isVisible()
        assert names[name].accessibleName()
    assert not window.actions_by_key["undo"].isEnabled()


def test_open_demo_shows_workspace(window: MainWindow, demo_path: Path) -> None:
    assert window.open_session(demo_path)
    assert window.workspace.isVisible()
    assert window.findChild(QLabel, "sessionTitle").text() == "Ward 7 winter debrief"
    navigator = window.findChild(QListWidget, "phaseNavigator")
    assert navigator.count() == 7
    assert window.saved_label.text() == "All changes saved"
    assert "demo.roundtable" in window.windowTitle()


def test_phase_shortcut_switches_and_is_remembered(window: MainWindow, demo_path: Path, qtbot) -> None:
    window.open_session(demo_path)
    qtbot.keyClick(window.workspace, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.workspace.current_phase is Phase.GROUP
    window.close_session()
    store = SessionStore.open(demo_path)
    assert store.info().phase is Phase.GROUP
    store.close()


@pytest.mark.parametrize(
    "case", ["random-bytes", "foreign-sqlite", "truncated-50pc", "newer-version", "directory"]
)
def test_bad_file_gives_a_message_not_a_crash(
    window: MainWindow, demo_path: Path, tmp_path: Path, case
) -> None:
    make, expected = BAD_FILES[case]
    target = tmp_path / f"{case}.roundtable"
    make(demo_path, target)
    before = fingerprint(target)
    assert not window.open_session(target)
    assert window.pages.currentWidget() is window.start
    assert expected.reason in window.start.messages.text()
    assert fingerprint(target) == before
    assert window.open_session(demo_path)  # the app keeps working


def test_undo_redo_through_the_edit_menu(window: MainWindow, demo_path: Path) -> None:
    window.open_session(demo_path)
    window.model.run("Rename session", session_ops.update_info, title="Renamed")
    assert window.actions_by_key["undo"].text() == "&Undo Rename session"
    window.actions_by_key["undo"].trigger()
    assert window.model.store.info().title == "Ward 7 winter debrief"
    assert window.findChild(QLabel, "sessionTitle").text() == "Ward 7 winter debrief"
    window.actions_by_key["redo"].trigger()
    assert window.model.store.info().title == "Renamed"


def test_refused_edit_shows_why(window: MainWindow, demo_path: Path) -> None:
    window.open_session(demo_path)
    assert window.model.run("Rename session", session_ops.update_info, title="  ") is None
    assert "needs a title" in window.workspace.messages.text()
    assert not window.model.undo_stack.canUndo()


def test_disk_full_keeps_screen_and_offers_save_as(
    window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    window.open_session(demo_path)
    conn = window.model.store.db.conn
    conn.execute(f"PRAGMA max_page_count={conn.execute('PRAGMA page_count').fetchone()[0]}")
    # An idea of the longest allowed length needs pages the file may not grow by.
    result = window.model.run("Add idea", idea_ops.add_idea, "Q" * 10_000)
    assert result is None
    assert window.saved_label.text() == "Last change NOT saved"
    assert "disk is full" in window.workspace.messages.text()
    button = window.workspace.messages.action_button
    assert button.isVisible() and button.text() == "Save as…"
    assert window.save_session_as(tmp_path / "elsewhere.roundtable")
    assert window.model.run("Rename session", session_ops.update_info, title="Saved elsewhere")
    assert window.saved_label.text() == "All changes saved"


def test_read_only_file_opens_read_only_with_a_banner(window: MainWindow, demo_path: Path) -> None:
    demo_path.chmod(0o444)
    assert window.open_session(demo_path)
    assert window.model.read_only
    assert "read-only" in window.workspace.messages.text()
    assert window.saved_label.text().startswith("Read-only")


def test_second_window_on_same_file_is_warned(window: MainWindow, demo_path: Path, qtbot) -> None:
    window.open_session(demo_path)
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.open_session(demo_path)
    assert other.model.read_only
    assert "already open in another Facilitator window" in other.workspace.messages.text()
    other.close_session()


def test_new_session_creates_file(window: MainWindow, tmp_path: Path) -> None:
    assert window.new_session(tmp_path / "ward_9")
    assert (tmp_path / "ward_9.roundtable").exists()
    assert window.model.store.info().title == "ward 9"
    assert str((tmp_path / "ward_9.roundtable").resolve()) in window.recent_files()


def test_shortcut_sheet_is_built_from_the_actions(window: MainWindow, qtbot) -> None:
    window.actions_by_key["shortcuts"].trigger()
    sheet = window.findChild(object, "shortcutSheet")
    assert sheet is not None and sheet.isVisible()
    text = sheet.browser.toPlainText()
    assert "Ctrl+Z" in text and "Undo" in text and "Alt+4" in text
    sheet.close()


def test_about_names_licences_and_data_location(window: MainWindow) -> None:
    window.actions_by_key["about"].trigger()
    about = window.findChild(object, "aboutBox")
    text = about.browser.toPlainText()
    assert "LGPL" in text and "BSD" in text and "PSF" in text
    assert "Where your data lives" in text
    about.close()


def test_placeholder_says_it_is_not_built(window: MainWindow, demo_path: Path) -> None:
    """A phase whose view module does not exist says so plainly (every phase is built today)."""
    from facilitator.ui.phases.base import PlaceholderView

    window.open_session(demo_path)
    view = PlaceholderView(window.model, Phase.PLAN)
    assert "not built yet" in view.findChild(QLabel).text()
    view.deleteLater()


def test_refused_undo_keeps_history_and_file(window: MainWindow, demo_path: Path) -> None:
    window.open_session(demo_path)
    model = window.model
    model.run("Rename session", session_ops.update_info, title="First")
    model.run("Rename session", session_ops.update_info, title="Second")
    model.store.db.conn.execute("PRAGMA query_only=ON")  # the file stops accepting writes
    window.actions_by_key["undo"].trigger()
    assert model.undo_stack.index() == 2  # the step was not undone...
    assert model.store.info().title == "Second"  # ...and the file agrees
    assert "read-only" in window.workspace.messages.text()
    model.store.db.conn.execute("PRAGMA query_only=OFF")
    window.actions_by_key["undo"].trigger()
    window.actions_by_key["undo"].trigger()
    assert model.undo_stack.index() == 0
    assert model.store.info().title == "Ward 7 winter debrief"
    window.actions_by_key["redo"].trigger()
    assert model.store.info().title == "First"


def test_shortcut_sheet_lists_every_binding_of_a_standard_key(window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence

    window.actions_by_key["shortcuts"].trigger()
    text = window.findChild(object, "shortcutSheet").browser.toPlainText()
    native = QKeySequence.SequenceFormat.NativeText
    for binding in QKeySequence.keyBindings(QKeySequence.StandardKey.Close):
        assert binding.toString(native) in text
    assert window.actions_by_key["close"].shortcuts() == QKeySequence.keyBindings(
        QKeySequence.StandardKey.Close
    )
