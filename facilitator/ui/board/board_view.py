"""The board as a widget bound to a session: search, zoom, edit in place, withdraw.

Other views reuse it (grouping, the presenter display). It refreshes itself
from the session's changes, one card at a time: capturing an idea never
rebuilds the board.

The API, in brief:

- `Board(model, parent=None, editable=True)`: the widget. `editable=False` hides
  edit/withdraw/restore and leaves the window's keys alone (a look-only board).
  Parts: `scene` (BoardScene), `view` (BoardView), `search`, `detail`,
  `withdraw_bar`, `editor`. Signal `current_changed(idea id or None)`.
  Methods: `reload()`, `on_changes(changes)`, `reveal(idea_id)`, `zoom_to_fit()`,
  `focus_search()`, `current_idea()`, `start_edit(id=None)`, `start_withdraw(id=None)`,
  `start_remove(id=None)` (remove for good, after an inline question: `remove_bar`).
- `BoardScene` (board_scene.py), usable without a session: `build(ideas, themes)`,
  `add_or_update_idea(idea)`, `remove_idea(id)`, `set_filter(text) -> matches`,
  `set_current(id)`, `current_id()`, `step(Qt.Key)`, `order()`, `lane_of(id)`,
  `lane_at(scene_pos)`, `set_columns(n)`, `set_movable(bool)`, `set_badge(id, text)`,
  `set_show_withdrawn(bool, ideas)`, `text(id)`, `badge(id)`, `matched(id)`; `cards` (every
  shown idea's card by id, made when first looked up or painted: `in`, `len` and iterating
  the ids make none) and the `lanes` dict (lane keys: theme id, None for Unsorted,
  WITHDRAWN). Signals `current_changed(id or None)` and
  `cards_dropped(ids, lane key)` (a drop never moves data; run an operation).
- `BoardView`: `zoom_to_fit()`, `zoom_by(factor)`, `reset_zoom()` (fill the width),
  arrow keys/Home/End move between cards, F2 emits `edit_requested(id)`, Delete
  emits `withdraw_requested(id)`, Shift+Delete `remove_requested(id)`, Ctrl+wheel zooms.
- `CardItem` (card_item.py): one equal card; `text`, `lines`, `is_open`, `matched`.

For a board fed by hand (no session) use `BoardScene` and `BoardView` directly.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.core.model import Idea
from facilitator.core.text import one_line
from facilitator.ops import ideas as idea_ops
from facilitator.store.delta import Changes
from facilitator.ui.board.card_item import CardItem
from facilitator.ui.board.graphics_view import BoardView
from facilitator.ui.board.remove_bar import RemoveBar
from facilitator.ui.board.scene import WITHDRAWN, BoardScene, LaneKey
from facilitator.ui.common.inline_question import InlineQuestion
from facilitator.ui.session.session_model import SessionModel

SEARCH_KEY = "Ctrl+F"
FIT_KEY = "Ctrl+Shift+F"

__all__ = ["FIT_KEY", "SEARCH_KEY", "WITHDRAWN", "Board", "BoardScene", "BoardView", "CardItem", "LaneKey"]


def cards_and_ideas(cards: int, ideas: int) -> str:
    """ "13 cards (15 ideas)": merged cards carry more than one idea."""
    text = f"{cards} card{'s' if cards != 1 else ''}"
    if ideas != cards:
        text += f" ({ideas} idea{'s' if ideas != 1 else ''})"
    return text


class CardEditor(QPlainTextEdit):
    """The in-place editor laid over a card. Enter saves, Shift+Enter starts a new line, Esc cancels."""

    committed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("cardEditor")
        self.setAccessibleName("Edit idea")
        self.setTabChangesFocus(True)
        self.setStyleSheet(
            "QPlainTextEdit { border: 3px solid #1A56DB; border-radius: 6px; background: white; }"
        )
        self.idea_id: int | None = None
        self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.committed.emit()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)


class WithdrawBar(InlineQuestion):
    """Inline, non-modal: asks why an idea is withdrawn. The reason is required."""

    confirmed = Signal(object, str)  # idea id (62 bits: not a C++ int), text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "withdrawBar",
            "Withdraw idea",
            (("Withdraw", "Withdraw the idea"), ("Cancel", "Keep the idea")),
            parent=parent,
        )
        self.idea_id: int | None = None
        self.reason = QLineEdit()
        self.reason.setObjectName("withdrawReason")
        self.reason.setAccessibleName("Reason for withdrawing")
        self.reason.setPlaceholderText("Why? The reason goes into the minutes.")
        self.insert(self.reason, 1)
        self.confirm.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.confirm.setEnabled(bool(t.strip())))
        self.reason.returnPressed.connect(self.on_confirm)
        self.confirm.clicked.connect(self.on_confirm)

    def ask(self, idea_id: int, text: str) -> None:
        self.idea_id = idea_id
        self.label.setText(f"Withdraw “{one_line(text, 40)}”:")
        self.reason.clear()
        self.show()
        self.reason.setFocus()

    def on_confirm(self) -> None:
        if self.idea_id is not None and self.reason.text().strip():
            self.confirmed.emit(self.idea_id, self.reason.text())


class Board(QWidget):
    """A session's board with its controls. `editable=False` gives a look-only board."""

    current_changed = Signal(object)  # idea id or None

    def __init__(self, model: SessionModel, parent: QWidget | None = None, editable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        self.model = model
        self.editable = editable
        self.scene = BoardScene(self)
        self.view = BoardView(self.scene)

        tools = self._build_tools()
        details = self._build_details()

        self.withdraw_bar = WithdrawBar()
        self.remove_bar = RemoveBar()
        self.editor = CardEditor(self.view.viewport())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addLayout(details)
        layout.addWidget(self.withdraw_bar)
        layout.addWidget(self.remove_bar)
        for widget in (self.edit_button, self.withdraw_button, self.restore_button, self.withdrawn_box):
            widget.setVisible(editable)

        self._connect_signals(editable)
        model.changed.connect(self.on_changes)
        if type(self) is Board:  # a subclass reloads at the end of its own __init__, once its parts exist
            self.reload()

    def _build_tools(self) -> QHBoxLayout:
        """The row above the board: search, matches, show withdrawn, zoom to fit."""
        self.search = QLineEdit()
        self.search.setObjectName("boardSearch")
        self.search.setAccessibleName("Search ideas")
        self.search.setPlaceholderText(f"Search ideas ({SEARCH_KEY})")
        self.search.setClearButtonEnabled(True)
        for button in self.search.findChildren(QToolButton):  # the clear button Qt adds
            button.setObjectName("boardSearchClear")
            button.setAccessibleName("Clear the search")
        self.match_label = QLabel()
        self.match_label.setObjectName("boardMatches")
        self.fit_button = QPushButton("Zoom to fit")
        self.fit_button.setObjectName("boardZoomFit")
        self.fit_button.setAccessibleName("Zoom to fit")
        self.fit_button.setToolTip(f"Show the whole board ({FIT_KEY})")
        self.withdrawn_box = QCheckBox("Show withdrawn")
        self.withdrawn_box.setObjectName("boardShowWithdrawn")
        self.withdrawn_box.setAccessibleName("Show withdrawn ideas")
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.match_label)
        tools.addWidget(self.withdrawn_box)
        tools.addWidget(self.fit_button)
        return tools

    def _build_details(self) -> QHBoxLayout:
        """The row under the board: the selected idea in full and what can be done to it."""
        self.detail = QPlainTextEdit()  # the selected idea in full, scrollable however long
        self.detail.setObjectName("boardDetail")
        self.detail.setAccessibleName("Selected idea")
        self.detail.setReadOnly(True)
        self.detail.setFrameShape(QFrame.Shape.NoFrame)
        self.detail.setMaximumHeight(self.detail.fontMetrics().lineSpacing() * 4 + 14)
        self.detail.setStyleSheet("QPlainTextEdit { background: transparent; }")
        self.edit_button = QPushButton("Edit (F2)")
        self.edit_button.setObjectName("boardEdit")
        self.edit_button.setAccessibleName("Edit the selected idea")
        self.withdraw_button = QPushButton("Withdraw… (Del)")
        self.withdraw_button.setObjectName("boardWithdraw")
        self.withdraw_button.setAccessibleName("Withdraw the selected idea")
        self.restore_button = QPushButton("Restore")
        self.restore_button.setObjectName("boardRestore")
        self.restore_button.setAccessibleName("Restore the withdrawn idea")
        details = QHBoxLayout()
        details.addWidget(self.detail, 1)
        details.addWidget(self.edit_button)
        details.addWidget(self.withdraw_button)
        details.addWidget(self.restore_button)
        return details

    def _connect_signals(self, editable: bool) -> None:
        self.search.textChanged.connect(self.on_search_text_changed)
        self.fit_button.clicked.connect(self.zoom_to_fit)
        self.withdrawn_box.toggled.connect(self.on_show_withdrawn_toggled)
        self.edit_button.clicked.connect(lambda: self.start_edit())
        self.withdraw_button.clicked.connect(lambda: self.start_withdraw())
        self.restore_button.clicked.connect(self.on_restore_clicked)
        self.scene.current_changed.connect(self.on_current_changed)
        self.view.edit_requested.connect(self.start_edit)
        self.view.withdraw_requested.connect(self.start_withdraw)
        self.view.remove_requested.connect(self.start_remove)
        self.remove_bar.confirmed.connect(self.on_remove_confirmed)
        self.remove_bar.cancelled.connect(self.cancel_remove)
        self.editor.committed.connect(self.commit_edit)
        self.editor.cancelled.connect(self.cancel_edit)
        self.withdraw_bar.confirmed.connect(self.on_withdraw_confirmed)
        self.withdraw_bar.cancelled.connect(self.cancel_withdraw)
        self.view.horizontalScrollBar().valueChanged.connect(self._place_editor)
        self.view.verticalScrollBar().valueChanged.connect(self._place_editor)
        if editable:  # a look-only board (a presenter) leaves its window's keys alone
            for keys, slot in ((SEARCH_KEY, self.focus_search), (FIT_KEY, self.zoom_to_fit)):
                QShortcut(QKeySequence(keys), self).activated.connect(slot)

    # ---- feeding the scene ----

    def reload(self) -> None:
        self.scene.build(self.model.ideas(), self.model.store.themes())
        self._update_matches()

    def on_changes(self, changes: Changes) -> None:
        """Whole rebuild only for a new file or changed themes; otherwise card by card."""
        if changes.reload or changes.touches("theme"):
            self.scene.rename(changes.renamed)
            self.reload()
            return
        if not changes.touches("idea"):
            return
        for idea_id in sorted(changes.ids("idea")):
            idea = self.model.store.idea(idea_id)
            if idea is None:
                self.scene.remove_idea(idea_id)
            else:
                self.scene.add_or_update_idea(idea)
        if self.editor.idea_id is not None and self.editor.idea_id not in self.scene.cards:
            self.cancel_edit()
        if self.withdraw_bar.idea_id is not None and self.withdraw_bar.idea_id not in self.scene.cards:
            self.cancel_withdraw()
        if self.remove_bar.idea_id is not None and self.model.store.idea(self.remove_bar.idea_id) is None:
            self.cancel_remove()
        self._update_matches()
        self.on_current_changed(self.scene.current_id())

    def reveal(self, idea_id: int) -> None:
        """Scroll a card into view without selecting it (e.g. the idea just recorded)."""
        card = self.scene.cards.get(idea_id)
        if card is not None:
            self.view.ensureVisible(card, 24, 24)

    # ---- search and zoom ----

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def on_search_text_changed(self, text: str) -> None:
        self.scene.set_filter(text)
        self._update_matches()

    def _update_matches(self) -> None:
        total = len(self.scene.cards)
        if self.scene.needle:
            hits = sum(self.scene.matched(i) for i in self.scene.cards)
            self.match_label.setText(f"{hits} of {total} match")
        else:
            self.match_label.setText(cards_and_ideas(total, self._ideas_on_cards()))

    def _ideas_on_cards(self) -> int:
        """Ideas the shown cards carry: a merged card carries each idea merged into it."""
        store = self.model.store
        if self.scene.show_withdrawn:
            return store.count("idea")
        return store.count("idea", "withdrawn = 0")

    def zoom_to_fit(self) -> None:
        self.view.zoom_to_fit()

    def on_show_withdrawn_toggled(self, show: bool) -> None:
        self.scene.set_show_withdrawn(show, self.model.ideas())
        self._update_matches()

    # ---- the current card ----

    def current_idea(self) -> Idea | None:
        idea_id = self.scene.current_id()
        return None if idea_id is None else self.model.store.idea(idea_id)

    def on_current_changed(self, idea_id: object) -> None:
        idea = self.current_idea()
        can_edit = self.editable and not self.model.read_only and idea is not None
        self.edit_button.setEnabled(can_edit and not idea.withdrawn)
        self.withdraw_button.setEnabled(can_edit and not idea.withdrawn)
        self.restore_button.setVisible(self.editable and idea is not None and idea.withdrawn)
        if idea is None:
            text = "Select a card to read it in full. Arrow keys move between cards."
        elif idea.withdrawn:
            text = f"Withdrawn: {idea.withdrawn_reason}\n{idea.text}"
        else:
            text = idea.text
        if text != self.detail.toPlainText():
            self.detail.setPlainText(text)
        self.current_changed.emit(idea_id)

    # ---- edit in place ----

    def start_edit(self, idea_id: int | None = None) -> None:
        idea_id = self.scene.current_id() if idea_id is None else idea_id
        if not self.editable or idea_id is None or idea_id not in self.scene.cards:
            return
        idea = self.model.store.idea(idea_id)
        if idea is None or idea.withdrawn:
            return
        self.cancel_withdraw()
        self.scene.set_current(idea_id)
        self.editor.idea_id = idea_id
        self.editor.setPlainText(idea.text)
        self._place_editor()
        self.editor.show()
        self.editor.setFocus()
        self.editor.selectAll()

    def _place_editor(self) -> None:
        card = self.scene.cards.get(self.editor.idea_id) if self.editor.idea_id is not None else None
        if card is None:
            return
        rect = self.view.mapFromScene(card.sceneBoundingRect()).boundingRect()
        rect.setWidth(max(rect.width(), 280))
        rect.setHeight(max(rect.height(), 130))
        self.editor.setGeometry(rect.intersected(QRect(0, 0, 10_000, 10_000)))

    def commit_edit(self) -> None:
        idea_id = self.editor.idea_id
        if idea_id is None:
            return
        result = self.model.run("Edit idea", idea_ops.edit_idea, idea_id, self.editor.toPlainText())
        if result is None:  # refused: keep the editor and its text
            return
        self.cancel_edit()

    def cancel_edit(self) -> None:
        had_focus = self.editor.hasFocus()
        self.editor.idea_id = None
        self.editor.hide()
        if had_focus:
            self.view.setFocus()

    # ---- withdraw and restore ----

    def start_withdraw(self, idea_id: int | None = None) -> None:
        idea_id = self.scene.current_id() if idea_id is None else idea_id
        if not self.editable or idea_id is None:
            return
        idea = self.model.store.idea(idea_id)
        if idea is None or idea.withdrawn:
            return
        self.cancel_edit()
        self.scene.set_current(idea_id)
        self.withdraw_bar.ask(idea_id, idea.text)

    def on_withdraw_confirmed(self, idea_id: int, reason: str) -> None:
        if self.model.run("Withdraw idea", idea_ops.withdraw_idea, idea_id, reason) is not None:
            self.cancel_withdraw()

    def cancel_withdraw(self) -> None:
        self._close_bar(self.withdraw_bar)

    def _close_bar(self, bar: WithdrawBar | RemoveBar) -> None:
        """Hide a question bar; the keyboard goes back to the board if it was in the bar."""
        had_focus = bar.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        bar.idea_id = None
        bar.hide()
        if had_focus:
            self.view.setFocus()

    # ---- remove for good ----

    def start_remove(self, idea_id: int | None = None) -> None:
        """Ask, under the board, before a card's words leave the file for good."""
        idea_id = self.scene.current_id() if idea_id is None else idea_id
        if not self.editable or idea_id is None or self.model.read_only:
            return
        idea = self.model.store.idea(idea_id)
        if idea is None:
            return
        self.cancel_edit()
        self.cancel_withdraw()
        self.scene.set_current(idea_id)
        self.remove_bar.ask(idea_id, idea.text, self.model.store.count("idea", "merged_into = ?", (idea_id,)))

    def on_remove_confirmed(self, idea_id: int) -> None:
        if self.model.run("Remove card for good", idea_ops.remove_idea_for_good, idea_id) is not None:
            self.cancel_remove()

    def cancel_remove(self) -> None:
        self._close_bar(self.remove_bar)

    def on_restore_clicked(self) -> None:
        idea = self.current_idea()
        if idea is not None and idea.withdrawn:
            self.model.run("Restore idea", idea_ops.restore_idea, idea.id)
