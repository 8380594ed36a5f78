"""Ordered tables for Setup: people in seat order and themes in board order.

The Qt model only mirrors records read from the store. Edits, drags and
Alt+Up/Alt+Down never move rows themselves: they emit a request, the view runs
an operation, and the table refreshes from the changes like after an undo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QDropEvent, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from facilitator.ui.common.plain import plain_tip

ID_MIME = "application/x-facilitator-{kind}-ids"

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    editable: bool = False
    checkable: bool = False
    tip: str = ""


def encode_ids(kind: str, ids: Sequence[int]) -> QMimeData:
    """Dragged rows as MIME data. The kind keeps a theme from landing among people."""
    data = QMimeData()
    data.setData(ID_MIME.format(kind=kind), QByteArray(",".join(str(i) for i in ids).encode()))
    return data


def decode_ids(kind: str, data: QMimeData) -> list[int]:
    mime = ID_MIME.format(kind=kind)
    if not data.hasFormat(mime):
        return []
    text = bytes(data.data(mime).data()).decode()
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


def moved_order(order: Sequence[int], moving: Sequence[int], row: int) -> list[int]:
    """`order` with `moving` taken out and put back in before what was at `row`."""
    picked = [i for i in order if i in set(moving)]
    rest = [i for i in order if i not in set(moving)]
    insert_at = sum(1 for i in order[:row] if i not in set(moving))
    return rest[:insert_at] + picked + rest[insert_at:]


class RecordTableModel(QAbstractTableModel):
    """Rows of records with an `id`. Subclasses say what each column shows."""

    columns: tuple[Column, ...] = ()
    kind = "record"  # names the MIME type of dragged rows
    # (record id, column key, new value) when the user edits a cell or ticks a box.
    edited = Signal(object, str, object)  # record id, field, value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._records: list[Any] = []

    # ---- contents ------------------------------------------------------------------------

    def set_records(self, records: Sequence[Any]) -> bool:
        """Show `records`. Same rows in the same order: update in place, so an open
        editor and the selection survive; otherwise reset. Returns whether it reset."""
        records = list(records)
        if [r.id for r in records] == self.ids():
            self._records = records
            if records:
                self.dataChanged.emit(self.index(0, 0), self.index(len(records) - 1, len(self.columns) - 1))
            return False
        self.beginResetModel()
        self._records = records
        self.endResetModel()
        return True

    def ids(self) -> list[int]:
        return [r.id for r in self._records]

    def record(self, row: int) -> Any:
        return self._records[row]

    def row_of(self, record_id: int) -> int:
        return self.ids().index(record_id)

    def column_of(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def text(self, record: Any, column: Column, row: int) -> str:
        value = getattr(record, column.key, "")
        return "" if value is None else str(value)

    def decoration(self, record: Any, column: Column) -> Any:
        return None

    def tooltip(self, record: Any, column: Column) -> str:
        return column.tip

    # ---- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole and column.tip:
            return column.tip
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and column.checkable:
            return Qt.CheckState.Checked if getattr(record, column.key) else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole) and not column.checkable:
            return self.text(record, column, index.row())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column.checkable:
                return f"{column.title}: {'yes' if getattr(record, column.key) else 'no'}"
            return f"{column.title}: {self.text(record, column, index.row()) or 'none'}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self.decoration(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(record, column)
            return plain_tip(tip) if tip else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        column = self.columns[index.column()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        flags |= Qt.ItemFlag.ItemIsDropEnabled
        if column.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        if column.checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and column.checkable:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            if checked != bool(getattr(record, column.key)):
                self.edited.emit(record.id, column.key, checked)
            return True
        if role == Qt.ItemDataRole.EditRole and column.editable:
            if str(value) != self.text(record, column, index.row()):
                self.edited.emit(record.id, column.key, str(value))
            return True
        return False

    # Dragging carries record ids; the view turns a drop into a reorder request.
    def mimeTypes(self) -> list[str]:
        return [ID_MIME.format(kind=self.kind)]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids(self.kind, [self._records[r].id for r in rows])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        return data.hasFormat(ID_MIME.format(kind=self.kind))


class ReorderTable(QTableView):
    """A table whose rows the facilitator reorders by drag or with Alt+Up/Alt+Down."""

    reorder_requested = Signal(list, list)  # every record id in the new order; the ids dragged
    move_requested = Signal(object, int)  # record id, step (-1 up, +1 down)
    remove_requested = Signal(object)  # record id
    current_changed = Signal()  # another row is selected, or the rows changed

    def __init__(self, model: RecordTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""  # said in the middle of the table while it has no rows
        self.setModel(model)
        self.selectionModel().selectionChanged.connect(lambda *_: self.current_changed.emit())
        self.selectionModel().currentChanged.connect(lambda *_: self.current_changed.emit())
        model.modelReset.connect(self.current_changed.emit)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropOverwriteMode(False)
        # DragDrop rather than InternalMove: the MIME kind already keeps other
        # tables' rows out, and a drop is turned into an operation, not a row move.
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def table_model(self) -> RecordTableModel:
        return self.model()

    def current_id(self) -> int | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        row = rows[0].row() if rows else self.currentIndex().row()
        if row < 0 or row >= self.table_model().rowCount():
            return None
        return self.table_model().record(row).id

    def select_id(self, record_id: int | None, column: int = -1) -> None:
        """Select a record's row and keep the keyboard on it (after a refresh, say)."""
        model = self.table_model()
        if record_id is None or record_id not in model.ids():
            return
        row = model.row_of(record_id)
        column = column if column >= 0 else max(self.currentIndex().column(), 0)
        # Not selectRow(): it moves the current cell to the first column, which
        # would close an editor open in another column.
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().setCurrentIndex(model.index(row, column), flags)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.modifiers() == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            record_id = self.current_id()
            if record_id is not None:
                self.move_requested.emit(record_id, -1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if key == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            record_id = self.current_id()
            if record_id is not None:
                self.remove_requested.emit(record_id)
            event.accept()
            return
        super().keyPressEvent(event)

    def can_move(self, step: int) -> bool:
        """Whether the selected row can move `step` places and stay in the table."""
        record_id = self.current_id()
        if record_id is None:
            return False
        return 0 <= self.table_model().row_of(record_id) + step < self.table_model().rowCount()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.empty_text and self.table_model().rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            painter.end()

    def drop_row(self, pos: QPoint) -> int:
        """The row a drop at `pos` lands before: the lower half of a row means after it."""
        index = self.indexAt(pos)
        if not index.isValid():
            return self.table_model().rowCount()
        rect = self.visualRect(index)
        return index.row() + (1 if pos.y() > rect.center().y() else 0)

    def dropEvent(self, event: QDropEvent) -> None:
        model = self.table_model()
        moving = [i for i in decode_ids(model.kind, event.mimeData()) if i in model.ids()]
        # The drop never moves rows in Qt; the store is changed and the table refreshes.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        if not moving:
            return
        order = self.table_model().ids()
        new = moved_order(order, moving, self.drop_row(event.position().toPoint()))
        if new != order:
            self.reorder_requested.emit(new, moving)
