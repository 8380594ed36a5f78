"""The Setup phase: session details, participants, themes and rules on one page.

The view only composes the four panels (`ui/setup_*.py`) and hands each the
changes it must refresh from. Every edit is an operation run through the
session model, so it is saved at once and undone like any other.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from facilitator.core.model import Phase
from facilitator.store.delta import Changes
from facilitator.ui.phases.base import PhaseView
from facilitator.ui.phases.setup.details import DetailsPanel
from facilitator.ui.phases.setup.participants import ParticipantsPanel
from facilitator.ui.phases.setup.review import ReviewPanel
from facilitator.ui.phases.setup.rules import RulesPanel
from facilitator.ui.phases.setup.themes import ThemesPanel
from facilitator.ui.session.session_model import SessionModel


class View(PhaseView):
    phase = Phase.SETUP

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.details = DetailsPanel(model)
        self.participants = ParticipantsPanel(model)
        self.themes = ThemesPanel(model)
        self.rules = RulesPanel(model)
        self.review = ReviewPanel(model)  # a follow-up's first step; hidden otherwise
        self.focus_pending = False  # focus_default() waits for the page to be shown

        intro = QLabel(
            "Set the session up before the room arrives. Every change is saved as you make it, "
            "and Ctrl+Z undoes it."
        )
        intro.setObjectName("setupIntro")
        intro.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.details)
        left.addWidget(self.rules)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.participants, 1)
        right.addWidget(self.themes)
        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)

        page = QWidget()
        page.setObjectName("setupPage")
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(intro)
        page_layout.addWidget(self.review)
        page_layout.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setObjectName("setupScroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own: it scrolls to whichever field Tab reaches.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._set_focus_order()
        read_only = model.read_only
        for panel in (self.details, self.participants, self.themes, self.rules, self.review):
            panel.set_read_only(read_only)
        self.on_changes(Changes(reload=True))

    def _set_focus_order(self) -> None:
        """Down the left column (details, rules), then down the right (participants, themes)."""
        order: list[QWidget] = self.review.focus_order() + [
            self.details.editors[key]
            for key in (
                "title",
                "question",
                "date",
                "date_clear",
                "place",
                "facilitator",
                "team",
                "organisation",
                "started_at",
                "ended_at",
                "note_taker",
                "contact",
                "next_checkin",
                "next_checkin_clear",
                "approved",
            )
        ]
        order += self.rules.focus_order() + self.participants.focus_order() + self.themes.focus_order()
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def on_changes(self, changes: Changes) -> None:
        if not changes:
            return
        info = self.model.store.info() if changes.touches("session") else None
        if info is not None:
            self.details.refresh(changes, info)
            self.rules.refresh(changes, info.rules)
        elif changes.touches("idea"):
            self.rules.refresh(changes, self.model.store.info().rules)
        self.participants.refresh(changes)
        self.themes.refresh(changes)
        self.review.refresh(changes)

    def focus_default(self) -> None:
        if not self.isVisible():
            # The workspace asks before it is on screen; Qt then gives focus to the
            # first widget it finds, so take it back once the page is shown.
            self.focus_pending = True
            return
        self.focus_pending = False
        if self.review.items and any(not i.status for i in self.review.items):
            self.review.table.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.participants.table_model.rowCount() == 0:
            self.participants.paste.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.details.editors["title"].setFocus(Qt.FocusReason.OtherFocusReason)

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the phase or closing the session: save a field still being typed
        # in, which has not had its editingFinished yet.
        if not self.model.store.closed:
            self.details.commit_all()
            self.rules.commit_all()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.focus_pending:
            QTimer.singleShot(0, self, self.focus_default)

    def shortcuts(self) -> list[tuple[str, str]]:
        return [
            ("Tab / Shift+Tab", "Next or previous field; each field is saved when you leave it"),
            ("Ctrl+Enter", "Add the names typed in the participants box"),
            ("Alt+Up / Alt+Down", "Move the selected participant or theme up or down"),
            ("F2", "Rename the selected participant or theme"),
            ("Space", "Tick Absent (in the participants' Absent column)"),
            ("Delete", "Remove the selected participant or theme"),
            ("F4 / Alt+Down", "Open the calendar of a date (arrows pick a day, Enter takes it)"),
            ("Ctrl+Delete", "Clear a date"),
            ("1 / 2 / 3 / 4", "Review: mark the selected action Done, In progress, Stuck or Dropped"),
            ("Enter", "Review: save the action's note and go to the next one"),
        ]
