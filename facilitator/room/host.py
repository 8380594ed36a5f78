"""The headless host: one worker thread owns the session file (`facilitator room`).

Every read and write the room asks for runs on that thread, one at a time, so the
server's own thread never touches SQLite. A file changed by another program (the
facilitator's laptop pressing Reveal on a shared file) is noticed through SQLite's
`data_version`, and the room reads its sheet again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from facilitator.store.session_store import SessionStore

T = TypeVar("T")

POLL_SECONDS = 1.0


class FileHost:
    """Owns an open `SessionStore` on one worker thread."""

    def __init__(self, path: Path | str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="room-file")
        self.store: SessionStore = self._pool.submit(SessionStore.open, path).result()
        self._changed: list[Callable[[], None]] = []
        self._stop = threading.Event()
        self._version = self._pool.submit(self.store.data_version).result()
        self._poller: threading.Thread | None = None

    def read(self, fn: Callable[[SessionStore], T]) -> Future[T]:
        return self._pool.submit(fn, self.store)

    def write(self, op: Callable[..., Any], *args: Any) -> Future[Any]:
        return self._pool.submit(op, self.store, *args)

    def on_change(self, callback: Callable[[], None]) -> None:
        """`callback()` when another program changed the file."""
        self._changed.append(callback)
        if self._poller is None:
            self._poller = threading.Thread(target=self._poll, name="room-file-poll", daemon=True)
            self._poller.start()

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                version = self._pool.submit(self.store.data_version).result()
            except RuntimeError:  # shut down meanwhile
                return
            if version != self._version:
                self._version = version
                for callback in list(self._changed):
                    callback()

    def close(self) -> None:
        """Finish every write already asked for, then close the file."""
        self._stop.set()
        if self._poller is not None:
            self._poller.join()
        self._pool.submit(self.store.close).result()
        self._pool.shutdown(wait=True)
