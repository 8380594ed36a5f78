"""A picture of a PDF's first page, for the Minutes phase.

PySide6-Essentials has no QtPdf, so the page is rasterised with pypdfium2
(PDFium, the engine Chrome uses to show PDFs; it ships as a binary wheel). The
picture is the real first page of the real export, not a look-alike.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

# PDFium is not thread-safe: one page is rendered at a time, whatever the thread.
_PDFIUM = threading.Lock()
PREVIEW_WIDTH_PX = 1100  # rendered width; shown smaller, so it stays sharp when zoomed or on HiDPI


class PreviewUnavailable(Exception):
    """The PDF renderer is missing; exports still work."""


def render_first_page(pdf: bytes, width_px: int = PREVIEW_WIDTH_PX) -> tuple[QImage, int]:
    """The first page as an image `width_px` wide, and the number of pages."""
    try:
        import pypdfium2
    except ImportError as exc:
        raise PreviewUnavailable(
            "The preview needs the pypdfium2 package, which is not installed. Exports still work."
        ) from exc
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            pages = len(document)
            page = document[0]
            scale = width_px / page.get_width()
            bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB byte order
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            ).copy()  # own the pixels before PDFium frees its buffer
            page.close()
        finally:
            document.close()
    return image, pages


class PreviewPane(QFrame):
    """The page under a one-line caption: the whole page at a glance, or zoomed to the pane's width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("minutesPreviewPane")
        self.caption = QLabel("Preparing the preview…")
        self.caption.setObjectName("previewCaption")
        self.caption.setWordWrap(True)
        self.page = QLabel()
        self.page.setObjectName("previewPage")
        self.page.setAccessibleName("Preview of the first page of the minutes")
        self.page.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("previewScroll")
        self.scroll.setAccessibleName("First page of the minutes")
        self.scroll.setWidget(self.page)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setStyleSheet("QScrollArea { background: #8A8F96; }")
        self.zoom = QPushButton("&Zoom to width")
        self.zoom.setObjectName("previewZoom")
        self.zoom.setAccessibleName("Zoom the preview to the width of the pane")
        self.zoom.setCheckable(True)
        self.zoom.toggled.connect(self._fit)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.zoom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        self.image: QImage | None = None

    def show_page(self, image: QImage, caption: str) -> None:
        self.image = image
        self.caption.setText(caption)
        self._fit()

    def show_text(self, caption: str) -> None:
        self.caption.setText(caption)

    def clear_page(self) -> None:
        self.image = None
        self.page.clear()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.image is None:
            return
        room = self.scroll.viewport().size()
        width = max(room.width() - 24, 200)
        if not self.zoom.isChecked():  # the whole page
            width = min(width, int((room.height() - 24) * self.image.width() / self.image.height()))
            width = max(width, 200)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(
            self.image.scaledToWidth(int(width * ratio), Qt.TransformationMode.SmoothTransformation)
        )
        pixmap.setDevicePixelRatio(ratio)
        self.page.setPixmap(pixmap)
        self.page.resize(int(pixmap.width() / ratio), int(pixmap.height() / ratio))
