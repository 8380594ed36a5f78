"""Start the desktop app."""

from __future__ import annotations

import sys

from facilitator import APP_NAME, __version__
from facilitator.resources import resources_dir

_bundled_families: list[str] | None = None


def register_bundled_fonts() -> list[str]:
    """Give Qt the bundled DejaVu fonts (once), so text falls back to them rather than showing
    boxes on a machine with few or no fonts of its own. Returns the families loaded."""
    global _bundled_families
    if _bundled_families is None:
        from PySide6.QtGui import QFontDatabase

        families: list[str] = []
        for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families += QFontDatabase.applicationFontFamilies(font_id)
        _bundled_families = sorted(set(families))
    return _bundled_families


def make_application(argv: list[str] | None = None):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("facilitator")
    register_bundled_fonts()
    icon = resources_dir() / "icons" / "facilitator.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run_app(file: str | None = None) -> int:
    app = make_application(sys.argv)
    from facilitator.ui.shell.main_window import MainWindow

    window = MainWindow()
    window.show()
    if file:
        window.open_session(file)
    return app.exec()
