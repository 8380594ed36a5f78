"""File > Import survey…: a form export's free-text answers, chosen by question, as ideas.

The dialog (shown, never exec()'d) reads the file in a worker, lists its
columns with a preview of the answers, and lets the user tick the questions
whose answers become ideas and, optionally, a column that gives the theme.
In an anonymous session a column of names or emails cannot be ticked. The
import is one undoable step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.core.errors import RuleError
from facilitator.core.survey import SurveyTable, is_personal, survey_ideas
from facilitator.ops.importing import import_ideas
from facilitator.ui.common.message_bar import MessageBar
from facilitator.ui.common.naming import named, named_button
from facilitator.ui.session import worker
from facilitator.ui.session.session_model import SessionModel

FILE_FILTER = "Survey exports (*.csv *.txt);;All files (*)"
PREVIEW_ROWS = 8
PERSONAL_NOTE = "names or emails: never imported into an anonymous session"


def read_table(path: Path) -> SurveyTable:
    """Runs in a worker."""
    from facilitator.export.survey_io import read_survey

    return read_survey(path.read_bytes())


class SurveyImportDialog(QDialog):
    """Choose the questions whose answers become ideas, see a preview, import."""

    imported = Signal(int)  # how many ideas were added

    def __init__(self, model: SessionModel, messages: MessageBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyImportDialog")
        self.setWindowTitle("Import survey")
        self.resize(860, 560)
        self.model = model
        self.messages = messages
        self.table: SurveyTable | None = None
        self.path = Path()
        self.job: worker.Job | None = None
        self.anonymous = model.store.info().rules.anonymous

        self.status = QLabel("Choose a survey export saved as CSV.")
        self.status.setObjectName("surveyStatus")
        self.status.setWordWrap(True)
        self.questions = named(QListWidget(), "surveyQuestions", "Questions whose answers become ideas")
        self.questions.itemChanged.connect(self.on_item_changed)
        self.theme = named(QComboBox(), "surveyThemeColumn", "Column that gives the theme")
        self.theme.view().setAccessibleName("Columns")  # its drop-down list
        self.theme.currentIndexChanged.connect(self.on_choice_changed)
        self.preview = named(QTableWidget(), "surveyPreview", "Preview of the answers")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.choose = named_button(
            "surveyChoose", "Choose file…", "Choose the survey export (CSV)", self.on_choose
        )
        self.do_import = named_button(
            "surveyImport", "Import", "Add every answer to the ticked questions", self.on_import
        )
        self.do_import.setDefault(True)
        self.cancel = named_button("surveyCancel", "Cancel", "Close without importing", self.close)
        form = QFormLayout()
        form.addRow("&Questions (Space ticks)", self.questions)
        form.addRow("&Theme from column", self.theme)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.do_import)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview (first answers)"))
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.do_import.setEnabled(False)

    # ---- reading ------------------------------------------------------------------------

    def on_choose(self) -> None:
        dialog = QFileDialog(self, "Import survey", str(self.model.store.path.parent), FILE_FILTER)
        dialog.setObjectName("surveyFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.load(Path(path)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def load(self, path: Path) -> worker.Job:
        self.path = path
        self.status.setText(f"Reading {path.name}…")
        job = worker.Job(lambda _progress: read_table(path))
        job.signals.finished.connect(self.on_read)
        job.signals.failed.connect(self.on_read_failed)
        self.job = job
        return worker.start(job)

    def on_read_failed(self, exc: Exception) -> None:
        self.job = None
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        self.status.setText(f"Nothing can be imported from {self.path.name}. {reason}")

    def on_read(self, table: SurveyTable) -> None:
        self.job = None
        self.table = table
        self.questions.blockSignals(True)
        self.questions.clear()
        for column in table.columns:
            item = QListWidgetItem(column)
            blocked = self.anonymous and is_personal(column)
            flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            if not blocked:
                flags |= Qt.ItemFlag.ItemIsEnabled
            else:
                item.setText(f"{column} ({PERSONAL_NOTE})")
            item.setFlags(flags)
            item.setData(Qt.ItemDataRole.UserRole, column)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.questions.addItem(item)
        self.questions.blockSignals(False)
        self.theme.blockSignals(True)
        self.theme.clear()
        self.theme.addItem("No theme column", "")
        for column in table.columns:
            if not (self.anonymous and is_personal(column)):
                self.theme.addItem(column, column)
        self.theme.blockSignals(False)
        shown = table.rows[:PREVIEW_ROWS]
        self.preview.setColumnCount(len(table.columns))
        self.preview.setRowCount(len(shown))
        self.preview.setHorizontalHeaderLabels(table.columns)
        for r, row in enumerate(shown):
            for c, column in enumerate(table.columns):
                text = row[c] if c < len(row) else ""
                if self.anonymous and is_personal(column) and text:
                    text = "(hidden)"
                self.preview.setItem(r, c, QTableWidgetItem(text))
        self.questions.setFocus(Qt.FocusReason.OtherFocusReason)
        self.questions.setCurrentRow(0)
        self.on_choice_changed()

    # ---- choosing and importing -----------------------------------------------------------

    def chosen(self) -> list[str]:
        return [
            self.questions.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.questions.count())
            if self.questions.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, columns: list[str], theme: str = "") -> None:
        for i in range(self.questions.count()):
            item = self.questions.item(i)
            wanted = item.data(Qt.ItemDataRole.UserRole) in columns and bool(
                item.flags() & Qt.ItemFlag.ItemIsEnabled
            )
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        self.theme.setCurrentIndex(max(self.theme.findData(theme), 0))

    def on_item_changed(self, _item: QListWidgetItem) -> None:
        self.on_choice_changed()

    def on_choice_changed(self, *_args) -> None:
        if self.table is None:
            return
        try:
            ideas = survey_ideas(self.table, self.chosen(), self.theme.currentData() or "", self.anonymous)
        except RuleError as exc:
            self.status.setText(f"{self.path.name}: {len(self.table.rows)} responses. {exc}")
            self.do_import.setEnabled(False)
            return
        self.status.setText(
            f"{self.path.name}: {len(self.table.rows)} responses. {len(ideas)} answers will become ideas, "
            "one each."
        )
        self.do_import.setEnabled(not self.model.read_only)

    def on_import(self) -> None:
        if self.table is None:
            return
        try:
            rows = survey_ideas(self.table, self.chosen(), self.theme.currentData() or "", self.anonymous)
        except RuleError as exc:
            self.status.setText(str(exc))
            return
        result = self.model.run(f"Import {len(rows)} survey answers", import_ideas, rows)
        if result is None:
            return
        added = len(result.value.idea_ids)
        self.messages.show_message(
            f"Added {added} ideas from {self.path.name}, one per answer. "
            "Edit > Undo takes the whole import back.",
            "info",
        )
        self.imported.emit(added)
        self.close()
