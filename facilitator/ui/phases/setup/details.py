"""Setup: the session details (title, question, date, place and the people running it).

Each field is written to the file when the facilitator finishes editing it
(Enter, Tab or a click elsewhere), as one undoable step named after the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from facilitator.core.model import SessionInfo
from facilitator.ops import session as session_ops
from facilitator.store.delta import Changes
from facilitator.ui.common.date_field import DateField
from facilitator.ui.session.session_model import SessionModel

# (field, label, undo label, accessible description)
TEXT_FIELDS = (
    ("title", "&Title", "Edit title", "The session's name, shown on every page of the minutes."),
    ("place", "&Place", "Edit place", "Where the session is held."),
    ("facilitator", "&Facilitator", "Edit facilitator", "Who runs the session."),
    ("team", "Team or &unit", "Edit team or unit", "The team or unit taking part."),
    ("organisation", "&Organisation", "Edit organisation", "The organisation, for the minutes' heading."),
    ("started_at", "Start time", "Edit start time", "When the session started (14:05), for the minutes."),
    ("ended_at", "End time", "Edit end time", "When the session ended (15:45), for the minutes."),
    ("note_taker", "Note-taker", "Edit note-taker", "Who took the notes, for the minutes."),
    (
        "contact",
        "Feedback and contact",
        "Edit feedback and contact",
        "How to give feedback or whom to contact: printed on the staff summary.",
    ),
)
DATE_FIELDS = (
    ("date", "&Date", "Edit date", "The day of the session."),
    ("next_checkin", "&Next check-in", "Edit next check-in", "When the group meets again to review actions."),
)
FIELDS = session_ops.INFO_FIELDS


class QuestionEdit(QPlainTextEdit):
    """A few lines of text that report when the facilitator is done with them."""

    editingFinished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.editingFinished.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class OptionalDateEdit(DateField):
    """A session date: typed as shown (15 Dec 2026) or as ISO, or picked; may be empty ("Not set")."""


class DetailsPanel(QGroupBox):
    """Title, question, dates, place and the people running the session."""

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__("Session details", parent)
        self.setObjectName("setupDetails")
        self.model = model
        self.editors: dict[str, QWidget] = {}
        self._labels: dict[str, str] = {}
        self._shown: dict[str, str] = {}  # what the file held when each field was last shown
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def line(key: str, label: str, undo: str, about: str) -> QLineEdit:
            edit = QLineEdit()
            edit.setObjectName(f"setup_{key}")
            edit.setAccessibleName(label.replace("&", ""))
            edit.setAccessibleDescription(about)
            edit.setToolTip(about)
            edit.editingFinished.connect(lambda k=key: self.commit(k))
            self.editors[key] = edit
            self._labels[key] = undo
            form.addRow(label, edit)
            return edit

        line(*TEXT_FIELDS[0])
        self.question = QuestionEdit()
        self.question.setObjectName("setup_question")
        self.question.setAccessibleName("Question")
        self.question.setAccessibleDescription(
            "The question put to the room, shown in large type at the round table. Tab moves on."
        )
        self.question.setPlaceholderText("What would make the biggest difference to how we work together?")
        self.question.setFixedHeight(self.question.fontMetrics().lineSpacing() * 3 + 14)
        self.question.editingFinished.connect(lambda: self.commit("question"))
        self.editors["question"] = self.question
        self._labels["question"] = "Edit question"
        form.addRow("&Question", self.question)
        self._date_row(form, *DATE_FIELDS[0])
        for spec in TEXT_FIELDS[1:]:
            line(*spec)
        self._date_row(form, *DATE_FIELDS[1])
        self.editors["contact"].setPlaceholderText(
            "e.g. Questions or more ideas: speak to Priya, ward manager"
        )
        approved = QCheckBox("Minutes approved (until then they print as Draft)")
        approved.setObjectName("setup_approved")
        approved.setAccessibleName("Minutes approved")
        approved.toggled.connect(self.on_approved_toggled)
        self.editors["approved"] = approved
        form.addRow("", approved)
        self.editors["title"].setPlaceholderText("Listening session")
        for key in ("title", "question"):  # the buddy of "&Title" and "&Question"
            label = form.labelForField(self.editors[key])
            if label is not None:
                label.setBuddy(self.editors[key])

    def _date_row(self, form: QFormLayout, key: str, label: str, undo: str, about: str) -> None:
        edit = OptionalDateEdit()
        edit.setObjectName(f"setup_{key}")
        edit.setAccessibleName(label.replace("&", ""))
        keys = (
            "Type it as 15 Dec 2026 or 2026-12-15. Up and Down change the part under the cursor; "
            "F4 or Alt+Down opens the calendar; Ctrl+Delete clears it."
        )
        edit.setAccessibleDescription(f"{about} {keys}")
        edit.setToolTip(f"{about}\n{keys}")
        edit.editingFinished.connect(lambda k=key: self.commit(k))
        # Closing the calendar finishes the edit too (while it is open, the
        # date edit has lost focus but the facilitator is still choosing).
        edit.calendar_closed.connect(lambda k=key: self.commit(k))
        edit.dateChanged.connect(lambda _d, k=key: self._enable_clear(k))
        calendar = edit.calendarWidget()
        calendar.setObjectName(f"setup_{key}_calendar")
        calendar.setAccessibleName(f"{label.replace('&', '')} calendar")
        clear = QToolButton()
        clear.setText("Clear")
        clear.setObjectName(f"setup_{key}_clear")
        clear.setAccessibleName(f"Clear {label.replace('&', '').lower()}")
        clear.setToolTip("Leave this date empty")
        clear.clicked.connect(lambda _=False, k=key: self.clear_date(k))
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(clear)
        form.addRow(label, row)
        label_widget = form.labelForField(row)
        if label_widget is not None:
            label_widget.setBuddy(edit)
        self.editors[key] = edit
        self.editors[f"{key}_clear"] = clear
        self._labels[key] = undo

    # ---- reading and writing ------------------------------------------------------------------

    def value(self, key: str) -> str:
        editor = self.editors[key]
        if isinstance(editor, OptionalDateEdit):
            return editor.typed_value()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        return editor.text()

    def show_value(self, key: str, value: str) -> None:
        editor = self.editors[key]
        editor.blockSignals(True)
        try:
            if isinstance(editor, OptionalDateEdit):
                editor.set_iso(value)
                self._enable_clear(key)
            elif isinstance(editor, QPlainTextEdit):
                if editor.toPlainText() != value:
                    editor.setPlainText(value)
            elif editor.text() != value:
                editor.setText(value)
                editor.setCursorPosition(0)
        finally:
            editor.blockSignals(False)

    def commit(self, key: str) -> None:
        """Write one field if it changed; a refusal puts back what the file holds."""
        editor = self.editors[key]
        if self.model.read_only or (isinstance(editor, OptionalDateEdit) and editor.calendar_open()):
            return
        stored = getattr(self.model.store.info(), key)
        typed = self.value(key)
        if typed.strip() == stored or (typed == "" and stored == ""):
            if typed != stored:
                self.show_value(key, stored)
            return
        if self.model.run(self._labels[key], session_ops.update_info, **{key: typed}) is None:
            self.show_value(key, stored)

    def on_approved_toggled(self, checked: bool) -> None:
        if self.model.read_only or checked == self.model.store.info().approved:
            return
        label = "Approve the minutes" if checked else "Mark the minutes as draft"
        if self.model.run(label, session_ops.set_approved, checked) is None:
            self._show_approved(self.model.store.info().approved)

    def _show_approved(self, approved: bool) -> None:
        box = self.editors["approved"]
        box.blockSignals(True)
        box.setChecked(approved)
        box.blockSignals(False)

    def commit_all(self) -> None:
        for key in FIELDS:
            self.commit(key)

    def _enable_clear(self, key: str) -> None:
        editor = self.editors[key]
        writable = editor.isEnabled() and not editor.isReadOnly()
        self.editors[f"{key}_clear"].setEnabled(bool(editor.text().strip()) and writable)

    def clear_date(self, key: str) -> None:
        self.editors[key].clear()
        self.commit(key)

    def refresh(self, changes: Changes, info: SessionInfo) -> None:
        """Show what the file holds. A field whose stored value did not change keeps
        whatever the facilitator may be typing in it."""
        if not changes.touches("session"):
            return
        for key in FIELDS:
            stored = getattr(info, key)
            if changes.reload or self._shown.get(key) != stored:
                self.show_value(key, stored)
            self._shown[key] = stored
        self._show_approved(info.approved)

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            if isinstance(editor, QLineEdit | QPlainTextEdit):
                editor.setReadOnly(read_only)
            else:
                editor.setEnabled(not read_only)
        for key, *_rest in DATE_FIELDS:
            self._enable_clear(key)
