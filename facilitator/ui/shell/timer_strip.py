"""The shared clocks, visible in every phase: turn, phase countdown and break.

The same line is shown on the presenter display. Clocks advise; nothing here
ever interrupts the facilitator or the room.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from facilitator import APP_NAME
from facilitator.store.delta import Changes
from facilitator.ui.common.naming import named_button
from facilitator.ui.session.session_model import SessionModel
from facilitator.ui.session.timers import DEFAULT_PHASE_MINUTES

SOFT_SIGNAL_SETTING = "timers/softSignal"


def soft_signal_enabled() -> bool:
    """The soft signal at zero is off unless the facilitator switches it on."""
    return QSettings(APP_NAME, APP_NAME).value(SOFT_SIGNAL_SETTING, False, type=bool)


def set_soft_signal(enabled: bool) -> None:
    QSettings(APP_NAME, APP_NAME).setValue(SOFT_SIGNAL_SETTING, bool(enabled))


class TimerStrip(QFrame):
    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timerStrip")
        self.setAccessibleName("Timers")
        self.model = model
        self.timers = model.timers
        self.show_turn = True  # the turn clock matters only at the round table
        self.summary = QLabel()
        self.summary.setObjectName("timerSummary")
        self.summary.setAccessibleName("Running timers")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("phaseMinutes")
        self.minutes.setAccessibleName("Phase countdown length in minutes")
        self.minutes.setRange(1, 180)
        self.minutes.setValue(DEFAULT_PHASE_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setPrefix("Phase countdown ")
        self.start_button = self._button(
            "phaseStart", "Start", "Start or pause the phase countdown (Ctrl+Shift+P)"
        )
        self.reset_button = self._button(
            "phaseReset", "Reset", "Reset the phase countdown (Ctrl+Shift+Backspace)"
        )
        self.turn_button = self._button(
            "turnPause", "Pause turn", "Pause or resume the turn clock (Shift+F9)"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.turn_button)
        layout.addWidget(self.minutes)
        layout.addWidget(self.start_button)
        layout.addWidget(self.reset_button)

        self.minutes.valueChanged.connect(self.timers.set_phase_minutes)
        self.start_button.clicked.connect(self.timers.toggle_phase)
        self.reset_button.clicked.connect(self.timers.reset_phase)
        self.turn_button.clicked.connect(self.timers.toggle_turn_pause)
        self.timers.tick.connect(self.refresh)
        self.timers.reached_zero.connect(self.on_reached_zero)
        model.changed.connect(self.on_changes)
        self.refresh()

    def tab_stops(self) -> list[QWidget]:
        """The strip's controls in the order Tab should reach them: as they sit, left to right."""
        return [self.turn_button, self.minutes, self.start_button, self.reset_button]

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        return named_button(name, text, tip, accessible=tip.split(" (")[0])

    def set_show_turn(self, show: bool) -> None:
        self.show_turn = show
        self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("session"):
            self.timers.configure(self.model.store.info().rules)

    def refresh(self) -> None:
        text = self.timers.summary_text(with_turn=self.show_turn)
        if text != self.summary.text():
            self.summary.setText(text)
        self.start_button.setText("Pause" if self.timers.phase_running else "Start")
        self.turn_button.setText("Resume turn" if self.timers.turn_paused else "Pause turn")
        self.turn_button.setEnabled(self.timers.turn_running)

    def on_reached_zero(self) -> None:
        if soft_signal_enabled():
            QApplication.beep()
