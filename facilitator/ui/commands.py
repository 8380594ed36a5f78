"""Undo commands. One per user action, each holding the delta its operation made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from facilitator.ops.base import OpResult
from facilitator.store.errors import WriteError

if TYPE_CHECKING:
    from facilitator.ui.session_model import SessionModel


class OpCommand(QUndoCommand):
    """An operation that has already run; undo and redo replay its delta.

    The operation ran before the command was pushed (like a drag that has
    already moved its item), so the first redo() does nothing.
    """

    def __init__(self, model: SessionModel, label: str, result: OpResult) -> None:
        super().__init__(label)
        self._model = model
        self._delta = result.delta
        self._ran = True

    def redo(self) -> None:
        if self._ran:
            self._ran = False
            return
        self._replay(undo=False)

    def undo(self) -> None:
        self._replay(undo=True)

    def _replay(self, undo: bool) -> None:
        store = self._model.store
        try:
            changes = store.undo(self._delta) if undo else store.redo(self._delta)
        except WriteError as exc:
            self.setObsolete(True)
            self._model.report_write_error(exc)
            return
        self._model.notify(changes)
