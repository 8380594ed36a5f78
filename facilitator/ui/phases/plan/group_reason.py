"""One reason for a group of ideas heard and not taken forward (all of them, or one theme's).

Everyone gets an answer (principle 3): the ideas that did not reach the matrix
still owe the room a reason. Typing it once per theme is what a facilitator
does at the end of a session; each idea's reason stays editable in the table.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from facilitator.core.outcome import needs_reason_not_taken_forward
from facilitator.ops import plan as plan_ops
from facilitator.ui.common.naming import named, named_button
from facilitator.ui.session.session_model import SessionModel

ALL = -1  # the choice "every idea still without an answer"
EXAMPLE = "e.g. Fewer votes this time; it stays on our list for the follow-up session"


class GroupReason(QWidget):
    """A theme choice, a reason and a button; Enter in the reason gives it too."""

    def __init__(self, session: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.waiting: list[int] = []
        self.label = named(QLabel(), "groupReasonLabel", "Ideas still without an answer")
        self.theme = named(QComboBox(), "groupReasonTheme", "Which ideas get the reason")
        self.reason = named(QLineEdit(), "groupReasonText", "Reason for ideas not taken forward")
        self.reason.setPlaceholderText(EXAMPLE)
        self.theme.view().setAccessibleName("Themes with ideas still without an answer")
        self.reason.returnPressed.connect(self.on_apply)
        self.apply = named_button(
            "applyGroupReason",
            "Give this reason",
            "Give the reason to each of these ideas that has none yet; edit any one in the table",
            self.on_apply,
        )
        self.label.setBuddy(self.reason)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.theme)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.apply)
        self.refresh()

    def refresh(self) -> None:
        """Count what still has no answer, by theme; hide when nothing does."""
        state = self.session.state()
        self.waiting = needs_reason_not_taken_forward(state)
        chosen = self.theme.currentData()
        self.theme.blockSignals(True)
        self.theme.clear()
        self.theme.addItem(f"all {len(self.waiting)} without one", ALL)
        for t in sorted(state.themes, key=lambda t: (t.position, t.id)):
            count = sum(1 for i in self.waiting if state.idea(i).theme_id == t.id)
            if count:
                self.theme.addItem(f"{t.name} ({count})", t.id)
        index = self.theme.findData(chosen)
        self.theme.setCurrentIndex(max(index, 0))
        self.theme.blockSignals(False)
        many = len(self.waiting)
        self.label.setText(
            f"⚠ {many} idea{'s' if many != 1 else ''} heard, not taken forward, with no reason yet. "
            "One reason for"
        )
        read_only = self.session.read_only
        for widget in (self.theme, self.reason, self.apply):
            widget.setEnabled(not read_only)
        self.setVisible(bool(self.waiting))

    def chosen_ideas(self) -> list[int]:
        theme_id = self.theme.currentData()
        if theme_id in (None, ALL):
            return list(self.waiting)
        state = self.session.state()
        return [i for i in self.waiting if state.idea(i).theme_id == theme_id]

    def on_apply(self) -> None:
        ideas = self.chosen_ideas()
        if not ideas:
            return
        label = f"Give a reason to {len(ideas)} idea{'s' if len(ideas) != 1 else ''}"
        if self.session.run(label, plan_ops.set_reasons, ideas, self.reason.text()) is not None:
            self.reason.clear()
