"""Typed counts for each card: paper (sticker) dots and a show of hands.

Built for speed at the keyboard: type a number, press Enter, and the next card
is ready for its count. Each count is written as it is entered (one undoable
step) and is tied to no person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from facilitator.core.model import Idea, Theme
from facilitator.ui.common import palette
from facilitator.ui.common.plain import plain_tip

METHOD_COLUMNS = {1: "paper", 2: "hands"}
HEADERS = ("Card", "Paper dots", "Hands")
CARD_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
COUNT_FLAGS = CARD_FLAGS | Qt.ItemFlag.ItemIsEditable
COUNT_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class TallyTable(QTableWidget):
    """One row per card; the count columns are edited in place."""

    count_entered = Signal(object, str, str)  # idea id, method, typed text

    def __init__(self, parent=None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setObjectName("tallyTable")
        self.setAccessibleName("Tally of paper dots and hands")
        self.setAccessibleDescription(
            "Type a count and press Enter to save it and move to the next card. Empty or 0 clears it."
        )
        self.setHorizontalHeaderLabels(HEADERS)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in METHOD_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, 96)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self._ids: list[int] = []
        self._filling = False
        self.itemChanged.connect(self.on_item_changed)

    def set_rows(
        self, cards: Sequence[Idea], themes: Sequence[Theme], counts: Mapping[str, Mapping[int, int]]
    ) -> None:
        """Show every card with its counts; keeps the current cell where it can."""
        current = (self.currentRow(), self.currentColumn())
        colours = {t.id: QColor(t.colour) for t in themes}
        names = {t.id: t.name for t in themes}
        unsorted = QColor(palette.UNSORTED)
        decoration = Qt.ItemDataRole.DecorationRole  # flags and roles looked up once, not per cell
        self._filling = True
        try:
            self.setRowCount(len(cards))
            self._ids = [c.id for c in cards]
            for row, card in enumerate(cards):
                text = QTableWidgetItem(card.text.replace("\n", " "))
                text.setFlags(CARD_FLAGS)
                text.setToolTip(plain_tip(f"{names.get(card.theme_id, 'No theme')}: {card.text}"))
                text.setData(decoration, colours.get(card.theme_id, unsorted))
                self.setItem(row, 0, text)
                for column, method in METHOD_COLUMNS.items():
                    value = counts.get(method, {}).get(card.id, 0)
                    item = QTableWidgetItem(str(value) if value else "")
                    item.setTextAlignment(COUNT_ALIGNMENT)
                    item.setFlags(COUNT_FLAGS)
                    self.setItem(row, column, item)
        finally:
            self._filling = False
        if cards and current[0] >= 0:
            self.setCurrentCell(min(current[0], len(cards) - 1), max(current[1], 1))

    def row_of(self, idea_id: int) -> int:
        return self._ids.index(idea_id)

    def focus_entry(self) -> None:
        if self.rowCount():
            column = self.currentColumn() if self.currentColumn() in METHOD_COLUMNS else 1
            self.setCurrentCell(max(self.currentRow(), 0), column)
        self.setFocus()

    def on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in METHOD_COLUMNS:
            return
        self.count_entered.emit(self._ids[item.row()], METHOD_COLUMNS[item.column()], item.text())

    def closeEditor(self, editor, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter saves the count and moves down the same column, ready for the next card."""
        moving = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        row, column = self.currentRow(), self.currentColumn()
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if moving else hint)
        if moving and row + 1 < self.rowCount():
            self.setCurrentCell(row + 1, column)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.currentColumn() in METHOD_COLUMNS
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.setCurrentCell(min(self.currentRow() + 1, self.rowCount() - 1), self.currentColumn())
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.currentColumn() in METHOD_COLUMNS
        ):
            item = self.currentItem()
            if item is not None and item.text():
                item.setText("")
                return
        super().keyPressEvent(event)
