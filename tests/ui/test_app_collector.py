"""Python's cycle collector runs on the UI thread, between events, never in a worker."""

from __future__ import annotations

import gc
import threading
import weakref

from facilitator.ui.app import UiThreadCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_cycles_are_collected_on_the_ui_thread_between_events_not_in_a_worker(qtbot) -> None:
    was_enabled = gc.isenabled()  # the suite may run under a collector of its own
    gc.enable()
    collector = UiThreadCollector(interval_ms=10)
    freed_in: list[str] = []
    try:
        assert not gc.isenabled()

        def work() -> None:
            # Far past the collector's first threshold: left on, Python would collect in here,
            # freeing whatever cycles it finds (a closed window's widgets) in this thread.
            first = Cycle()
            weakref.finalize(first, lambda: freed_in.append(threading.current_thread().name))
            del first
            keep = [Cycle() for _ in range(5 * collector.thresholds[0])]
            del keep

        worker = threading.Thread(target=work, name="worker")
        worker.start()
        worker.join()
        assert freed_in == []  # the worker never collected
        qtbot.waitUntil(lambda: bool(freed_in), timeout=10_000)
        assert freed_in == [threading.main_thread().name]
        assert collector.collections >= 1
    finally:
        collector.stop()
    assert gc.isenabled()
    if not was_enabled:
        gc.disable()
