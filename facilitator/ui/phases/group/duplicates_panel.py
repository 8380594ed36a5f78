"""Suggested duplicates: pairs of cards that may say the same thing, for the facilitator to decide.

Finding the pairs reads every card (about half a second for 2,000 ideas, in a
background thread; only the best are kept, so memory stays flat), so
the list is worked out again only when ideas or dismissals change, once the
changes have settled (a single-shot timer), and only while the panel is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.core.similarity import DEFAULT_THRESHOLD, SuggestedPair, Suggestions, find_duplicates
from facilitator.core.text import one_line
from facilitator.ops import duplicates as dup_ops
from facilitator.store.delta import Changes
from facilitator.ui.common.plain import plain_tip
from facilitator.ui.session import worker
from facilitator.ui.session.session_model import SessionModel

SETTLE_MS = 300  # recompute this long after the last change
SHOWN = 60  # the most pairs listed at once; the best come first
ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DISMISS_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class DuplicatesPanel(QWidget):
    """The list of suggested pairs with Merge and Not duplicates; Enter and Delete do the same."""

    pair_selected = Signal(object, object)  # the two idea ids of the pair under the cursor

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesPanel")
        self.model = model
        self.pairs: list[SuggestedPair] = []
        self.total = 0
        self._stale = True
        self._computed: int | None = None  # the signature the pairs were worked out from
        self._generation = 0
        self._job: worker.Job | None = None
        self._after_paint = False  # start the pending refresh once the panel has been painted
        self.timer = QTimer(self)
        self.timer.setObjectName("duplicatesTimer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(SETTLE_MS)
        self.timer.timeout.connect(self.refresh)
        # A job waits for the panel to be painted with "working them out…" before it starts: a
        # job running while the window paints slows the painting (Python's lock is shared).
        self._waiting: worker.Job | None = None
        self.start_timer = QTimer(self)
        self.start_timer.setSingleShot(True)
        self.start_timer.timeout.connect(self._start_waiting)

        self.title = QLabel("Suggested duplicates")
        self.title.setObjectName("duplicatesTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.list = QListWidget()
        self.list.setObjectName("duplicateList")
        self.list.setAccessibleName("Suggested duplicates")
        self.list.setAccessibleDescription(
            "Pairs of cards that may say the same thing. Enter merges the pair; Delete says they differ."
        )
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.installEventFilter(self)
        self.title.setBuddy(self.list)
        self.empty = QLabel()
        self.empty.setObjectName("duplicatesEmpty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.accept_button = QPushButton("Merge (Enter)")
        self.accept_button.setObjectName("duplicateAccept")
        self.accept_button.setAccessibleName("Merge the pair")
        self.accept_button.setToolTip("Merge the second card into the first; every wording is kept")
        self.dismiss_button = QPushButton("Not duplicates (Del)")
        self.dismiss_button.setObjectName("duplicateDismiss")
        self.dismiss_button.setAccessibleName("Not duplicates")
        self.dismiss_button.setToolTip("They say different things; stop suggesting this pair")
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.accept_button.clicked.connect(self.accept_current)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.list.currentRowChanged.connect(self.on_current_row_changed)
        model.changed.connect(self.on_changes)
        self._show([])

    # ---- keeping the list current ----

    def on_changes(self, changes: Changes) -> None:
        if not changes.touches("idea", "event"):
            return
        if changes.reload:
            self.schedule()
            return
        gone = {i for i in changes.ids("idea") if not self._is_card(i)}
        if gone:  # drop at once the pairs whose card was merged, withdrawn or deleted
            kept = [p for p in self.pairs if p.first not in gone and p.second not in gone]
            if len(kept) != len(self.pairs):
                self._show(kept, self.total - (len(self.pairs) - len(kept)))
        if self._signature() != self._computed:  # moving a card to a theme changes no pair
            self.schedule()

    def _is_card(self, idea_id: int) -> bool:
        idea = self.model.store.idea(idea_id)
        return idea is not None and idea.is_active

    def _signature(self) -> int:
        """What the pairs depend on (the cards' words and the dismissals), cheap to read."""
        store = self.model.store
        return hash((tuple(store.card_texts()), tuple(store.event_details(dup_ops.DUPLICATE_DISMISSED))))

    def schedule(self) -> None:
        """Work the pairs out again once changes settle; while hidden, when next shown."""
        self._stale = True
        if self.isVisible():
            self.timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            # Once the panel is painted (the window first, then the pairs; a job running
            # while the window paints slows its painting), or after SETTLE_MS at the latest.
            self._after_paint = True
            self.timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._after_paint:
            self._after_paint = False
            if self._stale:
                self.timer.start(0)
        if self._waiting is not None:
            self.start_timer.start(0)

    def hideEvent(self, event: QHideEvent) -> None:
        if self.timer.isActive():  # e.g. the session is closing: finish when next shown
            self.timer.stop()
            self._stale = True
        super().hideEvent(event)

    def refresh(self) -> None:
        """Work the pairs out in the background: on a large board this takes seconds,
        and the window must never freeze. A newer refresh supersedes an older one."""
        self.timer.stop()
        self._stale = False
        self._after_paint = False
        self._computed = self._signature()
        store = self.model.store
        ideas, dismissed = self.model.ideas(), dup_ops.dismissed_pairs(store)
        self._generation += 1
        generation = self._generation
        job = worker.Job(
            lambda _progress: (
                generation,
                find_duplicates(ideas, DEFAULT_THRESHOLD, dismissed, SHOWN, pause=worker.let_ui_run),
            )
        )
        job.signals.finished.connect(self.on_pairs_ready)
        self._job = job
        self.title.setText("Suggested duplicates (working them out…)")
        if self.isVisible():  # once that is painted, or after SETTLE_MS at the latest
            self._waiting = job
            self.start_timer.start(SETTLE_MS)
        else:
            worker.start(job)

    def _start_waiting(self) -> None:
        job, self._waiting = self._waiting, None
        if job is not None and job is self._job:
            worker.start(job)

    def on_pairs_ready(self, result: tuple[int, Suggestions]) -> None:
        generation, found = result
        if generation == self._generation and not self.model.closed:
            self._job = None
            self._show(found.pairs, found.total)

    @property
    def working(self) -> bool:
        return self._job is not None

    def _show(self, pairs: list[SuggestedPair], total: int | None = None) -> None:
        keep = self.current_pair()
        row = max(self.list.currentRow(), 0)
        self.pairs = list(pairs)
        self.total = len(pairs) if total is None else total
        store = self.model.store
        self.list.blockSignals(True)
        self.list.clear()
        for pair in self.pairs:
            first, second = store.idea(pair.first), store.idea(pair.second)
            if first is None or second is None:
                continue
            item = QListWidgetItem(f"1. {one_line(first.text, 150)}\n2. {one_line(second.text, 150)}")
            item.setData(Qt.ItemDataRole.UserRole, (pair.first, pair.second))
            item.setToolTip(plain_tip(f"1. {first.text}\n\n2. {second.text}"))
            self.list.addItem(item)
        if self.list.count():
            same = next((r for r in range(self.list.count()) if self._pair_at(r) == keep), None)
            self.list.setCurrentRow(same if same is not None else min(row, self.list.count() - 1))
        self.list.blockSignals(False)
        count = self.list.count()
        self.title.setText(f"Suggested duplicates ({self.total})" if self.total else "Suggested duplicates")
        more = f" The {count} most alike are listed." if self.total > count else ""
        self.empty.setText(
            "No likely duplicates. Drop one card on another to merge any you spot."
            if not count
            else f"Enter merges card 2 into card 1, keeping both wordings; Delete says they differ.{more}"
        )
        writable = not self.model.read_only
        self.accept_button.setEnabled(bool(count) and writable)
        self.dismiss_button.setEnabled(bool(count) and writable)

    # ---- deciding ----

    def _pair_at(self, row: int) -> tuple[int, int] | None:
        item = self.list.item(row)
        return None if item is None else tuple(item.data(Qt.ItemDataRole.UserRole))

    def current_pair(self) -> tuple[int, int] | None:
        return self._pair_at(self.list.currentRow())

    def on_current_row_changed(self, row: int) -> None:
        pair = self._pair_at(row)
        if pair is not None:
            self.pair_selected.emit(*pair)

    def accept_current(self) -> bool:
        """Merge the pair: the later card goes into the earlier one."""
        pair = self.current_pair()
        if pair is None or self.model.read_only:
            return False
        return self._decided(
            pair, self.model.run("Merge suggested duplicates", dup_ops.accept_duplicate, *pair)
        )

    def dismiss_current(self) -> bool:
        pair = self.current_pair()
        if pair is None or self.model.read_only:
            return False
        return self._decided(pair, self.model.run("Not duplicates", dup_ops.dismiss_duplicate, *pair))

    def _decided(self, pair: tuple[int, int], result: object) -> bool:
        """Take the decided pair off the list at once; the next pair becomes current."""
        if result is None:
            return False
        row = self.list.currentRow()
        kept = [p for p in self.pairs if (p.first, p.second) != pair]
        self._show(kept, max(self.total - 1, len(kept)))
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in ACCEPT_KEYS:
                self.accept_current()
                return True
            if event.key() in DISMISS_KEYS:
                self.dismiss_current()
                return True
        return False
