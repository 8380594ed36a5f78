"""Parts of the group board: the lane-name editor, the drop marker and the card menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFocusEvent, QKeyEvent, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem, QLineEdit, QMenu, QWidget

from facilitator.ui.board.remove_bar import REMOVE_KEY
from facilitator.ui.common import palette

if TYPE_CHECKING:
    from facilitator.ui.phases.group.group_board import GroupBoard

MERGE_KEY = "Ctrl+M"
UNMERGE_KEY = "Ctrl+Shift+M"

DROP_COLOUR = palette.FOCUS
DRAG_Z = 5.0


class LaneNameEditor(QLineEdit):
    """Laid over a lane's header to rename its theme. Enter saves; Esc or leaving cancels."""

    committed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("laneNameEditor")
        self.setAccessibleName("Theme name")
        self.setStyleSheet("QLineEdit { border: 2px solid #1A56DB; border-radius: 4px; background: white; }")
        self.theme_id: int | None = None
        self.returnPressed.connect(self.committed.emit)
        self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.theme_id is not None and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.cancelled.emit()


class DropMarker(QGraphicsRectItem):
    """While dragging: outlines where the cards will go and says what a drop will do."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(DRAG_Z + 1)
        pen = QPen(DROP_COLOUR, 3, Qt.PenStyle.DashLine)
        self.setPen(pen)
        fill = QColor(DROP_COLOUR)
        fill.setAlpha(28)
        self.setBrush(QBrush(fill))
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.label_back = QGraphicsRectItem(self)
        self.label_back.setBrush(DROP_COLOUR)
        self.label_back.setPen(QPen(Qt.PenStyle.NoPen))
        self.label = QGraphicsSimpleTextItem(self)
        self.label.setBrush(QColor("white"))
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)

    def show_at(self, rect: QRectF, text: str, above: bool = False) -> None:
        """Outline `rect`, labelled inside its top-right corner, or just above it (not to hide a card)."""
        self.setRect(rect)
        self.label.setText(text)
        size = self.label.boundingRect().size()
        top = rect.top() - size.height() - 4 if above else rect.top() + 4
        corner = QPointF(rect.right() - size.width() - 10, top)
        self.label.setPos(corner)
        self.label_back.setRect(QRectF(corner - QPointF(5, 2), size + QSizeF(10, 4)))
        self.show()


def card_menu(board: GroupBoard) -> QMenu:
    """The card menu for the board's current selection. Built fresh each time, shown with popup()."""
    menu = QMenu(board)
    menu.setObjectName("groupCardMenu")
    menu.setAccessibleName("Card menu")
    ids = board.selected_ids()
    writable = not board.model.read_only
    move = menu.addMenu("Move to theme")
    move.setObjectName("groupMoveMenu")
    move.setAccessibleName("Move to theme")
    move.setEnabled(bool(ids) and writable)
    for number, key in enumerate(board.lane_keys()):
        # The key after a tab shows in the menu's shortcut column; the digit itself is
        # handled by the board, so the action registers no shortcut of its own.
        action = QAction(f"{board.theme_name(key)}\t{number}", move)
        action.setObjectName(f"moveToTheme{number}")
        action.triggered.connect(lambda _=False, k=key: board.move_to(board.selected_ids(), k))
        move.addAction(action)
    items = (
        ("mergeSelected", f"&Merge selected ({len(ids)})", MERGE_KEY, board.merge_selected, len(ids) > 1),
        ("unmergeCard", "&Unmerge", UNMERGE_KEY, board.unmerge_current, board.can_unmerge()),
        ("editCard", "&Edit", "F2", board.start_edit, len(ids) == 1),
        ("withdrawCard", "&Withdraw…", "Del", board.start_withdraw, len(ids) == 1),
        ("removeCard", "&Remove for good…", REMOVE_KEY, board.start_remove, len(ids) == 1),
    )
    menu.addSeparator()
    for name, text, keys, slot, enabled in items:
        action = QAction(f"{text}\t{keys}", menu)
        action.setObjectName(name)
        action.setEnabled(enabled and writable)
        action.triggered.connect(lambda _=False, s=slot: s())
        menu.addAction(action)
    return menu
