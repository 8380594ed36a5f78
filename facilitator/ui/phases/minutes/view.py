"""Minutes phase: a preview of the first page, then the minutes, staff summary and CSV.

Building a PDF takes seconds (charts, many pages), so every build runs in a
worker with a progress bar and the window stays live. The result is written
atomically and opened in the system viewer; a failure is a message in the
view, never a dialog in the way.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.core import model as m
from facilitator.core import plan as plan_rules
from facilitator.core.outcome import needs_reason_not_taken_forward
from facilitator.store.delta import Changes
from facilitator.ui.common.message_bar import STYLES, MessageBar
from facilitator.ui.phases.base import PhaseView
from facilitator.ui.phases.minutes.pdf_preview import PreviewPane, PreviewUnavailable, render_first_page
from facilitator.ui.session import worker
from facilitator.ui.session.session_model import SessionModel

PAPERS = (("A4", "a4"), ("Letter", "letter"))
PREVIEW_DELAY_MS = 400  # let a burst of changes (undo, undo, undo) settle before rebuilding


@dataclass(frozen=True)
class ExportKind:
    key: str
    what: str  # words for messages: "the minutes"
    button: str
    file_words: str  # the suggested file name after the session's name
    suffix: str
    file_filter: str


EXPORTS = {
    "minutes": ExportKind(
        "minutes", "minutes", "Export the &minutes (PDF)…", "minutes", ".pdf", "PDF files (*.pdf)"
    ),
    "summary": ExportKind(
        "summary",
        "staff summary",
        "Export the &staff summary (PDF)…",
        "staff summary",
        ".pdf",
        "PDF files (*.pdf)",
    ),
    "csv": ExportKind("csv", "ideas CSV", "Export the ideas as &CSV…", "ideas", ".csv", "CSV files (*.csv)"),
}


# One PDF build at a time (an export waits for a preview being drawn): reportlab's
# font registry and matplotlib's font cache are shared by the whole process.
_BUILDING = threading.Lock()


def build_export(key: str, state: m.SessionState, paper: str, progress: worker.Progress) -> bytes:
    """The bytes of one export. Runs in a worker; the exporters import their heavy libraries here."""
    if key == "csv":
        from facilitator.export.csv_io import ideas_to_csv

        progress(0, 1)
        data = ideas_to_csv(state)
        progress(1, 1)
        return data
    with _BUILDING:
        if key == "minutes":
            from facilitator.export.minutes_pdf import build_minutes_pdf

            return build_minutes_pdf(state, paper=paper, progress=progress)
        from facilitator.export.summary_pdf import build_summary_pdf

        progress(0, 1)
        data = build_summary_pdf(state, paper=paper)
        progress(1, 1)
        return data


def export_to_file(
    key: str, state: m.SessionState, paper: str, path: Path, progress: worker.Progress
) -> Path:
    from facilitator.export.files import write_bytes_atomically

    return write_bytes_atomically(path, build_export(key, state, paper, progress))


def preview(state: m.SessionState, paper: str):
    """The first page of the minutes exactly as they would be exported now."""
    from facilitator.export.minutes_pdf import build_minutes_pdf

    with _BUILDING:
        pdf = build_minutes_pdf(state, paper=paper)
    return render_first_page(pdf)


class ExportMessages(MessageBar):
    """The view's own message strip, for how each export went (the workspace keeps the shared one)."""

    def show_message(self, text: str, level: str = "info", action=None) -> None:
        super().show_message(text, level, action)
        self.setStyleSheet(f"#{self.objectName()} {{{STYLES[level]} border-radius:4px;}}")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def not_opened(path: Path) -> str:
    """Where the file is, when no program on this computer opened it."""
    kind = path.suffix.upper().lstrip(".") or "such"
    return (
        f"No program here is set to open {kind} files, so it did not open by itself: "
        f"it is in the folder {path.parent}."
    )


