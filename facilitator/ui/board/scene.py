"""The board: idea cards flowing into theme lanes, and the view that shows them.

Knows nothing of the session file: build it from ideas and themes, then feed it
single ideas as they change. Each lane is a parent item, so a lane growing by a
row moves the lanes below it with one `setPos` each, never card by card. A lane
clips its cards to itself, which lets Qt move it without working out a repaint
for each of its cards (three times cheaper with a thousand cards); the clip is
lifted while the current card spills out of its lane or cards are dragged.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from facilitator.core.model import Idea, Theme
from facilitator.ui.board.card_item import CARD_H, CARD_W, UNSORTED_COLOUR, CardItem
from facilitator.ui.common import scene_colours

GAP = 12.0
HEADER_H = 34.0
EMPTY_H = 46.0
LANE_GAP = 16.0
WITHDRAWN = "withdrawn"  # lane key of withdrawn ideas (shown only on request)
LaneKey = int | str | None  # a theme id, None for Unsorted, or WITHDRAWN
NAVIGATION_KEYS = (
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
)


@cache
def _header_font() -> QFont:
    font = QFont()
    font.setPointSizeF(11)
    font.setBold(True)
    return font


class LaneItem(QGraphicsRectItem):
    """A theme's band: a header with the theme's name and count, then its cards in rows."""

    def __init__(self, key: LaneKey, name: str, colour: str) -> None:
        super().__init__()
        self.key = key
        self.name = name
        self.colour = QColor(colour)
        self.order: list[tuple[int, int]] = []  # (position, idea id), sorted
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.set_size(0.0, HEADER_H + EMPTY_H)
        self.set_clipped(True)

    def set_clipped(self, clipped: bool) -> None:
        """Clip the cards to the lane (cheap to move), or let one spill out of it."""
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, clipped)

    def update_header(self) -> None:
        """Repaint the name and count only, not the cards below them."""
        self.update(QRectF(0, 0, self.width, HEADER_H + EMPTY_H))

    def set_size(self, width: float, height: float) -> None:
        self.setRect(0, 0, width, height)

    @property
    def width(self) -> float:
        return self.rect().width()

    @property
    def height(self) -> float:
        return self.rect().height()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(scene_colours.lane())
        painter.drawRoundedRect(self.boundingRect(), 10, 10)
        painter.setBrush(self.colour)
        painter.drawEllipse(QRectF(GAP, 11, 12, 12))
        font = _header_font()
        painter.setFont(font)
        painter.setPen(scene_colours.ink())
        painter.drawText(QPointF(GAP + 20, 22), f"{self.name}  ·  {len(self.order)}")
        if not self.order:
            painter.setPen(scene_colours.muted())
            font = QFont(font)
            font.setBold(False)
            font.setItalic(True)
            painter.setFont(font)
            painter.drawText(QPointF(GAP + 20, HEADER_H + 24), "No ideas here yet")


class Face:
    """What the board knows of a card whether or not its item has been made yet."""

    __slots__ = ("badge", "folded", "matched", "position", "text", "withdrawn")

    def __init__(self, idea: Idea) -> None:
        self.position = idea.position
        self.text = idea.text
        self.folded = idea.text.casefold()
        self.withdrawn = idea.withdrawn
        self.badge = ""
        self.matched = True


class CardTable(Mapping[int, CardItem]):
    """Every shown idea's card by idea id. A card item is made the first time it is looked
    up (or comes into view); `in`, `len` and iterating the ids make none."""

    def __init__(self, make: Callable[[int], CardItem]) -> None:
        self.faces: dict[int, Face] = {}
        self.made: dict[int, CardItem] = {}
        self._make = make

    def __getitem__(self, idea_id: int) -> CardItem:
        card = self.made.get(idea_id)
        if card is None:
            if idea_id not in self.faces:
                raise KeyError(idea_id)
            card = self.made[idea_id] = self._make(idea_id)
        return card

    def __contains__(self, idea_id: object) -> bool:
        return idea_id in self.faces

    def __iter__(self) -> Iterator[int]:
        return iter(self.faces)

    def __len__(self) -> int:
        return len(self.faces)

    def clear(self) -> None:
        self.faces.clear()
        self.made.clear()


class BoardScene(QGraphicsScene):
    """Cards in lanes. Feed it with `build`, then `add_or_update_idea` / `remove_idea`."""

    current_changed = Signal(object)  # idea id or None
    cards_dropped = Signal(list, object)  # idea ids, lane key (theme id or None) they were dropped on

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardScene")
        # No spatial index: cards live in a few lanes, painting walks a lane's cards anyway, and
        # an index would be rebuilt for every card below a lane that grows by a row.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.columns = 5
        self.show_withdrawn = False
        self.needle = ""
        self.cards = CardTable(self._make_card)
        self.lanes: dict[LaneKey, LaneItem] = {}
        self._lane_of: dict[int, LaneKey] = {}
        self._current: int | None = None
        self._themes: list[Theme] = []
        self._movable = False
        self._press_pos: dict[int, QPointF] = {}
        self.selectionChanged.connect(self.on_selection_changed)

    # ---- building ----

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        """The page behind the lanes, in the look in use (light, dark or high contrast).
        The cards of a painted part are made before the painting starts (`BoardView.paintEvent`):
        adding items while the scene paints is not safe."""
        painter.fillRect(rect, scene_colours.surface())

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for card in self.cards.made.values():
                card.update()  # cards keep a cached picture of themselves: redraw it in the new look
            self.update()
        return super().event(event)

    def build(self, ideas: Iterable[Idea], themes: Iterable[Theme]) -> None:
        """Start again from these ideas and themes (opening a file, changing themes)."""
        keep_current = self._current
        self.blockSignals(True)
        self.clear()
        self.cards.clear()
        self._lane_of.clear()
        self.lanes.clear()
        self._current = None
        self._themes = list(themes)
        self._make_lanes()
        by_lane: dict[LaneKey, list[Idea]] = {}
        for idea in ideas:
            if self._shown(idea):
                by_lane.setdefault(self._lane_key(idea), []).append(idea)
        faces = self.cards.faces
        for key, lane_ideas in by_lane.items():
            lane = self.lanes[key]
            for idea in lane_ideas:
                faces[idea.id] = Face(idea)
                lane.order.append((idea.position, idea.id))
                self._lane_of[idea.id] = key
            lane.order.sort()
        for lane in self.lanes.values():
            self._layout_lane(lane)
        self._stack_lanes()
        self.blockSignals(False)
        if self.needle:
            self.set_filter(self.needle)
        if keep_current in self.cards:
            self.set_current(keep_current)
        else:
            self.current_changed.emit(None)

    def _make_lanes(self) -> None:
        specs: list[tuple[LaneKey, str, str]] = [(None, "Unsorted", UNSORTED_COLOUR)]
        specs += [(t.id, t.name, t.colour) for t in self._themes]
        if self.show_withdrawn:
            specs.append((WITHDRAWN, "Withdrawn", "#BFC3C8"))
        for key, name, colour in specs:
            lane = LaneItem(key, name, colour)
            lane.set_size(self._lane_width(), lane.height)
            self.lanes[key] = lane
            self.addItem(lane)

    def _lane_width(self) -> float:
        return GAP + self.columns * (CARD_W + GAP)

    def _shown(self, idea: Idea) -> bool:
        if idea.merged_into is not None:
            return False
        return not idea.withdrawn or self.show_withdrawn

    def _lane_key(self, idea: Idea) -> LaneKey:
        """Where the idea's card goes; None is Unsorted (also for a theme that no longer exists)."""
        if idea.withdrawn:
            return WITHDRAWN
        return idea.theme_id if idea.theme_id in self.lanes else None

    def _colour(self, key: LaneKey) -> str | None:
        lane = self.lanes.get(key)
        return None if lane is None or key is None else lane.colour.name()

    def _make_card(self, idea_id: int) -> CardItem:
        """The card item of a shown idea, made now, in its lane at its place."""
        face = self.cards.faces[idea_id]
        lane = self.lanes[self._lane_of[idea_id]]
        card = CardItem(idea_id, face.text, self._colour(lane.key), face.withdrawn)
        card.set_badge(face.badge)
        card.set_matched(face.matched)
        if self._movable:
            card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        card.setPos(self._slot(bisect.bisect_left(lane.order, (face.position, idea_id))))
        card.setParentItem(lane)
        return card

    def make_cards_in(self, rect: QRectF) -> None:
        """Make the cards of the slots that `rect` (in scene coordinates) touches."""
        step_y = CARD_H + GAP
        step_x = CARD_W + GAP
        made = self.cards.made
        first_col = max(0, int((rect.left() - GAP) // step_x))
        last_col = min(self.columns - 1, int((rect.right() - GAP) // step_x))
        if last_col < first_col:
            return
        for lane in self.lanes.values():
            if not lane.order:
                continue
            top = lane.y() + HEADER_H
            if rect.bottom() < top or rect.top() > lane.y() + lane.height:
                continue
            first_row = max(0, int((rect.top() - top) // step_y))
            last_row = int((rect.bottom() - top) // step_y)
            for row in range(first_row, last_row + 1):
                start = row * self.columns
                if start >= len(lane.order):
                    break
                for index in range(start + first_col, min(start + last_col + 1, len(lane.order))):
                    idea_id = lane.order[index][1]
                    if idea_id not in made:
                        made[idea_id] = self._make_card(idea_id)

    # ---- one idea at a time ----

    def add_or_update_idea(self, idea: Idea) -> None:
        """Show one idea's latest state without touching any other card."""
        if not self._shown(idea):
            self.remove_idea(idea.id)
            return
        key = self._lane_key(idea)
        face = self.cards.faces.get(idea.id)
        if face is None:
            face = self.cards.faces[idea.id] = Face(idea)
            face.matched = not self.needle or self.needle in face.folded
            self._insert(self.lanes[key], idea)
            # A new card is made at once: it is usually the one brought into view.
            self.cards.made[idea.id] = self._make_card(idea.id)
            return
        face.text, face.folded, face.withdrawn = idea.text, idea.text.casefold(), idea.withdrawn
        face.matched = not self.needle or self.needle in face.folded
        card = self.cards.made.get(idea.id)
        if card is not None:
            card.set_text(idea.text)
            card.set_withdrawn(idea.withdrawn)
            card.set_matched(face.matched)
        old_key = self._lane_of[idea.id]
        old_lane = self.lanes[old_key]
        old_entry = (face.position, idea.id)
        if old_key == key and face.position == idea.position:
            return
        old_lane.order.remove(old_entry)
        face.position = idea.position
        if card is not None:
            card.set_colour(self._colour(key))
            card.setParentItem(self.lanes[key])
        self._layout_lane(old_lane)
        self._insert(self.lanes[key], idea)

    def remove_idea(self, idea_id: int) -> None:
        face = self.cards.faces.pop(idea_id, None)
        if face is None:
            return
        card = self.cards.made.pop(idea_id, None)
        lane = self.lanes[self._lane_of.pop(idea_id)]
        lane.order = [e for e in lane.order if e[1] != idea_id]
        if self._current == idea_id:
            self._current = None
            self.current_changed.emit(None)
        if card is not None:
            self.removeItem(card)
        self._layout_lane(lane)

    def _insert(self, lane: LaneItem, idea: Idea) -> None:
        entry = (idea.position, idea.id)
        index = bisect.bisect(lane.order, entry)
        lane.order.insert(index, entry)
        self._lane_of[idea.id] = lane.key
        if index == len(lane.order) - 1:  # the usual case: a new idea at the end
            card = self.cards.made.get(idea.id)
            if card is not None:
                self._place(lane, index, card)
            self._fit_lane(lane)
        else:
            self._layout_lane(lane)

    # ---- layout ----

    def _slot(self, index: int) -> QPointF:
        row, col = divmod(index, self.columns)
        return QPointF(GAP + col * (CARD_W + GAP), HEADER_H + row * (CARD_H + GAP))

    def _place(self, lane: LaneItem, index: int, card: CardItem) -> None:
        card.setPos(self._slot(index))

    def _layout_lane(self, lane: LaneItem) -> None:
        made = self.cards.made
        for index, (_, idea_id) in enumerate(lane.order):
            card = made.get(idea_id)
            if card is not None:
                self._place(lane, index, card)
        self._fit_lane(lane)

    def _fit_lane(self, lane: LaneItem) -> None:
        rows = -(-len(lane.order) // self.columns)
        height = HEADER_H + (rows * (CARD_H + GAP) if rows else EMPTY_H)
        if height != lane.height:
            lane.set_size(lane.width, height)
            self._stack_lanes()
        lane.update_header()

    def _stack_lanes(self) -> None:
        y = 0.0
        for lane in self.lanes.values():
            lane.setPos(0, y)
            y += lane.height + LANE_GAP
        self.setSceneRect(QRectF(-GAP, -GAP, self._lane_width() + 2 * GAP, max(y, 1.0) + GAP))

    def set_columns(self, columns: int) -> None:
        """Cards per row. Changing it lays out every lane again (done on resize only)."""
        columns = max(1, columns)
        if columns == self.columns:
            return
        self.columns = columns
        for lane in self.lanes.values():
            lane.set_size(self._lane_width(), lane.height)
            self._layout_lane(lane)
        self._stack_lanes()

    def set_show_withdrawn(self, show: bool, ideas: Iterable[Idea]) -> None:
        self.show_withdrawn = show
        self.build(ideas, self._themes)

    def set_movable(self, movable: bool) -> None:
        """Let cards be dragged between lanes; a drop emits `cards_dropped` and never moves data."""
        self._movable = movable
        for card in self.cards.made.values():
            card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)

    def set_badge(self, idea_id: int, text: str) -> None:
        face = self.cards.faces.get(idea_id)
        if face is None:
            return
        face.badge = text
        card = self.cards.made.get(idea_id)
        if card is not None:
            card.set_badge(text)

    def badge(self, idea_id: int) -> str:
        return self.cards.faces[idea_id].badge

    def text(self, idea_id: int) -> str:
        return self.cards.faces[idea_id].text

    def matched(self, idea_id: int) -> bool:
        """Whether the card matches the search (every card does with no search)."""
        return self.cards.faces[idea_id].matched

    # ---- finding and filtering ----

    def card(self, idea_id: int) -> CardItem | None:
        return self.cards.get(idea_id)

    def order(self) -> list[int]:
        """Idea ids as they are laid out: lane by lane, row by row."""
        return [idea_id for lane in self.lanes.values() for _, idea_id in lane.order]

    def lane_of(self, idea_id: int) -> LaneKey:
        return self._lane_of[idea_id]

    def lane_at(self, scene_pos: QPointF) -> LaneKey:
        """The lane under a point; raises LookupError between lanes."""
        for lane in self.lanes.values():
            if lane.sceneBoundingRect().contains(scene_pos):
                return lane.key
        raise LookupError("no lane here")

    def set_filter(self, text: str) -> int:
        """Dim the cards that do not contain `text`; returns how many match."""
        self.needle = text.strip().casefold()
        matches = 0
        made = self.cards.made
        for idea_id, face in self.cards.faces.items():
            hit = not self.needle or self.needle in face.folded
            face.matched = hit
            card = made.get(idea_id)
            if card is not None:
                card.set_matched(hit)
            matches += hit
        return matches

    # ---- the current card ----

    def current_id(self) -> int | None:
        return self._current

    def rename(self, renamed: Mapping[int, int]) -> None:
        """Follow sealing's new idea ids, so the next `build` keeps the current card."""
        if self._current in renamed:
            self._current = renamed[self._current]

    def set_current(self, idea_id: int | None) -> None:
        """Select one card, open it to show its full text, and tell listeners."""
        if idea_id is not None and idea_id not in self.cards:
            idea_id = None
        self.blockSignals(True)
        self.clearSelection()
        if idea_id is not None:
            self.cards[idea_id].setSelected(True)
        self.blockSignals(False)
        self._open_current(idea_id)

    def _open_current(self, idea_id: int | None) -> None:
        if idea_id == self._current:
            return
        old = self.cards.get(self._current) if self._current is not None else None
        if old is not None:
            old.set_open(False)
            if old.parentItem().zValue():
                old.parentItem().setZValue(0)
                old.parentItem().set_clipped(True)
        self._current = idea_id
        if idea_id is not None:
            card = self.cards[idea_id]
            card.set_open(True)
            lane = card.parentItem()
            if card.pos().y() + card.boundingRect().bottom() > lane.height:  # spills into the next lane
                lane.setZValue(1)
                lane.set_clipped(False)
        self.current_changed.emit(idea_id)

    def on_selection_changed(self) -> None:
        selected = [i for i in self.selectedItems() if isinstance(i, CardItem)]
        if len(selected) == 1:
            self._open_current(selected[0].idea_id)
        elif not selected:
            self._open_current(None)

    def step(self, key: Qt.Key) -> int | None:
        """Move the current card with an arrow key (Home/End too), skipping dimmed cards."""
        rows = self._rows()
        if not rows:
            return None
        where = self._find(rows, self._current)
        if where is None:
            target = self._first(rows)
        elif key == Qt.Key.Key_Right:
            target = self._linear(rows, where, +1)
        elif key == Qt.Key.Key_Left:
            target = self._linear(rows, where, -1)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            target = self._vertical(rows, where, +1 if key == Qt.Key.Key_Down else -1)
        elif key == Qt.Key.Key_Home:
            target = self._first(rows)
        elif key == Qt.Key.Key_End:
            target = self._linear(rows, (len(rows) - 1, len(rows[-1])), -1)
        else:
            return self._current
        if target is not None:
            self.set_current(target)
        return self._current

    def _rows(self) -> list[list[int]]:
        rows = []
        for lane in self.lanes.values():
            ids = [idea_id for _, idea_id in lane.order]
            rows += [ids[i : i + self.columns] for i in range(0, len(ids), self.columns)]
        return rows

    def _matches(self, idea_id: int) -> bool:
        return self.cards.faces[idea_id].matched

    @staticmethod
    def _find(rows: list[list[int]], idea_id: int | None) -> tuple[int, int] | None:
        if idea_id is None:
            return None
        for r, row in enumerate(rows):
            if idea_id in row:
                return r, row.index(idea_id)
        return None

    def _first(self, rows: list[list[int]]) -> int | None:
        return next((i for row in rows for i in row if self._matches(i)), None)

    def _linear(self, rows: list[list[int]], where: tuple[int, int], direction: int) -> int | None:
        flat = [i for row in rows for i in row]
        index = sum(len(row) for row in rows[: where[0]]) + where[1] + direction
        while 0 <= index < len(flat):
            if self._matches(flat[index]):
                return flat[index]
            index += direction
        return None

    def _vertical(self, rows: list[list[int]], where: tuple[int, int], direction: int) -> int | None:
        r, col = where
        r += direction
        while 0 <= r < len(rows):
            hits = [(abs(c - col), c) for c, i in enumerate(rows[r]) if self._matches(i)]
            if hits:
                return rows[r][min(hits)[1]]
            r += direction
        return None

    # ---- dragging (used where the board allows it, e.g. grouping) ----

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        if self._movable:
            self._press_pos = {i.idea_id: i.pos() for i in self.selectedItems() if isinstance(i, CardItem)}
            for key in {self._lane_of[i] for i in self._press_pos}:
                self.lanes[key].set_clipped(False)  # a dragged card shows over the other lanes

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if not self._movable or not self._press_pos:
            return
        for lane in self.lanes.values():
            lane.set_clipped(not lane.zValue())
        moved = [i for i, pos in self._press_pos.items() if i in self.cards and self.cards[i].pos() != pos]
        self._press_pos = {}
        if not moved:
            return
        for key in {self._lane_of[i] for i in moved}:
            self._layout_lane(self.lanes[key])  # snap back; the data decides where cards live
        try:
            target = self.lane_at(event.scenePos())
        except LookupError:
            return
        if target != WITHDRAWN:
            self.cards_dropped.emit(moved, target)
