"""The private hand-over between raters: whose turn it is to rate, shown so nobody sees another's ratings."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.ops import matrix as matrix_ops
from facilitator.ui.common.naming import named as _named
from facilitator.ui.common.private_screen import PrivateScreen
from facilitator.ui.phases.prioritize.rating_entry import RatingForm, matrix_cards
from facilitator.ui.session.session_model import SessionModel


class RatingHandOver(PrivateScreen):
    """Names the next person, then shows them the rating form; their name is never stored."""

    finished = Signal()

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingHandOver")
        self.model = model
        self.back_requested.connect(self.finish)  # Escape on the hand-over page
        self.queue: list[tuple[int, str]] = []
        self.done: set[int] = set()
        self.current: tuple[int, str] | None = None  # None while someone off the list rates
        self._key = ""
        # The last person's own ratings, kept in memory only until the next person starts, so
        # they can change them; never an undo step (undoing hand-overs one by one would give
        # each person's ratings in seat order).
        self._saved: tuple[str, dict[int, tuple[int, int]], str] | None = None
        self._rater = ""  # the name of whoever is rating now ("" for someone not on the list)
        self.thanking = False

        self.heading = _named(QLabel(), "ratingHandOverHeading", "Hand over")
        self.name = _named(QLabel(), "ratingHandOverName", "Next rater")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 2.6)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.note = _named(QLabel(), "ratingHandOverNote", "About the ratings")
        self.note.setWordWrap(True)
        for label in (self.heading, self.name, self.note):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = _named(QPushButton("Start rating"), "startRatingButton", "Start rating")
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(44)
        self.start_button.clicked.connect(self.on_start_clicked)
        self.skip_button = _named(QPushButton("Skip this person"), "skipRaterButton", "Skip this person")
        self.skip_button.clicked.connect(self.on_skip_clicked)
        self.other_button = _named(
            QPushButton("Someone not on the list"), "otherRaterButton", "Someone not on the list rates"
        )
        self.other_button.clicked.connect(self.on_other_clicked)
        self.back_button = _named(QPushButton("Back to the matrix (Esc)"), "ratingBackButton", "Back")
        self.back_button.clicked.connect(self.finish)
        self.change_button = _named(
            QPushButton("Change my ratings"), "changeRatingsButton", "Change the ratings just saved"
        )
        self.change_button.clicked.connect(self.on_change_clicked)
        self.change_button.hide()
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.change_button, self.skip_button, self.other_button, self.back_button):
            row.addWidget(button)
        row.addStretch(1)
        intro = QWidget()
        intro_layout = QVBoxLayout(intro)
        intro_layout.addStretch(2)
        intro_layout.addWidget(self.heading)
        intro_layout.addWidget(self.name)
        intro_layout.addWidget(self.note)
        intro_layout.addSpacing(16)
        intro_layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        intro_layout.addLayout(row)
        intro_layout.addStretch(3)

        self.form = RatingForm()
        self.form.submitted.connect(self.on_form_submitted)
        self.form.cancelled.connect(self.on_form_cancelled)
        self.pages = QStackedWidget()
        self.pages.setObjectName("ratingHandOverPages")
        self.pages.addWidget(intro)
        self.pages.addWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # ---- flow -----------------------------------------------------------------------------------

    def start(self) -> None:
        state = self.model.state()
        self.queue = [(p.id, p.name) for p in state.seated() if not p.absent]
        self.done = set()
        self._saved = None
        self.show_next()

    def remaining(self) -> list[tuple[int, str]]:
        return [p for p in self.queue if p[0] not in self.done]

    def show_next(self) -> None:
        self.pages.setCurrentIndex(0)
        self.form.set_cards([], "")  # nothing of the last person's stays on screen
        cards = matrix_cards(self.model.state())
        left = self.remaining()
        self.current = left[0] if left else None
        if not cards:
            self.heading.setText("There are no cards on the matrix yet.")
            self.name.setText("")
            self.note.setText("Add ideas to the matrix first (the Cards list beside the matrix).")
        elif self.current is None:
            self.heading.setText("Everyone on the list has rated.")
            self.name.setText("")
            self.note.setText("Hand the laptop back to the facilitator.")
        else:
            self.heading.setText("Please pass the laptop to")
            self.name.setText(self.current[1])
            self.note.setText(
                f"{len(cards)} card{'s' if len(cards) != 1 else ''} to rate for feasibility and impact. "
                "Your ratings are stored without your name, and nobody else's are shown."
            )
        self.thanking = False
        self.start_button.setText("Start rating")
        self.start_button.setVisible(bool(cards) and self.current is not None)
        self.skip_button.setVisible(bool(cards) and self.current is not None)
        self.change_button.hide()
        self.other_button.show()
        self.other_button.setEnabled(bool(cards))
        (self.start_button if self.start_button.isVisible() else self.back_button).setFocus()

    def show_thanks(self, who: str) -> None:
        """Saved: the person who has just rated may still change their ratings. The next
        name shows only once they hand the laptop on, so nobody else is offered them."""
        self.pages.setCurrentIndex(0)
        self.form.set_cards([], "")
        self.thanking = True
        self.heading.setText("Saved, thank you.")
        self.name.setText(who)
        self.note.setText(
            "Your ratings are stored without your name. You can still change them; when you are "
            "happy, hand the laptop on."
        )
        self.start_button.setText("Done: hand the laptop on")
        self.start_button.show()
        self.change_button.show()
        self.skip_button.hide()
        self.other_button.hide()
        self.start_button.setFocus()

    def on_start_clicked(self) -> None:
        if self.thanking:
            self._saved = None  # handed on: the ratings leave memory
            self.show_next()
            return
        self._rater = self.current[1] if self.current else ""
        self._open_form(f"{self.current[1]}, rate each card" if self.current else "Rate each card")

    def on_other_clicked(self) -> None:
        self.current = None
        self._rater = ""
        self._open_form("Rate each card")

    def _open_form(self, who: str) -> None:
        self._saved = None  # the next person starts: the last one's ratings leave memory
        self._key = matrix_ops.new_rater_key()
        self.form.set_cards(matrix_cards(self.model.state()), who)
        self.pages.setCurrentIndex(1)
        first = self.form.first_input()
        if first is not None:
            first.setFocus()

    def on_change_clicked(self) -> None:
        """The person who has just rated takes their own ratings back into the form."""
        if self._saved is None:
            return
        key, scores, who = self._saved
        self._key = key
        self.form.set_cards(matrix_cards(self.model.state()), who)
        for idea_id, (feasibility, impact) in scores.items():
            if idea_id in self.form.inputs:
                first, second = self.form.inputs[idea_id]
                first.set_value(feasibility)
                second.set_value(impact)
        self.pages.setCurrentIndex(1)
        first_input = self.form.first_input()
        if first_input is not None:
            first_input.setFocus()

    def on_skip_clicked(self) -> None:
        self._saved = None
        if self.current is not None:
            self.done.add(self.current[0])
        self.show_next()

    def on_form_submitted(self, scores: dict[int, tuple[int, int]]) -> None:
        changing = self._saved is not None
        who = self.form.heading.text()
        # Not an undo step: the ratings are the rater's, not the facilitator's.
        result = self.model.run_untracked(matrix_ops.rate_all, self._key, scores, replace=changing)
        if result is None:
            return
        if self.current is not None and not changing:
            self.done.add(self.current[0])
        self._saved = (self._key, dict(scores), who)
        self.show_thanks(self._rater)

    def on_form_cancelled(self) -> None:
        if self._saved is not None:  # changing their own: what they saved stands
            self.show_thanks(self._rater)
        else:
            self.show_next()

    def finish(self) -> None:
        self._saved = None
        self.form.set_cards([], "")
        self.finished.emit()

    # ---- privacy ----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape leaves from the hand-over page only; the form has its own (Cancel)."""
        if event.key() == Qt.Key.Key_Escape and self.pages.currentIndex() != 0:
            QWidget.keyPressEvent(self, event)
        else:
            super().keyPressEvent(event)
