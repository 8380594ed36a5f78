"""The 2×2 feasibility/impact matrix as a graphics scene, and the view that shows it.

Feasibility runs across from hard (1) to easy (5); impact runs up from low (1)
to high (5). Each candidate is a numbered card. A card sits near its point on
the matrix (a dot); cards that would cover each other are nudged apart, with a
thin line back to their point. Ratings add a cross over the middle half of the
ratings on each axis (the interquartile range) and an ellipse around it.

The scene only draws and reports intent (a card dropped, a key pressed). It
never writes: the view runs the operation, and `sync` puts every card where
the store says, so an undo, a redo and a drag all end up in the same place.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView, QWidget

from facilitator.core import matrix
from facilitator.core.model import SessionState
from facilitator.ui.common import palette, scene_colours
from facilitator.ui.matrix.items import (
    CARD_GAP,
    CARD_H,
    CARD_W,
    PLOT,
    PLOT_X,
    PLOT_Y,
    SNAP_MARGIN,
    TRAY_GAP,
    Backdrop,
    CardData,
    MatrixCard,
    Overlay,
    from_scene,
    plot_rect,
    to_scene,
)

__all__ = ["CARD_H", "CARD_W", "CardData", "MatrixScene", "MatrixView", "plot_rect", "spread_out", "to_scene"]


def spread_out(
    anchors: Sequence[tuple[float, float]], bounds: QRectF, w: float = CARD_W, h: float = CARD_H
) -> list[tuple[float, float]]:
    """Card centres near their anchors with no two cards covering each other.

    Cards are placed in order (the matrix passes them by number, so the most-voted
    card keeps its own point): each goes to its own point if that is free, else to the
    free place nearest it, first right beside a card already down, then on a lattice of
    half a card around the point (cards at the same point stack above and below it). If
    one card finds no free place, every card instead takes the nearest free place of a
    grid that packs the bounds edge to edge; only with more cards than that grid holds
    do cards cover each other, each where it covers fewest. Centres stay inside `bounds`.
    Deterministic, so a redraw never shuffles cards, and the last few layouts are kept:
    the laptop and the presenter ask for the same one.
    """
    key = tuple((float(x), float(y)) for x, y in anchors)
    return list(_spread_out(key, bounds.getRect(), float(w), float(h)))


@functools.lru_cache(maxsize=8)
def _spread_out(
    anchors: tuple[tuple[float, float], ...], bounds: tuple[float, float, float, float], w: float, h: float
) -> tuple[tuple[float, float], ...]:
    bx, by, bw, bh = bounds
    left, right = bx + w / 2, bx + bw - w / 2
    top, bottom = by + h / 2, by + bh - h / 2
    wide, tall = w + CARD_GAP - 0.01, h + CARD_GAP - 0.01
    offsets = _nearest_first(w + CARD_GAP, h + CARD_GAP)
    placed: list[tuple[float, float]] = []
    box = (left, top, right, bottom)
    for ax, ay in anchors:
        ax = min(max(ax, left), right) if left <= right else (left + right) / 2
        ay = min(max(ay, top), bottom) if top <= bottom else (top + bottom) / 2
        if _first_free(((ax, ay),), placed, box, wide, tall):
            placed.append((ax, ay))  # its own point is free: most cards of most sessions
            continue
        # First the places right beside a card already down (cards pack edge to edge),
        # then the lattice around the anchor; nearest first either way.
        step_x, step_y = w + CARD_GAP, h + CARD_GAP
        beside: set[tuple[float, float]] = set()
        for px, py in placed:
            beside.update(
                (
                    (px - step_x, ay), (px + step_x, ay), (ax, py - step_y), (ax, py + step_y),
                    (px - step_x, py), (px + step_x, py), (px, py - step_y), (px, py + step_y),
                )
            )  # fmt: skip
        keyed = [
            ((x - ax) ** 2 + (y - ay) ** 2, y, x)
            for x, y in beside
            if left <= x <= right and top <= y <= bottom
        ]
        keyed.sort()  # nearest first; then above before below, left before right: never a tie
        spot = _first_free([(x, y) for _, y, x in keyed], placed, box, wide, tall) or _first_free(
            [(ax + dx, ay + dy) for dx, dy in offsets], placed, box, wide, tall
        )
        if spot is None:
            # Too crowded to place one by one: every card takes the nearest free place
            # of a grid that packs the matrix edge to edge, if there are places enough.
            return _in_slots(anchors, box, w + CARD_GAP, h + CARD_GAP) or tuple(
                _least_covered_all(anchors, offsets, box, wide, tall)
            )
        placed.append(spot)
    return tuple(placed)


def _first_free(spots, placed, box, wide, tall) -> tuple[float, float] | None:
    left, top, right, bottom = box
    for x, y in spots:
        if not (left <= x <= right and top <= y <= bottom):
            continue
        for px, py in placed:
            if -wide < px - x < wide and -tall < py - y < tall:
                break
        else:
            return (x, y)
    return None


@functools.lru_cache(maxsize=4)
def _nearest_first(wide: float, tall: float) -> tuple[tuple[float, float], ...]:
    """Offsets from an anchor on a lattice of half a card, nearest first; above before below,
    left before right, so equal distances always resolve the same way."""
    steps_x, steps_y = 12, 24  # far enough to cross the whole matrix from any point
    lattice = [
        (i * wide / 2, j * tall / 2)
        for i in range(-steps_x, steps_x + 1)
        for j in range(-steps_y, steps_y + 1)
    ]
    lattice.sort(key=lambda o: (o[0] ** 2 + o[1] ** 2, o[1], o[0]))
    return tuple(lattice)


def _in_slots(anchors, box, step_x: float, step_y: float) -> tuple[tuple[float, float], ...] | None:
    """Each card in turn at the nearest free place of an edge-to-edge grid; None if too few."""
    left, top, right, bottom = box
    columns = max(1, int((right - left) // step_x) + 1)
    rows = max(1, int((bottom - top) // step_y) + 1)
    if len(anchors) > columns * rows:
        return None
    xs = [left + (right - left) * i / (columns - 1) for i in range(columns)] if columns > 1 else [left]
    ys = [top + (bottom - top) * j / (rows - 1) for j in range(rows)] if rows > 1 else [top]
    free = [(x, y) for y in ys for x in xs]
    placed = []
    for ax, ay in anchors:
        spot = min(free, key=lambda c: ((c[0] - ax) ** 2 + (c[1] - ay) ** 2, c[1], c[0]))
        free.remove(spot)
        placed.append(spot)
    return tuple(placed)


def _least_covered_all(anchors, offsets, box, wide, tall) -> list[tuple[float, float]]:
    """More cards than fit: each where it covers the fewest cards already down."""
    left, top, right, bottom = box
    placed: list[tuple[float, float]] = []
    for ax, ay in anchors:
        ax, ay = min(max(ax, left), right), min(max(ay, top), bottom)
        spot = _first_free([(ax + dx, ay + dy) for dx, dy in offsets], placed, box, wide, tall)
        placed.append(spot or _least_covered(ax, ay, offsets, placed, box, wide, tall))
    return placed


def _least_covered(ax, ay, offsets, placed, box, wide, tall) -> tuple[float, float]:
    """With no free place anywhere, the place near the anchor that covers the fewest cards."""
    left, top, right, bottom = box
    best, fewest = (ax, ay), len(placed) + 1
    for dx, dy in offsets:
        x, y = ax + dx, ay + dy
        if left <= x <= right and top <= y <= bottom:
            covered = sum(1 for px, py in placed if -wide < px - x < wide and -tall < py - y < tall)
            if covered < fewest:
                best, fewest = (x, y), covered
    return best


UNSORTED_CARD_COLOUR = palette.UNSORTED


def matrix_cards(state: SessionState) -> list[CardData]:
    """The numbered cards on the matrix, each with its theme colour and position."""
    where = matrix.positions(state)
    numbers = matrix.numbers(state)
    colours = {t.id: t.colour for t in state.themes}
    ideas = {i.id: i for i in state.ideas if i.id in numbers}  # one pass, not one search a card
    cards = []
    for idea_id, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        idea = ideas[idea_id]
        colour = colours.get(idea.theme_id, UNSORTED_CARD_COLOUR)
        cards.append(CardData(idea_id, number, idea.text, colour, where.get(idea_id)))
    return cards


class MatrixScene(QGraphicsScene):
    card_dropped = Signal(object, float, float)  # idea id, feasibility, impact (unsnapped)
    card_returned = Signal(object)  # dropped somewhere that is not the matrix: put it back

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.cards: dict[int, MatrixCard] = {}
        self.backdrop = Backdrop()
        self.addItem(self.backdrop)
        self.overlay = Overlay(self)
        self.addItem(self.overlay)
        self.highlight = Overlay(self, selected_only=True)
        self.addItem(self.highlight)
        self.movable = True
        self.selectionChanged.connect(self.on_selection_changed)
        self.sync([], pick=False)

    def on_selection_changed(self) -> None:
        for overlay in (self.overlay, self.highlight):
            if shiboken6.isValid(overlay):  # the scene also reports while it is torn down
                overlay.update()

    # ---- from the store -----------------------------------------------------------------------

    def sync(self, cards: Sequence[CardData], pick: bool) -> None:
        """Show exactly these cards, each where the store puts it. Items are kept and
        moved, never rebuilt, so a card being dragged or selected survives a refresh."""
        wanted = {c.idea_id for c in cards}
        for idea_id in [i for i in self.cards if i not in wanted]:
            self.removeItem(self.cards.pop(idea_id))
        placed = [c for c in cards if c.position is not None]
        unplaced = [c for c in cards if c.position is None]
        for data in cards:
            card = self.cards.get(data.idea_id)
            if card is None:
                card = self.cards[data.idea_id] = MatrixCard(
                    data, self.on_card_released, self.on_selection_changed
                )
                self.addItem(card)
            else:
                card.set_data(data)
            card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, self.movable)
        anchors = [to_scene(c.position.feasibility, c.position.impact) for c in placed]
        centres = spread_out([(a.x(), a.y()) for a in anchors], plot_rect())
        for data, anchor, (x, y) in zip(placed, anchors, centres, strict=True):
            card = self.cards[data.idea_id]
            card.anchor = anchor
            if not card.dragging:
                card.setPos(x, y)
        tray = self._tray_rect(len(unplaced))
        for n, data in enumerate(unplaced):
            card = self.cards[data.idea_id]
            card.anchor = None
            column, row = divmod(n, self._tray_rows())
            if not card.dragging:
                card.setPos(
                    tray.left() + 8 + CARD_W / 2 + column * (CARD_W + 8),
                    tray.top() + 52 + CARD_H / 2 + row * (CARD_H + 8),
                )
        self.backdrop.set_state(pick, tray)
        self.setSceneRect(self.backdrop.boundingRect().adjusted(-6, -6, 6, 6))
        for overlay in (self.overlay, self.highlight):
            overlay.prepareGeometryChange()
            overlay.update()

    def _tray_rows(self) -> int:
        return max(1, int((PLOT - 52) // (CARD_H + 8)))

    def _tray_rect(self, count: int) -> QRectF | None:
        if not count:
            return None
        columns = -(-count // self._tray_rows())
        return QRectF(PLOT_X + PLOT + TRAY_GAP, PLOT_Y, 16 + columns * (CARD_W + 8), PLOT)

    def set_show_spread(self, show: bool) -> None:
        for overlay in (self.overlay, self.highlight):
            overlay.show_spread = show
            overlay.update()

    def set_movable(self, movable: bool) -> None:
        self.movable = movable
        for card in self.cards.values():
            card.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)

    # ---- selection ----------------------------------------------------------------------------

    def selected_idea(self) -> int | None:
        for item in self.selectedItems():
            if isinstance(item, MatrixCard):
                return item.idea_id
        return None

    def select(self, idea_id: int | None) -> None:
        if idea_id == self.selected_idea():
            return
        self.clearSelection()
        card = self.cards.get(idea_id)
        if card is not None:
            card.setSelected(True)
            card.setFocus()

    def ordered(self) -> list[MatrixCard]:
        return sorted(self.cards.values(), key=lambda c: c.data.number)

    # ---- intent -------------------------------------------------------------------------------

    def on_card_released(self, card: MatrixCard) -> None:
        grab = plot_rect().adjusted(-SNAP_MARGIN, -SNAP_MARGIN, SNAP_MARGIN, SNAP_MARGIN)
        if grab.contains(card.pos()) or card.data.position is not None:
            f, i = from_scene(card.pos())
            self.card_dropped.emit(card.idea_id, f, i)
        else:
            self.card_returned.emit(card.idea_id)


ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, 1),
    Qt.Key.Key_Down: (0, -1),
}


class MatrixView(QGraphicsView):
    """Shows the whole matrix at any window size (and on a projector): it scales to fit."""

    move_requested = Signal(object, int, int)  # idea id, feasibility step, impact step
    pin_requested = Signal(object)

    def __init__(self, scene: MatrixScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("matrixView")
        self.setAccessibleName("Feasibility and impact matrix")
        self.setAccessibleDescription(
            "Arrow keys move the selected card one step; Tab selects the next card; P pins it."
        )
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 260)
        scene.sceneRectChanged.connect(self.fit)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        """The page behind the matrix, in the look in use."""
        painter.fillRect(rect, scene_colours.surface())

    def matrix_scene(self) -> MatrixScene:
        return self.scene()

    def fit(self, *_args) -> None:
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        scene = self.matrix_scene()
        selected = scene.selected_idea()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if selected is not None and event.key() in ARROWS and plain:
            self.move_requested.emit(selected, *ARROWS[event.key()])
            event.accept()
            return
        if selected is not None and event.key() == Qt.Key.Key_P and plain:
            self.pin_requested.emit(selected)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab walks through the cards by number; past the last one it leaves the matrix."""
        cards = self.matrix_scene().ordered()
        selected = self.matrix_scene().selected_idea()
        ids = [c.idea_id for c in cards]
        if ids:
            if selected is None:
                self.matrix_scene().select(ids[0] if forward else ids[-1])
                return True
            index = ids.index(selected) + (1 if forward else -1)
            if 0 <= index < len(ids):
                self.matrix_scene().select(ids[index])
                return True
        return super().focusNextPrevChild(forward)
