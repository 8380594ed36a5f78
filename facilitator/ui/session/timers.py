"""The round table's clocks: turn, silent writing and breaks. They advise; they never interrupt.

`SessionTimers` holds the clocks and says when something is due; any number of
widgets can show it (the timer panel here, the presenter display). Time comes
from injectable clocks, so tests move time on without waiting.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from facilitator.core.model import Rules
from facilitator.ops import session as session_ops
from facilitator.ui.common.naming import named_button
from facilitator.ui.session.session_model import SessionModel

SNOOZE_MINUTES = 10
BREAK_CHOICES = (5, 10)  # minutes offered by the break reminder
WARN_SECONDS = 20  # the turn clock turns amber this long before time
DEFAULT_PHASE_MINUTES = 10


def clock_text(seconds: float) -> str:
    """'1:05' for time left; '+0:12' once over."""
    over = seconds < 0
    whole = int(abs(seconds) + (0.999 if not over else 0))
    text = f"{whole // 60}:{whole % 60:02d}"
    return f"+{text}" if over else text


class SessionTimers(QObject):
    """Turn clock, silent-writing countdown, break reminder and break countdown."""

    tick = Signal()  # shown values changed; redraw
    turn_overrun = Signal()  # the turn reached its length (advice only, once per turn)
    silent_finished = Signal()
    break_due = Signal(int)  # minutes since the last break
    break_finished = Signal()
    phase_finished = Signal()  # the phase countdown reached zero (advice only)
    reached_zero = Signal()  # any countdown reached zero: the optional soft signal

    def __init__(
        self,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.wall = wall
        self.turn_seconds = Rules.turn_seconds
        self.silent_seconds = Rules.silent_seconds
        self.break_minutes = Rules.break_minutes
        self._turn_start: float | None = None
        self._turn_wall: dt.datetime | None = None
        self._overrun_told = False
        self._silent_end: float | None = None
        self._break_end: float | None = None
        self._since_break = clock()
        self._remind_at: float | None = None
        self._turn_paused_at: float | None = None
        self.phase_seconds = DEFAULT_PHASE_MINUTES * 60
        self._phase_end: float | None = None  # running: when it ends
        self._phase_left: float | None = None  # paused: what is left
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.check)

    def configure(self, rules: Rules) -> None:
        if (rules.turn_seconds, rules.silent_seconds, rules.break_minutes) == (
            self.turn_seconds,
            self.silent_seconds,
            self.break_minutes,
        ):
            return  # most changes (an idea recorded) leave the rules alone: nothing to redraw
        self.turn_seconds = rules.turn_seconds
        self.silent_seconds = rules.silent_seconds
        if rules.break_minutes != self.break_minutes:
            self.break_minutes = rules.break_minutes
            self._remind_at = None
        self.tick.emit()

    def start(self) -> None:
        """Start ticking (the view calls this when it is shown)."""
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    # ---- the turn -----------------------------------------------------------------------

    def start_turn(self) -> None:
        self._turn_start = self.clock()
        self._turn_wall = self.wall()
        self._turn_paused_at = None
        self._overrun_told = False
        self.tick.emit()

    def stop_turn(self) -> None:
        self._turn_start = None
        self._turn_wall = None
        self._turn_paused_at = None
        self.tick.emit()

    def toggle_turn_pause(self) -> None:
        """Pause the turn clock (say, for an interruption) or carry on from where it stopped."""
        if self._turn_start is None:
            self.start_turn()
            return
        if self._turn_paused_at is None:
            self._turn_paused_at = self.clock()
        else:
            self._turn_start += self.clock() - self._turn_paused_at
            self._turn_paused_at = None
        self.tick.emit()

    @property
    def turn_paused(self) -> bool:
        return self._turn_paused_at is not None

    @property
    def turn_running(self) -> bool:
        return self._turn_start is not None

    def turn_elapsed(self) -> float:
        if self._turn_start is None:
            return 0.0
        now = self._turn_paused_at if self._turn_paused_at is not None else self.clock()
        return now - self._turn_start

    def turn_remaining(self) -> float:
        """Seconds left in the turn; negative once over (the speaker is never cut off)."""
        return self.turn_seconds - self.turn_elapsed()

    def turn_started_at(self) -> str | None:
        """When the current turn began, as stored with the turn (None if the clock is not running)."""
        return None if self._turn_wall is None else self._turn_wall.isoformat(timespec="seconds")

    # ---- silent writing -------------------------------------------------------------------

    def start_silent(self, seconds: int | None = None) -> None:
        """Quiet writing before the round; the turn clock waits until it is over."""
        seconds = seconds or self.silent_seconds or 120
        self._silent_end = self.clock() + seconds
        self.stop_turn()

    def stop_silent(self) -> None:
        self._silent_end = None
        self.tick.emit()

    def silent_remaining(self) -> float | None:
        return None if self._silent_end is None else max(0.0, self._silent_end - self.clock())

    # ---- the phase countdown (e.g. ten minutes for grouping) ----------------------------------

    def set_phase_minutes(self, minutes: int) -> None:
        self.phase_seconds = max(1, int(minutes)) * 60
        if self._phase_end is None and self._phase_left is None:
            self.tick.emit()

    def toggle_phase(self) -> None:
        """Start, pause or resume the phase countdown."""
        if self._phase_end is not None:
            self._phase_left = max(0.0, self._phase_end - self.clock())
            self._phase_end = None
        else:
            left = self._phase_left if self._phase_left is not None else self.phase_seconds
            self._phase_end = self.clock() + left
            self._phase_left = None
        self.tick.emit()

    def reset_phase(self) -> None:
        self._phase_end = None
        self._phase_left = None
        self.tick.emit()

    @property
    def phase_running(self) -> bool:
        return self._phase_end is not None

    def phase_remaining(self) -> float | None:
        """Seconds left; None when the countdown is not set going."""
        if self._phase_end is not None:
            return max(0.0, self._phase_end - self.clock())
        return self._phase_left

    # ---- breaks -------------------------------------------------------------------------------

    def start_break(self, minutes: int) -> None:
        self._break_end = self.clock() + minutes * 60
        self._remind_at = None
        self.stop_turn()
        self.tick.emit()

    def end_break(self) -> None:
        self._break_end = None
        self._since_break = self.clock()
        self._remind_at = None
        self.start_turn()

    def break_remaining(self) -> float | None:
        return None if self._break_end is None else max(0.0, self._break_end - self.clock())

    def snooze_break(self, minutes: int = SNOOZE_MINUTES) -> None:
        self._remind_at = self.clock() + minutes * 60

    def minutes_since_break(self) -> int:
        return int((self.clock() - self._since_break) // 60)

    def _break_is_due(self) -> bool:
        if self.break_minutes <= 0 or self._break_end is not None:
            return False
        due = self._remind_at if self._remind_at is not None else self._since_break + self.break_minutes * 60
        return self.clock() >= due

    # ---- ticking ----------------------------------------------------------------------------------

    def check(self) -> None:
        """Say what has come due. Runs twice a second; tests call it after moving the clock."""
        if self._turn_start is not None and not self._overrun_told and self.turn_remaining() <= 0:
            self._overrun_told = True
            self.turn_overrun.emit()
            self.reached_zero.emit()
        if self._phase_end is not None and self.clock() >= self._phase_end:
            self._phase_end = None
            self._phase_left = 0.0
            self.phase_finished.emit()
            self.reached_zero.emit()
        if self._silent_end is not None and self.clock() >= self._silent_end:
            self._silent_end = None
            self.start_turn()  # the first turn begins
            self.silent_finished.emit()
        if self._break_end is not None and self.clock() >= self._break_end:
            self._break_end = None
            self._since_break = self.clock()
            self.break_finished.emit()
            self.reached_zero.emit()
        if self._break_is_due():
            self._remind_at = self.clock() + SNOOZE_MINUTES * 60  # remind again later, never nag
            self.break_due.emit(self.minutes_since_break())
        self.tick.emit()

    def summary_text(self, with_turn: bool = True) -> str:
        """One line for a display: the break, the silent writing or the turn clock,
        then the phase countdown if it is set going."""
        parts = []
        if (left := self.break_remaining()) is not None:
            parts.append(f"Break: {clock_text(left)} left")
        elif (left := self.silent_remaining()) is not None:
            parts.append(f"Silent writing: {clock_text(left)} left")
        elif self.turn_running and with_turn:
            left = self.turn_remaining()
            text = f"Turn: {clock_text(left)} left" if left >= 0 else f"Turn: {clock_text(left)} over"
            parts.append(text + (" (paused)" if self.turn_paused else ""))
        if (left := self.phase_remaining()) is not None:
            parts.append(f"Phase: {clock_text(left)} left" + ("" if self.phase_running else " (paused)"))
        return "   ·   ".join(parts)


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
