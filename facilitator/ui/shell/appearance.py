"""Light, dark and high-contrast looks, and display zoom.

The look follows the system unless the facilitator picks one; the choice and
the zoom are remembered in QSettings.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from facilitator import APP_NAME

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)


class Look(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high_contrast"

    @property
    def label(self) -> str:
        return {
            "system": "Follow the system",
            "light": "Light",
            "dark": "Dark",
            "high_contrast": "High contrast",
        }[self.value]


def _palette(colours: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return palette


R = QPalette.ColorRole

LIGHT = {
    R.Window: "#F3F3F3",
    R.WindowText: "#1A1A1A",
    R.Base: "#FFFFFF",
    R.AlternateBase: "#F0F4F8",
    R.Text: "#1A1A1A",
    R.Button: "#E9E9E9",
    R.ButtonText: "#1A1A1A",
    R.Highlight: "#2F6FB3",
    R.HighlightedText: "#FFFFFF",
    R.ToolTipBase: "#FFFFE0",
    R.ToolTipText: "#1A1A1A",
    R.PlaceholderText: "#6B6B6B",
    R.Link: "#1F5C99",
}

DARK = {
    R.Window: "#202124",
    R.WindowText: "#E8EAED",
    R.Base: "#2A2B2E",
    R.AlternateBase: "#323338",
    R.Text: "#E8EAED",
    R.Button: "#34363A",
    R.ButtonText: "#E8EAED",
    R.Highlight: "#5B9BE0",
    R.HighlightedText: "#0B0B0B",
    R.ToolTipBase: "#34363A",
    R.ToolTipText: "#E8EAED",
    R.PlaceholderText: "#9AA0A6",
    R.Link: "#8AB4F8",
}

# Black and white with yellow focus: contrast well above WCAG AAA (7:1).
HIGH_CONTRAST = {
    R.Window: "#000000",
    R.WindowText: "#FFFFFF",
    R.Base: "#000000",
    R.AlternateBase: "#1A1A1A",
    R.Text: "#FFFFFF",
    R.Button: "#000000",
    R.ButtonText: "#FFFFFF",
    R.Highlight: "#FFFF00",
    R.HighlightedText: "#000000",
    R.ToolTipBase: "#000000",
    R.ToolTipText: "#FFFFFF",
    R.PlaceholderText: "#D0D0D0",
    R.Link: "#00FFFF",
}

HIGH_CONTRAST_STYLE = """
QWidget:focus { outline: 3px solid #FFFF00; }
QPushButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QSpinBox, QAbstractItemView {
    border: 2px solid #FFFFFF;
}
QPushButton:focus, QLineEdit:focus, QTextEdit:focus, QPlainTextEdit:focus, QComboBox:focus,
QSpinBox:focus, QAbstractItemView:focus { border: 3px solid #FFFF00; }
"""


def frame_the_focus(_old: QWidget | None, new: QWidget | None) -> None:
    """Fusion draws the focus frame only in a window where the keyboard last moved the focus
    (Tab); a control the app itself focused (the next voter's button, the idea box) showed
    none in the light and dark looks. Each focus change clears the window's flag, so it is
    set again here: the frame is then drawn wherever the keyboard is, by Qt itself, instead
    of by a style written in Python that every widget of every paint would call into."""
    if new is not None:
        new.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolved(look: Look) -> Look:
    if look is Look.SYSTEM:
        return Look.DARK if system_is_dark() else Look.LIGHT
    return look


class Appearance:
    """Applies and remembers the look and the zoom for the whole application."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self._base_point_size = app.font().pointSizeF() or 10.0
        settings = QSettings(APP_NAME, APP_NAME)
        try:
            self.look = Look(str(settings.value("appearance/look", Look.SYSTEM.value)))
        except ValueError:
            self.look = Look.SYSTEM
        try:
            self.zoom = float(settings.value("appearance/zoom", 1.0))
        except (TypeError, ValueError):
            self.zoom = 1.0
        if self.zoom not in ZOOM_STEPS:
            self.zoom = 1.0
        app.setStyle("Fusion")
        if not app.property("framesTheFocus"):  # once per application, however many windows
            app.setProperty("framesTheFocus", True)
            app.focusChanged.connect(frame_the_focus)
        app.styleHints().colorSchemeChanged.connect(self.on_color_scheme_changed)

    def apply(self) -> None:
        look = resolved(self.look)
        colours = {Look.LIGHT: LIGHT, Look.DARK: DARK, Look.HIGH_CONTRAST: HIGH_CONTRAST}[look]
        disabled = "#8A8A8A" if look is not Look.HIGH_CONTRAST else "#BDBDBD"
        self.app.setPalette(_palette(colours, disabled))
        self.app.setStyleSheet(HIGH_CONTRAST_STYLE if look is Look.HIGH_CONTRAST else "")
        font = QFont(self.app.font())
        font.setPointSizeF(self._base_point_size * self.zoom)
        self.app.setFont(font)

    def set_look(self, look: Look) -> None:
        self.look = Look(look)
        QSettings(APP_NAME, APP_NAME).setValue("appearance/look", self.look.value)
        self.apply()

    def step_zoom(self, step: int) -> float:
        """Move one zoom step in or out (0 resets). Returns the new zoom factor."""
        if step == 0:
            self.zoom = 1.0
        else:
            index = ZOOM_STEPS.index(self.zoom) + step
            self.zoom = ZOOM_STEPS[min(max(index, 0), len(ZOOM_STEPS) - 1)]
        QSettings(APP_NAME, APP_NAME).setValue("appearance/zoom", self.zoom)
        self.apply()
        return self.zoom

    def on_color_scheme_changed(self, _scheme: object) -> None:
        if self.look is Look.SYSTEM:
            self.apply()
