"""The view a board scene is shown in: zoom to fit, zoom by steps, fill the width."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QResizeEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from facilitator.ui.board.card_item import CARD_W
from facilitator.ui.board.scene import GAP, NAVIGATION_KEYS, BoardScene


class BoardView(QGraphicsView):
    """Shows a `BoardScene`: zoom to fit, Ctrl+wheel zoom, arrow keys move between cards."""

    edit_requested = Signal(object)  # idea id
    withdraw_requested = Signal(object)  # idea id
    remove_requested = Signal(object)  # idea id: remove for good (Shift+Delete)

    def __init__(self, scene: BoardScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.board = scene
        self.setObjectName("boardView")
        self.setAccessibleName("Board of idea cards")
        self.setAccessibleDescription("Arrow keys move between cards; F2 edits; Delete withdraws.")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.auto_columns = True  # choose the cards per row from the width
        self.fit_width = True  # until the facilitator zooms: fill the width, scroll down
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        scene.current_changed.connect(self.on_current_changed)

    def zoom_to_fit(self) -> None:
        """The whole board in view, however many cards it holds."""
        self.fit_width = False
        self.fitInView(self.board.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def zoom_by(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.05 <= scale <= 4:
            self.fit_width = False
            self.scale(factor, factor)

    def reset_zoom(self) -> None:
        """Back to filling the width with cards of a readable size."""
        self.fit_width = True
        self.apply_fit_width()

    def apply_fit_width(self) -> None:
        if not self.fit_width:
            return
        available = max(self.viewport().width() - 2, 1)
        if self.auto_columns:
            self.board.set_columns(max(1, round((available - GAP) / (CARD_W + GAP))))
        scale = max(0.7, min(1.3, available / self.board.sceneRect().width()))
        self.setTransform(QTransform.fromScale(scale, scale))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Make the cards of the part about to be painted, then paint: the scene is never
        changed while it draws."""
        area = self.mapToScene(event.rect()).boundingRect()
        self.board.make_cards_in(area.adjusted(-GAP, -GAP, GAP, GAP))
        super().paintEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in NAVIGATION_KEYS:
            self.board.step(key)
        elif key == Qt.Key.Key_F2 and self.board.current_id() is not None:
            self.edit_requested.emit(self.board.current_id())
        elif key == Qt.Key.Key_Delete and self.board.current_id() is not None:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.remove_requested.emit(self.board.current_id())
            else:
                self.withdraw_requested.emit(self.board.current_id())
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.2)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / 1.2)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def on_current_changed(self, idea_id: object) -> None:
        card = self.board.card(idea_id) if isinstance(idea_id, int) else None
        if card is not None:
            self.ensureVisible(card, 24, 24)
            self.setAccessibleDescription(card.text[:500])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_fit_width()
