"""Ctrl+Z in a text box: its own typing first, then the session's last step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from facilitator.core.model import Phase
from facilitator.ui.shell.actions import ACTIONS
from facilitator.ui.shell.main_window import MainWindow

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(make_window):
    return make_window(active=True)


@pytest.fixture
def entry(window: MainWindow, qtbot, tmp_path: Path):
    """The round table's idea box, with the keyboard, in a session of two people."""
    assert window.new_session(tmp_path / "undo.roundtable")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    paste = QApplication.focusWidget()
    qtbot.keyClicks(paste, "Ann")
    qtbot.keyClick(paste, Key.Key_Return)
    qtbot.keyClicks(paste, "Bob")
    qtbot.keyClick(paste, Key.Key_Return, CTRL)
    window.workspace.show_phase(Phase.ROUND_TABLE)
    box = QApplication.focusWidget()
    assert box.objectName() == "ideaEntry"
    return box


def texts(window: MainWindow) -> list[str]:
    return [i.text for i in window.model.store.ideas()]


def test_ctrl_z_in_the_idea_box_undoes_the_idea_just_recorded(window, entry, qtbot) -> None:
    qtbot.keyClicks(entry, "Rota six weeks ahead")
    qtbot.keyClick(entry, Key.Key_Return)
    assert texts(window) == ["Rota six weeks ahead"]
    qtbot.keyClick(entry, Key.Key_Z, CTRL)
    assert texts(window) == []
    assert entry.toPlainText() == ""  # the box itself is untouched
    qtbot.keyClick(entry, Key.Key_Z, CTRL | SHIFT)  # redo, also from the box
    assert texts(window) == ["Rota six weeks ahead"]


def test_while_typing_ctrl_z_undoes_the_typing_only(window, entry, qtbot) -> None:
    qtbot.keyClicks(entry, "First idea")
    qtbot.keyClick(entry, Key.Key_Return)
    qtbot.keyClicks(entry, "Half typed")
    qtbot.keyClick(entry, Key.Key_Z, CTRL)
    assert entry.toPlainText() != "Half typed"  # the box's own undo
    assert texts(window) == ["First idea"]  # the session is left alone
    while entry.document().isUndoAvailable():
        qtbot.keyClick(entry, Key.Key_Z, CTRL)
    assert entry.toPlainText() == ""
    qtbot.keyClick(entry, Key.Key_Z, CTRL)  # nothing left to undo in the box: now the session
    assert texts(window) == []


def test_a_read_only_text_box_passes_ctrl_z_on(window, entry, qtbot) -> None:
    qtbot.keyClicks(entry, "Quiet room")
    qtbot.keyClick(entry, Key.Key_Return)
    detail = window.workspace.view(Phase.ROUND_TABLE).board.detail  # read-only, can take focus
    detail.setFocus()
    qtbot.waitUntil(detail.hasFocus)
    qtbot.keyClick(detail, Key.Key_Z, CTRL)
    assert texts(window) == []


def test_a_spin_box_with_nothing_typed_passes_ctrl_z_on(window, entry, qtbot) -> None:
    qtbot.keyClicks(entry, "Quiet room")
    qtbot.keyClick(entry, Key.Key_Return)
    spin = window.workspace.timer_strip.minutes
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    qtbot.keyClick(spin, Key.Key_Z, CTRL)
    assert texts(window) == []


def test_standard_shortcuts_carry_every_key_the_platform_binds(window) -> None:
    for spec in ACTIONS:
        if isinstance(spec.shortcut, QKeySequence.StandardKey):
            bound = {k.toString() for k in window.actions_by_key[spec.key].shortcuts()}
            wanted = {k.toString() for k in QKeySequence.keyBindings(spec.shortcut)}
            assert wanted <= bound, spec.key  # e.g. Close: Ctrl+F4 and Ctrl+W, Redo: Ctrl+Y and Ctrl+Shift+Z
