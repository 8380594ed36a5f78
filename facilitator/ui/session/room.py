"""The phones' room, as the window sees it: one per open session, wrapped in signals.

The room's server runs in its own thread (`facilitator.room.server`); every read and
write it asks for is run here, on the UI thread, against the window's own store, so
the session has one writer. A phone's ballot is not a step on the facilitator's undo
stack: it is the voter's, like a laptop ballot. The server module (aiohttp) and the
QR code (segno) are imported when a room opens, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from facilitator.core.errors import RuleError
from facilitator.core.model import Phase
from facilitator.room.room import Mode, Room, RoomStatus
from facilitator.store.delta import Changes
from facilitator.store.errors import WriteError

PHASE_OF = {Mode.VOTE: Phase.VOTE, Mode.IDEAS: Phase.ROUND_TABLE}
PREFERRED_PORT = 8765


class UiHost(QObject):
    """Runs the room's jobs on the UI thread, whichever thread asks."""

    _queued = Signal(object)

    def __init__(self, model) -> None:
        super().__init__(model)
        self.model = model
        self._queued.connect(self._run)

    def read(self, fn: Callable[[Any], Any]) -> Future[Any]:
        return self._submit(lambda: fn(self.model.store))

    def write(self, op: Callable[..., Any], *args: Any) -> Future[Any]:
        def job() -> Any:
            result = op(self.model.store, *args)
            if result.delta:
                self.model.notify(result.changes)
            return result

        return self._submit(job)

    def _submit(self, job: Callable[[], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        if QThread.currentThread() is self.thread():
            self._run((job, future))
        else:
            self._queued.emit((job, future))
        return future

    def _run(self, item: tuple[Callable[[], Any], Future[Any]]) -> None:
        job, future = item
        if not future.set_running_or_notify_cancel():
            return
        if self.model.closed:
            future.set_exception(RuleError("The session is closed."))
            return
        try:
            future.set_result(job())
        except WriteError as exc:
            self.model.report_write_error(exc)
            future.set_exception(exc)
        except BaseException as exc:
            future.set_exception(exc)


class RoomController(QObject):
    """Opens and closes the room; says how many phones joined and voted."""

    opened = Signal(str)  # the join link
    closed = Signal()
    status_changed = Signal(str)  # "3 phones joined · 2 voted"
    _status_arrived = Signal(object)

    def __init__(self, model) -> None:
        super().__init__(model)
        self.model = model
        self.host = UiHost(model)
        self.room: Room | None = None
        self.server = None
        self._status_arrived.connect(self._on_status)
        model.changed.connect(self.on_changes)

    @property
    def is_open(self) -> bool:
        return self.server is not None

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    @property
    def mode(self) -> Mode | None:
        return self.room.mode if self.room is not None else None

    def status(self) -> RoomStatus | None:
        return self.room.status() if self.room is not None else None

    def status_text(self) -> str:
        return self.room.status().text(self.room.mode) if self.room is not None else ""

    def open(self, mode: Mode, address: str, port: int = PREFERRED_PORT) -> str:
        """Start serving on `address`; returns the join link. OSError says why it could not."""
        from facilitator.room.server import RoomServer

        self.close()
        room = Room(self.host, mode)
        room.watch_status(self._status_arrived.emit)
        server = RoomServer(room, address, port)
        try:
            server.start()
        except OSError:
            if port == 0:
                raise
            server = RoomServer(room, address, 0)  # the usual port is taken: any free one
            server.start()
        self.room, self.server = room, server
        self.opened.emit(server.url)
        self.status_changed.emit(self.status_text())
        return server.url

    def close(self) -> None:
        """Stop listening at once and forget every phone."""
        server, room = self.server, self.room
        self.server = None
        if server is not None:
            server.stop()
        if room is not None:
            room.close()
        if server is not None:
            self.closed.emit()

    def on_changes(self, changes: Changes) -> None:
        if self.room is None:
            return
        if self.model.closed or self.model.store.info().phase is not PHASE_OF[self.room.mode]:
            self.close()  # leaving the phase closes the room
            return
        if changes.touches("session", "idea", "theme"):
            self.room.refresh()

    def _on_status(self, status: RoomStatus) -> None:
        if self.room is not None:
            self.status_changed.emit(status.text(self.room.mode))


def controller_for(model) -> RoomController:
    """The session's one room controller, made on first use (the room imports nothing until it opens)."""
    controller = getattr(model, "_room_controller", None)
    if controller is None:
        controller = RoomController(model)
        model._room_controller = controller
    return controller


def close_room(model) -> None:
    """Close the session's room, if one is open (the session is closing)."""
    controller = getattr(model, "_room_controller", None)
    if controller is not None:
        controller.close()
