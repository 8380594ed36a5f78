"""Equal-voice figures for the facilitator: turns, passes, ideas and speaking time per person.

The figures come from `core.equity`, the same place the minutes take them from.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.core import equity
from facilitator.core.model import SessionState

COLUMNS = ("Participant", "Turns", "Passes", "Ideas", "Speaking time")


def duration_text(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class AirtimePanel(QWidget):
    """A table of airtime per participant, in seat order, and the session's equity figure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("airtimePanel")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("airtimeTable")
        self.table.setAccessibleName("Equal-voice figures per participant")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel()
        self.summary.setObjectName("equitySummary")
        self.summary.setAccessibleName("Equity figure")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def refresh(self, state: SessionState) -> None:
        rows = equity.airtime(state)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (row.name, row.turns, row.passes, row.ideas, duration_text(row.seconds))
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        figure = equity.equity(state)
        self.summary.setText(figure.in_words())
        self.summary.setToolTip(figure.footnote())

    def figures(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row (for tests and screen readers alike)."""
        return [
            tuple(self.table.item(r, c).text() for c in range(self.table.columnCount()))
            for r in range(self.table.rowCount())
        ]
