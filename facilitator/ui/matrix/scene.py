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

    Overlapping pairs are pushed apart along the axis where they overlap least
    (cards at the same point stack vertically, in order), a few rounds at most;
    centres stay inside `bounds`. Deterministic, so a redraw never shuffles cards,
    and the last few layouts are kept: the laptop and the presenter ask for the same one.
    """
    key = tuple((float(x), float(y)) for x, y in anchors)
    return list(_spread_out(key, bounds.getRect(), float(w), float(h)))


@functools.lru_cache(maxsize=8)
def _spread_out(
    anchors: tuple[tuple[float, float], ...], bounds: tuple[float, float, float, float], w: float, h: float
) -> tuple[tuple[float, float], ...]:
    bounds = QRectF(*bounds)
    xs = [x for x, _ in anchors]
    ys = [y for _, y in anchors]
    left, right = bounds.left() + w / 2, bounds.right() - w / 2
    top, bottom = bounds.top() + h / 2, bounds.bottom() - h / 2
    wide, tall = w + CARD_GAP, h + CARD_GAP
    count = len(xs)
    for _ in range(400):  # a column of stacked cards needs a few hundred rounds to settle
        moved = False
        for i in range(count):
            # The first card of each pair is held in locals while it meets the cards after it.
            xi = xs[i]
            yi = ys[i]
            for j in range(i + 1, count):
                xj = xs[j]
                dx = xj - xi
                ox = wide - (dx if dx >= 0 else -dx)
                if ox <= 0.01:
                    continue
                yj = ys[j]
                dy = yj - yi
                oy = tall - (dy if dy >= 0 else -dy)
                if oy <= 0.01:
                    continue
                moved = True
                if oy <= ox:
                    push = oy / 2 + 0.5
                    if dy >= 0:
                        yi -= push
                        ys[j] = yj + push
                    else:
                        yi += push
                        ys[j] = yj - push
                else:
                    push = ox / 2 + 0.5
                    if dx >= 0:
                        xi -= push
                        xs[j] = xj + push
                    else:
                        xi += push
                        xs[j] = xj - push
            xs[i] = xi
            ys[i] = yi
        xs = [left if x < left else right if x > right else x for x in xs]
        ys = [top if y < top else bottom if y > bottom else y for y in ys]
        if not moved:
            break
    return tuple(zip(xs, ys, strict=True))


UNSORTED_CARD_COLOUR = palette.UNSORTED


def matrix_cards(state: SessionState) -> list[CardData]:
    """The numbered cards on the matrix, each with its theme colour and position."""
    where = matrix.positions(state)
    numbers = matrix.numbers(state)
    colours = {t.id: t.colour for t in state.themes}
    cards = []
    for idea_id, number in sorted(numbers.items(), key=lambda kv: kv[1]):
        idea = state.idea(idea_id)
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
