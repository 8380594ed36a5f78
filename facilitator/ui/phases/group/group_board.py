"""The board as the group sorts it: drag cards into themes, drop one card on another to merge.

Built on the shared `Board` by subclassing: the scene already reports where
dragged cards were dropped (`cards_dropped`), and this class turns that, digit
keys and a context menu into theme and merge operations. The data decides where
a card lives: a drop only runs an operation, and the card moves when the
session's change comes back (so undo and redo look exactly the same).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsSceneMouseEvent,
    QMenu,
    QWidget,
)

from facilitator.core.model import Theme
from facilitator.core.text import one_line
from facilitator.ops import ideas as idea_ops
from facilitator.ops import themes as theme_ops
from facilitator.store.delta import Changes
from facilitator.ui.board.board_view import WITHDRAWN, Board, CardItem, LaneKey
from facilitator.ui.board.card_item import DIMMED_OPACITY
from facilitator.ui.board.scene import HEADER_H, LaneItem
from facilitator.ui.phases.group.board_parts import (
    DRAG_Z,
    MERGE_KEY,
    DropMarker,
    LaneNameEditor,
    card_menu,
)
from facilitator.ui.session.session_model import SessionModel

ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End)
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}
DRAG_OPACITY = 0.7
MERGE_OPACITY = 0.2


class GroupBoard(Board):
    """The shared board with grouping: drag, drop to merge, digit keys, a context menu, multi-select."""

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.setObjectName("groupBoard")
        self.detail.setMaximumHeight(120)
        self.view.setAccessibleName("Board of idea cards, by theme")
        self.view.setAccessibleDescription(
            "Digits move the selected cards to a theme; Ctrl+M merges them; Shift+arrows select more; "
            "the Menu key opens the card menu."
        )
        self.lane_editor = LaneNameEditor(self.view.viewport())
        self.lane_editor.committed.connect(self.commit_lane_name)
        self.lane_editor.cancelled.connect(self.cancel_lane_name)
        self.menu: QMenu | None = None
        self._marker: DropMarker | None = None
        self._press: QPointF | None = None  # where a left press on a card began
        self._release: QPointF | None = None  # where the last drag ended
        self._dragging: list[CardItem] = []
        self._raised: dict[LaneItem, float] = {}
        self._merged: dict[int, int] = {}  # card id -> how many wordings were merged into it
        self._picked: list[int] = []  # selected cards in the order they were picked
        self._movable = not model.read_only
        self.scene.set_movable(self._movable)
        self.scene.cards_dropped.connect(self.on_cards_dropped)
        self.scene.selectionChanged.connect(self.on_selection_changed)
        self.scene.installEventFilter(self)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.reload()

    # ---- keeping the board's extras in step with the session ----

    def reload(self) -> None:
        super().reload()
        self._decorate()

    def on_changes(self, changes: Changes) -> None:
        super().on_changes(changes)
        if changes.touches("idea", "theme"):
            self._decorate()
        if self.lane_editor.theme_id is not None and self.lane_editor.theme_id not in self.scene.lanes:
            self.cancel_lane_name()

    def on_show_withdrawn_toggled(self, show: bool) -> None:
        super().on_show_withdrawn_toggled(show)
        self._decorate()

    def _decorate(self) -> None:
        """Key numbers on the lane headers and "×N" on merged cards: words, not only colour."""
        for number, key in enumerate(self.lane_keys()):
            lane = self.scene.lanes.get(key)
            if lane is not None:
                name = "Unsorted" if key is None else self.theme_name(key)
                label = f"{number}  {name}"
                if lane.name != label:
                    lane.name = label
                    lane.update()
        self._merged = self.model.store.merged_counts()
        for idea_id in self.scene.cards:  # cards not made yet get their badge when they are
            self.scene.set_badge(idea_id, f"×{self._merged[idea_id] + 1}" if idea_id in self._merged else "")
        self.show_detail()

    def themes(self) -> list[Theme]:
        return self.model.store.themes()

    def theme_name(self, theme_id: LaneKey) -> str:
        if theme_id is None:
            return "Unsorted"
        return next((t.name for t in self.themes() if t.id == theme_id), "Unsorted")

    def lane_keys(self) -> list[LaneKey]:
        """Digit N moves cards to the Nth key: 0 is Unsorted, then the themes in order."""
        return [None, *(t.id for t in self.themes())]

    # ---- what is selected ----

    def selected_ids(self) -> list[int]:
        """Selected cards in board order; withdrawn cards are left out (they are not grouped)."""
        chosen = {i.idea_id for i in self.scene.selectedItems() if isinstance(i, CardItem)}
        return [i for i in self.scene.order() if i in chosen and self.scene.lane_of(i) != WITHDRAWN]

    def merge_target(self, ids: list[int]) -> int | None:
        """The card the others merge into: the first card picked (the current one, for one card)."""
        if not ids:
            return None
        current = self.scene.current_id()
        if len(ids) == 1 or current not in ids:
            return current if current in ids else ids[0]
        return next((i for i in self._picked if i in ids), current)

    def on_selection_changed(self) -> None:
        """Remember the order cards were picked in; cards that join together come current first."""
        chosen = set(self.selected_ids())
        picked = [i for i in self._picked if i in chosen]
        current = self.scene.current_id()
        rank = {idea_id: n for n, idea_id in enumerate(self.scene.order())}
        joined = sorted(chosen - set(picked), key=lambda i: (i != current, rank[i]))
        self._picked = picked + joined
        self.show_detail()

    def show_detail(self) -> None:
        """The detail line: every wording of a merged card, or what a multi-selection can do."""
        ids = self.selected_ids()
        if len(ids) > 1:
            target = self.merge_target(ids)
            target_idea = self.model.store.idea(target) if target is not None else None
            target_text = one_line(target_idea.text if target_idea else "", 48)
            text = (
                f"{len(ids)} cards selected. Press 0–{len(self.themes())} to move them to a theme, "
                f"or {MERGE_KEY} to merge them into “{target_text}”."
            )
        else:
            idea = self.current_idea()
            if idea is None or idea.withdrawn:
                return  # the board's own text says it
            theme = self.theme_name(idea.theme_id if idea.theme_id in self.scene.lanes else None)
            wordings = [idea.text, *self.merged_wordings(idea.id)]
            if len(wordings) > 1:
                lines = "\n".join(f"{n}. {w}" for n, w in enumerate(wordings, start=1))
                text = f"{theme} · merged card ×{len(wordings)}, every wording:\n{lines}"
            else:
                text = f"{theme} · {idea.text}"
        if text != self.detail.toPlainText():
            self.detail.setPlainText(text)

    def on_current_changed(self, idea_id: object) -> None:
        super().on_current_changed(idea_id)
        self.show_detail()

    def merged_wordings(self, idea_id: int) -> list[str]:
        """The wordings merged into a card, in the order they were said."""
        if idea_id not in self._merged:
            return []
        return self.model.store.merged_wordings(idea_id)

    # ---- operations ----

    def move_selected(self, number: int) -> bool:
        """Digit `number`: move the selected cards to that theme (0 is Unsorted)."""
        keys = self.lane_keys()
        if not 0 <= number < len(keys):
            self.model.refused.emit(
                f"There is no theme {number}: the themes are numbered 1 to {len(keys) - 1} (0 is Unsorted)."
            )
            return False
        ids = self.selected_ids()
        stay = self._next_in_lane(ids)
        if not self.move_to(ids, keys[number]):
            return False
        if stay is not None and stay in self.scene.cards:
            self.scene.set_current(stay)  # keep sorting this lane: the selection stays in it
        return True

    def _next_in_lane(self, moving: list[int]) -> int | None:
        """The card to carry on with after `moving` leave the current card's lane: the one
        after them in that lane, else the one before; None if the lane is left empty."""
        current = self.scene.current_id()
        if current is None or current not in moving or current not in self.scene.cards:
            return None
        lane = self.scene.lanes[self.scene.lane_of(current)]
        order = [idea_id for _, idea_id in lane.order]
        gone = set(moving)
        index = order.index(current)
        after = [i for i in order[index + 1 :] if i not in gone]
        before = [i for i in order[:index] if i not in gone]
        return after[0] if after else (before[-1] if before else None)

    def move_to(self, ids: list[int], key: LaneKey) -> bool:
        ids = [i for i in ids if i in self.scene.cards and self.scene.lane_of(i) not in (key, WITHDRAWN)]
        if not ids or self.model.read_only:
            return False
        what = "card" if len(ids) == 1 else f"{len(ids)} cards"
        label = f"Move {what} to {self.theme_name(key)}"
        return self.model.run(label, idea_ops.move_to_theme, ids, key) is not None

    def merge_selected(self) -> bool:
        ids = self.selected_ids()
        target = self.merge_target(ids)
        if target is None or len(ids) < 2:
            self.model.refused.emit("Select two or more cards to merge (Ctrl+click or Shift+arrows).")
            return False
        return self.merge_into(target, [i for i in ids if i != target])

    def merge_into(self, target: int, sources: list[int]) -> bool:
        if self.model.read_only:
            return False
        label = "Merge cards" if len(sources) > 1 else "Merge two cards"
        if self.model.run(label, idea_ops.merge_ideas, target, sources) is None:
            return False
        self.scene.set_current(target)
        return True

    def unmerge_current(self) -> bool:
        idea = self.current_idea()
        if idea is None or idea.id not in self._merged or self.model.read_only:
            self.model.refused.emit("Choose a merged card (one that shows ×2 or more) to unmerge.")
            return False
        result = self.model.run("Unmerge card", idea_ops.unmerge_idea, idea.id)
        if result is None:
            return False
        self.scene.set_current(idea.id)
        for restored in result.value:  # the originals come back selected, so they can be seen
            card = self.scene.card(restored)
            if card is not None:
                card.setSelected(True)
        return True

    # ---- dragging and dropping ----

    def on_cards_dropped(self, ids: list, key: object) -> None:
        """A drag ended on a lane: on another card it merges, elsewhere it moves the cards."""
        pos, start = self._release, self._press
        if pos is None or start is None or self.model.read_only:
            return
        if (pos - start).manhattanLength() < QApplication.startDragDistance():
            return  # a click that wobbled, not a drag
        target = self.card_under(pos, exclude=set(ids))
        if target is not None:
            sources = [i for i in ids if self.scene.lane_of(i) != WITHDRAWN]
            if sources:
                self.merge_into(target.idea_id, sources)
            return
        self.move_to(list(ids), key)  # dropping back in its own lane does nothing

    def card_under(self, pos: QPointF, exclude: set[int]) -> CardItem | None:
        for item in self.scene.items(pos):
            if isinstance(item, CardItem) and item.idea_id not in exclude and not item.withdrawn:
                return item
        return None

    def _drag_started(self) -> None:
        self._dragging = [i for i in self.scene.selectedItems() if isinstance(i, CardItem)]
        for card in self._dragging:
            card.setZValue(DRAG_Z)
            card.setOpacity(DRAG_OPACITY)
            lane = card.parentItem()
            if isinstance(lane, LaneItem) and lane not in self._raised:
                self._raised[lane] = lane.zValue()
                lane.setZValue(DRAG_Z)  # a lane's cards draw with it: lift it above the lanes below
        self._marker = DropMarker()
        self.scene.addItem(self._marker)
        self._marker.hide()

    def _drag_moved(self, pos: QPointF) -> None:
        marker = self._marker
        if marker is None or not shiboken6.isValid(marker):
            return
        ids = {c.idea_id for c in self._dragging if shiboken6.isValid(c)}
        target = self.card_under(pos, ids)
        self._fade(MERGE_OPACITY if target is not None else DRAG_OPACITY)
        if target is not None:
            marker.show_at(
                target.sceneBoundingRect().adjusted(-5, -5, 5, 5), "Merge into this card", above=True
            )
            return
        try:
            key = self.scene.lane_at(pos)
        except LookupError:
            marker.hide()
            return
        if key == WITHDRAWN or all(self.scene.lane_of(i) == key for i in ids if i in self.scene.cards):
            marker.hide()
            return
        lane = self.scene.lanes[key]
        marker.show_at(lane.sceneBoundingRect(), f"Move to {self.theme_name(key)}")

    def _fade(self, opacity: float) -> None:
        """Over a merge target the dragged cards fade further, so the target's words can be read."""
        for card in self._dragging:
            if shiboken6.isValid(card) and card.opacity() != opacity:
                card.setOpacity(opacity)

    def _drag_ended(self) -> None:
        for card in self._dragging:
            if shiboken6.isValid(card):
                card.setZValue(1 if card.is_open else 0)
                card.setOpacity(1.0 if card.matched else DIMMED_OPACITY)
        for lane, z in self._raised.items():
            if shiboken6.isValid(lane):
                lane.setZValue(z)
        self._dragging, self._raised = [], {}
        if self._marker is not None and shiboken6.isValid(self._marker):
            self.scene.removeItem(self._marker)
        self._marker = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scene:
            self._scene_event(event)
            return False
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            if watched is self.view.viewport():
                self.show_menu_at(self.view.mapToScene(event.pos()), event.globalPos())
            else:
                self.show_menu_for_current()
            return True
        if watched is self.view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        return False

    def _scene_event(self, event: QEvent) -> None:
        kind = event.type()
        if not isinstance(event, QGraphicsSceneMouseEvent):
            return
        pos = event.scenePos()
        if kind == QEvent.Type.GraphicsSceneMousePress and event.button() == Qt.MouseButton.LeftButton:
            self._press = pos if self.card_under(pos, set()) is not None else None
            self._release = None
        elif kind == QEvent.Type.GraphicsSceneMouseMove and self._press is not None:
            if not event.buttons() & Qt.MouseButton.LeftButton or not self._movable:
                return
            far = (pos - self._press).manhattanLength() >= QApplication.startDragDistance()
            if self._marker is None and far:
                self._drag_started()
            if self._marker is not None:
                self._drag_moved(pos)
        elif kind == QEvent.Type.GraphicsSceneMouseRelease and event.button() == Qt.MouseButton.LeftButton:
            self._release = pos
            self._drag_ended()
        elif kind == QEvent.Type.GraphicsSceneMouseDoubleClick:
            self._double_click(pos)

    # ---- keys ----

    def _key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in DIGITS and mods == Qt.KeyboardModifier.NoModifier:
            if self.selected_ids():
                self.move_selected(DIGITS[key])
            return True
        if key in ARROWS and mods == Qt.KeyboardModifier.ShiftModifier:
            self.extend_selection(key)
            return True
        if key == Qt.Key.Key_F10 and mods == Qt.KeyboardModifier.ShiftModifier:
            self.show_menu_for_current()
            return True
        if key == Qt.Key.Key_M and mods == Qt.KeyboardModifier.ControlModifier:
            self.merge_selected()
            return True
        if (
            key == Qt.Key.Key_M
            and mods == Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            self.unmerge_current()
            return True
        if key == Qt.Key.Key_Escape and len(self.selected_ids()) > 1:
            self.scene.set_current(self.scene.current_id())  # back to the current card alone
            return True
        return False

    def extend_selection(self, key: Qt.Key) -> None:
        """Shift+arrow: move to the next card and keep the cards already selected."""
        before = self.scene.current_id()
        kept = [i for i in self._picked if i in set(self.selected_ids())]
        if before is not None and before not in kept:
            kept.insert(0, before)
        self.scene.step(key)
        self.scene.blockSignals(True)  # one selection change, not one per card kept
        for idea_id in kept:
            if idea_id in self.scene.cards:
                self.scene.cards[idea_id].setSelected(True)
        self.scene.blockSignals(False)
        after = self.scene.current_id()
        self._picked = kept + ([after] if after is not None and after not in kept else [])
        self.on_selection_changed()

    # ---- the context menu ----

    def build_menu(self) -> QMenu:
        """The card menu for the current selection. Built fresh each time, shown with popup()."""
        return card_menu(self)

    def can_unmerge(self) -> bool:
        current = self.scene.current_id()
        return current is not None and current in self._merged

    def show_menu_at(self, scene_pos: QPointF, global_pos: QPoint) -> None:
        card = self.card_under(scene_pos, set())
        if card is not None and not card.isSelected():
            self.scene.set_current(card.idea_id)  # right-click on another card: that card
        self._popup(global_pos)

    def show_menu_for_current(self) -> None:
        card = self.scene.card(self.scene.current_id()) if self.scene.current_id() is not None else None
        viewport = self.view.viewport()
        if card is not None:
            point = self.view.mapFromScene(card.sceneBoundingRect().center())
        else:
            point = viewport.rect().center()
        self._popup(viewport.mapToGlobal(point))

    def _popup(self, global_pos: QPoint) -> None:
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = self.build_menu()
        self.menu.popup(global_pos)

    # ---- renaming a theme on its lane ----

    def _double_click(self, pos: QPointF) -> None:
        for lane in self.scene.lanes.values():
            local = lane.mapFromScene(pos)
            if isinstance(lane.key, int) and lane.rect().contains(local) and local.y() < HEADER_H:
                self.start_lane_name(lane.key)
                return

    def start_lane_name(self, theme_id: int) -> None:
        lane = self.scene.lanes.get(theme_id)
        if lane is None or self.model.read_only:
            return
        header = QRectF(lane.scenePos(), QSizeF(min(lane.width, 420), HEADER_H))
        rect = self.view.mapFromScene(header).boundingRect()
        self.lane_editor.theme_id = theme_id
        self.lane_editor.setText(self.theme_name(theme_id))
        self.lane_editor.setGeometry(rect.adjusted(4, 2, 0, -2))
        self.lane_editor.show()
        self.lane_editor.setFocus()
        self.lane_editor.selectAll()

    def commit_lane_name(self) -> None:
        theme_id = self.lane_editor.theme_id
        if theme_id is None:
            return
        name = self.lane_editor.text()
        if name.strip() == self.theme_name(theme_id):
            self.cancel_lane_name()
            return
        if self.model.run("Rename theme", theme_ops.rename_theme, theme_id, name) is not None:
            self.cancel_lane_name()

    def cancel_lane_name(self) -> None:
        had_focus = self.lane_editor.hasFocus()
        self.lane_editor.theme_id = None
        self.lane_editor.hide()
        if had_focus:
            self.view.setFocus()
