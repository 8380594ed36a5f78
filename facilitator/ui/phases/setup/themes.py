"""Setup: the themes ideas are sorted under (Communication, Safety and Support to begin with)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.core.model import Theme
from facilitator.ops import themes as theme_ops
from facilitator.store.delta import Changes
from facilitator.ui.common.naming import named_button
from facilitator.ui.common.record_table import Column, RecordTableModel, ReorderTable
from facilitator.ui.session.session_model import SessionModel

# Names people can say and screen readers can read, for each palette colour.
COLOUR_NAMES = {
    "#4C78A8": "Blue",
    "#E45756": "Red",
    "#54A24B": "Green",
    "#F58518": "Orange",
    "#B279A2": "Purple",
    "#72B7B2": "Teal",
    "#9D755D": "Brown",
    "#EECA3B": "Yellow",
}


def colour_name(colour: str) -> str:
    return COLOUR_NAMES.get(colour.upper(), colour.upper())


def swatch(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class ThemeTableModel(RecordTableModel):
    kind = "theme"
    columns = (
        Column("colour", "Colour", tip="Cards take their theme's colour. Choose it with Colour…"),
        Column("name", "Theme", editable=True, tip="F2 renames the selected theme."),
        Column("ideas", "Ideas", tip="Ideas sorted under this theme, merged ones included."),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.idea_counts: dict[int, int] = {}

    def text(self, record: Theme, column: Column, row: int) -> str:
        if column.key == "colour":
            return colour_name(record.colour)
        if column.key == "ideas":
            return str(self.idea_counts.get(record.id, 0))
        return super().text(record, column, row)

    def decoration(self, record: Theme, column: Column):
        return swatch(record.colour) if column.key == "colour" else None


class ThemesPanel(QGroupBox):
    """Add, rename, recolour, reorder and remove themes."""

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__("Themes", parent)
        self.setObjectName("setupThemes")
        self.model = model

        self.new_name = QLineEdit()
        self.new_name.setObjectName("setup_new_theme")
        self.new_name.setAccessibleName("New theme name")
        self.new_name.setAccessibleDescription("Type a theme name and press Enter to add it.")
        self.new_name.setPlaceholderText("New theme, e.g. Workload")
        self.new_name.returnPressed.connect(self.on_add)
        self.add_button = self._button(
            "setup_add_theme", "Add theme", "Add the theme typed beside", self.on_add
        )

        self.table_model = ThemeTableModel(self)
        self.table = ReorderTable(self.table_model)
        self.table.setObjectName("setup_theme_table")
        self.table.setAccessibleName("Themes in board order")
        self.table.setAccessibleDescription(
            "Alt+Up and Alt+Down move the selected theme; F2 renames; Delete removes it (its ideas "
            "become unsorted). Drag rows to reorder."
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # Room for five themes (more scroll); the participants above get the rest of the height.
        self.table.setFixedHeight(
            header.sizeHint().height() + self.table.verticalHeader().defaultSectionSize() * 5 + 4
        )
        self.table.empty_text = "No themes: every idea stays unsorted. Type a theme name above to add one."
        self.table_model.edited.connect(self.on_edited)
        self.table.move_requested.connect(self.on_move_requested)
        self.table.reorder_requested.connect(self.on_reorder_requested)
        self.table.remove_requested.connect(self.on_remove_requested)

        self.colour_button = self._button(
            "setup_theme_colour", "Colour…", "Choose the selected theme's colour", self.show_colour_menu
        )
        self.colour_menu = QMenu(self)
        self.colour_menu.setObjectName("setup_theme_colour_menu")
        self.colour_menu.setAccessibleName("Theme colours")
        for colour in theme_ops.PALETTE:
            action = QAction(swatch(colour, 16), colour_name(colour), self.colour_menu)
            action.setObjectName(f"colour_{colour_name(colour).lower()}")
            action.setData(colour)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, c=colour: self.on_colour_chosen(c))
            self.colour_menu.addAction(action)
        self.up_button = self._button("setup_theme_up", "Move up", "Alt+Up", lambda: self._move(-1))
        self.down_button = self._button("setup_theme_down", "Move down", "Alt+Down", lambda: self._move(1))
        self.remove_button = self._button(
            "setup_remove_theme",
            "Remove",
            "Remove the selected theme; its ideas become unsorted (Ctrl+Z brings it back)",
            self._remove_current,
        )
        self.table.current_changed.connect(self.update_buttons)
        self._read_only = False
        self.status = QLabel()
        self.status.setObjectName("setup_theme_status")
        self.status.setWordWrap(True)
        self.status.hide()

        add_row = QHBoxLayout()
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.add_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.colour_button)
        buttons.addStretch(1)
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(add_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def _button(self, name: str, text: str, tip: str, slot) -> QPushButton:
        return named_button(name, text, tip, slot, describe=True)

    def focus_order(self) -> list[QWidget]:
        return [
            self.new_name,
            self.add_button,
            self.table,
            self.colour_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        ]

    # ---- refreshing ---------------------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        if not changes.touches("theme", "idea"):
            return
        self.status.hide()
        counts = self.model.store.ideas_per_theme()
        keep = self.table.current_id()
        column = self.table.currentIndex().column()
        self.table_model.idea_counts = counts
        if self.table_model.set_records(self.model.store.themes()):
            self.table.select_id(keep, column)

    def update_buttons(self) -> None:
        """Buttons that have nothing to act on are greyed out."""
        editable = not self._read_only
        selected = self.table.current_id() is not None
        self.colour_button.setEnabled(editable and selected)
        self.remove_button.setEnabled(editable and selected)
        self.up_button.setEnabled(editable and self.table.can_move(-1))
        self.down_button.setEnabled(editable and self.table.can_move(1))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.new_name.setReadOnly(read_only)
        self.add_button.setEnabled(not read_only)
        self.update_buttons()
        if read_only:
            self.table.setEditTriggers(ReorderTable.EditTrigger.NoEditTriggers)
            self.table.setDragEnabled(False)

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleDescription(text)
        self.status.show()

    # ---- actions ------------------------------------------------------------------------------------

    def _theme(self, theme_id: int) -> Theme:
        return self.table_model.record(self.table_model.row_of(theme_id))

    def on_add(self) -> None:
        name = self.new_name.text()
        result = self.model.run(f"Add theme {' '.join(name.split())}", theme_ops.add_theme, name)
        if result is not None:
            self.new_name.clear()
            self.table.select_id(result.value, 1)

    def on_edited(self, theme_id: int, key: str, value: object) -> None:
        if key == "name":
            self.model.run(
                f"Rename theme {self._theme(theme_id).name}", theme_ops.rename_theme, theme_id, value
            )

    def show_colour_menu(self) -> None:
        theme_id = self.table.current_id()
        if theme_id is None:
            self.say("Select a theme first, then choose its colour.")
            return
        current = self._theme(theme_id).colour.upper()
        for action in self.colour_menu.actions():
            action.setChecked(action.data() == current)
            if action.data() == current:
                self.colour_menu.setActiveAction(action)
        # popup() returns at once: the menu is not modal, and Escape closes it.
        self.colour_menu.popup(self.colour_button.mapToGlobal(QPoint(0, self.colour_button.height())))

    def on_colour_chosen(self, colour: str) -> None:
        theme_id = self.table.current_id()
        if theme_id is None:
            return
        name = self._theme(theme_id).name
        self.model.run(
            f"Colour theme {name} {colour_name(colour).lower()}", theme_ops.recolour_theme, theme_id, colour
        )

    def _move(self, step: int) -> None:
        theme_id = self.table.current_id()
        if theme_id is not None:
            self.on_move_requested(theme_id, step)
        self.table.setFocus()

    def on_move_requested(self, theme_id: int, step: int) -> None:
        order = self.table_model.ids()
        row = order.index(theme_id)
        if not 0 <= row + step < len(order):
            return
        order.insert(row + step, order.pop(row))
        label = f"Move theme {self._theme(theme_id).name} {'up' if step < 0 else 'down'}"
        self.model.run(label, theme_ops.reorder_themes, order)

    def on_reorder_requested(self, order: list[int], moving: list[int]) -> None:
        label = f"Move theme {self._theme(moving[0]).name}" if len(moving) == 1 else "Reorder themes"
        self.model.run(label, theme_ops.reorder_themes, order)

    def _remove_current(self) -> None:
        theme_id = self.table.current_id()
        if theme_id is not None:
            self.on_remove_requested(theme_id)

    def on_remove_requested(self, theme_id: int) -> None:
        name = self._theme(theme_id).name
        ideas = self.table_model.idea_counts.get(theme_id, 0)
        if self.model.run(f"Remove theme {name}", theme_ops.remove_theme, theme_id) is None:
            return
        moved = (
            f"its {ideas} idea{'s are' if ideas != 1 else ' is'} now unsorted" if ideas else "it had no ideas"
        )
        self.say(f"Removed the theme {name}; {moved}. Ctrl+Z brings it back.")
