"""Plan phase: a decision for each prioritized idea, with an owner and a date, or a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from facilitator.core import plan as rules
from facilitator.core.model import Phase
from facilitator.core.outcome import needs_reason_not_taken_forward, passed_over, unanswered
from facilitator.store.delta import Changes
from facilitator.ui.common.table_keys import LEAVE_KEYS, let_tab_leave
from facilitator.ui.phases.base import PhaseView
from facilitator.ui.phases.plan.group_reason import GroupReason
from facilitator.ui.phases.plan.plan_table import PlanTable, PlanTableModel
from facilitator.ui.session.session_model import SessionModel

# Tables whose rows can change what the plan lists or shows.
PLAN_TABLES = ("action", "idea", "placement", "rating", "dot", "ballot", "tally", "session")

INTRO = (
    "Give each prioritized idea a decision. <b>Do now</b> and <b>Plan</b> get an owner, a due date, "
    "a first step and a success measure. <b>Later</b> and <b>Not now</b> need a reason, the "
    "“why not now” that goes into the minutes. Ideas heard but not taken forward this time get a "
    "reason too: one for a whole theme, then edit any one."
)


class View(PhaseView):
    phase = Phase.PLAN

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        intro = QLabel(INTRO)
        intro.setObjectName("planIntro")
        intro.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("planSummary")
        self.summary.setAccessibleName("Plan summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.group_reason = GroupReason(model, self)
        self.table_model = PlanTableModel(model, self)
        self.table = PlanTable(self.table_model)
        let_tab_leave(self.table)
        self.empty = QLabel(
            "No ideas yet. Ideas recorded in the round table appear here; the ones placed on the "
            "matrix come first, grouped by quadrant."
        )
        self.empty.setObjectName("planEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.group_reason)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        self._show_summary()

    def on_changes(self, changes: Changes) -> None:
        if not changes.touches(*PLAN_TABLES):
            return
        current = self.table.currentIndex()
        idea_id = self.table_model.idea_id(current.row()) if current.isValid() else None
        column = current.column()
        if self.table_model.refresh() and idea_id is not None:
            row = self.table_model.row_of(idea_id)
            if row >= 0:
                self.table.setCurrentIndex(self.table_model.index(row, column))
        self.group_reason.refresh()
        self._show_summary()

    def _show_summary(self) -> None:
        check = rules.check(self.model.state())
        has_rows = self.table_model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        parts = [
            f"{check.prioritized} prioritized",
            f"{check.heard} heard, not prioritized",
        ]
        if check.undecided_prioritized:
            parts.append(f"{check.undecided_prioritized} prioritized without a decision")
        if check.missing_reasons:
            parts.append(
                f"⚠ {check.missing_reasons} still need{'s' if check.missing_reasons == 1 else ''} "
                "a reason (Later or Not now)"
            )
        if check.incomplete_commitments:
            parts.append(
                f"{check.incomplete_commitments} commitment{'s' if check.incomplete_commitments != 1 else ''}"
                " missing an owner, date, first step or measure"
            )
        state = self.model.state()
        waiting = len(needs_reason_not_taken_forward(state))
        if waiting:
            parts.append(f"⚠ {waiting} heard, not taken forward, without a reason")
        missing = set(unanswered(state))
        passed = sum(1 for i in passed_over(state) if i in missing)  # those with a reason said why
        if passed:
            parts.append(
                f"{passed} not on the matrix with more dots than a prioritized idea: "
                "add to the matrix in Prioritize, or say why not"
            )
        if not missing:
            parts.append("✓ every idea has an answer")
        text = " · ".join(parts)
        # Only counts and fixed words here, no user text, so the markup is safe.
        marked = " · ".join(
            f'<b style="color:#6A1010">{part}</b>' if part.startswith("⚠") else part for part in parts
        )
        self.summary.setText(marked)
        self.summary.setAccessibleDescription(text)

    def focus_default(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.table.first_editable())

    def shortcuts(self) -> list[tuple[str, str]]:
        return [
            ("Arrows, Tab", "Move between cells of the plan"),
            (LEAVE_KEYS, "Leave the plan table (so does Tab past its last cell)"),
            ("F2, Enter or start typing", "Edit the selected cell"),
            ("Enter", "Keep the edit"),
            ("Esc", "Cancel the edit"),
            ("Alt+Down", "Open the list or the calendar while editing"),
            ("Delete", "Clear the selected cell"),
        ]
