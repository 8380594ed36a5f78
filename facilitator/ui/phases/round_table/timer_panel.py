"""The round table's clock controls: the timer panel and the non-modal break reminder."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from facilitator.core.model import Rules
from facilitator.ops import session as session_ops
from facilitator.ui.common.naming import named_button
from facilitator.ui.session.session_model import SessionModel
from facilitator.ui.session.timers import BREAK_CHOICES, WARN_SECONDS, SessionTimers, clock_text


class TimerPanel(QFrame):
    """Shows the clocks and lets the facilitator set the turn length and silent writing."""

    break_requested = Signal()  # offer the break choices

    def __init__(self, timers: SessionTimers, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timerPanel")
        self.timers = timers
        self.model = model
        self.turn_label = QLabel()
        self.turn_label.setObjectName("turnClock")
        self.turn_label.setAccessibleName("Turn clock")
        font = self.turn_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.turn_label.setFont(font)
        self.turn_label.setMinimumWidth(90)
        self.turn_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.restart_button = self._button("timerRestartTurn", "Restart clock", "Restart the turn clock (F9)")
        self.turn_spin = self._spin("timerTurnLength", "Turn length in seconds", 10, 3600, 10, " s turn")
        self.silent_spin = self._spin("timerSilentLength", "Silent writing in seconds", 0, 3600, 30, " s")
        self.silent_spin.setSpecialValueText("No silent writing")
        self.silent_button = self._button("timerSilent", "Silent writing", "Start or stop (Ctrl+F9)")
        self.break_button = self._button("timerBreak", "Break…", "Start a break timer (Ctrl+B)")
        self.status = QLabel()
        self.status.setObjectName("timerStatus")
        self.status.setAccessibleName("Timer status")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.turn_label)
        layout.addWidget(self.restart_button)
        layout.addWidget(self.turn_spin)
        layout.addSpacing(12)
        layout.addWidget(self.silent_button)
        layout.addWidget(self.silent_spin)
        layout.addWidget(self.break_button)
        layout.addWidget(self.status, 1)
        self.restart_button.clicked.connect(timers.start_turn)
        self.silent_button.clicked.connect(self.on_silent_clicked)
        self.break_button.clicked.connect(self.on_break_clicked)
        self.turn_spin.editingFinished.connect(self.on_turn_length_edited)
        self.silent_spin.editingFinished.connect(self.on_silent_length_edited)
        timers.tick.connect(self.refresh)
        self.refresh()

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        return named_button(name, text, tip, accessible=text)

    def _spin(self, name: str, accessible: str, low: int, high: int, step: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setAccessibleName(accessible)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setSuffix(suffix)
        spin.setKeyboardTracking(False)
        return spin

    def show_rules(self, rules: Rules) -> None:
        """The stored configuration (it survives closing and reopening the file)."""
        for spin, value in ((self.turn_spin, rules.turn_seconds), (self.silent_spin, rules.silent_seconds)):
            if not spin.hasFocus() and spin.value() != value:
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)
        self.timers.configure(rules)

    def _change_rule(self, label: str, **values: int) -> None:
        rules = dataclasses.replace(self.model.store.info().rules, **values)
        if rules != self.model.store.info().rules:
            self.model.run(label, session_ops.update_rules, rules)

    def on_turn_length_edited(self) -> None:
        self._change_rule("Change turn length", turn_seconds=self.turn_spin.value())

    def on_silent_length_edited(self) -> None:
        self._change_rule("Change silent writing", silent_seconds=self.silent_spin.value())

    def on_silent_clicked(self) -> None:
        if self.timers.silent_remaining() is None:
            self.timers.start_silent(self.silent_spin.value() or None)
        else:
            self.timers.stop_silent()

    def on_break_clicked(self) -> None:
        if self.timers.break_remaining() is None:
            self.break_requested.emit()
        else:
            self.timers.end_break()

    def refresh(self) -> None:
        t = self.timers
        if t.turn_running:
            left = t.turn_remaining()
            colour = "#1E7B34" if left > WARN_SECONDS else ("#9A6700" if left >= 0 else "#B42318")
            self.turn_label.setText(clock_text(left))
            self._set_clock_style(f"color: {colour};")
            self.turn_label.setToolTip("Time left in this turn" if left >= 0 else "Over time: advice only")
        else:
            self.turn_label.setText(clock_text(t.turn_seconds))
            self._set_clock_style("color: #6B7280;")
        silent = t.silent_remaining()
        self.silent_button.setText("Stop silent writing" if silent is not None else "Silent writing")
        pause = t.break_remaining()
        self.break_button.setText("End break" if pause is not None else "Break…")
        self.status.setText(t.summary_text() if silent is not None or pause is not None else "")

    def _set_clock_style(self, style: str) -> None:
        if style != self.turn_label.styleSheet():  # restyling costs a relayout: only on a change
            self.turn_label.setStyleSheet(style)


class BreakReminder(QFrame):
    """Non-modal: suggests a 5 to 10 minute break and offers a break timer."""

    def __init__(self, timers: SessionTimers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breakReminder")
        self.setAccessibleName("Break reminder")
        self.setStyleSheet(
            "#breakReminder { background:#E8F1FB; border:1px solid #9CC0E8; border-radius:4px; }"
        )
        self.timers = timers
        self.label = QLabel()
        self.label.setObjectName("breakReminderText")
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        self.buttons: dict[int, QPushButton] = {}
        for minutes in BREAK_CHOICES:
            button = QPushButton(f"{minutes}-minute break")
            button.setObjectName(f"break{minutes}")
            button.setAccessibleName(f"Start a {minutes}-minute break")
            button.clicked.connect(lambda _=False, m=minutes: self.on_break_chosen(m))
            layout.addWidget(button)
            self.buttons[minutes] = button
        self.later = QPushButton("Later")
        self.later.setObjectName("breakLater")
        self.later.setAccessibleName("Remind me later")
        self.later.clicked.connect(self.on_later)
        layout.addWidget(self.later)
        timers.break_due.connect(self.on_break_due)
        timers.break_finished.connect(self.on_break_finished)
        self.hide()

    def offer(self, text: str) -> None:
        self.label.setText(text)
        for button in self.buttons.values():
            button.show()
        self.later.setText("Later")
        self.show()

    def on_break_due(self, minutes: int) -> None:
        self.offer(
            f"You have been going for {minutes} minutes. A 5 to 10 minute break helps everyone listen well."
        )

    def on_break_requested(self) -> None:
        self.offer("How long a break? The break timer runs here and on the presenter display.")

    def on_break_chosen(self, minutes: int) -> None:
        self.timers.start_break(minutes)
        self.hide()

    def on_later(self) -> None:
        if not self.buttons[BREAK_CHOICES[0]].isHidden():  # a reminder, not the "break is over" note
            self.timers.snooze_break()
        self.hide()

    def on_break_finished(self) -> None:
        self.label.setText("The break is over. Restart the turn clock (F9) when the room is ready.")
        for button in self.buttons.values():
            button.hide()
        self.later.setText("Dismiss")
        self.show()
