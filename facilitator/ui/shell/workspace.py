"""An open session: the phase navigator, a message strip and the phase views."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.core.model import Phase
from facilitator.ops import session as session_ops
from facilitator.store.delta import Changes
from facilitator.ui.common.message_bar import MessageBar
from facilitator.ui.phases.base import PhaseView, is_built, make_view
from facilitator.ui.session.session_model import SessionModel
from facilitator.ui.shell.actions import PHASE_SHORTCUT
from facilitator.ui.shell.timer_strip import TimerStrip

PHASES = list(Phase)


class Workspace(QWidget):
    save_as_requested = Signal()
    phase_changed = Signal(object)  # Phase

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.model = model
        self.views: dict[Phase, PhaseView] = {}
        self._focus_pending = False

        self.navigator = QListWidget()
        self.navigator.setObjectName("phaseNavigator")
        self.navigator.setAccessibleName("Phases")
        self.navigator.setAccessibleDescription("The session flow. Alt+1 to Alt+7 jump to a phase.")
        self.navigator.setFixedWidth(170)
        for n, phase in enumerate(PHASES, start=1):
            label = phase.title if is_built(phase) else f"{phase.title} (not built yet)"
            item = QListWidgetItem(f"{n}  {label}")
            item.setData(Qt.ItemDataRole.UserRole, phase)
            item.setToolTip(PHASE_SHORTCUT.format(n=n))
            self.navigator.addItem(item)
            shortcut = QShortcut(QKeySequence(PHASE_SHORTCUT.format(n=n)), self)
            shortcut.activated.connect(lambda p=phase: self.show_phase(p))

        self.title = QLabel()
        self.title.setObjectName("sessionTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.messages = MessageBar()
        self.stack = QStackedWidget()
        self.stack.setObjectName("phaseStack")
        self.timer_strip = TimerStrip(model)

        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.messages)
        right.addWidget(self.stack, 1)
        right.addWidget(self.timer_strip)
        layout = QHBoxLayout(self)
        layout.addWidget(self.navigator)
        layout.addLayout(right, 1)

        self.navigator.currentRowChanged.connect(self.on_navigator_row_changed)
        model.changed.connect(self.on_changes)
        model.refused.connect(self.on_refused)
        model.saved.connect(self.on_saved)
        self.messages.dismissed_from_keyboard.connect(lambda: self.view(self.current_phase).focus_default())
        self._failure = ""  # what the strip says about the last action that failed
        model.write_failed.connect(self.on_write_failed)
        model.timers.break_due.connect(self.on_break_due)
        model.timers.phase_finished.connect(self.on_phase_countdown_finished)
        if model.read_only:
            self.messages.show_message(
                "This session is open read-only: the file cannot be changed. Use Save as to work on a copy.",
                "warning",
                ("Save as…", self.save_as_requested.emit),
            )
        self.on_changes(Changes(reload=True))
        self.show_phase(model.store.info().phase)

    def showEvent(self, event: QShowEvent) -> None:
        self._order_tab_stops()  # here, once in the window: placing a widget resets its Tab order
        super().showEvent(event)
        if self._focus_pending:  # the phase was chosen before the workspace was on screen
            self._focus_pending = False
            self.view(self.current_phase).focus_default()

    def _order_tab_stops(self) -> None:
        """Tab goes as the eye reads: phases, messages, the phase shown, then the timer strip.

        Views are made when first shown and join the Tab order at its end; so the timer
        strip goes first and the phases and messages after it, leaving the end for the views.
        """
        order = [
            self.timer_strip.tab_stops()[-1],
            self.navigator,
            self.messages.action_button,
            self.messages.close_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    @property
    def current_phase(self) -> Phase:
        return PHASES[max(self.navigator.currentRow(), 0)]

    def view(self, phase: Phase) -> PhaseView:
        """The view of a phase, made the first time it is needed."""
        if phase not in self.views:
            view = make_view(phase, self.model)
            self.views[phase] = view
            self.stack.addWidget(view)
        return self.views[phase]

    def show_phase(self, phase: Phase) -> None:
        self.navigator.setCurrentRow(PHASES.index(Phase(phase)))

    def step_phase(self, step: int) -> None:
        index = min(max(PHASES.index(self.current_phase) + step, 0), len(PHASES) - 1)
        self.show_phase(PHASES[index])

    def on_navigator_row_changed(self, row: int) -> None:
        if row < 0:
            return
        phase = PHASES[row]
        view = self.view(phase)
        self.stack.setCurrentWidget(view)
        if self.isVisible():
            view.focus_default()
        else:
            self._focus_pending = True  # a hidden widget cannot take the keyboard: see showEvent
        if not self.model.read_only and self.model.store.info().phase != phase:
            self.model.run_untracked(session_ops.set_phase, phase)
        self.timer_strip.set_show_turn(phase is Phase.ROUND_TABLE)
        if phase is not Phase.ROUND_TABLE:
            self.model.timers.stop_turn()  # a turn is timed only at the round table
        self.phase_changed.emit(phase)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("session"):
            self.title.setText(self.model.store.info().title)

    def on_break_due(self, minutes: int) -> None:
        """The round table offers the break itself; elsewhere the message strip says it."""
        if self.current_phase is not Phase.ROUND_TABLE:
            self.messages.show_message(
                f"You have been going for {minutes} minutes. A 5 to 10 minute break helps everyone "
                "listen well (Ctrl+Alt+B starts a break timer).",
                "info",
                ("10-minute break", lambda: self.model.timers.start_break(10)),
            )

    def on_phase_countdown_finished(self) -> None:
        self.messages.show_message(
            "The phase countdown has reached zero. Carry on or move on when the room is ready."
        )

    def on_refused(self, message: str) -> None:
        self.messages.show_message(message, "warning")
        self._failure = message

    def on_write_failed(self, message: str) -> None:
        self.messages.show_message(message, "error", ("Save as…", self.save_as_requested.emit))
        self._failure = message

    def on_saved(self) -> None:
        """The next action worked: why the one before it failed is old news."""
        if self._failure and self.messages.text() == self._failure:
            self.messages.hide()
        self._failure = ""
