"""The private part of the vote: the hand-over screen and the ballot a voter fills in.

Both show no totals, ever. While either is on screen the laptop is in a voter's
hands, so the window's shortcuts are held back (see `private_screen`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator.core.errors import RuleError
from facilitator.core.model import Idea, Rules, Theme
from facilitator.core.voting import BallotDraft, VoterStatus, ballot_order
from facilitator.ui.common import palette
from facilitator.ui.common.naming import named as _name
from facilitator.ui.common.private_screen import HELD_MODIFIERS, PrivateScreen

COLUMNS = 3
PLACED = "●"
FREE = "○"
PLACE_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Plus, Qt.Key.Key_Equal)
REMOVE_KEYS = (Qt.Key.Key_Minus, Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Underscore)
SUBMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
MODIFIERS = HELD_MODIFIERS


class HandOver(PrivateScreen):
    """Names the next voter and nothing else: no running totals, no one's choices."""

    start_requested = Signal(object)  # participant id, or None for the facilitator
    change_requested = Signal(object)  # the voter who has just voted wants their ballot back
    handed_on = Signal()  # that voter is done: the next one's name may show

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handOver")
        self._voter: int | None = None
        self.thanking = False  # the voter who has just voted still holds the laptop
        self.heading = _name(QLabel("Please pass the laptop to"), "handOverHeading", "Hand over")
        self.voter_name = _name(QLabel(), "handOverName", "Next voter")
        font = self.voter_name.font()
        font.setPointSizeF(font.pointSizeF() * 2.6)
        font.setBold(True)
        self.voter_name.setFont(font)
        self.voter_name.setTextFormat(Qt.TextFormat.PlainText)
        self.note = _name(QLabel(), "handOverNote", "About the ballot")
        self.note.setWordWrap(True)
        for label in (self.heading, self.voter_name, self.note):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = _name(QPushButton(), "startBallotButton", "Start the ballot")
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(44)
        self.start_button.clicked.connect(self.on_start_clicked)
        self.someone_else = _name(QComboBox(), "otherVoterCombo", "Someone else is voting next")
        self.someone_else.view().setAccessibleName("People who have not voted yet")
        self.someone_else.activated.connect(self.on_someone_else_activated)
        self.other_label = QLabel("Someone else is next:")
        self.other_label.setBuddy(self.someone_else)
        self.back_button = _name(QPushButton("Back to the facilitator (Esc)"), "handOverBack", "Back")
        self.back_button.clicked.connect(self.back_requested)
        self.change_button = _name(QPushButton("Change my ballot"), "changeBallotButton", "Change my ballot")
        self.change_button.clicked.connect(lambda: self.change_requested.emit(self._voter))
        self.change_button.hide()

        others = QHBoxLayout()
        others.addStretch(1)
        others.addWidget(self.other_label)
        others.addWidget(self.someone_else)
        others.addWidget(self.back_button)
        others.addStretch(1)
        column = QVBoxLayout(self)
        column.addStretch(2)
        column.addWidget(self.heading)
        column.addWidget(self.voter_name)
        column.addSpacing(12)
        column.addWidget(self.note)
        column.addSpacing(18)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        row.addWidget(self.change_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(3)
        column.addLayout(others)

    @property
    def voter(self) -> int | None:
        return self._voter

    def show_thanks(self, voter: VoterStatus) -> None:
        """The ballot is saved; its voter may still change it before handing the laptop on.
        The next voter's name is not shown yet, so nobody else is offered this ballot."""
        self._voter = voter.participant_id
        self.thanking = True
        self.heading.setText("Saved, thank you.")
        self.voter_name.setText(voter.name)
        self.note.setText(
            "Your ballot is stored without your name. You can still change it; when you are happy, "
            "hand the laptop on."
        )
        self.start_button.setText("Done: hand the laptop on")
        self.start_button.setAccessibleName(self.start_button.text())
        self.change_button.show()
        for widget in (self.someone_else, self.other_label):
            widget.hide()

    def show_voter(self, voter: VoterStatus, waiting: Sequence[VoterStatus], revising: bool = False) -> None:
        self._voter = voter.participant_id
        self.thanking = False
        self.change_button.hide()
        self.voter_name.setText(voter.name)
        if revising:
            self.heading.setText("To revise a ballot, please pass the laptop to")
            self.note.setText(
                f"{voter.name} will see their ballot as they left it and can change it. "
                "Nobody else should look at the screen."
            )
            self.start_button.setText(f"I am {voter.name}: reopen my ballot")
        else:
            self.heading.setText("Please pass the laptop to")
            self.note.setText(
                "Your ballot is private: nobody else should look at the screen, and it is stored "
                "without your name. Press the button when you are ready."
            )
            self.start_button.setText(f"I am {voter.name}: start my ballot")
        self.start_button.setAccessibleName(self.start_button.text())
        self.someone_else.clear()
        others = [w for w in waiting if w.participant_id != voter.participant_id]
        for other in others:
            self.someone_else.addItem(other.name, other.participant_id)
        self.someone_else.setCurrentIndex(-1)
        self.someone_else.setPlaceholderText("Choose…")
        for widget in (self.someone_else, self.other_label):
            widget.setVisible(bool(others) and not revising)
        self._waiting = list(waiting)

    def on_start_clicked(self) -> None:
        if self.thanking:
            self.handed_on.emit()
        else:
            self.start_requested.emit(self._voter)

    def on_someone_else_activated(self, index: int) -> None:
        pid = self.someone_else.itemData(index)
        for voter in self._waiting:
            if voter.participant_id == pid:
                self.show_voter(voter, self._waiting)
                self.start_button.setFocus()
                return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in SUBMIT_KEYS and not event.modifiers() & MODIFIERS:
            self.on_start_clicked()
        else:
            super().keyPressEvent(event)


class BallotCard(QFrame):
    """One idea on the ballot. Click or Space places a dot; right-click or minus takes one off."""

    place_requested = Signal(object)  # idea id
    remove_requested = Signal(object)  # idea id
    step_requested = Signal(object, object)  # idea id, Qt.Key

    def __init__(self, idea: Idea, colour: str, merged: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.idea_id = idea.id
        self.text = idea.text
        self.setObjectName(f"ballotCard_{idea.id}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setMinimumHeight(92)
        self._colour = colour
        text = QLabel(idea.text + (f"  (×{merged + 1})" if merged else ""))
        text.setObjectName("ballotCardText")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.dots = QLabel()
        self.dots.setObjectName("ballotCardDots")
        font = self.dots.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.dots.setFont(font)
        self.dots.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.minus = _name(QPushButton("−"), f"removeDot_{idea.id}", "Take a dot off this idea")
        self.minus.setFixedWidth(34)
        self.minus.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.minus.setToolTip("Take a dot off (right-click or − also work)")
        self.minus.clicked.connect(lambda: self.remove_requested.emit(self.idea_id))
        self.plus = _name(QPushButton("+"), f"placeDot_{idea.id}", "Place a dot on this idea")
        self.plus.setFixedWidth(34)
        self.plus.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.plus.clicked.connect(lambda: self.place_requested.emit(self.idea_id))
        bottom = QHBoxLayout()
        bottom.addWidget(self.dots, 1)
        bottom.addWidget(self.minus)
        bottom.addWidget(self.plus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 6)
        layout.addWidget(text, 1)
        layout.addLayout(bottom)
        self.set_count(0, 0)

    def set_count(self, count: int, cap: int, left: int = 1) -> None:
        """`left`: dots the voter still has; with none left, "+" cannot place one."""
        self.dots.setText(PLACED * count + FREE * max(cap - count, 0))
        plural = "dot" if count == 1 else "dots"
        self.setAccessibleName(f"{self.text[:120]}: {count} {plural}")
        self.setAccessibleDescription(f"{count} of at most {cap} dots on this idea")
        self.minus.setEnabled(count > 0)
        self.plus.setEnabled(count < cap and left > 0)
        border = "#1F5FAF" if count else "#C8CCD2"
        width = 3 if count else 1
        background = "#EEF4FC" if count else "#FFFFFF"
        self.setStyleSheet(
            f"#ballotCard_{self.idea_id} {{background:{background}; border:{width}px solid {border};"
            f" border-left:7px solid {self._colour}; border-radius:6px;}}"
            f"#ballotCard_{self.idea_id}:focus {{border-color:#E08A00; border-top-width:3px;"
            " border-right-width:3px; border-bottom-width:3px;}"
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() == Qt.MouseButton.LeftButton:
            self.place_requested.emit(self.idea_id)
        elif event.button() == Qt.MouseButton.RightButton:
            self.remove_requested.emit(self.idea_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.modifiers() & MODIFIERS:
            event.ignore()
        elif key in PLACE_KEYS:
            self.place_requested.emit(self.idea_id)
        elif key in REMOVE_KEYS:
            self.remove_requested.emit(self.idea_id)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step_requested.emit(self.idea_id, key)
        else:
            event.ignore()


class BallotWidget(PrivateScreen):
    """A ballot being filled in. The draft refuses any dot that breaks the rules."""

    submitted = Signal(object, object)  # voter (participant id or None), {idea id: dots}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ballot")
        self.draft: BallotDraft | None = None
        self.voter: int | None = None
        self.cards: dict[int, BallotCard] = {}
        self._confirm_unused = False

        self.title = _name(QLabel(), "ballotTitle", "Ballot")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.help = QLabel(
            "Click a card to place a dot; right-click or − takes it off. "
            "Keys: arrows move, Space or + places, − takes off, Ctrl+Enter submits."
        )
        self.help.setObjectName("ballotHelp")
        self.help.setWordWrap(True)
        self.counter = _name(QLabel(), "dotsLeft", "Dots left")
        font = self.counter.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.counter.setFont(font)
        self.message = _name(QLabel(), "ballotMessage", "Ballot message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#8A3B00;")

        self.grid_host = QWidget()
        self.grid_host.setObjectName("ballotCards")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(10)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("ballotScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.grid_host)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.submit_button = _name(QPushButton("Submit my ballot"), "submitBallot", "Submit the ballot")
        self.submit_button.setMinimumHeight(40)
        self.submit_button.clicked.connect(self.submit)
        self.cancel_button = _name(QPushButton("Cancel (Esc)"), "cancelBallot", "Cancel the ballot")
        self.cancel_button.setToolTip("Nothing is saved; the laptop goes back to the hand-over screen")
        self.cancel_button.clicked.connect(self.back_requested)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.counter)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)

    # ---- opening and closing ---------------------------------------------------------------

    def open_ballot(
        self,
        voter: int | None,
        name: str,
        rules: Rules,
        ideas: Sequence[Idea],
        themes: Sequence[Theme],
        dots: Mapping[int, int] | None = None,
    ) -> None:
        """Show a fresh ballot (or a reopened one, with `dots`) for one voter."""
        self.close_ballot()
        self.voter = voter
        self.draft = BallotDraft(rules, ideas, dots)
        self.title.setText(f"{name}'s ballot" + (" (revising)" if dots is not None else ""))
        colours = {t.id: t.colour for t in themes}
        merged: dict[int, int] = {}
        for idea in ideas:
            if idea.merged_into is not None:
                merged[idea.merged_into] = merged.get(idea.merged_into, 0) + 1
        cards = ballot_order([i for i in ideas if i.id in self.draft.open_ids], themes)
        for n, idea in enumerate(cards):
            card = BallotCard(idea, colours.get(idea.theme_id, palette.UNSORTED), merged.get(idea.id, 0))
            card.place_requested.connect(self.place)
            card.remove_requested.connect(self.remove)
            card.step_requested.connect(self.on_card_step_requested)
            self.grid.addWidget(card, n // COLUMNS, n % COLUMNS)
            self.cards[idea.id] = card
        for column in range(COLUMNS):
            self.grid.setColumnStretch(column, 1)
        self.grid.setRowStretch(len(cards) // COLUMNS + 1, 1)
        self._refresh()
        if not cards:
            self.message.setText("There are no ideas to vote on.")

    def close_ballot(self) -> None:
        """Hide everything the voter chose: the draft and the cards are dropped."""
        for card in self.cards.values():
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards.clear()
        self.draft = None
        self._confirm_unused = False
        self.message.clear()
        self.counter.clear()
        self.title.clear()

    def focus_first(self) -> None:
        if self.cards:
            next(iter(self.grid_order())).setFocus()
        else:
            self.submit_button.setFocus()

    def grid_order(self) -> list[BallotCard]:
        found = []
        for index in range(self.grid.count()):
            widget = self.grid.itemAt(index).widget()
            if isinstance(widget, BallotCard) and widget.idea_id in self.cards:
                found.append(widget)
        return found

    # ---- placing dots -----------------------------------------------------------------------

    def place(self, idea_id: int) -> None:
        self._change(idea_id, add=True)

    def remove(self, idea_id: int) -> None:
        self._change(idea_id, add=False)

    def _change(self, idea_id: int, add: bool) -> None:
        if self.draft is None:
            return
        try:
            self.draft.place(idea_id) if add else self.draft.remove(idea_id)
        except RuleError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self._confirm_unused = False
        self._refresh()

    def _refresh(self) -> None:
        if self.draft is None:
            return
        left = self.draft.left
        for idea_id, card in self.cards.items():
            card.set_count(self.draft.count(idea_id), self.draft.cap, left)
        self.counter.setText(
            f"{left} of {self.draft.budget} {'dot' if self.draft.budget == 1 else 'dots'} left"
        )
        self.counter.setAccessibleDescription(self.counter.text())
        self.submit_button.setText("Submit my ballot" if not left else f"Submit ({left} unused)")

    def on_card_step_requested(self, idea_id: int, key: Qt.Key) -> None:
        order = [c.idea_id for c in self.grid_order()]
        index = order.index(idea_id)
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -COLUMNS, Qt.Key.Key_Down: COLUMNS}[
            key
        ]
        target = index + step
        if 0 <= target < len(order):
            card = self.cards[order[target]]
            card.setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll.ensureWidgetVisible(card)

    # ---- submitting -------------------------------------------------------------------------

    def submit(self) -> None:
        """Submit; with dots unused, the first press only says so and a second press submits."""
        if self.draft is None:
            return
        if self.draft.left and not self._confirm_unused:
            self._confirm_unused = True
            left = self.draft.left
            self.message.setText(
                f"You have {left} {'dot' if left == 1 else 'dots'} left. Place "
                f"{'it' if left == 1 else 'them'}, or press Submit again to submit as it is."
            )
            return
        self.submitted.emit(self.voter, self.draft.ballot())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in SUBMIT_KEYS and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submit()
        else:
            super().keyPressEvent(event)
