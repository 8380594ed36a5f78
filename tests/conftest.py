"""Shared test set-up.

Qt must run offscreen before any QApplication exists, and the app's settings
and data folders must point into a temporary place so tests never touch the
real user's recent files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="facilitator-tests-"))
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
    os.environ[_var] = str(_SANDBOX / _var.lower())
    Path(os.environ[_var]).mkdir(mode=0o700, exist_ok=True)

import pytest  # noqa: E402

from facilitator.store.session_store import SessionStore  # noqa: E402

GUI_DIR = Path(__file__).parent / "ui"

try:
    import PySide6.QtCore  # noqa: F401
except ImportError:  # no Qt on this machine: `-m "not gui"` runs; leave out the files that need Qt to import
    collect_ignore_glob = ["ui/*"]
    collect_ignore = [
        "reliability/test_close_while_busy.py",
        "reliability/test_write_failures.py",
        "test_qt_refcount.py",
        "privacy/test_plain_text.py",
    ]


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    if not pluginmanager.has_plugin("pytest-qt"):  # keep pyproject's Qt settings known without pytest-qt
        parser.addini("qt_api", "used by pytest-qt")
        parser.addini("qt_log_level_fail", "used by pytest-qt")
        parser.addini("qt_log_ignore", "used by pytest-qt", type="linelist")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark GUI tests automatically, so `-m "not gui"` runs the pure core alone."""
    for item in items:
        uses_qt = "qtbot" in getattr(item, "fixturenames", ()) or "qapp" in getattr(item, "fixturenames", ())
        if uses_qt or GUI_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


_COLLECTOR: list = []  # the suite's one UiThreadCollector, made with the first GUI test


@pytest.fixture(autouse=True)
def collect_garbage_between_gui_tests(request: pytest.FixtureRequest):
    """GUI tests run as the app does: Python's cycle collector runs only on the UI thread,
    between events (`UiThreadCollector`, ui/app.py). After a GUI test, its background jobs
    end and its garbage is collected there and then, so no test leaves windows behind for
    another to free.

    Collected at random moments instead (in a worker, or in Python code that Qt calls while
    it walks a scene), a test's leftover windows made the suite abort or crash about one
    full run in two, in a programme test whose worker was busy.
    """
    gui = request.node.get_closest_marker("gui") is not None
    if gui and not _COLLECTOR:
        request.getfixturevalue("qapp")
        from facilitator.ui.app import UiThreadCollector

        _COLLECTOR.append(UiThreadCollector())
    yield
    if not gui:
        return
    import gc

    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(30_000)
    gc.collect()


@pytest.fixture
def session_path(tmp_path: Path) -> Path:
    """A new, empty session file."""
    path = tmp_path / "session.roundtable"
    SessionStore.create(path).close()
    return path


@pytest.fixture
def store(session_path: Path):
    s = SessionStore.open(session_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from facilitator.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "demo.roundtable")


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the finished demo session."""
    target = tmp_path / "demo.roundtable"
    target.write_bytes(demo_template.read_bytes())
    return target


@pytest.fixture
def make_window(qtbot):
    """Make the real main window, shown (optionally sized, active, open on a session).

    Every window made is closed after the test, so its lock and file are released.
    """
    from PySide6.QtWidgets import QApplication

    from facilitator.ui.shell.main_window import MainWindow

    made: list[MainWindow] = []

    def make(
        path: Path | None = None, size: tuple[int, int] | None = None, active: bool = False
    ) -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if active:  # shortcuts and focus behave as on a desk only in the active window
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        if path is not None:
            assert window.open_session(path)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close_session()
