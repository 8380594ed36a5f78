"""What the matrix scene is made of: the geometry, the numbered card, the backdrop
(quadrants, grid, axes, legend) and the overlay of points and spreads.

Every item draws itself in `paint`, so no text item can vanish when Python
drops a reference, and each redraws from the data it was last given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneMouseEvent, QStyleOptionGraphicsItem, QWidget

from facilitator.core import matrix
from facilitator.core.model import Quadrant
from facilitator.ui.common import palette, scene_colours
from facilitator.ui.common.plain import plain_tip

if TYPE_CHECKING:
    from facilitator.ui.matrix.scene import MatrixScene

U = 124.0  # one grid step, in scene units
PLOT_X = 74.0  # room on the left for the impact axis
PLOT_Y = 12.0
PLOT = 5 * U  # the plot spans 0.5 .. 5.5 on each axis, so edge cards fit inside
BOTTOM = 96.0  # room below for the feasibility axis and the legend
TRAY_GAP = 28.0
CARD_W = 116.0
CARD_H = 54.0
CARD_GAP = 4.0
BADGE = 24.0  # the number disc
SNAP_MARGIN = 0.5 * U  # a drag this far outside the plot still lands on its edge

QUADRANT_FILL = {
    Quadrant.QUICK_WIN: QColor(84, 162, 75, 42),
    Quadrant.HEAVIER_LIFT: QColor(230, 160, 40, 42),
    Quadrant.EASY_EXTRA: QColor(76, 120, 168, 36),
    Quadrant.NOT_NOW: QColor(140, 140, 140, 36),
}
QUADRANT_TEXT = {
    Quadrant.QUICK_WIN: QColor("#2E6B27"),
    Quadrant.HEAVIER_LIFT: QColor("#8A5A00"),
    Quadrant.EASY_EXTRA: QColor("#2B557F"),
    Quadrant.NOT_NOW: QColor("#5A5A5A"),
}
QUADRANT_TEXT_DARK = {
    Quadrant.QUICK_WIN: QColor("#A8E29E"),
    Quadrant.HEAVIER_LIFT: QColor("#F2C879"),
    Quadrant.EASY_EXTRA: QColor("#A9C8EC"),
    Quadrant.NOT_NOW: QColor("#C8C8C8"),
}
FOCUS = palette.FOCUS
SPREAD = QColor(60, 90, 140, 150)
SPREAD_FILL = QColor(60, 90, 140, 26)
ALERT = QColor("#C62828")
PIN = QColor("#6A1B9A")


@cache
def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _wrap(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """`text` in at most `max_lines` lines of `width`; the last one elided if cut."""
    metrics = QFontMetricsF(font)
    flat = " ".join(text.split())
    layout = QTextLayout(flat, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        if len(lines) == max_lines - 1:
            lines.append(metrics.elidedText(flat[start:], Qt.TextElideMode.ElideRight, width))
            break
        lines.append(flat[start : start + length].rstrip())
    layout.endLayout()
    return lines


def to_scene(feasibility: float, impact: float) -> QPointF:
    return QPointF(PLOT_X + (feasibility - 0.5) * U, PLOT_Y + (5.5 - impact) * U)


def from_scene(point: QPointF) -> tuple[float, float]:
    return (point.x() - PLOT_X) / U + 0.5, 5.5 - (point.y() - PLOT_Y) / U


def quadrant_rects(plot: QRectF, mid: QPointF) -> dict[Quadrant, QRectF]:
    """The four quadrants of a plot whose centre line crosses at `mid` (the laptop's and the presenter's)."""
    return {
        Quadrant.HEAVIER_LIFT: QRectF(plot.topLeft(), mid),
        Quadrant.QUICK_WIN: QRectF(QPointF(mid.x(), plot.top()), QPointF(plot.right(), mid.y())),
        Quadrant.NOT_NOW: QRectF(QPointF(plot.left(), mid.y()), QPointF(mid.x(), plot.bottom())),
        Quadrant.EASY_EXTRA: QRectF(mid, plot.bottomRight()),
    }


def plot_rect() -> QRectF:
    return QRectF(PLOT_X, PLOT_Y, PLOT, PLOT)


@dataclass(frozen=True)
class CardData:
    """What a card shows: everything the view read from the store."""

    idea_id: int
    number: int
    text: str
    colour: str
    position: matrix.Position | None


class MatrixCard(QGraphicsItem):
    """One numbered card. The text wraps to three lines; the side panel shows it all."""

    def __init__(
        self,
        data: CardData,
        on_released: Callable[[MatrixCard], None] | None = None,
        on_moved: Callable[[], None] | None = None,
    ) -> None:
        """`on_released(card)` runs when a drag ends somewhere new; `on_moved()` whenever it moves."""
        super().__init__()
        self.data: CardData = data
        self._on_released = on_released
        self._on_moved = on_moved
        self.anchor: QPointF | None = None
        self._lines: list[str] = []
        self._dragging = False
        self._press_pos = QPointF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.set_data(data)

    def set_data(self, data: CardData) -> None:
        self.data = data
        self._lines = _wrap(data.text, _font(13), CARD_W - BADGE - 14, 3)
        self.setToolTip(plain_tip(f"{data.number}. {data.text[:600]}"))
        self.update()

    @property
    def idea_id(self) -> int:
        return self.data.idea_id

    @property
    def dragging(self) -> bool:
        return self._dragging

    def boundingRect(self) -> QRectF:
        return QRectF(-CARD_W / 2 - 10, -CARD_H / 2 - 10, CARD_W + 20, CARD_H + 20)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(-CARD_W / 2, -CARD_H / 2, CARD_W, CARD_H), 7, 7)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(-CARD_W / 2, -CARD_H / 2, CARD_W, CARD_H)
        selected = self.isSelected()
        position = self.data.position
        painter.setPen(QPen(FOCUS, 3) if selected else QPen(QColor(self.data.colour).darker(130), 1.2))
        painter.setBrush(scene_colours.surface())
        painter.drawRoundedRect(rect, 7, 7)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.data.colour))
        painter.drawRoundedRect(QRectF(rect.left() + 1.5, rect.top() + 1.5, 5, rect.height() - 3), 2, 2)
        # the number: big and first, so the room can say "number seven"
        disc = QRectF(rect.left() + 9, rect.top() + 6, BADGE, BADGE)
        painter.setBrush(scene_colours.ink())
        painter.drawEllipse(disc)
        painter.setPen(scene_colours.surface())
        painter.setFont(_font(13 if self.data.number < 10 else 11, bold=True))
        painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, str(self.data.number))
        painter.setPen(scene_colours.ink())
        painter.setFont(_font(12))
        x = disc.right() + 5
        line_h = QFontMetricsF(_font(12)).lineSpacing()
        for n, line in enumerate(self._lines):
            painter.drawText(
                QPointF(x, rect.top() + 6 + QFontMetricsF(_font(12)).ascent() + n * line_h), line
            )
        if position is not None and position.disputed:
            self._badge(painter, QPointF(rect.right() - 2, rect.top() + 2), ALERT, "!")
        if position is not None and position.pinned:
            self._pin(painter, QPointF(rect.left() + 21, rect.bottom() - 11))

    @staticmethod
    def _badge(painter: QPainter, centre: QPointF, colour: QColor, text: str) -> None:
        painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
        painter.setBrush(colour)
        painter.drawEllipse(centre, 10, 10)
        painter.setPen(QColor("#FFFFFF"))
        painter.setFont(_font(14, bold=True))
        painter.drawText(QRectF(centre.x() - 10, centre.y() - 10, 20, 20), Qt.AlignmentFlag.AlignCenter, text)

    @staticmethod
    def _pin(painter: QPainter, at: QPointF) -> None:
        """A push-pin: the room fixed this card's place over the ratings."""
        painter.setPen(QPen(PIN, 2))
        painter.drawLine(at + QPointF(0, 1), at + QPointF(0, 8))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PIN)
        painter.drawEllipse(at, 5, 5)

    # ---- dragging ----------------------------------------------------------------------------

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._press_pos = self.pos()
        self._dragging = bool(self.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setZValue(10)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        was_dragging, self._dragging = self._dragging, False
        self.setZValue(5 if self.isSelected() else 0)
        moved = (self.pos() - self._press_pos).manhattanLength() > 2
        if was_dragging and moved and self._on_released is not None:
            self._on_released(self)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self._dragging:
            # Snap while dragging: the card lands exactly where it is let go.
            grab = plot_rect().adjusted(-SNAP_MARGIN, -SNAP_MARGIN, SNAP_MARGIN, SNAP_MARGIN)
            if grab.contains(value):
                f, i = from_scene(value)
                return to_scene(matrix.snap(f), matrix.snap(i))
            return value
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self._on_moved is not None:
            self._on_moved()
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.setZValue(5 if value else 0)
        return super().itemChange(change, value)


class Backdrop(QGraphicsItem):
    """Quadrants, dividing lines, grid, axis labels and the legend, drawn in one pass."""

    def __init__(self) -> None:
        super().__init__()
        self.pick = False
        self.tray_rect: QRectF | None = None
        self.setZValue(-10)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        rect = QRectF(0, 0, PLOT_X + PLOT + 8, PLOT_Y + PLOT + BOTTOM)
        if self.tray_rect is not None:
            rect = rect.united(self.tray_rect.adjusted(-2, -2, 2, 2))
        return rect

    def set_state(self, pick: bool, tray_rect: QRectF | None) -> None:
        self.prepareGeometryChange()
        self.pick = pick
        self.tray_rect = tray_rect
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = plot_rect()
        mid = to_scene(3, 3)
        quads = quadrant_rects(plot, mid)
        painter.setPen(Qt.PenStyle.NoPen)
        for q, rect in quads.items():
            painter.setBrush(QUADRANT_FILL[q])
            painter.drawRect(rect)
        # grid points
        grid = scene_colours.ink()
        grid.setAlpha(40)
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        for n in range(1, 6):
            painter.drawLine(to_scene(n, 0.5), to_scene(n, 5.5))
            painter.drawLine(to_scene(0.5, n), to_scene(5.5, n))
        # headings in the outer corners
        painter.setFont(_font(20, bold=True))
        pad = 10
        for q, rect in quads.items():
            painter.setPen(scene_colours.quadrant_text(QUADRANT_TEXT[q], QUADRANT_TEXT_DARK[q]))
            left = q in (Quadrant.HEAVIER_LIFT, Quadrant.NOT_NOW)
            top = q in (Quadrant.HEAVIER_LIFT, Quadrant.QUICK_WIN)
            align = (Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignRight) | (
                Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignBottom
            )
            painter.drawText(rect.adjusted(pad, pad - 4, -pad, -pad + 4), align, matrix.heading(q, self.pick))
        # the dividing lines (a card on a line: high impact, hard feasibility)
        line = scene_colours.ink()
        line.setAlpha(150)
        painter.setPen(QPen(line, 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(mid.x(), plot.top()), QPointF(mid.x(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), mid.y()), QPointF(plot.right(), mid.y()))
        line.setAlpha(190)
        painter.setPen(QPen(line, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(plot)
        self._axes(painter, plot)
        self._legend(painter, plot)
        if self.tray_rect is not None:
            painter.setPen(QPen(QColor(0, 0, 0, 60), 1, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(0, 0, 0, 10))
            painter.drawRoundedRect(self.tray_rect, 8, 8)
            painter.setPen(scene_colours.muted())
            painter.setFont(_font(14, bold=True))
            head = QRectF(
                self.tray_rect.left() + 8, self.tray_rect.top() + 6, self.tray_rect.width() - 16, 40
            )
            painter.drawText(head, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, "Not placed yet")
            painter.setFont(_font(11))
            hint = head.translated(0, 20)
            painter.drawText(
                hint, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, "Drag onto the matrix"
            )

    def _axes(self, painter: QPainter, plot: QRectF) -> None:
        painter.setPen(scene_colours.muted())
        painter.setFont(_font(13))
        for n in range(1, 6):
            x = to_scene(n, 1).x()
            painter.drawText(QRectF(x - 20, plot.bottom() + 4, 40, 18), Qt.AlignmentFlag.AlignCenter, str(n))
            y = to_scene(1, n).y()
            painter.drawText(QRectF(plot.left() - 26, y - 9, 20, 18), Qt.AlignmentFlag.AlignRight, str(n))
        painter.setPen(scene_colours.ink())
        painter.setFont(_font(15, bold=True))
        below = QRectF(plot.left(), plot.bottom() + 22, plot.width(), 22)
        painter.drawText(below, Qt.AlignmentFlag.AlignCenter, "Feasibility  →")
        painter.setFont(_font(13))
        painter.setPen(scene_colours.muted())
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "hard")
        painter.drawText(below, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "easy")
        painter.save()
        painter.translate(plot.left() - 46, plot.bottom())
        painter.rotate(-90)
        side = QRectF(0, -11, plot.height(), 22)
        painter.setPen(scene_colours.ink())
        painter.setFont(_font(15, bold=True))
        painter.drawText(side, Qt.AlignmentFlag.AlignCenter, "Impact  →")
        painter.setPen(scene_colours.muted())
        painter.setFont(_font(13))
        painter.drawText(side, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "low")
        painter.drawText(side, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "high")
        painter.restore()

    def _legend(self, painter: QPainter, plot: QRectF) -> None:
        y = plot.bottom() + 62
        x = plot.left()
        painter.setFont(_font(12))
        painter.setPen(QPen(SPREAD, 2))
        painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
        painter.drawLine(QPointF(x + 11, y - 9), QPointF(x + 11, y + 9))
        painter.setPen(scene_colours.muted())
        painter.drawText(QPointF(x + 28, y + 4), "middle half of the ratings")
        x += 210
        MatrixCard._badge(painter, QPointF(x + 8, y), ALERT, "!")
        painter.setPen(scene_colours.muted())
        painter.setFont(_font(12))
        painter.drawText(QPointF(x + 22, y + 4), "the room disagrees: discuss")
        x += 200
        MatrixCard._pin(painter, QPointF(x + 6, y - 3))
        painter.setPen(scene_colours.muted())
        painter.setFont(_font(12))
        painter.drawText(QPointF(x + 18, y + 4), "pinned by the room")


class Overlay(QGraphicsItem):
    """Each card's point, the line from a nudged card to it, and the spread of its ratings.

    Two of these are in the scene: one under the cards for every card, and one
    above the other cards (under the selected one) for the selected card only,
    so its spread is never hidden behind a neighbour.
    """

    def __init__(self, scene: MatrixScene, selected_only: bool = False) -> None:
        super().__init__()
        self._scene = scene
        self.selected_only = selected_only
        self.show_spread = True
        self.setZValue(4 if selected_only else -1)  # above other cards, under the selected one
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return self._scene.sceneRect().adjusted(-20, -20, 20, 20)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self._scene.selected_idea()
        for card in self._scene.cards.values():
            position = card.data.position
            strong = card.idea_id == selected
            if position is None or strong != self.selected_only:
                continue
            # A pinned card's ratings are shown only while it is selected: a cross far
            # from its card would only confuse.
            uses_ratings = position.source == "ratings"
            if self.show_spread and position.raters > 1 and (strong or uses_ratings):
                self._spread(painter, position, strong)
            if card.anchor is None:
                continue
            if (card.pos() - card.anchor).manhattanLength() > 3 and not card.dragging:
                painter.setPen(QPen(FOCUS if strong else QColor(40, 40, 40, 120), 1.4))
                painter.drawLine(card.anchor, card.pos())
            painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
            painter.setBrush(FOCUS if strong else scene_colours.ink())
            painter.drawEllipse(card.anchor, 4.5, 4.5)

    @staticmethod
    def _spread(painter: QPainter, position: matrix.Position, strong: bool) -> None:
        f_low, f_high = position.feasibility_spread
        i_low, i_high = position.impact_spread
        f_mid, i_mid = position.rated_at
        colour = QColor(FOCUS) if strong else QColor(SPREAD)
        if not strong:
            colour.setAlpha(110)
        box = QRectF(to_scene(f_low, i_high), to_scene(f_high, i_low))
        if strong and box.width() > 1 and box.height() > 1:
            painter.setPen(Qt.PenStyle.NoPen)
            fill = QColor(colour)
            fill.setAlpha(45)
            painter.setBrush(fill)
            painter.drawEllipse(box.adjusted(-6, -6, 6, 6))
        painter.setPen(QPen(colour, 3 if strong else 2))
        cap = 7
        left, right = to_scene(f_low, i_mid), to_scene(f_high, i_mid)
        low, high = to_scene(f_mid, i_low), to_scene(f_mid, i_high)
        lines = []
        if right.x() - left.x() > 0.5:
            lines += [
                QLineF(left, right),
                QLineF(left + QPointF(0, -cap), left + QPointF(0, cap)),
                QLineF(right + QPointF(0, -cap), right + QPointF(0, cap)),
            ]
        if low.y() - high.y() > 0.5:
            lines += [
                QLineF(low, high),
                QLineF(low + QPointF(-cap, 0), low + QPointF(cap, 0)),
                QLineF(high + QPointF(-cap, 0), high + QPointF(cap, 0)),
            ]
        # Level and upright strokes need no smoothing: drawn without, they are crisp, and quick
        # (the 40 crosses of a full matrix took 5 ms smoothed).
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.drawLines(lines)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if position.source != "ratings":  # pinned elsewhere: show where the ratings would put it
            median_point = to_scene(f_mid, i_mid)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(median_point, 5, 5)
            if strong:
                painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
                painter.drawLine(median_point, to_scene(position.feasibility, position.impact))
