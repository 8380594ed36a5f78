"""The themes while grouping: their key numbers, how many cards each holds, rename and reorder.

The key column tells the facilitator which digit sends the selected cards where;
renaming and moving a theme are single undoable operations, like everything else.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.core.model import Theme
from facilitator.ops import themes as theme_ops
from facilitator.store.delta import Changes
from facilitator.ui.board.card_item import UNSORTED_COLOUR
from facilitator.ui.common.naming import named_button
from facilitator.ui.session.session_model import SessionModel

KEY_COL, NAME_COL, COUNT_COL = range(3)


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class ThemePanel(QWidget):
    """A small table of themes: F2 or double-click renames, Ctrl+Up/Down moves, Add makes a new one."""

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupThemePanel")
        self.model = model
        self.themes: list[Theme] = []

        title = QLabel("Themes")
        title.setObjectName("groupThemesTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("groupThemeTable")
        self.table.setAccessibleName("Themes")
        self.table.setAccessibleDescription(
            "Key: the digit that moves selected cards to the theme. F2 renames; Ctrl+Up/Down move it."
        )
        self.table.setHorizontalHeaderLabels(["Key", "Theme", "Cards"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(KEY_COL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME_COL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COUNT_COL, QHeaderView.ResizeMode.ResizeToContents)
        self.table.installEventFilter(self)
        title.setBuddy(self.table)

        self.rename_button = self._button("themeRename", "Rename", "Rename the theme (F2)")
        self.up_button = self._button("themeMoveUp", "Move up", "Move the theme up (Ctrl+Up)")
        self.down_button = self._button("themeMoveDown", "Move down", "Move the theme down (Ctrl+Down)")
        self.add_button = self._button("themeAdd", "Add theme", "Add a theme, then type its name")
        buttons = QHBoxLayout()
        for button in (self.rename_button, self.up_button, self.down_button, self.add_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

        self.rename_button.clicked.connect(self.start_rename)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(+1))
        self.add_button.clicked.connect(self.add_theme)
        self.table.itemChanged.connect(self.on_item_changed)
        self.table.currentCellChanged.connect(lambda *_: self._enable())
        model.changed.connect(self.on_changes)
        self.refresh()

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        return named_button(name, text, tip, accessible=tip.split(" (")[0])

    # ---- showing ----

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("theme", "idea"):
            self.refresh()

    def refresh(self) -> None:
        keep = self.current_theme_id()
        store = self.model.store
        self.themes = store.themes()
        counts = store.cards_per_theme()
        known = {t.id for t in self.themes}
        unsorted = sum(n for theme_id, n in counts.items() if theme_id not in known)
        rows = [(None, "Unsorted", UNSORTED_COLOUR, unsorted)]
        rows += [(t.id, t.name, t.colour, counts.get(t.id, 0)) for t in self.themes]
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for row, (theme_id, name, colour, count) in enumerate(rows):
            key = QTableWidgetItem(str(row))
            key.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            key.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            title = QTableWidgetItem(name)
            title.setIcon(_swatch(colour))
            title.setData(Qt.ItemDataRole.UserRole, theme_id)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if theme_id is not None and not self.model.read_only:
                flags |= Qt.ItemFlag.ItemIsEditable
            else:
                title.setForeground(QBrush(QColor("#4B5563")))
            title.setFlags(flags)
            cards = QTableWidgetItem(str(count))
            cards.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            cards.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for col, item in ((KEY_COL, key), (NAME_COL, title), (COUNT_COL, cards)):
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self._fit_height()
        self.select_theme(keep)
        self._enable()

    def _fit_height(self) -> None:
        """As tall as its rows (up to ten): the duplicates below get the rest of the column."""
        rows = self.table.verticalHeader()
        shown = sum(rows.sectionSize(r) for r in range(min(self.table.rowCount(), 10)))
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + shown + frame)

    def select_theme(self, theme_id: int | None) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, NAME_COL).data(Qt.ItemDataRole.UserRole) == theme_id:
                self.table.setCurrentCell(row, NAME_COL)
                return

    def current_theme_id(self) -> int | None:
        item = self.table.item(self.table.currentRow(), NAME_COL)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _enable(self) -> None:
        writable = not self.model.read_only
        theme_id = self.current_theme_id()
        ids = [t.id for t in self.themes]
        index = ids.index(theme_id) if theme_id in ids else -1
        self.rename_button.setEnabled(writable and index >= 0)
        self.up_button.setEnabled(writable and index > 0)
        self.down_button.setEnabled(writable and 0 <= index < len(ids) - 1)
        self.add_button.setEnabled(writable)

    # ---- changing ----

    def start_rename(self) -> None:
        item = self.table.item(self.table.currentRow(), NAME_COL)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
            self.table.setFocus()
            self.table.editItem(item)

    def on_item_changed(self, item: QTableWidgetItem) -> None:
        theme_id = item.data(Qt.ItemDataRole.UserRole)
        old = next((t.name for t in self.themes if t.id == theme_id), None)
        if theme_id is None or old is None or item.text().strip() == old:
            self.refresh()
            return
        if self.model.run("Rename theme", theme_ops.rename_theme, theme_id, item.text()) is None:
            self.refresh()  # refused: show the name that is stored

    def move_current(self, step: int) -> bool:
        theme_id = self.current_theme_id()
        ids = [t.id for t in self.themes]
        if theme_id not in ids or self.model.read_only:
            return False
        index = ids.index(theme_id)
        target = index + step
        if not 0 <= target < len(ids):
            return False
        ids[index], ids[target] = ids[target], ids[index]
        name = self.themes[index].name
        label = f"Move theme {name} {'up' if step < 0 else 'down'}"
        if self.model.run(label, theme_ops.reorder_themes, ids) is None:
            return False
        self.select_theme(theme_id)
        return True

    def add_theme(self) -> None:
        if self.model.read_only:
            return
        taken = {t.name.casefold() for t in self.themes}
        names = ("New theme" if k == 1 else f"New theme {k}" for k in range(1, 1000))
        name = next(n for n in names if n.casefold() not in taken)
        result = self.model.run("Add theme", theme_ops.add_theme, name)
        if result is not None:
            self.select_theme(result.value)
            self.start_rename()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_current(-1 if event.key() == Qt.Key.Key_Up else +1)
                return True
        return False
