"""The open session as the GUI sees it: the store, the undo stack, and change signals.

Views call `run()` with an operation; every view listens to `changed` and
refreshes itself from what changed, whatever caused it (an edit, an undo, a redo).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from facilitator.core import model as m
from facilitator.core.errors import RuleError
from facilitator.ops.base import OpResult
from facilitator.store.delta import Changes
from facilitator.store.errors import SessionFileError, WriteError
from facilitator.store.session_store import SessionStore
from facilitator.ui.session.commands import OpCommand
from facilitator.ui.session.timers import SessionTimers


class SessionModel(QObject):
    changed = Signal(object)  # Changes
    refused = Signal(str)  # a rule said no; the message says why
    write_failed = Signal(str)  # the file could not be written; the message says what to do
    saved = Signal()  # a change reached the file

    def __init__(self, store: SessionStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")
        self._state: m.SessionState | None = None
        self._ideas: list[m.Idea] | None = None
        self._timers: SessionTimers | None = None
        self.closed = False
        self.last_write_error: str = ""

    # ---- running operations ---------------------------------------------------------

    def run(self, label: str, op: Callable[..., OpResult], *args: Any, **kwargs: Any) -> OpResult | None:
        """Run an operation as one undoable step. Returns None if it was refused or failed."""
        return self._attempt(label, op, *args, **kwargs)

    def run_untracked(self, op: Callable[..., OpResult], *args: Any, **kwargs: Any) -> OpResult | None:
        """Run an operation that is navigation rather than an edit (e.g. the current phase)."""
        return self._attempt(None, op, *args, **kwargs)

    def _attempt(
        self, label: str | None, op: Callable[..., OpResult], *args: Any, **kwargs: Any
    ) -> OpResult | None:
        """Run `op`; a refusal or a failed write is reported, not raised. With a label it is an undo step."""
        try:
            result = op(self.store, *args, **kwargs)
        except RuleError as exc:
            self.refused.emit(str(exc))
            return None
        except WriteError as exc:
            self.report_write_error(exc)
            return None
        if result.delta and label is not None:
            self.undo_stack.push(OpCommand(self, label, result))
        if not self._follow_sealing(saved=bool(result.delta)) and result.delta:
            self.notify(result.changes)
        return result

    def _follow_sealing(self, saved: bool) -> bool:
        """After sealing gave every idea a new random id, the undo history follows the new
        ids (so undo and redo keep working in this run) and every view reloads, told the
        old and new ids. False when nothing was sealed."""
        mapping = self.store.take_rekeyed()
        if not mapping:
            return False
        for n in range(self.undo_stack.count()):
            command = self.undo_stack.command(n)
            if isinstance(command, OpCommand):
                command.delta = self.store.remap_delta(command.delta, mapping)
        self.notify(Changes(reload=True, renamed=mapping))
        if saved:
            self.saved.emit()
        return True

    def undo(self) -> bool:
        """Undo the last step, if the file accepts it. A refused undo leaves the
        history and the file exactly as they were."""
        return self._step(undo=True)

    def redo(self) -> bool:
        return self._step(undo=False)

    def _step(self, undo: bool) -> bool:
        stack = self.undo_stack
        if not (stack.canUndo() if undo else stack.canRedo()):
            return False
        command = stack.command(stack.index() - 1 if undo else stack.index())
        if isinstance(command, OpCommand):
            try:
                command.applied = self.store.undo(command.delta) if undo else self.store.redo(command.delta)
            except WriteError as exc:
                self.report_write_error(exc)
                return False
        if undo:
            stack.undo()
        else:
            stack.redo()
        return True

    def notify(self, changes: Changes) -> None:
        self._state = None
        self._ideas = None
        self.last_write_error = ""
        if not changes.reload:
            self.saved.emit()
        self.changed.emit(changes)

    def report_write_error(self, exc: WriteError) -> None:
        self.last_write_error = exc.message
        self.write_failed.emit(exc.message)

    # ---- reading ------------------------------------------------------------------------

    def state(self) -> m.SessionState:
        """The whole session, loaded once per change. Hot paths should read the store directly."""
        if self._state is None:
            self._state = self.store.load()
            self._state.derived = {}  # nobody changes it: figures worked out from it are kept
        return self._state

    def state_for_worker(self) -> Callable[[], m.SessionState]:
        """A way for a background job to read the session as the file holds it now (every
        change is committed at once): a second, read-only connection, made here and read in
        the job. If the file cannot be read beside the open store (moved away), a copy of the
        window's state, made here. Either way the window's thread never copies thousands of
        ideas, and the window's state is never read from another thread."""
        try:
            reader = self.store.reader()
        except SessionFileError:
            state = copy.deepcopy(self.state())
            return lambda: state

        def read() -> m.SessionState:
            try:
                return reader.load()
            finally:
                reader.close()

        return read

    def ideas(self) -> list[m.Idea]:
        """Every idea, read once per change (the loaded state's, if there is one), so the
        views opening together share one read. Shared: read it, never change it."""
        if self._state is not None:
            return self._state.ideas
        if self._ideas is None:
            self._ideas = self.store.ideas()
        return self._ideas

    @property
    def timers(self) -> SessionTimers:
        """The session's clocks, shared by every view and the presenter display."""
        if self._timers is None:
            self._timers = SessionTimers(self)
            self._timers.configure(self.store.info().rules)
            self._timers.start()
        return self._timers

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def reload(self) -> None:
        self.notify(Changes(reload=True))

    def close(self) -> None:
        self.closed = True  # late results from background work must not touch the file
        room = getattr(self, "_room_controller", None)  # phones' room (ui/session/room.py), if made
        if room is not None:
            room.close()
        if self._timers is not None:
            self._timers.stop()
        self.undo_stack.clear()
        self.store.close()
