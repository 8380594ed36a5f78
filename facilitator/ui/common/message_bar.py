"""A non-modal message strip: it never interrupts the live flow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

STYLES = {
    "info": "background:#E8F1FB; color:#10305A; border:1px solid #9CC0E8;",
    "warning": "background:#FFF4D6; color:#5A4200; border:1px solid #E8C35A;",
    "error": "background:#FBE4E4; color:#6A1010; border:1px solid #E39A9A;",
}


class MessageBar(QFrame):
    # Dismissed while its own button had the keyboard: the owner says where the keyboard goes
    # (rather than Qt passing it to whatever comes next, such as the first field of Setup).
    dismissed_from_keyboard = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setAccessibleName("Messages")
        self.label = QLabel()
        self.label.setObjectName("messageText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton()
        self.action_button.setObjectName("messageAction")
        self.action_button.setAccessibleName("Message action")
        self.close_button = QPushButton("Dismiss")
        self.close_button.setObjectName("messageDismiss")
        self.close_button.setAccessibleName("Dismiss message")
        # A click on Dismiss leaves the keyboard where it was.
        self.close_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.close_button.clicked.connect(self.on_close_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self._callback: Callable[[], None] | None = None
        self.action_button.clicked.connect(self.on_action_clicked)
        self.level = ""
        self.hide()

    def on_close_clicked(self) -> None:
        had_keyboard = self.close_button.hasFocus()
        self.hide()
        if had_keyboard:
            self.dismissed_from_keyboard.emit()

    def show_message(
        self,
        text: str,
        level: str = "info",
        action: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        self.level = level
        self.setStyleSheet(f"#messageBar {{{STYLES[level]} border-radius:4px;}}")
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self._callback = action[1] if action else None
        self.action_button.setVisible(action is not None)
        if action:
            self.action_button.setText(action[0])
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def on_action_clicked(self) -> None:
        if self._callback:
            self._callback()
