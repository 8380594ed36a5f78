"""Undo commands. One per user action, each holding the delta its operation made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from facilitator.ops.base import OpResult
from facilitator.store.errors import WriteError

if TYPE_CHECKING:
    from facilitator.ui.session.session_model import SessionModel


class OpCommand(QUndoCommand):
    """An operation that has already run; undo and redo replay its delta.

    The operation ran before the command was pushed (like a drag that has
    already moved its item), so the first redo() does nothing.

    QUndoStack cannot be told that an undo failed, so `SessionModel.undo/redo`
    write the delta first and only move the stack when the file accepted it;
    the command then just announces the change (`applied`).
    """

    def __init__(self, model: SessionModel, label: str, result: OpResult) -> None:
        super().__init__(label)
        self._model = model
        self.delta = result.delta
        self._ran = True
        self.applied = None  # Changes already written by SessionModel.undo/redo

    def redo(self) -> None:
        if self._ran:
            self._ran = False
            return
        self._replay(undo=False)

    def undo(self) -> None:
        self._replay(undo=True)

    def _replay(self, undo: bool) -> None:
        changes, self.applied = self.applied, None
        if changes is None:  # the stack was driven directly, not through the model
            store = self._model.store
            try:
                changes = store.undo(self.delta) if undo else store.redo(self.delta)
            except WriteError as exc:
                self._model.report_write_error(exc)
                return
        self._model.notify(changes)
