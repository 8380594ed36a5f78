"""The plan table's columns and their cell editors: named line edits, the decision and status lists,
the date field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from facilitator.ops import plan as plan_ops
from facilitator.ui.common.date_field import DateField

if TYPE_CHECKING:
    from facilitator.ui.phases.plan.plan_table import PlanTableModel

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str  # Action attribute, or "idea" / "needs" for the read-only columns
    title: str
    width: int  # fixed width, or the least width of a column that shares out the spare room
    op: Callable | None = None  # the operation that writes it
    label: str = ""  # the Edit > Undo label
    share: float = 0.0  # how much of the spare width it takes (0: fixed width)


COLUMNS = (
    Column("idea", "Idea", 170, share=2.0),
    Column("decision", "Decision", 84, plan_ops.set_decision, "Set decision"),
    Column("owner", "Owner", 115, plan_ops.set_owner, "Set owner"),
    Column("due_date", "Due date", 104, plan_ops.set_due_date, "Set due date"),
    Column("first_step", "First step", 110, plan_ops.set_first_step, "Set first step", 1.2),
    Column(
        "success_measure", "Success measure", 110, plan_ops.set_success_measure, "Set success measure", 1.2
    ),
    Column("reason", "Why not now (reason)", 150, plan_ops.set_reason, "Set reason", 1.5),
    Column("status", "Status", 88, plan_ops.set_status, "Set status"),
    Column("needs", "Still needed", 130),
)
COLUMN = {c.key: n for n, c in enumerate(COLUMNS)}


class NamedEditorDelegate(QStyledItemDelegate):
    """Text editors (line edits) named after their column, for screen readers and tests."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        name_editor(editor, index)
        return editor


def name_editor(editor: QWidget, index: Index) -> None:
    column = COLUMNS[index.column()]
    editor.setObjectName(f"{column.key}Editor")
    editor.setAccessibleName(column.title)


class ComboDelegate(QStyledItemDelegate):
    """A drop-down of fixed choices. Picking one from the open list commits at once;
    with the list closed, arrows or the first letter choose and Enter commits."""

    def __init__(self, choices: list[tuple[str, str | None]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        name_editor(combo, index)
        combo.view().setAccessibleName(f"{COLUMNS[index.column()].title} choices")
        for label, value in self.choices:
            combo.addItem(label, value)
        combo.activated.connect(lambda _n, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or None
        found = editor.findData(value)
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: PlanTableModel, index: Index) -> None:
        model.setData(index, editor.currentData())


class DateDelegate(QStyledItemDelegate):
    """A due date typed as shown (15 Dec 2026) or as ISO, or picked from the calendar
    (F4 or Alt+Down, arrows choose, Enter or a click saves). Something unreadable is
    refused with a message and the old date stays. Delete on the cell clears it."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = DateField(parent, empty_text="15 Dec 2026")
        name_editor(editor, index)
        calendar = editor.calendarWidget()
        calendar.setObjectName("dueDateCalendar")
        calendar.setAccessibleName("Due date calendar")
        editor.picked.connect(lambda _date, e=editor: self._commit(e))
        return editor

    def _commit(self, editor: DateField) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        editor.set_iso(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.selectAll()  # ready to type over

    def setModelData(self, editor: QWidget, model: PlanTableModel, index: Index) -> None:
        model.setData(index, editor.typed_value())

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        """Wide enough to read the whole date, even in a narrow column."""
        rect = option.rect
        wanted = editor.fontMetrics().horizontalAdvance("30 Sep 2026") + 48
        rect.setWidth(max(rect.width(), wanted))
        editor.setGeometry(rect)
