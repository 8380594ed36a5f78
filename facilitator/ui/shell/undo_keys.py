"""Ctrl+Z undoes the session's last step even while a text box has the keyboard.

Qt's text boxes keep Ctrl+Z (and Ctrl+Shift+Z) for their own typing history,
even when they have nothing to undo. In the round table the idea box always has
the keyboard, so the window's Edit > Undo could never be reached with its keys.
With this filter a text box keeps the keys only while it has typing of its own
that is not yet stored (once a field is committed, its typing is a session step);
otherwise they undo or redo the session, as the menu does. So Ctrl+Z never runs
a field's old history, and never turns into a new step when the field is left.

The filter joins each text box of the window as it takes the keyboard. A screen
a participant holds keeps the window's shortcuts away with an application-wide
filter, which Qt asks before any filter on a widget, so that hold still wins.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

TEXT_BOXES = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def _own_box(widget: QWidget) -> QWidget | None:
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)  # the spin box's own line edit
    return widget


def has_own_history(widget: QWidget, undo: bool) -> bool:
    """Whether a text box has typing of its own, not yet stored, that Ctrl+Z would undo
    (redo: Ctrl+Shift+Z would redo)."""
    widget = _own_box(widget)
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        if undo:
            return widget.isUndoAvailable() and widget.isModified()
        return widget.isRedoAvailable()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        if widget.isReadOnly() or not widget.isUndoRedoEnabled():
            return False
        document = widget.document()
        if undo:
            return document.isUndoAvailable() and document.isModified()
        return document.isRedoAvailable()
    return widget is not None


def mark_committed(widget: QWidget) -> None:
    """The box's text is stored now: its typing so far is no longer its own to undo."""
    widget = _own_box(widget)
    if isinstance(widget, QLineEdit):
        widget.setModified(False)
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.document().setModified(False)


class UndoKeys(QObject):
    """Lets Undo and Redo keys through to the window while the focused text box has no history."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self.setObjectName("undoKeys")
        self.owner = owner
        QApplication.instance().focusChanged.connect(self.on_focus_changed)

    def on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, TEXT_BOXES) and new.window() is self.owner:
            new.installEventFilter(self)  # once per box: installing again only moves it first
            finished = getattr(new, "editingFinished", None)
            if finished is not None and not new.property("undoKeysJoined"):
                new.setProperty("undoKeysJoined", True)
                # Connected after the field's own handler, which stores the text first.
                finished.connect(lambda box=new: mark_committed(box))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, TEXT_BOXES) or watched.window() is not self.owner:
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            undo = True
        elif event.matches(QKeySequence.StandardKey.Redo):
            undo = False
        else:
            return False
        # Not delivered and not accepted: the window's shortcut takes the key.
        return not has_own_history(watched, undo)
