"""Screens a participant holds: a ballot, a rating sheet, their hand-over.

While one shows, the laptop is in someone else's hands, so the window's own
shortcuts (undo, switching phase, closing the session) are held back; only the
facilitator, back on their own screen, can use them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

HELD_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


class HoldShortcuts(QObject):
    """Application-wide while its screen shows: keys with Ctrl, Alt or Meta reach the
    focused widget as plain key presses instead of firing the window's shortcuts."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not event.modifiers() & HELD_MODIFIERS:
            return False
        owner = self.parent()
        if not isinstance(owner, QWidget) or not owner.isVisible():
            return False  # never outlive the screen it protects
        event.accept()
        return True

    def install(self) -> None:
        QApplication.instance().installEventFilter(self)

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self)


class PrivateScreen(QWidget):
    """A screen a participant holds. Escape goes back; window shortcuts are held."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hold = HoldShortcuts(self)

    def showEvent(self, event) -> None:
        self._hold.install()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self._hold.remove()
        super().hideEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
        elif not event.modifiers() & HELD_MODIFIERS:
            super().keyPressEvent(event)
