"""The phones' room panel: open the room on an address, show its QR code and link, how many
phones joined and voted, and close it at once. Used by the Vote view and the round table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from facilitator.room.addresses import candidate_addresses
from facilitator.room.room import Mode
from facilitator.ui.common.naming import named
from facilitator.ui.session.room import controller_for

QR_PIXELS = 180
ROOM_KEYS = "Ctrl+Alt+P"  # open or close the room for phones


def qr_pixmap(url: str, pixels: int = QR_PIXELS) -> QPixmap:
    """The join link as a QR code, about `pixels` wide, square and sharp."""
    from facilitator.room.qr import qr_png

    pixmap = QPixmap()
    pixmap.loadFromData(qr_png(url, scale=6))
    return pixmap.scaled(
        pixels, pixels, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class RoomPanel(QGroupBox):
    """Phones in the room: closed (an address and an Open button) or open (QR, link, counts, Close)."""

    def __init__(self, model, mode: Mode, parent: QWidget | None = None) -> None:
        super().__init__("Phones in the room", parent)
        self.setObjectName("roomPanel")
        self.model = model
        self.mode = mode
        self.controller = controller_for(model)
        what = "vote" if mode is Mode.VOTE else "send idea cards"

        self.address = named(QComboBox(), "roomAddress", "Network address for phones")
        self.address.view().setAccessibleName("Network addresses")
        self.address.setToolTip(
            "The address phones reach this laptop on: its hotspot or the ward's Wi-Fi. "
            "127.0.0.1 is this laptop only."
        )
        self.open_button = named(
            QPushButton(f"Open the room ({ROOM_KEYS})"), "openRoomButton", "Open the room for phones",
            f"Phones on the room's network can then {what} anonymously.",
        )  # fmt: skip
        self.open_button.clicked.connect(self.on_open_clicked)
        self.close_button = named(
            QPushButton(f"Close the room ({ROOM_KEYS})"), "closeRoomButton", "Close the room"
        )
        self.close_button.clicked.connect(self.controller.close)
        self.qr = named(QLabel(), "roomQr", "QR code to join the room")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.link = named(QLabel(), "roomLink", "Link to join the room")
        self.link.setTextFormat(Qt.TextFormat.PlainText)
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.link.setWordWrap(True)
        self.status = named(QLabel(), "roomStatus", "Phones joined")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.note = named(QLabel(), "roomNote", "About the room")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)

        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.qr)
        layout.addWidget(self.link)
        layout.addWidget(self.status)
        layout.addWidget(self.close_button)
        layout.addWidget(self.note)

        self.controller.opened.connect(self.refresh)
        self.controller.closed.connect(self.refresh)
        self.controller.status_changed.connect(self.on_status_changed)
        self.refresh()

    def refresh(self, *_args) -> None:
        is_open = self.controller.is_open and self.controller.mode is self.mode
        for widget in (self.address, self.open_button):
            widget.setVisible(not is_open)
        for widget in (self.qr, self.link, self.status, self.close_button):
            widget.setVisible(is_open)
        self.open_button.setEnabled(not self.model.read_only)
        if is_open:
            url = self.controller.url
            self.qr.setPixmap(qr_pixmap(url))
            self.link.setText(url)
            self.status.setText(self.controller.status_text())
            self.note.setText("Phones join by scanning the code. Nothing leaves this laptop.")
        else:
            self.qr.clear()
            self.link.clear()
            if self.address.count() == 0:
                self.address.addItems(candidate_addresses())
            self.note.setText(
                f"Let people {what_phones(self.mode)} from their own phones, over this room's network. "
                "No internet, no accounts."
            )

    def on_open_clicked(self) -> None:
        try:
            self.controller.open(self.mode, self.address.currentText())
        except OSError as exc:
            self.model.refused.emit(
                f"The room could not open on {self.address.currentText()}: {exc.strerror or exc}. "
                "Choose another address."
            )

    def toggle(self) -> None:
        """Open the room on the chosen address, or close it at once."""
        if self.controller.is_open:
            self.controller.close()
        elif not self.model.read_only:
            self.on_open_clicked()

    def on_status_changed(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleDescription(text)


def what_phones(mode: Mode) -> str:
    return "vote anonymously" if mode is Mode.VOTE else "send anonymous idea cards"
