"""An inline, non-modal question in a tinted bar: a plain-text label, a confirm button and a
cancel button, with Escape for cancel. The live flow never stops for a dialog, so a step that
needs a "yes" (withdraw with a reason, remove for good, turn anonymous on) asks here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

# Light fills: the text stays dark whatever the look (a dark look's light text would vanish).
WARNING = ("#FFF4D6", "#E8C35A")
DANGER = ("#FDE8E8", "#D9534F")


class InlineQuestion(QFrame):
    """`confirm` and `cancel` buttons after `label`; subclasses add widgets with `insert`.
    Emits `cancelled()` on Cancel or Escape; the confirm button is the subclass's to wire."""

    cancelled = Signal()

    def __init__(
        self,
        name: str,
        accessible: str,
        buttons: tuple[tuple[str, str], tuple[str, str]],
        tint: tuple[str, str] = WARNING,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        fill, border = tint
        self.setStyleSheet(
            f"#{name} {{ background:{fill}; border:1px solid {border}; border-radius:4px; }} "
            f"#{name} QLabel {{ color:#1F2937; }}"
        )
        self.label = QLabel()
        self.label.setObjectName(f"{name}Label")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        (yes, yes_name), (no, no_name) = buttons
        self.confirm = QPushButton(yes)
        self.confirm.setObjectName(f"{name}Confirm")
        self.confirm.setAccessibleName(yes_name)
        self.cancel = QPushButton(no)
        self.cancel.setObjectName(f"{name}Cancel")
        self.cancel.setAccessibleName(no_name)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(8, 4, 8, 4)
        self.row.addWidget(self.label)
        self.row.addWidget(self.confirm)
        self.row.addWidget(self.cancel)
        self.cancel.clicked.connect(self.cancelled.emit)
        self.hide()

    def insert(self, widget: QWidget, stretch: int = 0) -> None:
        """Put a widget between the label and the buttons (a reason to type)."""
        self.row.insertWidget(1, widget, stretch)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)
