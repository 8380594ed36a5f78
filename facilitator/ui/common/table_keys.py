"""Tab through a table's cells and out of it again.

Qt's item views move Tab from cell to cell and wrap round from the last cell to
the first, so someone without a mouse can never Tab past a table. With
`let_tab_leave(view)`, Tab past the last cell (Shift+Tab before the first) moves
on to the next control, and Ctrl+Tab (Ctrl+Shift+Tab) leaves the table at once.
While a cell is being edited, Tab still moves to the next cell's editor.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QWidget

LEAVE_KEYS = "Ctrl+Tab"  # for the shortcut sheets


class TabLeavesTable(QObject):
    """Installed on an item view by `let_tab_leave`; one per view."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QAbstractItemView):
            return False
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) or mods & Qt.KeyboardModifier.AltModifier:
            return False
        forward = key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier
        at_once = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if watched.state() == QAbstractItemView.State.EditingState:
            return False
        if at_once or not watched.tabKeyNavigation() or at_end(watched, forward):
            QWidget.focusNextPrevChild(watched, forward)  # the window's Tab order, past the cells
            return True
        return False


def _place(view: QAbstractItemView, index: QModelIndex) -> tuple[int, int]:
    """Where a cell is on screen, in reading order (rows and columns may be moved or sorted)."""
    rows = getattr(view, "verticalHeader", None)
    columns = getattr(view, "horizontalHeader", None)
    row = rows().visualIndex(index.row()) if rows is not None else index.row()
    column = columns().visualIndex(index.column()) if columns is not None else index.column()
    return row, column


def at_end(view: QAbstractItemView, forward: bool) -> bool:
    """True when Tab (Shift+Tab) from the current cell would wrap round, or has nowhere to go."""
    current = view.currentIndex()
    if not current.isValid():
        return view.model() is None or view.model().rowCount(view.rootIndex()) == 0
    action = (
        QAbstractItemView.CursorAction.MoveNext if forward else QAbstractItemView.CursorAction.MovePrevious
    )
    target = view.moveCursor(action, Qt.KeyboardModifier.NoModifier)
    if not target.isValid() or target == current:
        return True
    here, there = _place(view, current), _place(view, target)
    return there <= here if forward else there >= here


def let_tab_leave(view: QAbstractItemView) -> TabLeavesTable:
    """Let Tab leave `view` at either end of its cells (see the module's docstring)."""
    keys = TabLeavesTable(view)
    keys.setObjectName("tabLeavesTable")
    view.installEventFilter(keys)
    return keys
