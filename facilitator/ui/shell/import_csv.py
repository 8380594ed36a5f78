"""File > Import ideas from CSV…: comment cards or a survey, added as one undoable step.

The file is chosen in a non-modal dialog, read and checked in a worker (a big
survey export takes a moment to decode and parse), and then every row is added
on the UI thread through `SessionModel.run`, all or nothing. A bad file gets the
reader's message, which names the line to fix.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from facilitator.ops.importing import import_ideas
from facilitator.ui.common.message_bar import MessageBar
from facilitator.ui.session import worker
from facilitator.ui.session.session_model import SessionModel

FILE_FILTER = "CSV files (*.csv *.txt);;All files (*)"


def read_rows(path: Path) -> list:
    """Runs in a worker: the file's ideas as `CsvIdea` rows, or a `CsvError` naming the line."""
    from facilitator.export.csv_io import read_csv_file

    return read_csv_file(path)


def _ideas(n: int) -> str:
    return f"{n} idea{'s' if n != 1 else ''}"


class CsvImport(QObject):
    """One import, from choosing the file to the message that says how it went."""

    finished = Signal(int)  # how many ideas were added
    failed = Signal(str)  # the message shown

    def __init__(self, model: SessionModel, messages: MessageBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.messages = messages
        self.job: worker.Job | None = None
        self.path = Path()

    def file_dialog(self, parent: QWidget) -> QFileDialog:
        """A dialog to choose the file (the caller shows it, never exec()s it)."""
        folder = str(self.model.store.path.parent)
        dialog = QFileDialog(parent, "Import ideas from CSV", folder, FILE_FILTER)
        dialog.setObjectName("importCsvDialog")
        dialog.setAccessibleName("Choose a CSV file of ideas")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(self.on_file_selected)
        return dialog

    def on_file_selected(self, path: str) -> None:
        self.import_file(Path(path))

    def import_file(self, path: Path) -> worker.Job:
        """Read the file in a worker; the ideas are added when it reports back."""
        self.path = path
        self.messages.show_message(f"Reading {path.name}…")
        job = worker.Job(lambda _progress: read_rows(path))
        job.signals.finished.connect(self.on_read)
        job.signals.failed.connect(self.on_read_failed)
        self.job = job
        return worker.start(job)

    def on_read(self, rows: list) -> None:
        self.job = None
        refusals: list[str] = []
        self.model.refused.connect(refusals.append)
        try:
            result = self.model.run(f"Import {_ideas(len(rows))} from {self.path.name}", import_ideas, rows)
        finally:
            self.model.refused.disconnect(refusals.append)
        if result is None:
            # The workspace already shows why (a rule said no, or the file cannot be written).
            self._fail(
                refusals[0] if refusals else self.model.last_write_error or "The import did not happen."
            )
            return
        added = result.value
        parts = [f"Added {_ideas(len(added.idea_ids))} from {self.path.name}."]
        if added.new_themes:
            parts.append(
                f"New theme{'s' if len(added.new_themes) != 1 else ''}: {', '.join(added.new_themes)}."
            )
        parts.extend(added.notes)
        parts.append("Edit > Undo takes the whole import back.")
        self.messages.show_message(" ".join(parts), "info")
        self.finished.emit(len(added.idea_ids))

    def on_read_failed(self, exc: Exception) -> None:
        from facilitator.export.csv_io import CsvError

        self.job = None
        if isinstance(exc, CsvError):
            message = f"Nothing was imported from {self.path.name}. {exc}"
        elif isinstance(exc, OSError):
            message = f"Could not read {self.path}: {exc.strerror or exc}."
        else:
            message = f"Could not import {self.path.name} because of a bug ({type(exc).__name__}: {exc})."
        self.messages.show_message(message, "error", ("Choose another file…", self.on_choose_again))
        self._fail(message)

    def _fail(self, message: str) -> None:
        self.failed.emit(message)

    def on_choose_again(self) -> None:
        dialog = self.file_dialog(self.messages.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
