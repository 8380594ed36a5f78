"""The matrix as the room reads it on a projector: numbered dots on the 2×2, and
beside it a legend with every card's full text, as the minutes' chart does.

The laptop's matrix shows cards with their text cut to three short lines; from
across a room those read as 8 px fragments. Here nothing is drawn smaller than
MIN_TEXT_PX: the legend takes the largest type at which every card fits, and
the plot gives up width to it before the type would go below that.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator.core import matrix
from facilitator.core.model import Quadrant
from facilitator.ui.matrix.items import CardData, quadrant_rects
from facilitator.ui.matrix.scene import spread_out

MIN_TEXT_PX = 20  # never below 18 px on a 1024×768 projector, with a margin
MAX_TEXT_PX = 30
INK = QColor("#F2F2F2")
MUTED = QColor("#9FB3C8")
GRID = QColor(255, 255, 255, 70)
DOT_TEXT = QColor("#101418")
QUADRANT_FILL = {
    Quadrant.QUICK_WIN: QColor(84, 162, 75, 70),
    Quadrant.HEAVIER_LIFT: QColor(230, 160, 40, 70),
    Quadrant.EASY_EXTRA: QColor(76, 120, 168, 80),
    Quadrant.NOT_NOW: QColor(140, 140, 140, 60),
}
QUADRANT_TEXT = {
    Quadrant.QUICK_WIN: QColor("#A8E29E"),
    Quadrant.HEAVIER_LIFT: QColor("#F2C879"),
    Quadrant.EASY_EXTRA: QColor("#A9C8EC"),
    Quadrant.NOT_NOW: QColor("#C8C8C8"),
}


def _font(pixels: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


def _wrapped_height(text: str, font: QFont, width: float) -> float:
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        height += line.height()
    layout.endLayout()
    return height


class PresenterMatrix(QWidget):
    """Look-only: numbered dots on the matrix, and the full text of each card beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenterMatrix")
        self.setAccessibleName("The matrix, as the room sees it")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.cards: list[CardData] = []
        self.pick = False
        self.zoom = 1.0

    def sync(self, cards: list[CardData], pick: bool) -> None:
        self.cards = list(cards)
        self.pick = pick
        self.setAccessibleDescription("; ".join(self.legend_lines()))
        self.update()

    def legend_lines(self) -> list[str]:
        lines = []
        for card in self.cards:
            where = "" if card.position is not None else " (not placed yet)"
            lines.append(f"{card.number}. {card.text}{where}")
        return lines

    # ---- layout --------------------------------------------------------------------------------

    def _legend_fits(self, width: float, height: float, px: float) -> bool:
        font = _font(px)
        gap = px * 0.22
        total = sum(_wrapped_height(line, font, width) + gap for line in self.legend_lines())
        return total <= height

    def layout_for(self, width: float, height: float) -> tuple[QRectF, QRectF, float]:
        """(plot, legend, legend type size): the plot as large as it can be while the legend
        fits at MIN_TEXT_PX or more."""
        label_px = MIN_TEXT_PX * self.zoom
        room_left = label_px * 2.2  # the impact axis label
        room_above = label_px * 1.5  # the top quadrants' names
        room_below = label_px * 3.9  # the bottom quadrants' names, then the feasibility axis
        best = None
        for share in [0.56 - n * 0.02 for n in range(14)]:
            side = min(width * share - room_left, height - room_above - room_below)
            plot = QRectF(room_left, room_above, max(side, 40), max(side, 40))
            legend = QRectF(plot.right() + label_px * 1.5, 0, width - plot.right() - label_px * 1.5, height)
            px = MAX_TEXT_PX * self.zoom
            while px > MIN_TEXT_PX * self.zoom and not self._legend_fits(legend.width(), legend.height(), px):
                px -= 1
            best = (plot, legend, px)
            if self._legend_fits(legend.width(), legend.height(), px):
                break
        assert best is not None
        return best

    # ---- drawing ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot, legend, px = self.layout_for(self.width(), self.height())
        self._draw_plot(painter, plot)
        self._draw_legend(painter, legend, px)
        painter.end()

    def _to_plot(self, plot: QRectF, feasibility: float, impact: float) -> QPointF:
        x = plot.left() + (feasibility - 0.5) / 5 * plot.width()
        y = plot.bottom() - (impact - 0.5) / 5 * plot.height()
        return QPointF(x, y)

    def _draw_plot(self, painter: QPainter, plot: QRectF) -> None:
        mid = self._to_plot(plot, 3, 3)
        quads = quadrant_rects(plot, mid)
        painter.setPen(Qt.PenStyle.NoPen)
        for quadrant, rect in quads.items():
            painter.setBrush(QUADRANT_FILL[quadrant])
            painter.drawRect(rect)
        # The quadrants' names sit outside the plot, by their corners, where no dot covers them.
        heading_px = MIN_TEXT_PX * self.zoom
        painter.setFont(_font(heading_px, bold=True))
        band = heading_px * 1.5
        above = QRectF(plot.left(), plot.top() - band, plot.width(), band)
        below = QRectF(plot.left(), plot.bottom(), plot.width(), band)
        for quadrant in quads:
            painter.setPen(QUADRANT_TEXT[quadrant])
            left = quadrant in (Quadrant.HEAVIER_LIFT, Quadrant.NOT_NOW)
            top = quadrant in (Quadrant.HEAVIER_LIFT, Quadrant.QUICK_WIN)
            align = (Qt.AlignmentFlag.AlignLeft if left else Qt.AlignmentFlag.AlignRight) | (
                Qt.AlignmentFlag.AlignVCenter
            )
            painter.drawText(above if top else below, align, matrix.heading(quadrant, self.pick))
        painter.setPen(QPen(GRID, 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(mid.x(), plot.top()), QPointF(mid.x(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), mid.y()), QPointF(plot.right(), mid.y()))
        painter.setPen(QPen(GRID, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(plot)
        self._draw_axes(painter, plot)
        self._draw_dots(painter, plot)

    def _draw_axes(self, painter: QPainter, plot: QRectF) -> None:
        px = MIN_TEXT_PX * self.zoom
        painter.setPen(MUTED)
        painter.setFont(_font(px))
        below = QRectF(plot.left(), plot.bottom() + px * 1.7, plot.width(), px * 1.6)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "hard")
        painter.drawText(below, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "easy")
        painter.setPen(INK)
        painter.setFont(_font(px, bold=True))
        painter.drawText(below, Qt.AlignmentFlag.AlignCenter, "Feasibility →")
        painter.save()
        painter.translate(plot.left() - px * 0.3, plot.bottom())
        painter.rotate(-90)
        side = QRectF(0, -px * 1.6, plot.height(), px * 1.6)
        painter.drawText(side, Qt.AlignmentFlag.AlignCenter, "Impact →")
        painter.setPen(MUTED)
        painter.setFont(_font(px))
        painter.drawText(side, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "low")
        painter.drawText(side, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "high")
        painter.restore()

    def _draw_dots(self, painter: QPainter, plot: QRectF) -> None:
        px = MIN_TEXT_PX * self.zoom
        radius = px * 0.85
        placed = [c for c in self.cards if c.position is not None]
        points = [self._to_plot(plot, c.position.feasibility, c.position.impact) for c in placed]
        # Dots that would cover each other are nudged apart, with a thin line back to their point.
        side = radius * 2 + 2
        centres = spread_out([(p.x(), p.y()) for p in points], plot, side, side)
        painter.setFont(_font(px, bold=True))
        for card, point, (x, y) in zip(placed, points, centres, strict=True):
            dot = QPointF(x, y)
            if (dot - point).manhattanLength() > 1:
                painter.setPen(QPen(INK, 1.5))
                painter.drawLine(point, dot)
                painter.setBrush(INK)
                painter.drawEllipse(point, 3, 3)
            painter.setPen(QPen(QColor("#101418"), 2))
            painter.setBrush(QColor(card.colour))
            painter.drawEllipse(dot, radius, radius)
            painter.setPen(DOT_TEXT)
            painter.drawText(
                QRectF(dot.x() - radius, dot.y() - radius, radius * 2, radius * 2),
                Qt.AlignmentFlag.AlignCenter,
                str(card.number),
            )

    def _draw_legend(self, painter: QPainter, legend: QRectF, px: float) -> None:
        font = _font(px)
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        gap = px * 0.22
        y = legend.top()
        for card, line in zip(self.cards, self.legend_lines(), strict=True):
            height = _wrapped_height(line, font, legend.width())
            painter.setPen(QPen(QColor(card.colour), 4))
            painter.drawLine(
                QPointF(legend.left() - px * 0.6, y + 3), QPointF(legend.left() - px * 0.6, y + height - 3)
            )
            painter.setPen(INK if card.position is not None else MUTED)
            painter.drawText(
                QRectF(legend.left(), y, legend.width(), height + metrics.descent()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                line,
            )
            y += height + gap
