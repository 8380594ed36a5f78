"""Every interactive widget can be found by a screen reader, in every phase."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from facilitator.core.model import Phase
from facilitator.ui.shell.main_window import MainWindow

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)


def unnamed_widgets(root: QWidget) -> list[str]:
    """Interactive widgets without an accessible name. Parts that Qt builds inside a
    named widget (a spin box's line edit, a combo's list, a scroll bar) are named
    through their owner, so they are skipped."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QAbstractSlider):
            continue
        parent = widget.parentWidget()
        if isinstance(
            parent, (QAbstractSpinBox, QComboBox, QAbstractItemView)
        ) or widget.objectName().startswith("qt_"):
            continue
        if not widget.accessibleName().strip():
            missing.append(
                f"{type(widget).__name__} objectName={widget.objectName()!r} in {type(parent).__name__}"
            )
    return missing


def test_walk_finds_an_unnamed_widget(qtbot) -> None:
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    QVBoxLayout(root).addWidget(QPushButton("Anonymous"))
    assert len(unnamed_widgets(root)) == 1


@pytest.mark.parametrize("phase", list(Phase))
def test_every_interactive_widget_has_an_accessible_name(qtbot, demo_path: Path, phase: Phase) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert unnamed_widgets(window) == []  # the start screen
    window.open_session(demo_path)
    window.show_phase(phase)
    assert unnamed_widgets(window) == []
    window.close_session()
