"""The first thing a facilitator sees: new, open, recent, or the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.ui.common.message_bar import MessageBar


class StartScreen(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        title = QLabel("<h1>Facilitator</h1>")
        title.setObjectName("startTitle")
        blurb = QLabel(
            "Run a listening session round the table: every idea heard, every voice weighted the same, "
            "minutes people read. Everything stays on this computer."
        )
        blurb.setWordWrap(True)
        self.messages = MessageBar()
        buttons = QHBoxLayout()
        for name, text, tip, signal in (
            ("newButton", "New session…", "Create a new session file", self.new_requested),
            ("openButton", "Open…", "Open a session file", self.open_requested),
            ("demoButton", "Try the demo", "Open a finished example session", self.demo_requested),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName(text.rstrip("…"))
            button.setAccessibleDescription(tip)
            button.setToolTip(tip)
            button.setMinimumHeight(40)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        recent_label = QLabel("Recent sessions")
        self.recent = QListWidget()
        self.recent.setObjectName("recentList")
        self.recent.setAccessibleName("Recent sessions")
        self.recent.setAccessibleDescription("Press Enter to open the selected session")
        recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self.on_recent_activated)

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(blurb)
        column.addSpacing(12)
        column.addWidget(self.messages)
        column.addLayout(buttons)
        column.addSpacing(12)
        column.addWidget(recent_label)
        column.addWidget(self.recent, 1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{Path(path).name}    —    {Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        if paths:
            self.recent.setCurrentRow(0)

    def on_recent_activated(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole))
