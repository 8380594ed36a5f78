"""Closing a session while background work on it has not yet reported back must not crash the app.

The group phase works out likely duplicates in a background thread. Here that
work finishes while the UI thread is busy, so its answer is still queued when
the facilitator closes the session; the answer then arrives for a closed file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from facilitator.core.model import Phase
from facilitator.ui.shell.main_window import MainWindow


@pytest.fixture
def window(make_window):
    return make_window()


def test_close_while_duplicates_are_reported(window: MainWindow, demo_path: Path, qtbot) -> None:
    assert window.open_session(demo_path)
    window.show_phase(Phase.GROUP)
    panel = window.workspace.view(Phase.GROUP).duplicates
    qtbot.waitUntil(lambda: panel.working)  # the work has started in the background
    QThreadPool.globalInstance().waitForDone()  # ...and finished; its answer is queued
    window.close_session()
    qtbot.waitUntil(lambda: window.workspace is None and not QThreadPool.globalInstance().activeThreadCount())
    assert window.open_session(demo_path)  # the app carries on
    assert window.model.store.count("idea") == 31
