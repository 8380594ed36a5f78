"""Start the desktop app."""

from __future__ import annotations

import gc
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


class UiThreadCollector:
    """Python's cycle collector, run only on the UI thread, between events.

    Left to itself the collector runs wherever Python happens to allocate: in a worker
    thread, or inside a Python method that Qt calls while it walks its own structures (a
    scene painting or updating its items). Cycles that hold Qt objects (a closed session's
    views, their scenes and items) freed at such a moment delete them under Qt's feet: the
    test suite met it as an abort (a pure virtual call on a scene's item) and as a
    segmentation fault during a collection, about one full run in two. So automatic
    collection is off, and a timer on the UI thread collects instead, whenever Python
    would have by its own thresholds, from the top of the event loop.
    """

    def __init__(self, interval_ms: int = 500) -> None:
        from PySide6.QtCore import QTimer

        self.thresholds = gc.get_threshold()
        self.collections = 0
        gc.disable()
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start()

    def collect_if_due(self) -> None:
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return
        generation = 2 if counts[2] > self.thresholds[2] else 1 if counts[1] > self.thresholds[1] else 0
        gc.collect(generation)
        self.collections += 1

    def stop(self) -> None:
        """Hand collection back to Python (for the tests)."""
        self.timer.stop()
        gc.enable()


def run_app(file: str | None = None) -> int:
    app = make_application(sys.argv)
    collector = UiThreadCollector()  # noqa: F841 (kept alive for the life of the app)
    from facilitator.ui.shell.main_window import MainWindow

    window = MainWindow()
    window.show()
    if file:
        window.open_session(file)
    return app.exec()
