"""Background work for the GUI: exports, previews and imports run off the UI thread.

A `Job` runs a plain function in `QThreadPool` and reports through Qt signals,
which arrive on the UI thread in order (progress, then finished or failed).
The function gets a snapshot of the session (plain objects), never the open
store, so the UI thread can keep writing while it runs.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication

Progress = Callable[[int, int], None]

# Jobs on the pool, kept alive here until they end: a view that started one may
# close first (the session closed), and the job must not be freed while it runs.
_RUNNING: set[Job] = set()
_RUNNING_LOCK = threading.Lock()


class JobSignals(QObject):
    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # what the work returned
    failed = Signal(object)  # the exception it raised


class Job(QRunnable):
    """One piece of work on the thread pool. Keep a reference until it reports."""

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it, so the signals outlive run()
        self.signals = JobSignals()
        self._work = work
        self.thread_name = ""  # the thread it ran in, for the record (and the tests)

    def run(self) -> None:
        self.thread_name = threading.current_thread().name
        try:
            try:
                result = self._work(self.signals.progress.emit)
            except Exception as exc:  # reported on the UI thread; a worker must never die silently
                self.signals.failed.emit(exc)
                return
            self.signals.finished.emit(result)
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(self)


# A job's long loop lets the UI thread have Python's lock this often, for this long.
SHARE_EVERY_S = 0.002
SHARE_FOR_S = 0.0003
_shared_at = threading.local()


def let_ui_run() -> None:
    """Give Python's lock to the UI thread now and then. A long loop in a job calls this
    often (it costs nothing between turns): without it the UI thread waits up to Python's
    switch interval (5 ms) each time it runs any Python, and a busy job makes the window
    lag. Every SHARE_EVERY_S of work the job sleeps SHARE_FOR_S, so the UI thread waits
    at most about that long and the job slows by a sixth at most."""
    now = time.perf_counter()
    last = getattr(_shared_at, "value", 0.0)
    if now - last >= SHARE_EVERY_S:
        time.sleep(SHARE_FOR_S)
        _shared_at.value = time.perf_counter()


def start(job: Job) -> Job:
    with _RUNNING_LOCK:
        _RUNNING.add(job)
    QThreadPool.globalInstance().start(job)
    return job


@atexit.register
def _wait_for_jobs() -> None:
    """Let a running export finish writing before the interpreter goes away."""
    if _RUNNING:
        QThreadPool.globalInstance().waitForDone(30_000)


def can_open_viewer() -> bool:
    """No system viewer on the offscreen platform (tests, headless runs)."""
    return os.environ.get("QT_QPA_PLATFORM") != "offscreen" and QGuiApplication.platformName() != "offscreen"


def open_in_viewer(path: Path | str) -> bool:
    """Open a file in the program the system uses for it (a PDF viewer, a spreadsheet)."""
    if not can_open_viewer():
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def describe_write_error(exc: OSError, path: Path, what: str) -> str:
    """One sentence a facilitator can act on, for a file that could not be written."""
    reason = exc.strerror or str(exc)
    return f"Could not save the {what} to {path}: {reason}. Choose another folder or file name and try again."
