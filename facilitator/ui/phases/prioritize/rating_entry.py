"""Two ways to enter ratings of feasibility and impact (1 to 5).

- `RatingHandOver`: a private screen passed from hand to hand, like a ballot. It
  names the next person, they rate each card from the keyboard, and their
  ratings are stored under a fresh random token, never under their name.
- `RatingGrid`: the facilitator types in paper rating sheets, one column per
  sheet ("4 2" is feasibility 4, impact 2).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.core import matrix
from facilitator.core.errors import RuleError
from facilitator.core.model import SessionState
from facilitator.ops import matrix as matrix_ops
from facilitator.ui.common.naming import named as _named
from facilitator.ui.common.plain import plain_tip
from facilitator.ui.common.private_screen import HELD_MODIFIERS
from facilitator.ui.session.session_model import SessionModel

HELD = HELD_MODIFIERS
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 6)}
FOCUS_STYLE = """
ScaleInput { border: 2px solid transparent; border-radius: 6px; }
ScaleInput:focus { border: 2px solid #1A56DB; background: #EEF3FD; }
ScaleInput QToolButton { min-width: 34px; min-height: 30px; font-size: 15px; }
ScaleInput QToolButton:checked { background: #1A56DB; color: white; font-weight: bold; }
"""
CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # combined once: `|` on flags is slow
EDITABLE_FLAGS = CELL_FLAGS | Qt.ItemFlag.ItemIsEditable


@dataclass(frozen=True)
class Card:
    idea_id: int
    number: int
    text: str


def matrix_cards(state: SessionState) -> list[Card]:
    texts = {i.id: i.text for i in state.ideas}
    return [Card(i, n, texts[i]) for n, i in enumerate(matrix.candidates(state), start=1)]


# ---- the private hand-over -------------------------------------------------------------------


class ScaleInput(QFrame):
    """A 1–5 choice. Type a digit to choose and move on; arrows adjust; Delete clears."""

    changed = Signal()
    focused = Signal()

    def __init__(self, accessible: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _named(self, object_name, accessible)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._value: int | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(3)
        self.buttons: list[QToolButton] = []
        for n in range(1, 6):
            button = _named(QToolButton(), f"{object_name}_{n}", f"{accessible}: {n}")
            button.setText(str(n))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, v=n: self.choose(v))
            layout.addWidget(button)
            self.buttons.append(button)

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        self._value = value
        for n, button in enumerate(self.buttons, start=1):
            button.setChecked(n == value)
        self.setAccessibleDescription("not rated" if value is None else f"{value} of 5")

    def choose(self, value: int | None) -> None:
        self.set_value(value)
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in DIGITS and not event.modifiers() & HELD:
            self.choose(DIGITS[key])
            self.focusNextChild()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Plus):
            self.choose(min(5, (self._value or 0) + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Minus):
            self.choose(max(1, (self._value or 2) - 1))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_0):
            self.choose(None)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.focused.emit()


class RatingForm(QWidget):
    """One person's ratings of every card on the matrix. It shows nobody else's."""

    submitted = Signal(object)  # {idea id: (feasibility, impact)}
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingForm")
        self.setStyleSheet(FOCUS_STYLE)
        self.heading = _named(QLabel(), "ratingFormHeading", "Who is rating")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        help_text = QLabel(
            "Rate each card from 1 to 5. Feasibility: 1 is hard, 5 is easy. Impact: 1 is low, 5 is high. "
            "Type a digit and the next box is chosen. Leave a card blank if you cannot say. "
            "Your ratings are stored without your name."
        )
        help_text.setWordWrap(True)
        self.rows_host = QWidget()
        self.rows_layout = QGridLayout(self.rows_host)
        self.scroll = _named(QScrollArea(), "ratingScroll", "Cards to rate")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.rows_host)
        self.error = _named(QLabel(), "ratingFormError", "Problem with these ratings")
        self.error.setStyleSheet("color: #B00020; font-weight: bold;")
        self.error.setWordWrap(True)
        self.save_button = _named(QPushButton("Save my ratings (Ctrl+Enter)"), "saveRatingsButton", "Save")
        self.save_button.clicked.connect(self.on_save_clicked)
        self.cancel_button = _named(QPushButton("Cancel (Esc)"), "cancelRatingsButton", "Cancel")
        self.cancel_button.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(help_text)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        self.inputs: dict[int, tuple[ScaleInput, ScaleInput]] = {}
        self._row_frames: list[QWidget] = []

    def set_cards(self, cards: list[Card], who: str) -> None:
        self.heading.setText(who)
        self.error.clear()
        for frame in self._row_frames:
            frame.deleteLater()
        self._row_frames = []
        self.inputs = {}
        chain: list[QWidget] = []
        for row, card in enumerate(cards):
            frame = QFrame()
            frame.setObjectName("ratingRow")
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            number = QLabel(str(card.number))
            number.setStyleSheet("font-size: 20px; font-weight: bold;")
            number.setMinimumWidth(30)
            text = QLabel(card.text)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            text.setStyleSheet("font-size: 14px;")
            feas = ScaleInput(f"Feasibility of card {card.number}", f"feasibility_{card.number}")
            impact = ScaleInput(f"Impact of card {card.number}", f"impact_{card.number}")
            scales = QHBoxLayout()
            scales.addWidget(QLabel("Feasibility (1 hard – 5 easy)"))
            scales.addWidget(feas)
            scales.addSpacing(24)
            scales.addWidget(QLabel("Impact (1 low – 5 high)"))
            scales.addWidget(impact)
            scales.addStretch(1)
            grid = QGridLayout(frame)
            grid.addWidget(number, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, 0, 1)
            grid.addLayout(scales, 1, 1)
            grid.setColumnStretch(1, 1)
            self.rows_layout.addWidget(frame, row, 0)
            self._row_frames.append(frame)
            for scale in (feas, impact):
                scale.focused.connect(lambda f=frame: self.scroll.ensureWidgetVisible(f))
                scale.changed.connect(self.error.clear)
                chain.append(scale)
            self.inputs[card.idea_id] = (feas, impact)
        self.rows_layout.setRowStretch(len(cards), 1)
        # Digits move focus on down the cards, then to Save: never out of the form.
        chain += [self.save_button, self.cancel_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.save_button.setEnabled(bool(cards))

    def first_input(self) -> ScaleInput | None:
        return next(iter(self.inputs.values()))[0] if self.inputs else None

    def scores(self) -> dict[int, tuple[int, int]]:
        """The rated cards. A card with only one of its two ratings is a mistake to point out."""
        scores = {}
        for idea_id, (feas, impact) in self.inputs.items():
            if (feas.value() is None) != (impact.value() is None):
                missing = feas if feas.value() is None else impact
                raise RuleError(f"{missing.accessibleName()} is missing: give both ratings, or neither.")
            if feas.value() is not None:
                scores[idea_id] = (feas.value(), impact.value())
        if not scores:
            raise RuleError("Rate at least one card, or press Cancel.")
        return scores

    def on_save_clicked(self) -> None:
        try:
            scores = self.scores()
        except RuleError as exc:
            self.error.setText(str(exc))
            return
        self.submitted.emit(scores)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
        ):
            self.on_save_clicked()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)


# ---- the facilitator's grid ------------------------------------------------------------------------


class RatingGrid(QWidget):
    """Ratings typed in: a row per card, a column per (anonymous) rater, handed-over ones included."""

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingGrid")
        self.model = model
        self.keys: list[str] = []  # one per column after the first, in a stable order
        self.pending: list[str] = []  # rater columns added here that hold no rating yet
        self.ids: list[int] = []
        self._filling = False
        self._stale = True  # the cells wait until the grid is shown
        self.table = _named(QTableWidget(), "ratingTable", "Ratings, one column per rater")
        self.table.setAccessibleDescription(
            "Type feasibility then impact, each 1 to 5, for example 4 2. Clear a cell to remove the rating."
        )
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self.on_item_changed)
        self.add_button = _named(QPushButton("Add a rater"), "addRaterButton", "Add a rater column")
        self.add_button.setToolTip("A new column for one person's ratings, typed from paper")
        self.add_button.clicked.connect(self.on_add_clicked)
        self.remove_button = _named(
            QPushButton("Remove this rater"), "removeRaterButton", "Remove the selected rater's ratings"
        )
        self.remove_button.clicked.connect(self.on_remove_clicked)
        hint = QLabel("Type feasibility then impact, 1–5: “4 2”. Clear a cell to remove it.")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def refresh(self, state: SessionState) -> None:
        cards = matrix_cards(state)
        stored = list(dict.fromkeys(r.rater_key for r in sorted(state.ratings, key=lambda r: r.id)))
        self.pending = [k for k in self.pending if k not in stored]
        self.keys = [k for k in self.keys if k in stored or k in self.pending]
        self.keys += [k for k in stored + self.pending if k not in self.keys]
        self.ids = [c.idea_id for c in cards]
        self.remove_button.setEnabled(bool(self.keys) and not self.model.read_only)
        self.add_button.setEnabled(bool(cards) and not self.model.read_only)
        if not self.isVisible():  # a tab not shown: its cells are filled when it is
            self._stale = True
            return
        self._stale = False
        scores = {(r.idea_id, r.rater_key): (r.feasibility, r.impact) for r in state.ratings}
        where = matrix.positions(state)
        self._filling = True
        try:
            self.table.setRowCount(len(cards))
            self.table.setColumnCount(1 + len(self.keys))
            self.table.setHorizontalHeaderLabels(
                ["Median"] + [f"Rater {n}" for n in range(1, len(self.keys) + 1)]
            )
            self.table.setVerticalHeaderLabels([str(c.number) for c in cards])
            for row, card in enumerate(cards):
                header = self.table.verticalHeaderItem(row)
                header.setToolTip(plain_tip(card.text))
                self._set(row, 0, self._median_text(where.get(card.idea_id)), editable=False, tip=card.text)
                for column, key in enumerate(self.keys, start=1):
                    pair = scores.get((card.idea_id, key))
                    self._set(row, column, "" if pair is None else f"{pair[0]} {pair[1]}", editable=True)
        finally:
            self._filling = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh(self.model.state())

    @staticmethod
    def _median_text(position: matrix.Position | None) -> str:
        if position is None or position.rated_at is None:
            return "–"
        f, i = position.rated_at
        return f"{f:g} {i:g}" + (" !" if position.disputed else "")

    def _set(self, row: int, column: int, text: str, editable: bool, tip: str = "") -> None:
        item = self.table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(row, column, item)
        item.setFlags(EDITABLE_FLAGS if editable and not self.model.read_only else CELL_FLAGS)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if item.text() != text:
            item.setText(text)
        if tip:
            item.setToolTip(plain_tip(tip))

    def on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() == 0:
            return
        row, column = item.row(), item.column()
        idea_id, key = self.ids[row], self.keys[column - 1]
        number = row + 1
        try:
            pair = matrix.parse_rating(item.text())
        except RuleError as exc:
            self.model.refused.emit(str(exc))
            self.refresh(self.model.state())
            return
        if pair is None:
            result = self.model.run(f"Clear a rating of card {number}", matrix_ops.clear_rating, idea_id, key)
        else:
            result = self.model.run(f"Rate card {number}", matrix_ops.rate, idea_id, key, *pair)
        if result is None or not result.delta:
            self.refresh(self.model.state())  # put the cell back as stored
        elif row + 1 < self.table.rowCount():
            self.table.setCurrentCell(row + 1, column)

    def on_add_clicked(self) -> None:
        key = matrix_ops.new_rater_key()
        self.pending.append(key)
        self.refresh(self.model.state())
        column = 1 + self.keys.index(key)
        if self.table.rowCount():
            self.table.setCurrentCell(0, column)
        self.table.setFocus()

    def current_key(self) -> str | None:
        column = self.table.currentColumn()
        return self.keys[column - 1] if 1 <= column <= len(self.keys) else None

    def on_remove_clicked(self) -> None:
        key = self.current_key()
        if key is None:
            self.model.refused.emit("Choose a cell in the rater's column first.")
            return
        if key in self.pending:
            self.pending.remove(key)
            self.refresh(self.model.state())
            return
        self.model.run("Remove one rater's ratings", matrix_ops.clear_rater, key)
