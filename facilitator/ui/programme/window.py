"""File > Open programme…: several session files read together, in a read-only window.

The files are read in the background (strictly read-only, see `store.programme`)
and the roll-up is shown in tabs: the sessions, the themes with a chart, a
comparison of two periods, recurring ideas across teams, and the action log.
Nothing here can change a session file; the report is written only where the
user chooses.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator import FILE_SUFFIX
from facilitator.core.programme import Programme
from facilitator.ui.common.naming import named, named_button
from facilitator.ui.session.worker import Job, describe_write_error, start

OVERDUE = QColor("#B3261E")


def _table(object_name: str, accessible: str, head: list[str], rows: list[list[str]]) -> QTableWidget:
    table = named(QTableWidget(len(rows), len(head)), object_name, accessible)
    table.setHorizontalHeaderLabels(head)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c > 0 and text.lstrip("+-").replace("%", "").isdigit():
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class ProgrammeWindow(QWidget):
    """The roll-up of several sessions. Read-only: no control here writes a session file."""

    def __init__(self, paths: list[str | Path], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("programmeWindow")
        self.setWindowTitle("Programme — Facilitator")
        self.resize(1100, 720)
        self.paths: list[Path] = [Path(p) for p in paths]
        self.programme: Programme | None = None
        self.job: Job | None = None

        self.summary = QLabel("Reading the session files…")
        self.summary.setObjectName("programmeSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.tabs = named(QTabWidget(), "programmeTabs", "Programme")
        self.add_files = named_button(
            "programmeAddFiles", "Add files…", "Add more session files", self.on_add_files
        )
        self.add_folder = named_button(
            "programmeAddFolder", "Add folder…", "Add every session file in a folder", self.on_add_folder
        )
        self.export = named_button(
            "programmeExport",
            "Save report…",
            "Write the programme report (PDF) and every idea with its session (CSV)",
            self.on_export,
        )
        self.export.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_files)
        buttons.addWidget(self.add_folder)
        buttons.addStretch(1)
        buttons.addWidget(self.export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        self.reload()

    # ---- reading ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the files in the background; the window stays responsive."""
        from facilitator.store.programme import programme_from_paths

        paths = list(self.paths)
        self.summary.setText(f"Reading {len(paths)} session files…")
        self.export.setEnabled(False)
        self.job = start(Job(lambda _progress: programme_from_paths(paths)))
        self.job.signals.finished.connect(self.on_read)
        self.job.signals.failed.connect(self.on_read_failed)

    def on_read(self, programme: Programme) -> None:
        self.job = None
        self.show_programme(programme)

    def on_read_failed(self, exc: Exception) -> None:
        self.job = None
        self.summary.setText(f"The files could not be read: {exc}")

    def show_programme(self, p: Programme) -> None:
        self.programme = p
        self.tabs.clear()
        left_out = f" {len(p.unreadable)} file(s) could not be read (see “Left out”)." if p.unreadable else ""
        self.summary.setText(
            f"{len(p.sessions)} sessions of {len(p.teams)} teams, {' and '.join(p.periods) or 'no dates'}; "
            f"{sum(s.ideas for s in p.sessions)} ideas, {len(p.recurring)} recurring across teams, "
            f"{len(p.overdue)} overdue actions. Read-only: nothing here changes a session file.{left_out}"
        )
        self.tabs.addTab(self._sessions(p), "&Sessions")
        self.tabs.addTab(self._themes(p), "&Themes")
        self.tabs.addTab(self._recurring(p), "&Recurring ideas")
        self.tabs.addTab(self._actions(p), "&Actions")
        if p.unreadable:
            rows = [[u.name, u.reason] for u in p.unreadable]
            self.tabs.addTab(
                _table("programmeUnreadable", "Files left out", ["File", "Why"], rows), "&Left out"
            )
        self.export.setEnabled(bool(p.sessions))

    def _sessions(self, p: Programme) -> QWidget:
        head = ["Team", "Session", "Date", "People", "Ideas", "Votes", "Open", "Overdue", "Done"]
        rows = [
            [
                s.team,
                s.title + (f"\nfollows {s.follows}" if s.follows else ""),
                s.date,
                str(s.people),
                str(s.ideas),
                "–" if s.votes is None else str(s.votes),
                str(s.actions_open),
                str(s.actions_overdue),
                str(s.actions_done),
            ]
            for s in p.sessions
        ]
        table = _table("programmeSessions", "Sessions", head, rows)
        for r, s in enumerate(p.sessions):
            if s.actions_overdue:
                table.item(r, 7).setForeground(OVERDUE)
        table.resizeRowsToContents()
        return table

    def _themes(self, p: Programme) -> QWidget:
        from facilitator.export.programme_report import figure_png, themes_figure

        page = QWidget()
        layout = QVBoxLayout(page)
        chart = QLabel()
        chart.setObjectName("programmeChart")
        chart.setAccessibleName("Ideas per theme and period")
        if p.themes:
            pixmap = QPixmap()
            pixmap.loadFromData(figure_png(themes_figure(p, 8.0, 2.8), dpi=96))
            chart.setPixmap(pixmap)
        chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(chart)
        head = ["Theme", "Ideas", "Votes"] + [f"{period}: ideas / votes" for period in p.periods] + p.teams
        rows = [
            [t.theme, str(t.ideas), str(t.votes)]
            + ["{} / {}".format(*t.by_period.get(period, (0, 0))) for period in p.periods]
            + [str(t.by_team.get(team, 0)) for team in p.teams]
            for t in p.themes
        ]
        layout.addWidget(_table("programmeThemes", "Themes per period and team", head, rows))
        if p.comparison:
            a, b = p.comparison
            compare = QLabel(f"Comparing {a} with {b}")
            compare.setObjectName("programmeCompareTitle")
            layout.addWidget(compare)
            rows = [
                [
                    c.theme,
                    str(c.before[0]),
                    str(c.after[0]),
                    f"{c.after[0] - c.before[0]:+d}",
                    str(c.before[1]),
                    str(c.after[1]),
                ]
                for c in p.changes
            ]
            head = ["Theme", f"{a} ideas", f"{b} ideas", "Change", f"{a} votes", f"{b} votes"]
            layout.addWidget(_table("programmeCompare", f"Comparing {a} with {b}", head, rows))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    def _recurring(self, p: Programme) -> QWidget:
        head = ["Suggestion", "Teams", "Sessions", "Votes", "Said by"]
        rows = [
            [
                r.text + (f"\n(+{len(r.wordings) - 1} other wordings)" if len(r.wordings) > 1 else ""),
                str(len(r.teams)),
                str(r.sessions),
                str(r.votes),
                ", ".join(r.teams),
            ]
            for r in p.recurring
        ]
        table = _table("programmeRecurring", "Recurring ideas across teams", head, rows)
        table.resizeRowsToContents()
        return table

    def _actions(self, p: Programme) -> QWidget:
        head = ["Team", "Action", "Owner", "Due", "Status", "What was done", "Reviewed in"]
        rows = [
            [
                a.team,
                a.idea,
                a.owner,
                a.due_date + (" (overdue)" if a.overdue else ""),
                a.status,
                a.note,
                a.reviewed_in,
            ]
            for a in p.actions
        ]
        table = _table("programmeActions", "Action log", head, rows)
        for r, a in enumerate(p.actions):
            if a.overdue:
                table.item(r, 3).setForeground(OVERDUE)
        return table

    # ---- adding files and saving the report ------------------------------------------------

    def on_add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Add session files", "", f"Facilitator sessions (*{FILE_SUFFIX})"
        )
        if paths:
            self.add_paths(paths)

    def on_add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of session files")
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str | Path]) -> None:
        self.paths.extend(Path(p) for p in paths)
        self.reload()

    def on_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the programme report", "programme-report.pdf", "PDF (*.pdf)"
        )
        if path:
            self.save_report(Path(path))

    def save_report(self, pdf: Path) -> Job | None:
        """Write the report PDF and, beside it, the CSV of every idea (in the background)."""
        if self.programme is None:
            return None
        if pdf.suffix.lower() != ".pdf":
            pdf = pdf.with_name(pdf.name + ".pdf")
        programme = self.programme
        table = pdf.with_suffix(".csv")

        def work(_progress) -> Path:
            from facilitator.export.files import write_bytes_atomically
            from facilitator.export.programme_report import build_programme_pdf, programme_to_csv

            write_bytes_atomically(pdf, build_programme_pdf(programme))
            write_bytes_atomically(table, programme_to_csv(programme))
            return pdf

        self.export.setEnabled(False)
        job = start(Job(work))
        job.signals.finished.connect(lambda path: self._saved(path, table))
        job.signals.failed.connect(lambda exc: self._not_saved(exc, pdf))
        self.job = job
        return job

    def _saved(self, pdf: Path, table: Path) -> None:
        self.job = None
        self.export.setEnabled(True)
        self.summary.setText(f"Saved the programme report to {pdf} and the ideas to {table.name}.")

    def _not_saved(self, exc: Exception, pdf: Path) -> None:
        self.job = None
        self.export.setEnabled(True)
        message = describe_write_error(exc, pdf, "programme report") if isinstance(exc, OSError) else str(exc)
        self.summary.setText(message)
