"""Setup: who sits round the table, in seat order.

Role and team are kept for the facilitator only: they show here and never on a card.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.core.model import Participant
from facilitator.core.text import parse_names
from facilitator.ops import participants as people_ops
from facilitator.ops import roundtable as roundtable_ops
from facilitator.store.delta import Changes
from facilitator.ui.common.naming import named_button
from facilitator.ui.common.record_table import Column, RecordTableModel, ReorderTable
from facilitator.ui.session.session_model import SessionModel

PRIVATE_TIP = "Shown only in Setup, never on a card."


class ParticipantTableModel(RecordTableModel):
    kind = "participant"
    columns = (
        Column("seat", "Seat", tip="Turns go round in this order. Alt+Up and Alt+Down move a person."),
        Column("name", "Name", editable=True, tip="F2 renames the selected person."),
        Column("role", "Role", editable=True, tip=PRIVATE_TIP),
        Column("team", "Team", editable=True, tip=PRIVATE_TIP),
        Column("absent", "Absent", checkable=True, tip="Absent people are skipped in the rotation."),
        Column("joined_round", "Joined", tip="Late arrivals join the rotation from this round."),
    )

    def text(self, record: Participant, column: Column, row: int) -> str:
        if column.key == "seat":
            return str(row + 1)
        if column.key == "joined_round":
            return "" if record.joined_round <= 1 else f"round {record.joined_round}"
        return super().text(record, column, row)


PASTE_HINT = (
    "One person a line: a name, or a name, role and team separated by commas or tabs "
    "(columns copied from a spreadsheet paste as they are)."
)


class ParticipantsPanel(QGroupBox):
    """Paste names, set the seat order, mark people absent, add late arrivals."""

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__("Participants", parent)
        self.setObjectName("setupParticipants")
        self.model = model

        self.paste = QPlainTextEdit()
        self.paste.setObjectName("setup_paste_names")
        self.paste.setAccessibleName("Names to add")
        self.paste.setAccessibleDescription(f"{PASTE_HINT} Ctrl+Enter adds them.")
        self.paste.setPlaceholderText("Aisha Bello, Staff nurse, Ward 5")
        self.paste_hint = QLabel(f"{PASTE_HINT} Ctrl+Enter adds them.")
        self.paste_hint.setObjectName("setup_paste_hint")
        self.paste_hint.setWordWrap(True)
        self.paste.setTabChangesFocus(True)
        self.paste.setFixedHeight(self.paste.fontMetrics().lineSpacing() * 3 + 14)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.paste)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.on_add)
        self.add_button = self._button("setup_add_participants", "Add", "Add the names above", self.on_add)
        self.add_button.setAccessibleName("Add participants")
        self.join_hint = QLabel()
        self.join_hint.setObjectName("setup_join_hint")
        self.join_hint.setWordWrap(True)
        self.join_hint.hide()

        self.table_model = ParticipantTableModel(self)
        self.table = ReorderTable(self.table_model)
        self.table.setObjectName("setup_participant_table")
        self.table.setAccessibleName("Participants in seat order")
        self.table.setAccessibleDescription(
            "Alt+Up and Alt+Down move the selected person; F2 renames; Space in the Absent column "
            "marks them absent; Delete removes someone who has not taken part. Drag rows to reorder."
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(2, 140)
        self.table.setColumnWidth(3, 100)
        self.table.empty_text = "No one yet. Paste or type names above, one per line, then press Add."
        self.table_model.edited.connect(self.on_edited)
        self.table.move_requested.connect(self.on_move_requested)
        self.table.reorder_requested.connect(self.on_reorder_requested)
        self.table.remove_requested.connect(self.on_remove_requested)

        self.up_button = self._button("setup_participant_up", "Move up", "Alt+Up", lambda: self._move(-1))
        self.down_button = self._button(
            "setup_participant_down", "Move down", "Alt+Down", lambda: self._move(1)
        )
        self.remove_button = self._button(
            "setup_remove_participant",
            "Remove",
            "Remove the selected person (only if they have not taken part; otherwise tick Absent)",
            self._remove_current,
        )
        self.summary = QLabel()
        self.summary.setObjectName("setup_participant_summary")
        self.table.current_changed.connect(self.update_buttons)
        self._read_only = False

        add_row = QHBoxLayout()
        add_row.addWidget(self.paste, 1)
        add_row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(add_row)
        layout.addWidget(self.paste_hint)
        layout.addWidget(self.join_hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _button(self, name: str, text: str, tip: str, slot) -> QPushButton:
        return named_button(name, text, tip, slot, accessible=text, describe=True)

    def focus_order(self) -> list[QWidget]:
        return [self.paste, self.add_button, self.table, self.up_button, self.down_button, self.remove_button]

    # ---- refreshing ---------------------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        if changes.touches("session", "participant", "turn"):
            started = self.model.store.count("turn") > 0
            self.join_hint.setVisible(started)
            if started:
                round_no = roundtable_ops.position(self.model.store).round
                self.join_hint.setText(
                    "The round table has started: people added now are late arrivals and join the "
                    f"rotation from round {round_no}."
                )
        if changes.touches("participant"):
            keep = self.table.current_id()
            column = self.table.currentIndex().column()
            people = self.model.store.participants()
            if self.table_model.set_records(people):
                self.table.select_id(keep, column)
            # "Joined" only matters once someone has arrived late.
            self.table.setColumnHidden(5, all(p.joined_round <= 1 for p in people))
            absent = sum(p.absent for p in people)
            text = f"{len(people)} participant{'s' if len(people) != 1 else ''}"
            self.summary.setText(f"{text}, {absent} absent" if absent else text)

    def update_buttons(self) -> None:
        """Buttons that have nothing to act on are greyed out."""
        editable = not self._read_only
        self.up_button.setEnabled(editable and self.table.can_move(-1))
        self.down_button.setEnabled(editable and self.table.can_move(1))
        self.remove_button.setEnabled(editable and self.table.current_id() is not None)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.paste.setReadOnly(read_only)
        self.add_button.setEnabled(not read_only)
        self.update_buttons()
        if read_only:
            self.table.setEditTriggers(ReorderTable.EditTrigger.NoEditTriggers)
            self.table.setDragEnabled(False)

    # ---- actions ----------------------------------------------------------------------------------

    def _name(self, participant_id: int) -> str:
        return self.table_model.record(self.table_model.row_of(participant_id)).name

    def on_add(self) -> None:
        text = self.paste.toPlainText()
        try:
            names = parse_names(text)
        except ValueError:
            names = []
        late = self.model.store.count("turn") > 0
        if len(names) == 1:
            label = f"Add {'late arrival' if late else 'participant'} {names[0]}"
        else:
            label = f"Add {len(names)} {'late arrivals' if late else 'participants'}"
        # Someone added once the round table has begun joins the rotation from the round
        # the table is in, worked out as the round table works it out.
        joined = roundtable_ops.position(self.model.store).round if late else 1
        result = self.model.run(label, people_ops.add_participants, text, joined_round=joined)
        if result is not None:
            self.paste.clear()
            if result.value:
                self.table.select_id(result.value[-1], 1)

    def on_edited(self, participant_id: int, key: str, value: object) -> None:
        name = self._name(participant_id)
        if key == "absent":
            label = f"Mark {name} {'absent' if value else 'present'}"
        elif key == "name":
            label = f"Rename {name}"
        else:
            label = f"Edit {key} of {name}"
        self.model.run(label, people_ops.update_participant, participant_id, **{key: value})

    def _move(self, step: int) -> None:
        record_id = self.table.current_id()
        if record_id is not None:
            self.on_move_requested(record_id, step)
        self.table.setFocus()

    def on_move_requested(self, participant_id: int, step: int) -> None:
        order = self.table_model.ids()
        row = order.index(participant_id)
        target = row + step
        if not 0 <= target < len(order):
            return
        order.insert(target, order.pop(row))
        label = f"Move {self._name(participant_id)} {'up' if step < 0 else 'down'}"
        self.model.run(label, people_ops.reorder_seats, order)

    def on_reorder_requested(self, order: list[int], moving: list[int]) -> None:
        label = f"Move {self._name(moving[0])} in the seat order" if len(moving) == 1 else "Change seat order"
        self.model.run(label, people_ops.reorder_seats, order)

    def _remove_current(self) -> None:
        record_id = self.table.current_id()
        if record_id is not None:
            self.on_remove_requested(record_id)

    def on_remove_requested(self, participant_id: int) -> None:
        self.model.run(f"Remove {self._name(participant_id)}", people_ops.remove_participant, participant_id)
