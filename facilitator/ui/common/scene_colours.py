"""Colours for the scenes the app paints itself (the board, the matrix), taken from the
look in use, so the dark and high-contrast looks reach them as they reach every widget.

Items read these while they paint, so a change of look shows at the next repaint.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

R = QPalette.ColorRole


def _role(role: QPalette.ColorRole) -> QColor:
    return QGuiApplication.palette().color(role)


def is_dark() -> bool:
    return _role(R.Window).lightness() < 128


def surface() -> QColor:
    """Behind the cards: the page itself."""
    return _role(R.Base)


def lane() -> QColor:
    """A theme's band on the board, a step away from the page."""
    return QColor("#34363B") if is_dark() else QColor("#F5F6F8")


def ink() -> QColor:
    return _role(R.Text)


def muted() -> QColor:
    return _role(R.PlaceholderText)


def mix(colour: QColor, other: QColor, amount: float) -> QColor:
    """`colour` moved towards `other` by `amount` (1.0 is `other`)."""
    return QColor(
        round(colour.red() + (other.red() - colour.red()) * amount),
        round(colour.green() + (other.green() - colour.green()) * amount),
        round(colour.blue() + (other.blue() - colour.blue()) * amount),
    )


def card_fill(colour: QColor, faint: bool = False) -> QColor:
    """A card: its theme's colour, mostly the page (on a dark page a little more of the colour)."""
    if is_dark():
        return mix(colour, surface(), 0.86 if faint else 0.72)
    return mix(colour, surface(), 0.93 if faint else 0.84)


def quadrant_text(light_look: QColor, dark_look: QColor) -> QColor:
    return dark_look if is_dark() else light_look
