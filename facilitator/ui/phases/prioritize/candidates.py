"""Every idea in a list, ticked when it is on the matrix: the top-voted by default, changed by hand.

A one-column table over a model, shown as a list: a row's words, tick and tooltip are
worked out when the list shows the row, and every row has the height of two lines of
text (what a row's number, shortened words and dots take), so a session of thousands of
ideas lists them without measuring or building a row for each before the first paint.
A table, not a list view: a list view asks the model for every row's index each time it
lays itself out (to see whether the row is hidden), thousands of calls into Python; a
table's rows are sections of one height and it asks for none of them.
"""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from facilitator.core.model import Idea, SessionState
from facilitator.ui.common.naming import named as _named
from facilitator.ui.common.plain import plain_tip

Index = QModelIndex | QPersistentModelIndex
ROW_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled


def short(text: str, limit: int = 40) -> str:
    """The text on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class CandidateModel(QAbstractListModel):
    """The rows: ideas on the matrix in number order, then the others by votes."""

    toggled = Signal(object, bool)  # idea id (62 bits: not a C++ int), now on the matrix?

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ids: list[int] = []
        self.rows: dict[int, int] = {}  # idea id -> row
        self.ideas: dict[int, Idea] = {}
        self.numbers: dict[int, int] = {}
        self.votes: dict[int, int] = {}
        self.on: set[int] = set()
        self.row_size = QSize()
        self.quiet = False  # while the list is refilled: a tick changed then is not the facilitator's

    def fill(self, state: SessionState, numbers: dict[int, int], votes: dict[int, int]) -> None:
        self.beginResetModel()
        self.ideas = {i.id: i for i in state.ideas}  # looked up by id once, not by a scan per row
        on = sorted(numbers, key=numbers.get)
        # The rest by votes, then in the order said: two sorts with keys in C, not one in Python.
        said = sorted(
            (i for i in state.active_ideas() if i.id not in numbers), key=attrgetter("position", "id")
        )
        off = [i.id for i in said]
        dots = {i: votes.get(i, 0) for i in off}
        off.sort(key=dots.__getitem__, reverse=True)  # stable: equal votes stay in the order said
        self.ids = on + off
        self.rows = {idea_id: row for row, idea_id in enumerate(self.ids)}
        self.numbers, self.votes, self.on = dict(numbers), dict(votes), set(numbers)
        self.endResetModel()

    def text(self, row: int) -> str:
        idea_id = self.ids[row]
        dots = self.votes.get(idea_id, 0)
        prefix = f"{self.numbers[idea_id]}." if idea_id in self.numbers else "–"
        return f"{prefix} {short(self.ideas[idea_id].text, 52)}  ({dots} dot{'' if dots == 1 else 's'})"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self.ids)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if self.ids[row] in self.on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return self.ids[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self.ideas[self.ids[row]].text)
        if role == Qt.ItemDataRole.SizeHintRole and self.row_size.isValid():
            return self.row_size
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        idea_id = self.ids[index.row()]
        on = Qt.CheckState(value) == Qt.CheckState.Checked
        if on == (idea_id in self.on):
            return False
        if on:
            self.on.add(idea_id)
        else:
            self.on.discard(idea_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        if not self.quiet:
            self.toggled.emit(idea_id, on)
        return True


class CandidateRow:
    """One row of the list, read and ticked as a list item is (`item(row)`)."""

    def __init__(self, model: CandidateModel, row: int) -> None:
        self._index = model.index(row, 0)

    def data(self, role: int):
        return self._index.data(role)

    def text(self) -> str:
        return self._index.data(Qt.ItemDataRole.DisplayRole)

    def checkState(self) -> Qt.CheckState:
        return Qt.CheckState(self._index.data(Qt.ItemDataRole.CheckStateRole))

    def setCheckState(self, state: Qt.CheckState) -> None:
        self._index.model().setData(self._index, state, Qt.ItemDataRole.CheckStateRole)


class CandidateList(QTableView):
    """Every idea, ticked when it is on the matrix: the top-voted by default, changed by hand."""

    toggled = Signal(object, bool)  # idea id, ticked (put on the matrix) or not
    current_changed = Signal(object)  # idea id of the row the facilitator moved to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _named(self, "candidateList", "Ideas on the matrix")
        self.setAccessibleDescription("Tick an idea to put it on the matrix; untick it to take it off.")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().hide()
        # Every row two lines high: none is measured on its own.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the list, as it leaves any list
        self.rows = CandidateModel(self)
        self.setModel(self.rows)
        self.rows.toggled.connect(self.toggled)
        self.selectionModel().currentChanged.connect(self._on_current_changed)

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home and End go to the first and the last idea, as in any list (a table's go along the row)."""
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(action, modifiers)

    def _two_lines(self) -> QSize:
        """A row's size: two lines of text beside a tick box, in this list's font and style."""
        option = QStyleOptionViewItem()
        option.initFrom(self)
        option.text = "Ag"
        option.features = (
            QStyleOptionViewItem.ViewItemFeature.HasDisplay
            | QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
            | QStyleOptionViewItem.ViewItemFeature.WrapText
        )
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), self)
        return QSize(1, size.height() + self.fontMetrics().lineSpacing())  # one line, and one more

    def refresh(self, state: SessionState, numbers: dict[int, int], votes: dict[int, int]) -> None:
        selected = self.current_idea()
        self.rows.quiet = True
        try:
            self.rows.row_size = self._two_lines()
            self.verticalHeader().setMinimumSectionSize(1)
            self.verticalHeader().setDefaultSectionSize(self.rows.row_size.height())
            self.rows.fill(state, numbers, votes)
            if selected in self.rows.rows:
                self.setCurrentIndex(self.rows.index(self.rows.rows[selected], 0))
        finally:
            self.rows.quiet = False

    @property
    def filling(self) -> bool:
        return self.rows.quiet

    def count(self) -> int:
        return self.rows.rowCount()

    def item(self, row: int) -> CandidateRow:
        return CandidateRow(self.rows, row)

    def current_idea(self) -> int | None:
        index = self.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def select_idea(self, idea_id: int | None) -> None:
        row = self.rows.rows.get(idea_id)
        if row is None:
            return
        self.rows.quiet = True
        try:
            self.selectionModel().setCurrentIndex(
                self.rows.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        finally:
            self.rows.quiet = False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self.rows.quiet and current.isValid():
            self.current_changed.emit(current.data(Qt.ItemDataRole.UserRole))
