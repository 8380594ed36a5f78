"""Setup of a follow-up: review last time's actions with the room, first thing.

Shown only in a follow-up session (one with carried actions). From the keyboard:
arrows pick an action, 1-4 set Done / In progress / Stuck / Dropped and move to
the note, Enter saves and goes to the next action. Each review is one undoable step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.core.followup import REVIEW_CHOICES, ReviewItem, ReviewStatus
from facilitator.ops import followup as followup_ops
from facilitator.store.delta import Changes
from facilitator.ui.common.naming import named, named_button
from facilitator.ui.session.session_model import SessionModel

COLUMNS = ("Action agreed last time", "Owner", "Due", "Status", "What we did")
STATUS_KEYS = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}


class ReviewTable(QTableWidget):
    """The carried actions. Keys 1-4 set a status without leaving the keyboard."""

    def __init__(self, panel: ReviewPanel) -> None:
        super().__init__(0, len(COLUMNS))
        self.panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in STATUS_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.panel.choose(REVIEW_CHOICES[STATUS_KEYS[key]])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.panel.note.setFocus(Qt.FocusReason.TabFocusReason)
            return
        super().keyPressEvent(event)


class ReviewPanel(QGroupBox):
    """Last time's open actions, each with a status, a note, and a reason when stuck or dropped."""

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__("Review: last time's actions", parent)
        self.setObjectName("setupReview")
        self.model = model
        self.items: list[ReviewItem] = []

        self.intro = QLabel()
        self.intro.setObjectName("reviewIntro")
        self.intro.setWordWrap(True)
        self.table = named(ReviewTable(self), "reviewTable", "Actions to review")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)  # one line a row; the tooltip holds the full text
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(220)
        self.table.currentCellChanged.connect(self.on_current_cell_changed)

        self.status = named(QComboBox(), "reviewStatus", "Status")
        for choice in REVIEW_CHOICES:
            self.status.addItem(choice.label, choice.value)
        self.status.view().setAccessibleName("Statuses")  # its drop-down list
        self.status.currentIndexChanged.connect(self.on_status_index_changed)
        self.note = named(QLineEdit(), "reviewNote", "What we did")
        self.note.setPlaceholderText("What was done, in a sentence the room will recognise")
        self.note.returnPressed.connect(self.on_save)
        self.reason = named(QLineEdit(), "reviewReason", "Reason")
        self.reason.setPlaceholderText("Why it is stuck or dropped (needed for those two)")
        self.reason.returnPressed.connect(self.on_save)
        self.save = named_button(
            "reviewSave", "Save review", "Save this action's review (Enter)", self.on_save
        )
        self.confirm = named_button(
            "reviewConfirmPeople",
            "Everyone listed is here",
            "People came over from last time marked to confirm; mark absentees first, then confirm the rest",
            self.on_confirm_people,
        )
        form = QFormLayout()
        form.addRow("&Status (keys 1-4)", self.status)
        form.addRow("&What we did", self.note)
        form.addRow("&Reason", self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.refresh(Changes(reload=True))

    # ---- showing ---------------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        if not changes.touches("review", "session", "participant"):
            return
        store = self.model.store
        self.items = store.review()
        self.setVisible(bool(self.items))
        if not self.items:
            return
        before = store.predecessor()
        reviewed = sum(1 for i in self.items if i.status != ReviewStatus.PENDING)
        since = f" from {before.title} ({before.date or 'no date'})" if before else ""
        to_confirm = sum(1 for p in store.participants() if p.to_confirm)
        people = f" {to_confirm} people came over from last time: confirm who is here." if to_confirm else ""
        self.intro.setText(
            f"{len(self.items)} actions carried{since}; {reviewed} reviewed. Pick one, press 1 Done, "
            f"2 In progress, 3 Stuck or 4 Dropped, type what was done and press Enter.{people}"
        )
        self.confirm.setVisible(bool(to_confirm))
        row = max(self.table.currentRow(), 0)
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            cells = (
                item.idea_text,
                item.owner,
                item.due_date,
                item.status.label,
                item.note + (f" — why: {item.reason}" if item.reason else ""),
            )
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        self.table.setCurrentCell(min(row, len(self.items) - 1), 0)
        self.load_current()

    def current_item(self) -> ReviewItem | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def load_current(self) -> None:
        item = self.current_item()
        if item is None:
            return
        status = item.status if item.status != ReviewStatus.PENDING else ReviewStatus.DONE
        self.status.blockSignals(True)
        self.status.setCurrentIndex(REVIEW_CHOICES.index(status))
        self.status.blockSignals(False)
        self.note.setText(item.note)
        self.reason.setText(item.reason)
        self.reason.setEnabled(status.needs_reason)

    def on_current_cell_changed(self, row: int, _column: int, previous: int, _prev_column: int) -> None:
        if row != previous:
            self.load_current()

    def on_status_index_changed(self, index: int) -> None:
        self.reason.setEnabled(REVIEW_CHOICES[index].needs_reason)

    # ---- editing ---------------------------------------------------------------------

    def choose(self, status: ReviewStatus) -> None:
        """A status key: set it, then type the note (or the reason, where one is needed)."""
        self.status.setCurrentIndex(REVIEW_CHOICES.index(status))
        target = self.reason if status.needs_reason and self.note.text() else self.note
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def on_save(self) -> None:
        item = self.current_item()
        if item is None:
            return
        status = ReviewStatus(self.status.currentData())
        if status.needs_reason and not self.reason.text().strip() and self.focusWidget() is self.note:
            self.reason.setFocus(Qt.FocusReason.TabFocusReason)  # one more field to fill
            return
        result = self.model.run(
            f"review “{item.idea_text[:30]}”",
            followup_ops.review_action,
            item.id,
            status.value,
            note=self.note.text(),
            reason=self.reason.text(),
        )
        if result is None:
            return
        row = self.table.currentRow()
        if row + 1 < self.table.rowCount():
            self.table.setCurrentCell(row + 1, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_confirm_people(self) -> None:
        ids = [p.id for p in self.model.store.participants() if p.to_confirm and not p.absent]
        absent = [p.id for p in self.model.store.participants() if p.to_confirm and p.absent]
        if ids or absent:
            self.model.run("confirm who is here", followup_ops.confirm_all, ids, absent)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.status, self.note, self.reason, self.save, self.confirm):
            widget.setEnabled(not read_only)

    def focus_order(self) -> list[QWidget]:
        return [self.table, self.status, self.note, self.reason, self.save, self.confirm]
