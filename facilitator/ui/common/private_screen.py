"""Screens a participant holds: a ballot, a rating sheet, their hand-over.

While one shows, the laptop is in someone else's hands, so the window's own
shortcuts (undo, switching phase, closing the session) are held back, and
everything else in the window (the phase list, the menus, the timer strip) is
disabled, so neither a key nor a click leaves the screen; only the facilitator,
back on their own screen, can use them.
"""

from __future__ import annotations

import contextlib
from typing import ClassVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

HELD_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


class LockOut:
    """Disables every widget of a window except the branch that holds one screen.

    Counted per window: a hand-over and the ballot after it may overlap as the page
    changes, and the window comes back only when the last of them has gone.
    """

    _holders: ClassVar[dict[int, list[QWidget]]] = {}  # id(window) -> the screens holding it
    _disabled: ClassVar[dict[int, list[QWidget]]] = {}  # id(window) -> what the lock-out disabled

    @classmethod
    def hold(cls, screen: QWidget) -> None:
        window = screen.window()
        holders = cls._holders.setdefault(id(window), [])
        if screen in holders:
            return
        holders.append(screen)
        if len(holders) > 1:
            return
        disabled: list[QWidget] = []
        branch = screen
        while branch is not window and branch.parentWidget() is not None:
            parent = branch.parentWidget()
            for sibling in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
                # Hidden pages beside it (the next voter's ballot) stay as they are.
                if sibling is branch or sibling.isWindow() or not sibling.isVisibleTo(parent):
                    continue
                if sibling.isEnabled():
                    sibling.setEnabled(False)
                    disabled.append(sibling)
            branch = parent
        cls._disabled[id(window)] = disabled

    @classmethod
    def release(cls, screen: QWidget) -> None:
        for key, holders in list(cls._holders.items()):
            if screen not in holders:
                continue
            holders.remove(screen)
            if not holders:
                del cls._holders[key]
                for widget in cls._disabled.pop(key, []):
                    with contextlib.suppress(RuntimeError):  # already deleted with its window
                        widget.setEnabled(True)

    @classmethod
    def held(cls, window: QWidget) -> bool:
        return bool(cls._holders.get(id(window)))


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
        owner = self.parent()
        if isinstance(owner, QWidget):
            LockOut.hold(owner)

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self)
        owner = self.parent()
        if isinstance(owner, QWidget):
            LockOut.release(owner)


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
