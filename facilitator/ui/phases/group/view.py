"""Group: the room sorts the cards into themes and merges the ones that say the same thing.

The board takes most of the screen. Beside it: the themes with their key numbers
(rename, reorder, add) and the suggested duplicates to accept or dismiss. Every
change is one undoable step and every view refreshes from the session's changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from facilitator.core.model import Phase
from facilitator.store.delta import Changes
from facilitator.ui.board.board_view import FIT_KEY, SEARCH_KEY
from facilitator.ui.common.table_keys import LEAVE_KEYS, let_tab_leave
from facilitator.ui.phases.base import PhaseView
from facilitator.ui.phases.group.board_parts import MERGE_KEY, UNMERGE_KEY
from facilitator.ui.phases.group.duplicates_panel import DuplicatesPanel
from facilitator.ui.phases.group.group_board import GroupBoard
from facilitator.ui.phases.group.group_themes import ThemePanel
from facilitator.ui.session.session_model import SessionModel

BOARD_KEY = "Ctrl+Shift+B"
THEMES_KEY = "Ctrl+Shift+T"
DUPLICATES_KEY = "Ctrl+D"


class GroupView(PhaseView):
    phase = Phase.GROUP

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self._sized = False
        self.hint = QLabel()
        self.hint.setObjectName("groupHint")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.board = GroupBoard(model)
        self.themes = ThemePanel(model)
        self.duplicates = DuplicatesPanel(model)
        side = QWidget()
        side.setObjectName("groupSide")
        column = QVBoxLayout(side)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(self.themes)
        column.addSpacing(8)
        column.addWidget(self.duplicates, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("groupSplitter")
        self.splitter.addWidget(self.board)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.splitter, 1)

        self.duplicates.pair_selected.connect(self.on_pair_selected)
        let_tab_leave(self.themes.table)
        for keys, slot in (
            (BOARD_KEY, self.board.view.setFocus),
            (THEMES_KEY, self.themes.table.setFocus),
            (DUPLICATES_KEY, self.duplicates.list.setFocus),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self.on_changes(Changes(reload=True))

    # ---- PhaseView ----

    def focus_default(self) -> None:
        self.board.view.setFocus()
        if self.board.scene.current_id() is None and self.board.scene.cards:
            self.board.scene.step(Qt.Key.Key_Home)

    def shortcuts(self) -> list[tuple[str, str]]:
        return [
            ("Drag a card to a theme", "Move it (drag several selected cards together)"),
            ("Drop a card on another card", "Merge them; every wording is kept"),
            ("1 … 9 (on the board)", "Move the selected cards to that theme"),
            ("0 (on the board)", "Move the selected cards to Unsorted"),
            ("Ctrl+click, Shift+arrows, drag a box", "Select several cards"),
            ("Esc (on the board)", "Keep only the current card selected"),
            (MERGE_KEY, "Merge the selected cards into the current one"),
            (UNMERGE_KEY, "Unmerge the current card into its original ideas"),
            ("Menu key, Shift+F10, right-click", "The card menu: move, merge, unmerge, edit, withdraw"),
            ("F2 / Delete (on the board)", "Edit / withdraw the current card"),
            ("Shift+Delete (on the board)", "Remove the current card for good (asks first)"),
            ("Double-click a theme's heading", "Rename the theme"),
            (THEMES_KEY, "Go to the themes (F2 renames, Ctrl+Up/Down moves)"),
            (LEAVE_KEYS, "Leave the themes table (so does Tab past its last cell)"),
            (DUPLICATES_KEY, "Go to the suggested duplicates"),
            ("Enter / Delete (on a suggestion)", "Merge the pair / say they are not duplicates"),
            (BOARD_KEY, "Back to the board"),
            (SEARCH_KEY, "Search the board"),
            (FIT_KEY, "Zoom the board to fit"),
        ]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width = self.splitter.width()
            side = min(420, max(300, width // 4))
            self.splitter.setSizes([width - side, side])

    # ---- refreshing ----

    def on_changes(self, changes: Changes) -> None:
        if not changes.touches("theme"):
            return
        count = len(self.model.store.themes())
        keys = "1" if count == 1 else f"1–{count}"
        self.hint.setText(
            f"Drag cards into a theme, or select them and press {keys} (0 is Unsorted). Drop one card on "
            "another to merge them. Ctrl+click or Shift+arrows select several; the Menu key or a right-click "
            "opens the card menu."
        )

    def on_pair_selected(self, first: int, second: int) -> None:
        """Show the two cards of a suggested pair on the board, selected together."""
        scene = self.board.scene
        if first not in scene.cards or second not in scene.cards:
            return
        scene.set_current(first)
        scene.cards[second].setSelected(True)
        self.board.view.ensureVisible(scene.cards[second], 24, 24)
        self.board.view.ensureVisible(scene.cards[first], 24, 24)
