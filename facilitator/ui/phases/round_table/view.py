"""Round table: the room speaks in turn and the facilitator records each idea as it is said.

Enter records the idea and moves the turn on; Shift+Enter records it and keeps
the speaker; F8 records a pass; Ctrl+Enter adds an open-floor idea with no
speaker. Every action is one undoable step. The board beside the table shows
each new card the moment it is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.core import turns as turn_rules
from facilitator.core.model import Phase, SessionState
from facilitator.ops import participants as people_ops
from facilitator.ops import roundtable as rt
from facilitator.room.room import Mode
from facilitator.store.delta import Changes
from facilitator.ui.board.board_view import Board
from facilitator.ui.common.message_bar import STYLES, MessageBar
from facilitator.ui.common.naming import named_button
from facilitator.ui.common.room_panel import RoomPanel
from facilitator.ui.phases.base import PhaseView
from facilitator.ui.phases.round_table.airtime import AirtimePanel
from facilitator.ui.phases.round_table.seat_table import SeatTable, seat_views
from facilitator.ui.phases.round_table.timer_panel import BreakReminder, TimerPanel
from facilitator.ui.session.session_model import SessionModel
from facilitator.ui.session.timers import SessionTimers

PASS_KEY = "F8"
RESTART_CLOCK_KEY = "F9"
SILENT_KEY = "Ctrl+F9"
BREAK_KEY = "Ctrl+B"
LATE_KEY = "Ctrl+L"
ENTRY_KEY = "Ctrl+E"
BOARD_KEY = "Ctrl+Shift+B"
AIRTIME_KEY = "Ctrl+Shift+A"


class InlineBar(MessageBar):
    """A message strip of this view's own (the workspace keeps the shared one)."""

    def show_message(self, text: str, level: str = "info", action=None) -> None:
        super().show_message(text, level, action)
        self.setStyleSheet(f"#{self.objectName()} {{{STYLES[level]} border-radius:4px;}}")


class IdeaEntry(QPlainTextEdit):
    """Where the facilitator types what the speaker says. Its text stays until it is stored."""

    record = Signal(bool)  # keep the turn?
    open_floor = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            mods = event.modifiers()
            if mods & Qt.KeyboardModifier.ControlModifier:
                self.open_floor.emit()
            else:
                self.record.emit(bool(mods & Qt.KeyboardModifier.ShiftModifier))
            return
        super().keyPressEvent(event)


