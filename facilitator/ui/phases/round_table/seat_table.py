"""The round table drawn as it stands in the room: seats in order, the speaker highlighted.

It shows and forwards intent (give the turn to a seat, mark someone absent); the
view runs the operations. Keyboard: arrows move round the seats, Enter gives the
turn, the Menu key (or right click) offers the rest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRegion,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from facilitator.core import turns as turn_rules
from facilitator.core.model import Participant, Turn
from facilitator.ui.common import palette

ACCENT = palette.FOCUS
TABLE_FILL = QColor("#EFE7DA")
TABLE_EDGE = QColor("#C9B79C")
SEAT_FILL = QColor("#FFFFFF")
SEAT_EDGE = QColor("#8A9099")
MUTED = QColor("#8A9099")
INK = QColor("#1F2328")


@dataclass(frozen=True)
class SeatView:
    """One seat as drawn: who, and where they are in this round."""

    participant: Participant
    state: str  # "speaking", "spoke", "passed", "waiting", "absent", "later"


def seat_views(
    participants: list[Participant], turns: list[Turn], position: turn_rules.Position
) -> list[SeatView]:
    in_round = {t.participant_id: t for t in turns if t.round == position.round}
    views = []
    for person in sorted(participants, key=lambda p: (p.seat, p.id)):
        turn = in_round.get(person.id)
        if person.id == position.participant_id:
            state = "speaking"
        elif person.absent:
            state = "absent"
        elif person.joined_round > position.round:
            state = "later"
        elif turn is not None:
            state = "passed" if turn.passed else "spoke"
        else:
            state = "waiting"
        views.append(SeatView(person, state))
    return views


def _label_text(seat: SeatView) -> str:
    if seat.state == "absent":
        return f"{seat.participant.name} (absent)"
    if seat.state == "later":
        return f"{seat.participant.name} (from round {seat.participant.joined_round})"
    return seat.participant.name


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return name[:2].upper()
    return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()


class SeatTable(QWidget):
    """Paints the table and its seats; emits what the facilitator asks for."""

    seat_activated = Signal(int)  # participant id: give them the turn
    absent_toggled = Signal(int, bool)  # participant id, absent

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seatTable")
        self.setAccessibleName("Round table")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.seats: list[SeatView] = []
        self.round = 1
        self.focus_index = 0
        self._centres: list[QPointF] = []
        self._radius = 24.0
        self._laid_out: tuple[tuple, QRectF] | None = None  # the last layout and what it was for
        self._rects: dict[tuple, QRect] = {}  # what each seat paints, by its look and the widget's size
        self.menu: QMenu | None = None

    def set_seats(self, seats: list[SeatView], round_no: int) -> None:
        """Show these seats. Only what changed is painted again: after an idea is recorded,
        the seat that spoke, the seat that speaks next and the name in the middle."""
        old_seats, old_round, old_focus = self.seats, self.round, self.focus_index
        old_speaker = self.speaker_name()
        self.round = round_no
        speaking = next((i for i, s in enumerate(seats) if s.state == "speaking"), None)
        if speaking is not None and self.speaker_id() != seats[speaking].participant.id:
            self.focus_index = speaking  # the keyboard ring follows the turn
        self.seats = seats
        self.focus_index = min(self.focus_index, max(len(seats) - 1, 0))
        speaker = self.speaker_name()
        self.setAccessibleDescription(
            f"Round {round_no}. " + (f"{speaker} is speaking." if speaker else "Nobody can speak.")
        )
        if len(old_seats) != len(seats) or old_round != round_no or not self.isVisible():
            self.update()
            return
        dirty = QRegion()
        table, _ = self._layout()
        for index, (before, after) in enumerate(zip(old_seats, seats, strict=True)):
            moved_focus = index in (old_focus, self.focus_index) and old_focus != self.focus_index
            if before != after or moved_focus:
                dirty += self._seat_rect(index, before)
                dirty += self._seat_rect(index, after)
        if speaker != old_speaker:
            dirty += self._centre_rect(self._inner(table)).toAlignedRect()
        if not dirty.isEmpty():
            self.update(dirty)

    def speaker_id(self) -> int | None:
        return next((s.participant.id for s in self.seats if s.state == "speaking"), None)

    def speaker_name(self) -> str:
        return next((s.participant.name for s in self.seats if s.state == "speaking"), "")

    # ---- geometry ----------------------------------------------------------------------------

    def _layout(self) -> tuple[QRectF, list[QPointF]]:
        """The table's ellipse and each seat's centre, clockwise from the top."""
        key = (self.width(), self.height(), len(self.seats), self.font().key())
        if self._laid_out is not None and self._laid_out[0] == key:
            return self._laid_out[1], self._centres
        n = max(len(self.seats), 1)
        self._radius = max(12.0, min(26.0, 600 / (n + 8)))
        label_h = QFontMetricsF(self.font()).height() + 6
        margin_y = self._radius + label_h
        area = QRectF(self.rect()).adjusted(80, margin_y, -80, -margin_y)
        rx, ry = area.width() / 2, area.height() / 2
        rx = min(rx, ry * 1.7)
        ry = min(ry, rx * 1.05)
        centre = area.center()
        centres = []
        for i in range(len(self.seats)):
            angle = -math.pi / 2 + 2 * math.pi * i / n
            centres.append(QPointF(centre.x() + rx * math.cos(angle), centre.y() + ry * math.sin(angle)))
        self._centres = centres
        inset = self._radius * 2.2
        tx, ty = max(rx - inset, 40.0), max(ry - inset, 30.0)
        table = QRectF(centre.x() - tx, centre.y() - ty, 2 * tx, 2 * ty)
        self._laid_out = (key, table)
        return table, centres

    def _inner(self, table: QRectF) -> QRectF:
        """The table top drawn in the middle, where the round and the speaker's name go."""
        r = self._radius
        return table.adjusted(r * 1.8, r * 1.6, -r * 1.8, -r * 1.6)

    def _base_font(self) -> QFont:
        base = QFont(self.font())
        base.setPointSizeF(max(8.0, min(10.5, 260 / max(len(self.seats), 1) + 6)))
        return base

    def _label_font(self, seat: SeatView, base: QFont) -> QFont:
        font = QFont(base)
        font.setBold(seat.state == "speaking")
        font.setItalic(seat.state in ("absent", "later"))
        return font

    def _centre_rect(self, inner: QRectF) -> QRectF:
        """Where the round and the speaker's name are written, across the table top."""
        height = QFontMetricsF(self.font()).height() * 1.1 * 1.35
        return QRectF(inner.left(), inner.center().y() - height * 1.7, inner.width(), height * 2.6)

    def _seat_rect(self, index: int, seat: SeatView) -> QRect:
        """Everything a seat paints: its circle with the speaker's halo or the focus ring,
        and its name. `_layout()` must have run."""
        person = seat.participant
        size = (self.width(), self.height(), len(self.seats))
        key = (index, seat.state, person.name, person.joined_round, size)
        rect = self._rects.get(key)
        if rect is None:
            centre, r = self._centres[index], self._radius
            circle = QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r).adjusted(-8, -8, 8, 8)
            metrics = QFontMetricsF(self._label_font(seat, self._base_font()))
            _, label = self._label_geometry(_label_text(seat), centre, metrics)
            rect = circle.united(label.adjusted(-2, -2, 2, 2)).toAlignedRect()
            if len(self._rects) > 8 * len(self.seats) + 8:
                self._rects.clear()
            self._rects[key] = rect
        return rect

    def seat_at(self, pos: QPointF) -> int | None:
        self._layout()
        best = None
        for i, centre in enumerate(self._centres):
            distance = math.hypot(centre.x() - pos.x(), centre.y() - pos.y())
            if distance <= self._radius * 1.6 and (best is None or distance < best[0]):
                best = (distance, i)
        return None if best is None else best[1]

    def seat_centre(self, participant_id: int) -> QPoint:
        """Where a participant's seat is drawn (for tests that click it)."""
        self._layout()
        index = next(i for i, s in enumerate(self.seats) if s.participant.id == participant_id)
        return self._centres[index].toPoint()

    # ---- drawing -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        table, centres = self._layout()
        painter.setPen(QPen(TABLE_EDGE, 3))
        painter.setBrush(TABLE_FILL)
        inner = self._inner(table)
        painter.drawEllipse(inner)
        self._draw_centre(painter, inner)
        base = self._base_font()
        exposed = event.region()
        whole = exposed.boundingRect().contains(self.rect())
        for i, (seat, centre) in enumerate(zip(self.seats, centres, strict=True)):
            if whole or exposed.intersects(self._seat_rect(i, seat)):
                focused = self.hasFocus() and i == self.focus_index
                self._draw_seat(painter, seat, centre, base, focused=focused)
        if not self.seats:
            painter.setPen(MUTED)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "No one is seated yet.")

    def _draw_centre(self, painter: QPainter, inner: QRectF) -> None:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        painter.setFont(font)
        painter.setPen(MUTED)
        metrics = QFontMetricsF(font)
        top = QRectF(
            inner.left(), inner.center().y() - metrics.height() * 1.6, inner.width(), metrics.height()
        )
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, f"Round {self.round}")
        speaker = self.speaker_name() or "Nobody can speak"
        font.setBold(True)
        size = font.pointSizeF()
        for factor in (1.35, 1.2, 1.05, 0.95):  # the biggest size that fits the table
            font.setPointSizeF(size * factor)
            metrics = QFontMetricsF(font)
            if metrics.horizontalAdvance(speaker) <= inner.width() * 0.92:
                break
        painter.setFont(font)
        painter.setPen(INK if self.speaker_name() else MUTED)
        text = metrics.elidedText(speaker, Qt.TextElideMode.ElideRight, inner.width() * 0.92)
        painter.drawText(
            QRectF(
                inner.left(), inner.center().y() - metrics.height() / 2, inner.width(), metrics.height() * 1.2
            ),
            Qt.AlignmentFlag.AlignCenter,
            text,
        )

    def _draw_seat(
        self, painter: QPainter, seat: SeatView, centre: QPointF, font: QFont, focused: bool
    ) -> None:
        r = self._radius
        state = seat.state
        circle = QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)
        if state == "speaking":
            painter.setPen(QPen(ACCENT.lighter(160), 8))
            painter.setBrush(ACCENT)
        elif state in ("absent", "later"):
            painter.setPen(QPen(MUTED, 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(QColor("#F3F4F6"))
        else:
            painter.setPen(QPen(SEAT_EDGE, 1.5))
            painter.setBrush(SEAT_FILL)
        painter.drawEllipse(circle)
        if focused:
            painter.setPen(QPen(ACCENT, 2, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle.adjusted(-6, -6, 6, 6))
        mark = {"spoke": "✓", "passed": "–"}.get(state, initials(seat.participant.name))
        inner_font = QFont(font)
        inner_font.setBold(True)
        painter.setFont(inner_font)
        painter.setPen(QColor("white") if state == "speaking" else (MUTED if state != "waiting" else INK))
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, mark)
        name_font = self._label_font(seat, font)
        painter.setFont(name_font)
        painter.setPen(ACCENT if state == "speaking" else (MUTED if state in ("absent", "later") else INK))
        label, rect = self._label_geometry(_label_text(seat), centre, QFontMetricsF(name_font))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)

    def _label_geometry(self, label: str, centre: QPointF, metrics: QFontMetricsF) -> tuple[str, QRectF]:
        """A seat's name (elided to fit) and where it goes: below seats in the lower half, above
        the others; off-centre labels lean outwards, so the names of two neighbouring seats never
        run into each other."""
        r = self._radius
        offset = centre.x() - self.rect().center().x()
        near_axis = abs(offset) < 0.6 * (self.width() / 2 - 80)  # neighbours close side by side
        if abs(offset) < r / 2 or not near_axis:
            room, left = 190.0, None
        elif offset < 0:  # leans left: its right edge stays near the seat
            room, left = min(190.0, centre.x() + 0.8 * r - 4), False
        else:
            room, left = min(190.0, self.width() - (centre.x() - 0.8 * r) - 4), True
        label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(room, 20.0))
        width = metrics.horizontalAdvance(label) + 4
        if left is None:
            x = centre.x() - width / 2
        elif left:
            x = centre.x() - 0.8 * r
        else:
            x = centre.x() + 0.8 * r - width
        below = centre.y() >= self.rect().center().y() - 1
        y = centre.y() + r + 3 if below else centre.y() - r - 3 - metrics.height()
        return label, QRectF(x, y, width, metrics.height())

    # ---- input ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.seat_at(event.position())
        if index is None:
            super().mousePressEvent(event)
            return
        self.focus_index = index
        self.update()
        if event.button() == Qt.MouseButton.LeftButton:
            self.seat_activated.emit(self.seats[index].participant.id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if not self.seats:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.focus_index = (self.focus_index + 1) % len(self.seats)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.focus_index = (self.focus_index - 1) % len(self.seats)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.seat_activated.emit(self.seats[self.focus_index].participant.id)
        else:
            super().keyPressEvent(event)
            return
        focused = self.seats[self.focus_index].participant
        self.setAccessibleDescription(f"Seat {self.focus_index + 1}: {focused.name}")
        self.update()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = (
            self.seat_at(QPointF(event.pos())) if event.reason() == event.Reason.Mouse else self.focus_index
        )
        if index is None or not self.seats:
            return
        person = self.seats[index].participant
        self.menu = QMenu(self)
        self.menu.setObjectName("seatMenu")
        self.menu.setAccessibleName(f"Seat of {person.name}")
        give = self.menu.addAction(f"Give the turn to {person.name}")
        give.triggered.connect(lambda: self.seat_activated.emit(person.id))
        give.setEnabled(not person.absent)
        toggle = self.menu.addAction(
            f"Mark {person.name} present" if person.absent else f"Mark {person.name} absent"
        )
        toggle.triggered.connect(lambda: self.absent_toggled.emit(person.id, not person.absent))
        self.menu.popup(event.globalPos())  # never exec(): nothing blocks
