"""The action plan table: a Qt model over the plan rules, its editors, and the table widget.

Rows are group headings (quick wins, heavier lifts, easy extras, hard extras, then
"heard, not prioritized this time") and one row per idea under them. Every edit
goes through `SessionModel.run`, so it is one undoable step written to the file;
the table refreshes from the session's changes, never from the edit itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from facilitator.core import model as m
from facilitator.core import plan as rules
from facilitator.core.dates import format_date
from facilitator.core.outcome import card_numbers, passed_over
from facilitator.core.voting import totals
from facilitator.ui.common.plain import plain_tip
from facilitator.ui.phases.plan.columns import (
    COLUMN,
    COLUMNS,
    ComboDelegate,
    DateDelegate,
    Index,
    NamedEditorDelegate,
)
from facilitator.ui.session.session_model import SessionModel

# How much of a long idea the table shows; the tooltip has all of it.
MAX_SHOWN_CHARS = 240
FIT_ALL_ROWS = 300  # rows measured to their text; a larger plan gets three lines a row
MISSING_REASON_TEXT = "⚠ Reason needed"
HEARD_REASON_TEXT = "Reason needed (why not taken forward)"
PASSED_OVER_TEXT = "More dots than a prioritized idea: add it to the matrix, or say why not"


GROUP_BACKGROUND = QColor("#E9EDF2")
GROUP_TEXT = QColor("#1F2A37")
NEEDS_REASON_BACKGROUND = QColor("#FBE4E4")
NEEDS_REASON_TEXT = QColor("#6A1010")
NEEDS_DETAIL_BACKGROUND = QColor("#FFF4D6")
NEEDS_DETAIL_TEXT = QColor("#5A4200")
DONE_TEXT = QColor("#1D5A2A")
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # combined once: `|` on flags is slow
EDITABLE_FLAGS = ROW_FLAGS | Qt.ItemFlag.ItemIsEditable


@dataclass(frozen=True)
class Row:
    """A heading (`group` set) or an idea (`idea_id` set)."""

    group: rules.PlanGroup | None = None
    idea_id: int | None = None
    heard: bool = False  # heard, not prioritized: a decision is welcome but not expected


def display_date(iso: str) -> str:
    return format_date(iso)


class PlanTableModel(QAbstractTableModel):
    """The plan as rows and columns. Reads `SessionModel.state()`; writes through operations."""

    def __init__(self, session: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[Row] = []
        self._ideas: dict[int, m.Idea] = {}
        self._actions: dict[int, m.Action] = {}
        self._votes: dict[int, int] = {}
        self._hidden = True  # no count is shown before Reveal
        self._numbers: dict[int, int] = {}  # as on the matrix chart and in the minutes
        self._pick = False
        self._passed_over: set[int] = set()
        self._session_date = ""
        self.refresh()

    # ---- refreshing -----------------------------------------------------------------------

    def refresh(self) -> bool:
        """Re-read the session. Returns True when the rows themselves changed (a reset)."""
        state = self.session.state()
        rows = []
        for group in rules.plan_groups(state):
            rows.append(Row(group=group))
            rows.extend(Row(idea_id=i, heard=group.quadrant is None) for i in group.idea_ids)
        self._ideas = {i.id: i for i in state.ideas}
        self._actions = rules.actions_by_idea(state)
        self._votes = totals(state) if state.info.revealed else {}
        self._hidden = not state.info.revealed
        self._numbers = card_numbers(state)  # as on the matrix chart and in the minutes
        self._pick = state.info.rules.pick_names
        self._passed_over = set(passed_over(state))
        self._session_date = state.info.date
        if rows != self.rows:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
            return True
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
        return False

    # ---- reading ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def is_group(self, row: int) -> bool:
        return self.rows[row].group is not None

    def idea_id(self, row: int) -> int | None:
        return self.rows[row].idea_id

    def row_of(self, idea_id: int) -> int:
        for n, row in enumerate(self.rows):
            if row.idea_id == idea_id:
                return n
        return -1

    def action(self, idea_id: int) -> m.Action:
        return self._actions.get(idea_id) or m.Action(idea_id)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or self.is_group(index.row()):
            # Headings are not enabled, so keyboard navigation steps over them.
            return Qt.ItemFlag.NoItemFlags
        if COLUMNS[index.column()].op is not None and not self.session.read_only:
            return EDITABLE_FLAGS
        return ROW_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if row.group is not None:
            return self._group_data(row.group, index.column(), role)
        number = self._numbers.get(row.idea_id)
        if number and index.column() == COLUMN["idea"] and role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(
                f"#{number} on the matrix and in the minutes.\n\n{self._tooltip_idea(row.idea_id)}"
            )
        return self._idea_data(row, COLUMNS[index.column()].key, role)

    def _group_data(self, group: rules.PlanGroup, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole) and column == 0:
            count = len(group.idea_ids)
            text = f"{group.title(self._pick)}  ({count} idea{'s' if count != 1 else ''})"
            if group.quadrant is None:
                text += " — they can still be given a decision"
            return text
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(GROUP_TEXT)
        return None

    def gaps(self, row: Row) -> list[str]:
        """What the row still needs. An idea heard but not prioritized needs a reason
        (why it is not taken forward this time) or a decision."""
        action = self.action(row.idea_id)
        if row.heard and action.decision is None:
            if action.reason.strip():
                return []
            if row.idea_id in self._passed_over:
                return [PASSED_OVER_TEXT]
            return [HEARD_REASON_TEXT]
        gaps = rules.gaps(action)
        if rules.due_before_session(action, self._session_date):
            gaps.append(f"Due before the session date, {format_date(self._session_date)}: check it")
        return gaps

    def _idea_data(self, row: Row, key: str, role: int) -> Any:
        idea = self._ideas[row.idea_id]
        action = self.action(row.idea_id)
        gaps = self.gaps(row)
        if role == Qt.ItemDataRole.EditRole:
            value = getattr(action, key, None) if key not in ("idea", "needs") else None
            if isinstance(value, m.Decision | m.ActionStatus):
                return value.value
            return "" if value is None else value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(idea, action, key, gaps)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tooltip(idea, action, key, gaps)
            return plain_tip(tip) if tip else tip
        needs_reason = rules.lacks_reason(action)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in ("reason", "needs") and needs_reason:
                return QBrush(NEEDS_REASON_BACKGROUND)
            if key == "needs" and gaps:
                return QBrush(NEEDS_DETAIL_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if key in ("reason", "needs") and needs_reason:
                return QBrush(NEEDS_REASON_TEXT)
            if key == "needs":
                return QBrush(NEEDS_DETAIL_TEXT if gaps else DONE_TEXT)
        if role == Qt.ItemDataRole.FontRole and key in ("reason", "needs") and needs_reason:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, idea: m.Idea, action: m.Action, key: str, gaps: list[str]) -> str:
        if key == "idea":
            text = " ".join(idea.text.split())
            text = text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"
            number = self._numbers.get(idea.id)
            return text if number is None else f"#{number}  {text}"
        if key == "needs":
            if action.decision is None and not gaps:
                return "✓ Reason given" if action.reason.strip() else ""
            if not gaps:
                return "✓ Complete"
            return MISSING_REASON_TEXT if rules.lacks_reason(action) else "• " + "; ".join(gaps)
        if key == "reason" and rules.lacks_reason(action):
            return MISSING_REASON_TEXT
        if key == "decision":
            return action.decision.label if action.decision else ""
        if key == "status":
            return action.status.label if action.decision is not None else ""
        if key == "due_date":
            return display_date(action.due_date)
        return str(getattr(action, key))

    def _tooltip_idea(self, idea_id: int) -> str:
        if self._hidden:
            return f"{self._ideas[idea_id].text}\n\nVotes hidden until Reveal"
        votes = self._votes.get(idea_id, 0)
        return f"{self._ideas[idea_id].text}\n\n{votes} dot{'s' if votes != 1 else ''}"

    def _tooltip(self, idea: m.Idea, action: m.Action, key: str, gaps: list[str]) -> str | None:
        if key == "idea":
            return self._tooltip_idea(idea.id)
        if key in ("reason", "needs") and rules.lacks_reason(action):
            return "Later and Not now need a reason: the “why not now” that goes into the minutes."
        if key == "needs" and gaps:
            if action.decision is None and gaps[0] in (HEARD_REASON_TEXT, PASSED_OVER_TEXT):
                return (
                    "Everyone gets an answer: say why this idea is not taken forward this time "
                    "(one reason can cover a whole theme, above the table), or give it a decision."
                )
            if action.decision is None:
                return "Every prioritized idea gets a decision: Do now, Plan, Later or Not now."
            return "Do now and Plan should get an owner, a due date, a first step and a success measure."
        value = self._display(idea, action, key, gaps)
        return value or None

    # ---- writing ------------------------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        idea_id = self.idea_id(index.row())
        column = COLUMNS[index.column()]
        if idea_id is None or column.op is None:
            return False
        if value == self.data(index, Qt.ItemDataRole.EditRole):
            return True  # nothing to change, nothing to undo
        label = column.label
        if column.key == "decision" and value in (None, "", *m.Decision):
            label = f"Set decision: {m.Decision(value).label}" if value else "Clear decision"
        elif column.key == "status" and value in tuple(m.ActionStatus):
            label = f"Set status: {m.ActionStatus(value).label}"
        return self.session.run(label, column.op, idea_id, value) is not None

    def clear(self, index: Index) -> bool:
        """Empty a cell (Delete): no decision, no text, no date; status back to open."""
        key = COLUMNS[index.column()].key
        if key == "decision":
            return self.setData(index, None)
        if key == "status":
            return self.setData(index, m.ActionStatus.OPEN.value)
        return self.setData(index, "")


# ---- editors ----------------------------------------------------------------------------------


# ---- the table ------------------------------------------------------------------------------------


class PlanTable(QTableView):
    """Arrows and Tab move; F2, Enter or typing edits; Enter commits; Esc cancels; Delete clears."""

    def __init__(self, model: PlanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planTable")
        self.setAccessibleName("Action plan")
        self.setAccessibleDescription(
            "One row per idea, grouped by quadrant. F2 or Enter edits a cell, Delete clears it."
        )
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.fit_columns()
        text = NamedEditorDelegate(self)
        self.setItemDelegate(text)
        decisions = [("(no decision)", None)] + [(d.label, d.value) for d in m.Decision]
        self.setItemDelegateForColumn(COLUMN["decision"], ComboDelegate(decisions, self))
        self.setItemDelegateForColumn(COLUMN["due_date"], DateDelegate(self))
        statuses = [(s.label, s.value) for s in m.ActionStatus]
        self.setItemDelegateForColumn(COLUMN["status"], ComboDelegate(statuses, self))
        model.modelReset.connect(self.on_model_reset)
        model.dataChanged.connect(self.on_data_changed)
        self.on_model_reset()

    def fit_columns(self) -> None:
        """Fixed columns keep their width; the text columns share what is left, never
        below their least width (then the table scrolls sideways)."""
        spare = self.viewport().width() - sum(c.width for c in COLUMNS)
        shares = sum(c.share for c in COLUMNS)
        for n, column in enumerate(COLUMNS):
            extra = int(max(spare, 0) * column.share / shares) if column.share else 0
            self.setColumnWidth(n, column.width + extra)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()
        self.fit_rows()

    def fit_rows(self, first: int = 0, last: int | None = None) -> None:
        """Rows as tall as their text. Measuring every cell costs seconds on a very large
        session, so past FIT_ALL_ROWS rows each row gets room for three lines instead."""
        rows = self.plan_model().rowCount()
        if rows > FIT_ALL_ROWS:
            self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 3 + 8)
            return
        last = rows - 1 if last is None else last
        if first == 0 and last >= rows - 1:
            self.resizeRowsToContents()
        else:
            for row in range(first, last + 1):
                self.resizeRowToContents(row)

    def plan_model(self) -> PlanTableModel:
        return self.model()

    def on_model_reset(self) -> None:
        self.clearSpans()
        model = self.plan_model()
        for row in range(model.rowCount()):
            if model.is_group(row):
                self.setSpan(row, 0, 1, len(COLUMNS))
        self.fit_rows()

    def on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_args: object) -> None:
        self.fit_rows(top_left.row(), bottom_right.row())

    def first_editable(self) -> QModelIndex:
        model = self.plan_model()
        for row in range(model.rowCount()):
            if not model.is_group(row):
                return model.index(row, COLUMN["decision"])
        return QModelIndex()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        editing = self.state() == QAbstractItemView.State.EditingState
        if (
            index.isValid()
            and not editing
            and event.modifiers()
            in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
        ):
            editable = bool(index.flags() & Qt.ItemFlag.ItemIsEditable)
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and editable:
                self.plan_model().clear(index)
                event.accept()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and editable:
                self.edit(index)
                event.accept()
                return
        super().keyPressEvent(event)