class RoundTableView(PhaseView):
    phase = Phase.ROUND_TABLE

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.timers: SessionTimers = model.timers  # shared with the presenter and the timer strip
        self._position: turn_rules.Position | None = None
        self._dismissed_round: int | None = None
        self._started = False

        self._build_header(model)
        buttons, late = self._build_capture(model)

        left = QWidget()
        left.setObjectName("roundTableLeft")
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 6, 0)
        column.addWidget(self.table, 3)
        column.addWidget(self.status)
        column.addWidget(self.entry)
        column.addLayout(buttons)
        column.addLayout(late)
        column.addWidget(self.room_panel)
        self.board = Board(model)
        # The figures open beside the table, under the board: in the table's own column they
        # squeezed the table flat at 1280×800 (a seat vanished, the heading covered names).
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setObjectName("roundTableRight")
        self.right.addWidget(self.board)
        self.right.addWidget(self.airtime)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("roundTableSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.question)
        layout.addWidget(self.timer_panel)
        layout.addWidget(self.break_reminder)
        layout.addWidget(self.hint)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.splitter, 1)

        self._connect_signals()
        self.on_changes(Changes(reload=True))

    def _build_header(self, model: SessionModel) -> None:
        """The question, the clocks, the break reminder, and the hint and suggestion bars."""
        self.question = QLabel()
        self.question.setObjectName("roundTableQuestion")
        self.question.setAccessibleName("The question put to the room")
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        self.question.setFont(font)
        self.timer_panel = TimerPanel(self.timers, model)
        self.break_reminder = BreakReminder(self.timers)
        self.suggestion = InlineBar()
        self.suggestion.setObjectName("roundTableSuggestion")
        self.suggestion.setAccessibleName("Suggestion")
        self.suggestion.close_button.setText("Keep going")
        self.suggestion.close_button.clicked.connect(self.on_suggestion_dismissed)
        self._suggested_round: int | None = None
        self.hint = InlineBar()
        self.hint.setObjectName("roundTableHint")
        self.hint.setAccessibleName("Hint")

    def _build_capture(self, model: SessionModel) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The table, whose turn it is, the idea box and its buttons, late arrivals, the figures.

        Returns the row of record buttons and the row under it."""
        self.table = SeatTable()
        self.table.setMinimumHeight(300)
        self.status = QLabel()
        self.status.setObjectName("turnStatus")
        self.status.setAccessibleName("Whose turn")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        status_font = self.status.font()
        status_font.setPointSizeF(status_font.pointSizeF() * 1.25)
        status_font.setBold(True)
        self.status.setFont(status_font)
        self.entry = IdeaEntry()
        self.entry.setObjectName("ideaEntry")
        self.entry.setAccessibleName("Idea")
        self.entry.setTabChangesFocus(True)
        self.entry.setFixedHeight(self.entry.fontMetrics().lineSpacing() * 4 + 14)
        self.record_button = self._button(
            "recordIdea", "Record, next seat", "Record the idea; next seat (Enter)"
        )
        self.keep_button = self._button("recordKeep", "Record, same speaker", "They have more (Shift+Enter)")
        self.pass_button = self._button("recordPass", "Pass", f"The speaker passes ({PASS_KEY})")
        self.floor_button = self._button("openFloor", "Open floor", "An idea with no speaker (Ctrl+Enter)")
        buttons = QHBoxLayout()
        for button in (self.record_button, self.keep_button, self.pass_button, self.floor_button):
            buttons.addWidget(button)
        self.late_name = QLineEdit()
        self.late_name.setObjectName("lateArrivalName")
        self.late_name.setAccessibleName("Late arrival's name")
        self.late_name.setPlaceholderText(f"Late arrival: name ({LATE_KEY})")
        self.late_button = self._button("lateArrivalAdd", "Seat them", "Seat at the end of the table")
        self.airtime_toggle = QToolButton()
        self.airtime_toggle.setObjectName("airtimeToggle")
        self.airtime_toggle.setAccessibleName("Show equal-voice figures")
        self.airtime_toggle.setText("Equal voice")
        self.airtime_toggle.setToolTip(f"Show or hide the equal-voice figures ({AIRTIME_KEY})")
        self.airtime_toggle.setCheckable(True)
        self.airtime = AirtimePanel()
        self.airtime.hide()
        # Anonymous idea cards from phones (during silent writing, say): the room panel, on demand.
        self.phones_toggle = QToolButton()
        self.phones_toggle.setObjectName("phonesToggle")
        self.phones_toggle.setAccessibleName("Show anonymous cards from phones")
        self.phones_toggle.setText("Cards from phones")
        self.phones_toggle.setCheckable(True)
        self.room_panel = RoomPanel(model, Mode.IDEAS)
        self.room_panel.setVisible(False)
        self.phones_toggle.toggled.connect(self.room_panel.setVisible)
        late = QHBoxLayout()
        metrics = self.late_name.fontMetrics()
        self.late_name.setMinimumWidth(metrics.horizontalAdvance("Late arrival: name") + 24)
        late.addWidget(self.late_name, 1)
        late.addWidget(self.late_button)
        late.addWidget(self.airtime_toggle)
        late.addWidget(self.phones_toggle)
        return buttons, late

    def _connect_signals(self) -> None:
        self.entry.record.connect(self.on_record)
        self.entry.open_floor.connect(self.on_open_floor)
        self.record_button.clicked.connect(lambda: self.on_record(False))
        self.keep_button.clicked.connect(lambda: self.on_record(True))
        self.pass_button.clicked.connect(self.on_pass)
        self.floor_button.clicked.connect(self.on_open_floor)
        self.late_button.clicked.connect(self.on_late_arrival)
        self.late_name.returnPressed.connect(self.on_late_arrival)
        self.airtime_toggle.toggled.connect(self.on_airtime_toggled)
        self.table.seat_activated.connect(self.on_seat_activated)
        self.table.absent_toggled.connect(self.on_absent_toggled)
        self.timer_panel.break_requested.connect(self.break_reminder.on_break_requested)
        self.timers.silent_finished.connect(self.on_silent_finished)
        for keys, slot in (
            (PASS_KEY, self.on_pass),
            (RESTART_CLOCK_KEY, self.timers.start_turn),
            (SILENT_KEY, self.timer_panel.on_silent_clicked),
            (BREAK_KEY, self.timer_panel.on_break_clicked),
            (LATE_KEY, self.late_name.setFocus),
            (ENTRY_KEY, self.entry.setFocus),
            (BOARD_KEY, self.board.view.setFocus),
            (AIRTIME_KEY, self.airtime_toggle.toggle),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        return named_button(name, text, tip, accessible=text)

    # ---- PhaseView ----------------------------------------------------------------------------

    def shortcuts(self) -> list[tuple[str, str]]:
        return [
            ("Enter", "Record the idea and move the turn to the next seat"),
            ("Enter on an empty box", "End a turn in which the speaker gave several ideas"),
            ("Shift+Enter", "Record the idea; the same speaker keeps the turn"),
            (PASS_KEY, "The speaker passes"),
            ("Ctrl+Enter", "Open floor: an idea with no speaker"),
            (RESTART_CLOCK_KEY, "Restart the turn clock"),
            (SILENT_KEY, "Start or stop silent writing"),
            (BREAK_KEY, "Break timer"),
            (LATE_KEY, "Seat a late arrival"),
            (ENTRY_KEY, "Type an idea"),
            (BOARD_KEY, "Go to the board's cards"),
            (AIRTIME_KEY, "Show or hide the equal-voice figures"),
            ("Arrows, Enter (on the table)", "Choose a seat and give it the turn"),
            ("Ctrl+F", "Search the board"),
            ("Ctrl+Shift+F", "Zoom the board to fit"),
            ("Arrows (on the board)", "Move between cards"),
            ("F2 / Delete (on the board)", "Edit / withdraw the selected card"),
            ("Shift+Delete (on the board)", "Remove the selected card for good (asks first)"),
        ]

    def focus_default(self) -> None:
        self.entry.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._started and not event.spontaneous():
            self._resume_turn_clock()
        if not self._started:
            self._started = True
            width = self.splitter.width()
            self.splitter.setSizes([int(width * 0.44), width - int(width * 0.44)])
            state = self._state()
            silent_first = state.info.rules.silent_seconds > 0 and not state.turns
            if silent_first:
                seconds = state.info.rules.silent_seconds
                self.hint.show_message(
                    f"Silent writing comes first: {seconds // 60}:{seconds % 60:02d} for everyone to note "
                    "their ideas before the first turn.",
                    "info",
                    ("Start silent writing", self.timer_panel.on_silent_clicked),
                )
            else:
                self.timers.start_turn()

    def _resume_turn_clock(self) -> None:
        """Back at the round table from another phase: the speaker's turn starts afresh
        (the clock stopped when the table was left)."""
        quiet = self.timers.silent_remaining() is not None or self.timers.break_remaining() is not None
        position = self._position
        if not self.timers.turn_running and not quiet and position is not None and not position.empty:
            self.timers.start_turn()

    # ---- refreshing ------------------------------------------------------------------------------

    def _state(self) -> SessionState:
        return rt.table_state(self.model.store)

    def on_changes(self, changes: Changes) -> None:
        if not changes.touches("session", "participant", "turn"):
            return
        info = self.model.store.info()
        # Only the turns the table needs: this round and the one before it.
        state = rt.table_state(self.model.store, since_round=max(1, info.current_round - 1))
        self.question.setText(info.question or "No question yet: add the question for the room in Setup.")
        style = "" if info.question else "color: #6B7280;"
        if style != self.question.styleSheet():  # restyling costs a relayout: only on a change
            self.question.setStyleSheet(style)
        self.timer_panel.show_rules(info.rules)
        position = turn_rules.current(state.participants, info.current_seat, info.current_round)
        quiet = self.timers.silent_remaining() is not None or self.timers.break_remaining() is not None
        if self._started and self._position is not None and position != self._position and not quiet:
            self.timers.start_turn()  # a new speaker: a fresh turn clock
        self._position = position
        self.table.set_seats(seat_views(state.participants, state.turns, position), position.round)
        self._show_status(state, position)
        self._show_suggestion(state, position)
        if self.airtime.isVisible():
            self.airtime.refresh(self._state())
        writable = not self.model.read_only
        for widget in (self.record_button, self.keep_button, self.pass_button, self.floor_button):
            widget.setEnabled(writable)

    def _show_status(self, state: SessionState, position: turn_rules.Position) -> None:
        name = self.table.speaker_name()
        if position.empty:
            self.status.setText(f"Round {position.round}: nobody can speak. {rt.NOBODY.split(': ', 1)[1]}")
            self.entry.setPlaceholderText("Ctrl+Enter adds an open-floor idea with no speaker.")
            self.entry.viewport().update()
            return
        open_turn = next(
            (t for t in state.turns if not t.ended_at and t.participant_id == position.participant_id), None
        )
        if open_turn is not None and open_turn.round == position.round:
            count = open_turn.ideas
            self.status.setText(
                f"Round {position.round} · {name} · {count} idea{'s' if count != 1 else ''} so far"
            )
            self.entry.setPlaceholderText(
                f"{name}'s next idea. Enter on an empty box (or {PASS_KEY}) ends their turn."
            )
            self.pass_button.setText("End turn")
        else:
            self.status.setText(f"Round {position.round} · {name}'s turn")
            self.entry.setPlaceholderText(
                f"Type what {name} says, then Enter. Shift+Enter if they have more; {PASS_KEY} to pass."
            )
            self.pass_button.setText("Pass")
        self.pass_button.setAccessibleName(self.pass_button.text())
        # Qt repaints a placeholder only when it appears or goes: after a pass the box stays
        # empty, so without this it went on showing the previous speaker's name.
        self.entry.viewport().update()

    def _show_suggestion(self, state: SessionState, position: turn_rules.Position) -> None:
        done = turn_rules.finished_all_pass_round(state.participants, state.turns, position)
        if done is None or done == self._dismissed_round:
            self.suggestion.hide()
            return
        self.suggestion.show_message(
            f"Everyone passed in round {done}. The round table may be done: move on to grouping the ideas?",
            "info",
            ("Go to Group", self.on_move_on),
        )
        self._suggested_round = done

    def on_suggestion_dismissed(self) -> None:
        self._dismissed_round = self._suggested_round

    def on_move_on(self) -> None:
        self.phase_requested.emit(Phase.GROUP)

    # ---- recording ---------------------------------------------------------------------------------

    def on_record(self, keep_turn: bool) -> None:
        text = self.entry.toPlainText()
        if not text.strip() and not keep_turn and rt.turn_in_progress(self.model.store):
            self.model.run("End turn", rt.end_turn)
            return
        label = "Record idea, same speaker" if keep_turn else "Record idea"
        started = self.timers.turn_started_at()
        result = self.model.run(label, rt.record_idea, text, keep_turn=keep_turn, started_at=started)
        if result is not None:  # refused: the text stays in the box, nothing is lost
            self.entry.clear()
            self.board.reveal(result.value)

    def on_pass(self) -> None:
        label = "End turn" if rt.turn_in_progress(self.model.store) else "Pass"
        self.model.run(label, rt.pass_turn, started_at=self.timers.turn_started_at())

    def on_open_floor(self) -> None:
        result = self.model.run("Open floor idea", rt.open_floor_idea, self.entry.toPlainText())
        if result is not None:
            self.entry.clear()
            self.board.reveal(result.value)

    def on_seat_activated(self, participant_id: int) -> None:
        name = next((s.participant.name for s in self.table.seats if s.participant.id == participant_id), "")
        self.model.run(f"Give the turn to {name}", rt.set_current_seat, participant_id)

    def on_absent_toggled(self, participant_id: int, absent: bool) -> None:
        name = next((s.participant.name for s in self.table.seats if s.participant.id == participant_id), "")
        label = f"Mark {name} absent" if absent else f"Mark {name} present"
        self.model.run(label, people_ops.update_participant, participant_id, absent=absent)

    def on_late_arrival(self) -> None:
        if self.model.run("Seat a late arrival", rt.add_late_arrival, self.late_name.text()) is not None:
            self.late_name.clear()
            self.entry.setFocus()

    def on_airtime_toggled(self, shown: bool) -> None:
        self.airtime.setVisible(shown)
        if shown:
            self.airtime.refresh(self._state())
            height = self.right.height()
            self.right.setSizes([height - int(height * 0.45), int(height * 0.45)])

    def on_silent_finished(self) -> None:
        self.hint.show_message("Silent writing is over. The first turn begins: the turn clock is running.")
