"""Prioritize: the feasibility/impact matrix, its candidates and its ratings.

The matrix fills the left; the right-hand panel shows the selected card in
full, what the room disagrees on, the list of ideas on the matrix and the
grid of typed-in ratings. The private rating hand-over takes the whole view,
so the person rating never sees the matrix or anyone's ratings.
"""

from __future__ import annotations

import dataclasses
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.core import matrix, voting
from facilitator.core.model import Phase, SessionState
from facilitator.ops import matrix as matrix_ops
from facilitator.ops import session as session_ops
from facilitator.store.delta import Changes
from facilitator.ui.common.naming import named as _named
from facilitator.ui.common.table_keys import let_tab_leave
from facilitator.ui.matrix.scene import MatrixScene, MatrixView, matrix_cards
from facilitator.ui.phases.base import PhaseView
from facilitator.ui.phases.prioritize.candidates import CandidateList
from facilitator.ui.phases.prioritize.candidates import short as _short
from facilitator.ui.phases.prioritize.hand_over import RatingHandOver
from facilitator.ui.phases.prioritize.rating_entry import RatingGrid
from facilitator.ui.session.session_model import SessionModel

PANEL_WIDTH = 330
WATCHED = ("idea", "placement", "rating", "ballot", "dot", "tally", "session", "theme")
DIRECTIONS = {(1, 0): "right", (-1, 0): "left", (0, 1): "up", (0, -1): "down"}
HAND_OVER_KEYS = "Ctrl+R"


def _num(value: float) -> str:
    return f"{value:g}"


