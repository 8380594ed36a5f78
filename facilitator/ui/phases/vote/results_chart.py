"""The revealed results: a ranked bar chart drawn with QPainter (no start-up cost).

Equal votes share a rank, written "=2", and their bars sit side by side in the
same colour band, so a tie reads as a tie.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator.core.voting import RankedIdea

ROW = 30
GAP = 6
RANK_W = 44
VALUE_W = 78
TIE_BANDS = (QColor("#F6EFD6"), QColor("#E9EFD9"))


class ChartRow(NamedTuple):  # a tuple: quick to make for every card of a big session
    rank_text: str
    text: str
    votes: int
    colour: str
    tied: bool


def chart_rows(
    ranked: Sequence[RankedIdea], texts: Mapping[int, str], colours: Mapping[int, str]
) -> list[ChartRow]:
    """The rows to draw: rank labels with "=" for ties."""
    shared = {}
    for r in ranked:
        shared[r.rank] = shared.get(r.rank, 0) + 1
    return [
        ChartRow(
            f"={r.rank}" if shared[r.rank] > 1 else str(r.rank),
            texts[r.idea_id],
            r.votes,
            colours.get(r.idea_id, "#4C78A8"),
            shared[r.rank] > 1,
        )
        for r in ranked
    ]


def describe(rows: Sequence[ChartRow]) -> str:
    """The chart as text, for screen readers and tests: every card with votes, then how many
    have none (read out one by one, the thousands of a big session would bury the result)."""
    voted = [row for row in rows if row.votes]
    lines = [
        f"{row.rank_text}. {row.text} — {row.votes} {'vote' if row.votes == 1 else 'votes'}" for row in voted
    ]
    unvoted = len(rows) - len(voted)
    if unvoted:
        lines.append(f"{unvoted} more {'card has' if unvoted == 1 else 'cards have'} no votes.")
    return "\n".join(lines)


class ResultsChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsChart")
        self.setAccessibleName("Results chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.rows: list[ChartRow] = []
        self._groups: list[int] = []

    def set_rows(self, rows: Sequence[ChartRow]) -> None:
        self.rows = list(rows)
        self._groups = []  # each row's tie group, counted from the top: neighbouring ties alternate
        group = 0
        for index, row in enumerate(self.rows):
            if index and self.rows[index - 1].rank_text != row.rank_text:
                group += 1
            self._groups.append(group)
        self.setAccessibleDescription(describe(self.rows))
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_rows([])

    def _height(self) -> int:
        return len(self.rows) * (ROW + GAP) + GAP

    def sizeHint(self) -> QSize:
        return QSize(640, max(self._height(), 40))

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.rows:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width()
        text_w = int(width * 0.55)
        bar_x = RANK_W + text_w + 12
        bar_w = max(width - bar_x - VALUE_W, 40)
        most = max((r.votes for r in self.rows), default=0) or 1
        font = QFont(self.font())
        bold = QFont(font)
        bold.setBold(True)
        metrics = QFontMetrics(font)
        # Only the rows in the exposed part: a chart of thousands sits in a scroll area.
        exposed = event.rect()
        first = max(0, (exposed.top() - GAP) // (ROW + GAP))
        last = min(len(self.rows), exposed.bottom() // (ROW + GAP) + 1)
        y = GAP + first * (ROW + GAP)
        for index in range(first, last):
            row = self.rows[index]
            if row.tied:  # one band behind all the cards of a tie; neighbouring ties alternate
                band = TIE_BANDS[self._groups[index] % 2]
                painter.fillRect(QRectF(0, y - GAP / 2, width, ROW + GAP), band)
            painter.setPen(QColor("#202124"))
            painter.setFont(bold)
            painter.drawText(
                QRectF(4, y, RANK_W - 8, ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                row.rank_text,
            )
            painter.setFont(font)
            elided = metrics.elidedText(row.text.replace("\n", " "), Qt.TextElideMode.ElideRight, text_w)
            painter.drawText(
                QRectF(RANK_W, y, text_w, ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                elided,
            )
            length = bar_w * row.votes / most
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#E8EAED"))
            painter.drawRoundedRect(QRectF(bar_x, y + 5, bar_w, ROW - 10), 3, 3)
            if row.votes:
                painter.setBrush(QColor(row.colour))
                painter.drawRoundedRect(QRectF(bar_x, y + 5, max(length, 4), ROW - 10), 3, 3)
            painter.setPen(QColor("#202124"))
            painter.setFont(bold)
            label = f"{row.votes} {'vote' if row.votes == 1 else 'votes'}"
            painter.drawText(
                QRectF(bar_x + bar_w + 8, y, VALUE_W - 8, ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
            y += ROW + GAP
        painter.end()
