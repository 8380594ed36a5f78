"""Typed counts for each card: paper (sticker) dots and a show of hands.

Built for speed at the keyboard: type a number, press Enter, and the next card
is ready for its count. Each count is written as it is entered (one undoable
step) and is tied to no person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QTableView

from facilitator.core.model import Idea, Theme
from facilitator.ui.common import palette
from facilitator.ui.common.plain import plain_tip

METHOD_COLUMNS = {1: "paper", 2: "hands"}
HEADERS = ("Card", "Paper dots", "Hands")
CARD_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
COUNT_FLAGS = CARD_FLAGS | Qt.ItemFlag.ItemIsEditable
COUNT_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex


class TallyModel(QAbstractTableModel):
    """The cards and their counts. Cells are worked out when the table shows them, so a
    tally of thousands of cards costs what the rows on screen cost. A typed count is not
    kept here: it goes out as `count_entered`, and the counts come back from the file."""

    count_entered = Signal(object, str, str)  # idea id (62 bits: not a C++ int), method, typed text

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cards: list[Idea] = []
        self.rows: dict[int, int] = {}  # idea id -> row
        self.counts: Mapping[str, Mapping[int, int]] = {}
        self._colours: dict[int | None, QColor] = {}
        self._names: dict[int | None, str] = {}
        self._unsorted = QColor(palette.UNSORTED)

    def set_rows(
        self, cards: Sequence[Idea], themes: Sequence[Theme], counts: Mapping[str, Mapping[int, int]]
    ) -> None:
        ids = [c.id for c in cards]
        same_rows = ids == [c.id for c in self.cards]
        if not same_rows:
            self.beginResetModel()
        self.cards = list(cards)
        self.rows = {card_id: row for row, card_id in enumerate(ids)}
        self.counts = counts
        self._colours = {t.id: QColor(t.colour) for t in themes}
        self._names = {t.id: t.name for t in themes}
        if not same_rows:
            self.endResetModel()
        elif self.cards:  # the same cards: their cells change in place (an editor stays open)
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.cards) - 1, len(HEADERS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self.cards)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return CARD_FLAGS if index.column() == 0 else COUNT_FLAGS

    def text(self, row: int, column: int) -> str:
        card = self.cards[row]
        if column == 0:
            return card.text.replace("\n", " ")
        value = self.counts.get(METHOD_COLUMNS[column], {}).get(card.id, 0)
        return str(value) if value else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.text(row, column)
        if column == 0:
            card = self.cards[row]
            if role == Qt.ItemDataRole.DecorationRole:
                return self._colours.get(card.theme_id, self._unsorted)
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tip(f"{self._names.get(card.theme_id, 'No theme')}: {card.text}")
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            return COUNT_ALIGNMENT
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() not in METHOD_COLUMNS or role != Qt.ItemDataRole.EditRole:
            return False
        text = "" if value is None else str(value)
        if text == self.text(index.row(), index.column()):
            return False  # unchanged: nothing to write
        self.count_entered.emit(self.cards[index.row()].id, METHOD_COLUMNS[index.column()], text)
        return True


class TallyCell:
    """One cell of the tally, read and typed into as a table cell is (`item(row, column)`)."""

    def __init__(self, model: TallyModel, row: int, column: int) -> None:
        self._model = model
        self._index = model.index(row, column)

    def text(self) -> str:
        return self._model.text(self._index.row(), self._index.column())

    def setText(self, text: str) -> None:
        self._model.setData(self._index, text)


class TallyTable(QTableView):
    """One row per card; the count columns are edited in place."""

    count_entered = Signal(object, str, str)  # idea id, method, typed text

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("tallyTable")
        self.setAccessibleName("Tally of paper dots and hands")
        self.setAccessibleDescription(
            "Type a count and press Enter to save it and move to the next card. Empty or 0 clears it."
        )
        self.tally = TallyModel(self)
        self.setModel(self.tally)
        self.tally.count_entered.connect(self.count_entered)
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

    def set_rows(
        self, cards: Sequence[Idea], themes: Sequence[Theme], counts: Mapping[str, Mapping[int, int]]
    ) -> None:
        """Show every card with its counts; keeps the current cell where it can."""
        current = (self.currentRow(), self.currentColumn())
        self.tally.set_rows(cards, themes, counts)
        if cards and current[0] >= 0:
            self.setCurrentCell(min(current[0], len(cards) - 1), max(current[1], 1))

    # ---- the table-cell calls the view and the tests make ----

    def rowCount(self) -> int:
        return self.tally.rowCount()

    def currentRow(self) -> int:
        return self.currentIndex().row()

    def currentColumn(self) -> int:
        return self.currentIndex().column()

    def setCurrentCell(self, row: int, column: int) -> None:
        self.setCurrentIndex(self.tally.index(row, column))

    def item(self, row: int, column: int) -> TallyCell:
        return TallyCell(self.tally, row, column)

    def currentItem(self) -> TallyCell | None:
        index = self.currentIndex()
        return TallyCell(self.tally, index.row(), index.column()) if index.isValid() else None

    def row_of(self, idea_id: int) -> int:
        return self.tally.rows[idea_id]

    def focus_entry(self) -> None:
        if self.rowCount():
            column = self.currentColumn() if self.currentColumn() in METHOD_COLUMNS else 1
            self.setCurrentCell(max(self.currentRow(), 0), column)
        self.setFocus()

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