class CardDetails(QGroupBox):
    """The selected card in full: its words, where it sits, and why it sits there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Selected card", parent)
        self.setObjectName("cardDetails")
        self.title = _named(QLabel(), "cardTitle", "Selected card")
        self.title.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.text = _named(QLabel(), "cardText", "Full text of the selected card")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where = _named(QLabel(), "cardWhere", "Where the card sits")
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.RichText)
        self.pin_button = _named(QPushButton("Pin here (P)"), "pinButton", "Pin or unpin the card")
        self.remove_button = _named(
            QPushButton("Take off the matrix"), "removeCardButton", "Take the card off the matrix"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.pin_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.where)
        layout.addLayout(buttons)

    def show_card(
        self, state: SessionState, number: int | None, idea_id: int | None, position, votes: int, pick: bool
    ) -> None:
        if idea_id is None:
            self.title.setText("No card selected")
            self.text.setText("Click a card, or press Tab in the matrix, to see its full text here.")
            self.where.setText("")
            self.pin_button.setEnabled(False)
            self.remove_button.setEnabled(False)
            return
        idea = state.idea(idea_id)
        theme = state.theme(idea.theme_id)
        self.title.setText(f"Card {number}")
        self.text.setText(idea.text)
        # A rich-text label: the theme's name is the user's text, so it is escaped.
        name = html.escape(theme.name if theme else "Unsorted")
        lines = [f"{name} · {votes} dot{'' if votes == 1 else 's'}"]
        if position is None:
            lines.append("<b>Not placed yet.</b> Drag it onto the matrix, press an arrow key, or rate it.")
        else:
            lines.append(
                f"<b>{matrix.heading(position.quadrant, pick)}</b> · feasibility "
                f"{_num(position.feasibility)}, impact {_num(position.impact)}"
            )
            lines.append(f"{position.basis}.")
            if position.source != "ratings" and position.rated_at is not None:
                f, i = position.rated_at
                lines.append(f"The ratings alone would put it at feasibility {_num(f)}, impact {_num(i)}.")
            if position.source == "ratings" and position.consensus_at is not None:
                f, i = position.consensus_at
                lines.append(
                    f"The room's earlier placement (feasibility {_num(f)}, impact {_num(i)}) is kept."
                )
            if position.raters > 1:
                (f_lo, f_hi), (i_lo, i_hi) = position.feasibility_spread, position.impact_spread
                lines.append(
                    f"Middle half of the ratings: feasibility {_num(f_lo)}–{_num(f_hi)}, "
                    f"impact {_num(i_lo)}–{_num(i_hi)}."
                )
            if position.disputed:
                lines.append(
                    "<span style='color:#B00020'><b>The room disagrees on this card: discuss it.</b></span>"
                )
        self.where.setText("<br>".join(lines))
        can_pin = position is not None
        self.pin_button.setEnabled(can_pin)
        pinned = position is not None and position.pinned
        self.pin_button.setText("Unpin: use the ratings (P)" if pinned else "Pin here (P)")
        self.remove_button.setEnabled(True)


class PrioritizeView(PhaseView):
    phase = Phase.PRIORITIZE

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.numbers: dict[int, int] = {}
        self.scene = MatrixScene(self)
        self.matrix_view = MatrixView(self.scene)
        self.scene.card_dropped.connect(self.on_card_dropped)
        self.scene.card_returned.connect(self.on_card_returned)
        self.scene.selectionChanged.connect(self.on_selection_changed)
        self.matrix_view.move_requested.connect(self.on_move_requested)
        self.matrix_view.pin_requested.connect(self.on_pin_requested)

        panel = self._build_panel(model)
        board = QWidget()
        board_layout = QHBoxLayout(board)
        board_layout.setContentsMargins(0, 0, 0, 0)
        board_layout.addWidget(self.matrix_view, 1)
        board_layout.addWidget(panel)

        self.hand_over = RatingHandOver(model)
        self.hand_over.finished.connect(self.end_hand_over)
        self.pages = QStackedWidget()
        self.pages.setObjectName("prioritizePages")
        self.pages.addWidget(board)
        self.pages.addWidget(self.hand_over)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        shortcut = QShortcut(QKeySequence(HAND_OVER_KEYS), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.start_hand_over)
        self.refresh()
        # The first card is chosen now, not when the view takes the keyboard: its details then
        # fill the panel before the window first lays it out, not in a second layout after.
        self._select_first_card()

    def _build_panel(self, model: SessionModel) -> QWidget:
        """The side panel: rate privately, the name and spread toggles, the card to discuss and its
        details, and the tabs of cards on the matrix and typed ratings."""
        self.rate_button = _named(
            QPushButton(f"Rate privately… ({HAND_OVER_KEYS})"),
            "startHandOverButton",
            "Start the rating hand-over",
        )
        self.rate_button.setToolTip("Pass the laptop round: each person rates every card, anonymously")
        self.rate_button.clicked.connect(self.start_hand_over)
        self.pick_box = _named(QCheckBox("PICK names"), "pickNamesBox", "Use the PICK chart names")
        self.pick_box.setToolTip("Implement, Challenge, Possible, Kill")
        self.pick_box.toggled.connect(self.on_pick_toggled)
        self.spread_box = _named(QCheckBox("Show spread"), "showSpreadBox", "Show the spread of ratings")
        self.spread_box.setChecked(True)
        self.spread_box.toggled.connect(self.scene.set_show_spread)
        self.discuss = _named(QLabel(), "discussLabel", "Cards to discuss")
        self.discuss.setWordWrap(True)
        self.discuss.setStyleSheet(
            "background:#FDECEA; color:#7A1010; border:1px solid #E39A9A; border-radius:4px; padding:4px;"
        )
        self.details = CardDetails()
        self.details.pin_button.clicked.connect(self.on_pin_clicked)
        self.details.remove_button.clicked.connect(self.on_remove_card_clicked)
        self.candidates = CandidateList()
        self.candidates.toggled.connect(self._set_candidate)
        self.candidates.current_changed.connect(self.on_candidate_current_changed)
        self.reset_button = _named(
            QPushButton("Back to the top-voted"),
            "resetCandidatesButton",
            "Reset the matrix to the top-voted ideas",
        )
        self.reset_button.clicked.connect(self.on_reset_clicked)
        self.cards_note = QLabel()
        self.cards_note.setObjectName("candidatesNote")
        self.cards_note.setWordWrap(True)
        cards_tab = QWidget()
        cards_layout = QVBoxLayout(cards_tab)
        cards_layout.addWidget(self.cards_note)
        cards_layout.addWidget(self.candidates, 1)
        cards_layout.addWidget(self.reset_button)
        self.grid = RatingGrid(model)
        let_tab_leave(self.grid.table)
        self.tabs = _named(QTabWidget(), "prioritizeTabs", "Cards and ratings")
        self.tabs.addTab(cards_tab, "Cards on the matrix")
        self.tabs.addTab(self.grid, "Typed ratings")

        toggles = QHBoxLayout()
        toggles.addWidget(self.pick_box)
        toggles.addWidget(self.spread_box)
        toggles.addStretch(1)
        panel = QWidget()
        panel.setObjectName("prioritizePanel")
        panel.setFixedWidth(PANEL_WIDTH)
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.addWidget(self.rate_button)
        panel_layout.addLayout(toggles)
        panel_layout.addWidget(self.discuss)
        panel_layout.addWidget(self.details)
        panel_layout.addWidget(self.tabs, 1)
        return panel

    # ---- refreshing from the store ----------------------------------------------------------------

    def on_changes(self, changes: object) -> None:
        if isinstance(changes, Changes) and not changes.touches(*WATCHED):
            return
        self.refresh()

    def refresh(self) -> None:
        state = self.model.state()
        where = matrix.positions(state)
        self.numbers = matrix.numbers(state)
        votes = voting.totals(state) if state.info.revealed else {}
        cards = matrix_cards(state)
        pick = state.info.rules.pick_names
        read_only = self.model.read_only
        self.scene.set_movable(not read_only)
        self.scene.sync(cards, pick)
        self.pick_box.blockSignals(True)
        self.pick_box.setChecked(pick)
        self.pick_box.blockSignals(False)
        for widget in (self.pick_box, self.rate_button, self.reset_button):
            widget.setEnabled(not read_only)
        disputed = matrix.disputed(state)
        self.discuss.setText(
            "Discuss: " + ", ".join(str(self.numbers[i]) for i in disputed) + " (the room disagrees)"
        )
        self.discuss.setVisible(bool(disputed))
        self.candidates.refresh(state, self.numbers, votes)
        self.candidates.setEnabled(not read_only)
        self.cards_note.setText(self._cards_note(state))
        self.grid.refresh(state)
        self._show_details(state, where, votes)

    @staticmethod
    def _cards_note(state: SessionState) -> str:
        if not state.info.revealed:
            return (
                "The vote is not revealed yet, so the matrix holds only ideas ticked here. "
                "Reveal the vote to bring in the top-voted ideas."
            )
        return (
            f"By default the top-voted ideas (at least one dot, up to {matrix.MAX_CANDIDATES}). "
            "Tick or untick to change."
        )

    def _show_details(self, state: SessionState, where=None, votes=None) -> None:
        if where is None:
            where = matrix.positions(state)
            votes = voting.totals(state) if state.info.revealed else {}
        idea_id = self.scene.selected_idea()
        if idea_id is None:
            idea_id = self.candidates.current_idea()
        self.details.show_card(
            state,
            self.numbers.get(idea_id),
            idea_id,
            where.get(idea_id),
            votes.get(idea_id, 0) if idea_id is not None else 0,
            state.info.rules.pick_names,
        )
        on_matrix = idea_id in self.numbers
        self.details.remove_button.setText("Take off the matrix" if on_matrix else "Put on the matrix")
        self.details.remove_button.setEnabled(idea_id is not None and not self.model.read_only)
        if self.model.read_only:
            self.details.pin_button.setEnabled(False)

    # ---- placing cards ---------------------------------------------------------------------------------

    def _label(self, idea_id: int) -> str:
        return f"card {self.numbers.get(idea_id, '?')}"

    def on_card_dropped(self, idea_id: int, feasibility: float, impact: float) -> None:
        result = self.model.run(
            f"Place {self._label(idea_id)}", matrix_ops.place, idea_id, feasibility, impact
        )
        if result is None or not result.delta:
            self.refresh()  # refused or unchanged: the store says where the card goes

    def on_card_returned(self, idea_id: int) -> None:
        self.refresh()

    def on_move_requested(self, idea_id: int, d_feasibility: int, d_impact: int) -> None:
        if self.model.read_only:
            return
        direction = DIRECTIONS[(d_feasibility, d_impact)]
        self.model.run(
            f"Move {self._label(idea_id)} {direction}", matrix_ops.move, idea_id, d_feasibility, d_impact
        )

    def on_pin_requested(self, idea_id: int) -> None:
        if self.model.read_only:
            return
        where = matrix.positions(self.model.state()).get(idea_id)
        if where is None:
            self.model.refused.emit("Place the card or rate it before pinning it.")
        elif where.pinned:
            self.model.run(f"Unpin {self._label(idea_id)}", matrix_ops.unpin, idea_id)
        else:
            self.model.run(f"Pin {self._label(idea_id)}", matrix_ops.pin, idea_id)

    def on_pin_clicked(self) -> None:
        idea_id = self.scene.selected_idea()
        if idea_id is not None:
            self.on_pin_requested(idea_id)

    # ---- candidates ----------------------------------------------------------------------------------

    def _set_candidate(self, idea_id: int, on: bool) -> None:
        text = _short(self.model.state().idea(idea_id).text, 30)
        label = f"Put “{text}” on the matrix" if on else f"Take “{text}” off the matrix"
        if self.model.run(label, matrix_ops.set_candidate, idea_id, on) is None:
            self.refresh()

    def on_remove_card_clicked(self) -> None:
        idea_id = self.scene.selected_idea() or self.candidates.current_idea()
        if idea_id is not None:
            self._set_candidate(idea_id, idea_id not in self.numbers)

    def on_candidate_current_changed(self, idea_id: int) -> None:
        if idea_id in self.scene.cards:
            self.scene.select(idea_id)
        else:
            self.scene.clearSelection()
            self._show_details(self.model.state())

    def on_reset_clicked(self) -> None:
        self.model.run("Reset the matrix to the top-voted ideas", matrix_ops.reset_candidates)

    def on_selection_changed(self) -> None:
        idea_id = self.scene.selected_idea()
        if idea_id is not None:
            self.candidates.select_idea(idea_id)
        self._show_details(self.model.state())

    def on_pick_toggled(self, checked: bool) -> None:
        rules = dataclasses.replace(self.model.store.info().rules, pick_names=checked)
        label = "Use the PICK chart names" if checked else "Use the usual quadrant names"
        if self.model.run(label, session_ops.update_rules, rules) is None:
            self.refresh()

    # ---- the private hand-over --------------------------------------------------------------------------

    def start_hand_over(self) -> None:
        if self.model.read_only or self.pages.currentWidget() is self.hand_over:
            return
        self.pages.setCurrentWidget(self.hand_over)
        self.hand_over.start()

    def end_hand_over(self) -> None:
        self.pages.setCurrentIndex(0)
        self.focus_default()

    # ---- keyboard -------------------------------------------------------------------------------------

    def focus_default(self) -> None:
        if self.pages.currentWidget() is self.hand_over:
            return
        self.matrix_view.setFocus()
        self._select_first_card()

    def _select_first_card(self) -> None:
        if self.scene.selected_idea() is None and self.scene.cards:
            self.scene.select(self.scene.ordered()[0].idea_id)

    def shortcuts(self) -> list[tuple[str, str]]:
        return [
            ("Arrow keys", "Move the selected card one step on the matrix"),
            ("Tab / Shift+Tab", "Select the next / previous card"),
            ("P", "Pin the selected card where it is, or unpin it"),
            (HAND_OVER_KEYS, "Start the private rating hand-over"),
            ("1 to 5", "On the rating screen: rate, and move to the next box"),
            ("Ctrl+Enter", "On the rating screen: save one person's ratings"),
            ("Esc", "Leave the rating screen"),
        ]
