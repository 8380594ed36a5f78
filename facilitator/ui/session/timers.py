"""The round table's clocks: turn, silent writing and breaks. They advise; they never interrupt.

`SessionTimers` holds the clocks and says when something is due; any number of
widgets can show it (the round table's timer panel, the timer strip, the presenter display). Time comes
from injectable clocks, so tests move time on without waiting.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from facilitator.core.model import Rules

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
