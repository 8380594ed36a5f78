"""One idea drawn as a card. Every card has the same size, font and shape.

A card shows the idea's words and nothing else about it: no author, no role,
no order spoken. Its only colour is its theme's. Long text wraps and is elided;
the current card opens up to show its full text.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from facilitator.ui.common import palette, scene_colours
from facilitator.ui.common.plain import plain_tip

CARD_W = 220.0
CARD_H = 118.0
RADIUS = 8.0
BAND = 6.0  # the theme-coloured strip on the left edge
PAD = 10.0
MAX_OPEN_H = CARD_H * 3.5  # the current card opens up to this height
UNSORTED_COLOUR = palette.UNSORTED
FOCUS_COLOUR = palette.FOCUS
DIMMED_OPACITY = 0.22
NO_PEN = QPen(Qt.PenStyle.NoPen)
# Below this zoom the words are too small to read: draw the card's shape only.
TEXT_MIN_DETAIL = 0.35


@cache
def card_font() -> QFont:
    font = QFont()
    font.setPointSizeF(10.5)
    return font


def _metrics() -> QFontMetricsF:
    return QFontMetricsF(card_font())


def wrap_lines(text: str, width: float, max_lines: int) -> list[str]:
    """The text broken into at most `max_lines` lines of `width`; the last is elided if cut."""
    font = card_font()
    metrics = _metrics()
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    lines: list[str] = []
    paragraphs = text.split("\n")
    for p_index, paragraph in enumerate(paragraphs):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            if len(lines) == max_lines - 1:  # the last line left: the rest, elided
                rest = paragraph[start:].rstrip()
                if p_index < len(paragraphs) - 1:
                    rest += " …"
                lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
                layout.endLayout()
                return lines
            lines.append(paragraph[start : start + length].rstrip())
        layout.endLayout()
    return lines


class CardItem(QGraphicsRectItem):
    """A card for one idea. The board places it; the card only draws itself.

    A rect item so that Qt's own (C++) bounding rect serves the many geometry
    queries a big board makes; only painting runs in Python.
    """

    def __init__(self, idea_id: int, text: str, colour: str | None, withdrawn: bool = False) -> None:
        super().__init__()
        self.idea_id = idea_id
        self.text = ""
        self.folded = ""  # casefolded text, for search
        self.withdrawn = withdrawn
        self.badge = ""
        self.matched = True
        self.is_open = False
        self._lines: list[str] | None = None
        self._open_lines: list[str] | None = None
        self._height = CARD_H
        self.setPen(NO_PEN)
        self._set_height(CARD_H)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        # Drawn once per zoom level, then copied: moving, scrolling and selecting stay cheap.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.set_colour(colour)
        self.set_text(text)

    # ---- state ----

    def set_text(self, text: str) -> None:
        if text == self.text:
            return
        self.text = text
        self.folded = text.casefold()
        self._lines = None  # wrapped when first drawn: a board of thousands opens without wrapping each
        self._open_lines = None
        self.setToolTip(plain_tip(text if len(text) <= 600 else text[:600] + "…"))
        if self.is_open:
            self._resize_open()
        self.update()

    def set_colour(self, colour: str | None) -> None:
        self.colour = QColor(colour or UNSORTED_COLOUR)
        base = QColor("#BFC3C8") if self.withdrawn else self.colour
        self._band = base
        self._border = base.darker(125)
        self.update()

    def set_withdrawn(self, withdrawn: bool) -> None:
        if withdrawn != self.withdrawn:
            self.withdrawn = withdrawn
            self.set_colour(self.colour.name())

    def set_badge(self, text: str) -> None:
        if text != self.badge:
            self.badge = text
            self.update()

    def set_matched(self, matched: bool) -> None:
        if matched != self.matched:
            self.matched = matched
            self.setOpacity(1.0 if matched else DIMMED_OPACITY)

    def set_open(self, is_open: bool) -> None:
        """The current card opens to show all of its text, above its neighbours."""
        if is_open == self.is_open:
            return
        self.is_open = is_open
        self.setZValue(1 if is_open else 0)
        if is_open:
            self._resize_open()
        else:
            self._set_height(CARD_H)
        self.update()

    def _resize_open(self) -> None:
        if self._open_lines is None:
            max_lines = self._max_lines(MAX_OPEN_H)
            self._open_lines = wrap_lines(self.text, self._text_width(), max_lines)
        needed = 2 * PAD + len(self._open_lines) * _metrics().lineSpacing() + self._badge_room()
        self._set_height(min(MAX_OPEN_H, max(CARD_H, needed)))

    def _set_height(self, height: float) -> None:
        self._height = height
        self.setRect(-2, -2, CARD_W + 4, height + 4)  # room for the selection outline

    def _text_width(self) -> float:
        return CARD_W - BAND - 2 * PAD

    def _badge_room(self) -> float:
        return _metrics().lineSpacing()

    def _max_lines(self, height: float) -> int:
        usable = height - 2 * PAD - self._badge_room()
        return max(1, int(usable // _metrics().lineSpacing()))

    @property
    def lines(self) -> list[str]:
        """The lines drawn on the card right now (the face, or all text when open)."""
        if self.is_open and self._open_lines is not None:
            return self._open_lines
        if self._lines is None:
            self._lines = wrap_lines(self.text, self._text_width(), self._max_lines(CARD_H))
        return self._lines

    # ---- drawing ----

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = QRectF(0, 0, CARD_W, self._height)
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        selected = self.isSelected()
        painter.setPen(QPen(FOCUS_COLOUR, 3) if selected else QPen(self._border, 1))
        painter.setBrush(scene_colours.card_fill(self._band, faint=self.withdrawn))
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        painter.fillRect(QRectF(1.5, RADIUS / 2, BAND, self._height - RADIUS), self._band)
        if detail < TEXT_MIN_DETAIL:
            return
        painter.setFont(card_font())
        painter.setPen(scene_colours.muted() if self.withdrawn else scene_colours.ink())
        metrics = _metrics()
        x = BAND + PAD
        y = PAD + metrics.ascent()
        step = metrics.lineSpacing()
        for line in self.lines:
            painter.drawText(QPointF(x, y), line)
            y += step
        label = "Withdrawn" if self.withdrawn else self.badge
        if label:
            painter.setPen(scene_colours.muted())
            width = metrics.horizontalAdvance(label)
            painter.drawText(QPointF(CARD_W - PAD - width, self._height - PAD + 2), label)