def warning_lines(state: m.SessionState) -> list[str]:
    """What needs attention before export, one line each; empty when nothing does."""
    check = plan_rules.check(state)
    lines = []
    if check.missing_reasons:
        counted = _count(check.missing_reasons, "idea", "ideas")
        verb = "has" if check.missing_reasons == 1 else "have"
        lines.append(
            f"⚠ {counted} decided Later or Not now {verb} no reason yet. Everyone is owed a "
            "“why not now”: add the reasons in the Plan phase (Alt+6) before you export."
        )
    waiting = len(needs_reason_not_taken_forward(state))
    if waiting:
        lines.append(
            f"⚠ {_count(waiting, 'idea', 'ideas')} heard, not taken forward, "
            f"{'has' if waiting == 1 else 'have'} no reason yet: give one reason for a whole theme "
            "in the Plan phase."
        )
    if check.undecided_prioritized:
        lines.append(
            f"{_count(check.undecided_prioritized, 'prioritized idea has', 'prioritized ideas have')}"
            " no decision."
        )
    if check.incomplete_commitments:
        lines.append(
            f"{_count(check.incomplete_commitments, 'commitment lacks', 'commitments lack')} an owner, "
            "a due date, a first step or a success measure."
        )
    return lines


class MinutesView(PhaseView):
    phase = m.Phase.MINUTES
    # Emitted on the UI thread once a job has reported, so anything can wait on them.
    export_finished = Signal(object)  # the Path written
    export_failed = Signal(str)  # the message shown
    preview_ready = Signal()
    warning_ready = Signal()  # the warning shows what the file holds now

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.export_job: worker.Job | None = None
        self.preview_job: worker.Job | None = None
        # The latest warning asked of a worker, and the one shown: older answers are dropped.
        self.warning_asked = self.warning_answered = 0
        self.last_export: Path | None = None
        self._preview_stale = True
        self._dialog: QFileDialog | None = None
        self._exporting: tuple[ExportKind, Path] = (EXPORTS["minutes"], Path())

        self.warning = QLabel()
        self.warning.setObjectName("minutesWarning")
        self.warning.setAccessibleName("Before you export")
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.hide()  # until a worker has read what needs attention
        self.warning.setStyleSheet(
            "#minutesWarning { background:#FFF4D6; color:#5A4200; border:1px solid #E8C35A;"
            " border-radius:4px; padding:8px; }"
        )
        self.messages = ExportMessages()
        self.messages.setObjectName("exportMessages")
        self.messages.setAccessibleName("Export messages")

        exports = self._build_exports()

        left = QVBoxLayout()
        left.addWidget(self.warning)
        left.addWidget(exports)
        left.addStretch(1)
        side = QWidget()
        side.setObjectName("minutesControls")
        side.setLayout(left)
        side.setFixedWidth(360)

        self.preview = PreviewPane()
        columns = QHBoxLayout()
        columns.addWidget(side)
        columns.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(columns, 1)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._show_warning()

    def _build_exports(self) -> QGroupBox:
        """Paper size, one button per export, the progress and what happened."""
        self.paper = QComboBox()
        self.paper.setObjectName("paperSize")
        self.paper.setAccessibleName("Paper size")
        self.paper.view().setAccessibleName("Paper sizes")  # the drop-down list
        for label, value in PAPERS:
            self.paper.addItem(label, value)
        self.paper.currentIndexChanged.connect(self.on_paper_changed)

        self.buttons: dict[str, QPushButton] = {}
        exports = QGroupBox("Export")
        exports.setObjectName("exportBox")
        box = QVBoxLayout(exports)
        form = QFormLayout()
        form.addRow("&Paper:", self.paper)
        box.addLayout(form)
        for kind in EXPORTS.values():
            button = QPushButton(kind.button)
            button.setObjectName(f"export_{kind.key}")
            button.setAccessibleName(kind.button.replace("&", "").rstrip("…"))
            button.clicked.connect(lambda _=False, k=kind.key: self.ask_where(k))
            box.addWidget(button)
            self.buttons[kind.key] = button
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setAccessibleName("Export progress")
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        hint = QLabel(
            "Each file opens in your usual viewer when it is ready. The minutes hold every idea, the "
            "action plan, the charts and the reasons; the staff summary is one page for a notice board."
        )
        hint.setObjectName("exportHint")
        hint.setWordWrap(True)
        box.addWidget(hint)
        return exports

    # ---- what needs attention first ------------------------------------------------------------

    def _show_warning(self) -> None:
        """Work out what needs attention before export in a worker, from the file: at thousands
        of ideas reading the session and applying the rules would hold the window up."""
        self.warning_asked += 1
        asked = self.warning_asked
        read = self.model.state_for_worker()

        def work(_progress) -> tuple[int, list[str]]:
            return asked, warning_lines(read())

        job = worker.Job(work)
        job.signals.finished.connect(self._on_warning_ready)
        job.signals.failed.connect(self._on_warning_failed)
        worker.start(job)

    def _on_warning_ready(self, result: tuple[int, list[str]]) -> None:
        asked, lines = result
        if asked == self.warning_asked:  # an older answer, overtaken by a change, is dropped
            self._set_warning(lines)
            self.warning_answered = asked
            self.warning_ready.emit()

    def _on_warning_failed(self, _exc: Exception) -> None:
        # The file could not be read beside the open store (damaged since, say): read it here.
        self._set_warning(warning_lines(self.model.state()))
        self.warning_answered = self.warning_asked
        self.warning_ready.emit()

    def _set_warning(self, lines: list[str]) -> None:
        text = "\n".join(lines)
        self.warning.setText(text)
        self.warning.setAccessibleDescription(text)
        self.warning.setVisible(bool(lines))

    def missing_reasons(self) -> int:
        return plan_rules.check(self.model.state()).missing_reasons

    # ---- refreshing ----------------------------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        if not changes:
            return
        self._show_warning()
        self._preview_stale = True
        if self.isVisible():
            self._preview_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._preview_stale:
            self._preview_timer.start()

    def on_paper_changed(self) -> None:
        self._preview_stale = True
        self._preview_timer.start(0)

    def paper_value(self) -> str:
        return self.paper.currentData()

    # ---- preview -------------------------------------------------------------------------------

    def refresh_preview(self) -> worker.Job | None:
        """Rebuild the preview in a worker; a change during the build schedules another."""
        if self.preview_job is not None or not self.isVisible():
            # One build at a time; and none for a view that is hidden or closing with its session.
            self._preview_stale = True
            return None
        self._preview_stale = False
        paper = self.paper_value()
        self.preview.show_text("Updating the preview…")
        read = self.model.state_for_worker()
        job = worker.Job(lambda _progress: (paper, preview(read(), paper)))
        job.signals.finished.connect(self.on_preview_ready)
        job.signals.failed.connect(self.on_preview_failed)
        self.preview_job = worker.start(job)
        return job

    def on_preview_ready(self, result: tuple) -> None:
        paper, (image, pages) = result
        self.preview_job = None
        label = dict((v, k) for k, v in PAPERS)[paper]
        self.preview.show_page(
            image,
            f"First page of the minutes, as they will print ({label}; {pages} page{'s' * (pages != 1)})",
        )
        if self._preview_stale and self.isVisible():
            self._preview_timer.start()
        self.preview_ready.emit()

    def on_preview_failed(self, exc: Exception) -> None:
        self.preview_job = None
        self.preview.clear_page()
        if isinstance(exc, PreviewUnavailable):
            self.preview.show_text(str(exc))
        else:
            self.preview.show_text(f"The preview could not be made ({type(exc).__name__}: {exc}).")
        self.preview_ready.emit()

    # ---- exporting -------------------------------------------------------------------------------

    def suggested_path(self, key: str) -> Path:
        kind = EXPORTS[key]
        session = self.model.store.path
        return session.with_name(f"{session.stem} {kind.file_words}{kind.suffix}")

    def ask_where(self, key: str) -> QFileDialog:
        """A non-modal save dialog; choosing a file starts the export."""
        kind = EXPORTS[key]
        if self._dialog is not None:
            self._dialog.close()
        dialog = QFileDialog(self, f"Export the {kind.what}", str(self.suggested_path(key)), kind.file_filter)
        dialog.setObjectName("exportFileDialog")
        dialog.setAccessibleName(f"Where to save the {kind.what}")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(kind.suffix.lstrip("."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path, k=key: self.export_to(k, Path(path)))
        dialog.destroyed.connect(self.on_dialog_gone)
        self._dialog = dialog
        dialog.show()
        return dialog

    def on_dialog_gone(self) -> None:
        self._dialog = None

    def export_to(self, key: str, path: Path) -> worker.Job | None:
        """Build and write one export in a worker. Returns the job, or None if one is running."""
        if self.export_job is not None:
            self.messages.show_message("An export is still being written; wait for it to finish.", "warning")
            return None
        kind = EXPORTS[key]
        read = self.model.state_for_worker()
        paper = self.paper_value()
        job = worker.Job(lambda progress: export_to_file(key, read(), paper, path, progress))
        job.signals.progress.connect(self.on_export_progress)
        job.signals.finished.connect(self.on_export_finished)
        job.signals.failed.connect(self.on_export_failed)
        self.export_job = job
        self._exporting = (kind, path)
        for button in self.buttons.values():
            button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first progress report
        self.progress.show()
        self.status.setText(f"Writing the {kind.what}…")
        self.messages.hide()
        return worker.start(job)

    def on_export_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _export_done(self) -> None:
        self.export_job = None
        self.progress.hide()
        self.status.clear()
        for button in self.buttons.values():
            button.setEnabled(True)
        kind, _ = self._exporting
        button = self.buttons.get(kind.key)
        if button is not None and self.isVisible():
            button.setFocus()  # the keyboard goes back where it was, not to a neighbour

    def on_export_finished(self, path: Path) -> None:
        kind, _ = self._exporting
        self._export_done()
        self.last_export = path
        opened = worker.open_in_viewer(path)
        text = f"Saved the {kind.what} to {path}."
        missing = self.missing_reasons()
        if missing and kind.key != "csv":
            text += f" {_count(missing, 'idea still lacks', 'ideas still lack')} a reason."
        action = None
        if not opened:
            text += " " + not_opened(path)
            action = ("Copy the path", self.copy_last_path)
        self.messages.show_message(text, "info", action)
        self.export_finished.emit(path)

    def open_last(self) -> None:
        if self.last_export is not None and not worker.open_in_viewer(self.last_export):
            self.messages.show_message(
                not_opened(self.last_export), "info", ("Copy the path", self.copy_last_path)
            )

    def copy_last_path(self) -> None:
        if self.last_export is not None:
            QGuiApplication.clipboard().setText(str(self.last_export))

    def on_export_failed(self, exc: Exception) -> None:
        kind, path = self._exporting
        self._export_done()
        if isinstance(exc, OSError):
            message = worker.describe_write_error(exc, path, kind.what)
        else:
            message = f"The {kind.what} could not be made because of a bug ({type(exc).__name__}: {exc})."
        self.messages.show_message(
            message, "error", ("Choose another file…", lambda: self.ask_where(kind.key))
        )
        self.export_failed.emit(message)

    # ---- keyboard ------------------------------------------------------------------------------------

    def focus_default(self) -> None:
        self.buttons["minutes"].setFocus()

    def shortcuts(self) -> list[tuple[str, str]]:
        return [
            ("Alt+M", "Export the minutes (PDF)"),
            ("Alt+S", "Export the staff summary (PDF)"),
            ("Alt+C", "Export the ideas as CSV"),
            ("Alt+P", "Choose the paper size"),
            ("Alt+Z", "Zoom the preview to the width of the pane, or back to the whole page"),
        ]
