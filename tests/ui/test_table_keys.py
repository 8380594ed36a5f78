"""Tab goes through a table's cells and out of it again, never round and round."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from facilitator.ui.common.table_keys import let_tab_leave

Key = Qt.Key
Mod = Qt.KeyboardModifier


@pytest.fixture
def form(qtbot):
    """A button, a 2×3 table and a button, in that Tab order."""
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    before, after = QPushButton("Before"), QPushButton("After")
    before.setObjectName("before")
    after.setObjectName("after")
    table = QTableWidget(2, 3)
    table.setObjectName("table")
    for row in range(2):
        for column in range(3):
            table.setItem(row, column, QTableWidgetItem(f"{row}{column}"))
    for widget in (before, table, after):
        layout.addWidget(widget)
    root.show()
    qtbot.waitExposed(root)
    return root, table


def where(table: QTableWidget) -> str:
    """The focused control; for the table, which cell is current."""
    widget = QApplication.focusWidget()
    if widget is table:
        return f"cell {table.currentRow()}{table.currentColumn()}"
    return widget.objectName()


def presses(qtbot, count: int, mods=Mod.NoModifier, table: QTableWidget | None = None) -> list[str]:
    seen = []
    for _ in range(count):
        qtbot.keyClick(QApplication.focusWidget(), Key.Key_Tab, mods)
        seen.append(where(table))
    return seen


def test_without_it_tab_goes_round_the_cells_for_ever(form, qtbot) -> None:
    _root, table = form
    table.setFocus()
    seen = presses(qtbot, 12, table=table)
    assert set(seen) == {f"cell {r}{c}" for r in range(2) for c in range(3)}  # trapped: never "after"


def test_tab_goes_through_every_cell_then_on(form, qtbot) -> None:
    root, table = form
    let_tab_leave(table)
    root.findChild(QPushButton, "before").setFocus()
    assert presses(qtbot, 8, table=table) == [
        "cell 00",
        "cell 01",
        "cell 02",
        "cell 10",
        "cell 11",
        "cell 12",
        "after",
        "before",
    ]


def test_shift_tab_goes_back_through_the_cells_then_out(form, qtbot) -> None:
    _root, table = form
    let_tab_leave(table)
    table.setFocus()
    table.setCurrentCell(1, 1)
    assert presses(qtbot, 5, Mod.ShiftModifier, table) == [
        "cell 10",
        "cell 02",
        "cell 01",
        "cell 00",
        "before",
    ]


def test_ctrl_tab_leaves_at_once_either_way(form, qtbot) -> None:
    _root, table = form
    let_tab_leave(table)
    table.setFocus()
    table.setCurrentCell(0, 1)
    qtbot.keyClick(table, Key.Key_Tab, Mod.ControlModifier)
    assert where(table) == "after"
    table.setFocus()
    qtbot.keyClick(table, Key.Key_Tab, Mod.ControlModifier | Mod.ShiftModifier)
    assert where(table) == "before"


def test_while_editing_tab_still_moves_to_the_next_cells_editor(form, qtbot) -> None:
    _root, table = form
    let_tab_leave(table)
    table.setFocus()
    table.setCurrentCell(1, 2)  # the last cell
    table.editItem(table.item(1, 2))
    editor = QApplication.focusWidget()
    assert editor is not table
    qtbot.keyClicks(editor, "x")
    qtbot.keyClick(editor, Key.Key_Tab)
    qtbot.waitUntil(lambda: table.item(1, 2).text() == "x")
    assert table.state() == table.State.EditingState  # the editor moved on; Qt decides where
