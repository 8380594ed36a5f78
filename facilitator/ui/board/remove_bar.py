"""Removing a card for good: an inline, non-modal question under the board.

Withdrawing keeps a card in the minutes with its reason; removing it for good takes
its words (and every earlier wording) out of the file, for hurtful or identifying text.
The bar says exactly that, and the keyboard starts on "Keep the card".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from facilitator.core.text import one_line

REMOVE_KEY = "Shift+Del"


class RemoveBar(QFrame):
    """Asks before a card is removed for good. Emits `confirmed(idea id)` or `cancelled()`."""

    confirmed = Signal(object)  # idea id
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("removeBar")
        self.setAccessibleName("Remove card for good")
        self.setStyleSheet(
            "#removeBar { background:#FDE8E8; border:1px solid #D9534F; border-radius:4px; } "
            "#removeBar QLabel { color:#1F2937; }"
        )
        self.idea_id: int | None = None
        self.label = QLabel()
        self.label.setObjectName("removeLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.confirm = QPushButton("Remove for good")
        self.confirm.setObjectName("removeConfirm")
        self.confirm.setAccessibleName("Remove the card for good")
        self.cancel = QPushButton("Keep the card")
        self.cancel.setObjectName("removeCancel")
        self.cancel.setAccessibleName("Keep the card")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.confirm)
        layout.addWidget(self.cancel)
        self.confirm.clicked.connect(self.on_confirm)
        self.cancel.clicked.connect(self.cancelled.emit)
        self.hide()

    def ask(self, idea_id: int, text: str, merged: int) -> None:
        self.idea_id = idea_id
        back = ""
        if merged:
            wordings = "wording goes" if merged == 1 else "wordings go"
            back = f" Its {merged} merged {wordings} back on the board as cards of their own."
        self.label.setText(
            f"Remove “{one_line(text, 40)}” for good? Its words, every earlier wording, its dots and "
            f"its place on the matrix leave the file; the minutes say only that a card was removed."
            f"{back} Undo (Ctrl+Z) can bring it back until the session is closed."
        )
        self.show()
        self.cancel.setFocus()

    def on_confirm(self) -> None:
        if self.idea_id is not None:
            self.confirmed.emit(self.idea_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)
