"""The Plan view, driven with the keyboard like a facilitator would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from facilitator.core import plan as plan_rules
from facilitator.core.dates import format_date
from facilitator.core.model import ActionStatus, Decision, Phase, Quadrant
from facilitator.ops import plan as plan_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.common.date_field import DateField
from facilitator.ui.phases.plan.plan_table import COLUMN, MISSING_REASON_TEXT
from facilitator.ui.phases.plan.view import View
from facilitator.ui.session.session_model import SessionModel
from facilitator.ui.shell.main_window import MainWindow


@pytest.fixture
def session(demo_path: Path):
    model = SessionModel(SessionStore.open(demo_path))
    yield model
    model.close()


@pytest.fixture
def view(qtbot, session: SessionModel) -> View:
    v = View(session)
    qtbot.addWidget(v)
    v.resize(1300, 800)
    v.show()
    qtbot.waitExposed(v)
    v.activateWindow()
    v.focus_default()
    qtbot.waitUntil(lambda: v.table.hasFocus())
    return v


def _stored(path: Path, idea_id: int):
    store = SessionStore.open(path)
    try:
        return plan_rules.action_for(store.load(), idea_id)
    finally:
        store.close()


def _cell(view: View, idea_id: int, key: str) -> str:
    model = view.table_model
    return model.index(model.row_of(idea_id), COLUMN[key]).data()


def _editor(view: View, kind: type, name: str):
    """The open editor (a closed one may linger until Qt deletes it)."""
    shown = [e for e in view.table.findChildren(kind, name) if e.isVisible()]
    assert len(shown) == 1, f"expected one open {name}, found {len(shown)}"
    return shown[0]


def _focus() -> object:
    return QApplication.focusWidget()


def _go_to(qtbot, view: View, idea_id: int, key: str) -> None:
    """Walk the table with arrow keys from the top-left cell to (idea, column)."""
    table = view.table
    table.setCurrentIndex(table.first_editable())
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    target_row = view.table_model.row_of(idea_id)
    while table.currentIndex().row() < target_row:
        before = table.currentIndex().row()
        qtbot.keyClick(table, Qt.Key.Key_Down)
        assert table.currentIndex().row() > before, "Down arrow stuck"
    while table.currentIndex().column() < COLUMN[key]:
        qtbot.keyClick(table, Qt.Key.Key_Right)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (target_row, COLUMN[key])


def _heard_idea(session: SessionModel) -> int:
    """An idea heard, not prioritized, and not answered yet (the demo answers every idea)."""
    idea = plan_rules.heard_not_prioritized(session.state())[0]
    session.run_untracked(plan_ops.set_reason, idea, "")
    return idea


def test_groups_come_in_quadrant_order_then_heard(view: View, session: SessionModel) -> None:
    model = view.table_model
    headings = [model.index(r, 0).data() for r in range(model.rowCount()) if model.is_group(r)]
    assert [h.split("  (")[0] for h in headings] == [
        "Quick wins",
        "Heavier lifts",
        "Hard extras",
        "Heard, not prioritized this time",
    ]
    assert "they can still be given a decision" in headings[-1]
    groups = plan_rules.prioritized(session.state())
    first_idea_row = model.index(1, 0)
    assert model.idea_id(1) == groups[Quadrant.QUICK_WIN][0]
    assert first_idea_row.flags() & Qt.ItemFlag.ItemIsEnabled
    assert not model.index(0, 0).flags() & Qt.ItemFlag.ItemIsEditable
    assert view.table.columnSpan(0, 0) == len(COLUMN)


def test_keyboard_steps_over_headings(qtbot, view: View) -> None:
    model = view.table_model
    table = view.table
    table.setCurrentIndex(table.first_editable())
    seen = [table.currentIndex().row()]
    for _ in range(model.rowCount()):
        qtbot.keyClick(table, Qt.Key.Key_Down)
        seen.append(table.currentIndex().row())
    assert not any(model.is_group(r) for r in seen)
    assert max(seen) == model.rowCount() - 1


def test_later_by_keyboard_is_flagged_until_a_reason_is_typed(
    qtbot, view: View, session: SessionModel, demo_path: Path
) -> None:
    idea = _heard_idea(session)
    _go_to(qtbot, view, idea, "decision")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    combo = _editor(view, QComboBox, "decisionEditor")
    assert combo.accessibleName() == "Decision"
    qtbot.waitUntil(lambda: _focus() is combo)
    qtbot.keyClick(combo, Qt.Key.Key_L)  # first letter picks "Later"
    assert combo.currentText() == "Later"
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: _cell(view, idea, "decision") == "Later")

    assert _stored(demo_path, idea).decision is Decision.LATER
    assert _cell(view, idea, "decision") == "Later"
    assert _cell(view, idea, "reason") == MISSING_REASON_TEXT
    assert _cell(view, idea, "needs") == MISSING_REASON_TEXT
    assert "still needs a reason" in view.summary.text()
    assert session.undo_stack.undoText() == "Set decision: Later"

    # Right to the reason column; typing opens the editor with that first letter.
    while view.table.currentIndex().column() < COLUMN["reason"]:
        qtbot.keyClick(view.table, Qt.Key.Key_Right)
    qtbot.keyClick(view.table, "N")
    editor = _editor(view, QLineEdit, "reasonEditor")
    qtbot.waitUntil(lambda: _focus() is editor)
    qtbot.keyClicks(editor, "o budget until April")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(view, idea, "reason") == "No budget until April")

    assert _stored(demo_path, idea).reason == "No budget until April"
    assert _cell(view, idea, "reason") == "No budget until April"
    assert _cell(view, idea, "needs") == "✓ Complete"
    assert "needs a reason" not in view.summary.text()
    assert view.table.currentIndex().row() == view.table_model.row_of(idea)

    session.undo_stack.undo()  # the reason goes, the flag comes back
    assert _cell(view, idea, "reason") == MISSING_REASON_TEXT
    assert _stored(demo_path, idea).reason == ""
    session.undo_stack.undo()  # the decision goes
    assert _stored(demo_path, idea).decision is None
    assert _cell(view, idea, "decision") == ""
    session.undo_stack.redo()
    session.undo_stack.redo()
    assert _cell(view, idea, "reason") == "No budget until April"
    stored = _stored(demo_path, idea)
    assert (stored.decision, stored.reason) == (Decision.LATER, "No budget until April")


# Noise from the offscreen platform when a popup opens, not from our code.
@pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard)")
def test_due_date_through_the_date_picker(qtbot, view: View, session: SessionModel, demo_path: Path) -> None:
    idea = _heard_idea(session)
    _go_to(qtbot, view, idea, "due_date")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter opens the editor too
    editor = _editor(view, DateField, "due_dateEditor")
    qtbot.waitUntil(lambda: _focus() is editor)
    assert editor.text() == ""
    qtbot.keyClick(editor, Qt.Key.Key_Up)  # an empty date starts from today
    assert editor.date() == QDate.currentDate()
    editor.selectAll()
    qtbot.keyClicks(editor, "15 Mar 2027")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(view, idea, "due_date") != "")
    assert _stored(demo_path, idea).due_date == "2027-03-15"
    assert _cell(view, idea, "due_date") == "15 Mar 2027"
    assert session.undo_stack.undoText() == "Set due date"

    # The calendar opens from the keyboard too: Alt+Down, an arrow to the next day, Enter saves.
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = _editor(view, DateField, "due_dateEditor")
    qtbot.waitUntil(lambda: _focus() is editor)
    assert editor.text() == "15 Mar 2027" and editor.selectedText() == "15 Mar 2027"  # ready to type over
    qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = editor.calendarWidget()
    qtbot.waitUntil(lambda: calendar.isVisible())
    assert calendar.selectedDate() == QDate(2027, 3, 15)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(view, idea, "due_date") == "16 Mar 2027")
    assert _stored(demo_path, idea).due_date == "2027-03-16"
    session.undo_stack.undo()
    assert _stored(demo_path, idea).due_date == "2027-03-15"

    qtbot.keyClick(view.table, Qt.Key.Key_Delete)  # Delete clears the cell, undoably
    assert _stored(demo_path, idea).due_date == ""
    assert _cell(view, idea, "due_date") == ""
    session.undo_stack.undo()
    assert _stored(demo_path, idea).due_date == "2027-03-15"


def _type_due_date(qtbot, view: View, idea: int, text: str) -> None:
    """F2 on the cell, type over the date, Enter: as a facilitator would."""
    _go_to(qtbot, view, idea, "due_date")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = _editor(view, DateField, "due_dateEditor")
    qtbot.waitUntil(lambda: _focus() is editor)
    assert editor.width() >= editor.fontMetrics().horizontalAdvance("30 Sep 2026") + 24  # readable
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.table.state() != view.table.State.EditingState)


def test_due_date_typed_as_shown_or_as_iso(qtbot, view: View, session: SessionModel, demo_path: Path) -> None:
    idea = _heard_idea(session)
    session.run("Set decision", plan_ops.set_decision, idea, Decision.PLAN.value)
    _type_due_date(qtbot, view, idea, "15 Dec 2026")
    assert _stored(demo_path, idea).due_date == "2026-12-15"
    assert _cell(view, idea, "due_date") == "15 Dec 2026"
    _type_due_date(qtbot, view, idea, "2027-01-08")  # ISO is read as ISO, not as 8 Jan of another year
    assert _stored(demo_path, idea).due_date == "2027-01-08"
    assert _cell(view, idea, "due_date") == "8 Jan 2027"


@pytest.mark.parametrize("typed", ["20271215", "12/15/2027", "next week"])
def test_due_date_typed_wrong_is_refused_and_the_old_date_kept(
    qtbot, view: View, session: SessionModel, demo_path: Path, typed: str
) -> None:
    idea = _heard_idea(session)
    _type_due_date(qtbot, view, idea, "15 Mar 2027")
    refusals: list[str] = []
    session.refused.connect(refusals.append)
    steps = session.undo_stack.count()
    _type_due_date(qtbot, view, idea, typed)
    assert refusals and f"“{typed}”" in refusals[0] and "15 Dec 2026 or 2026-12-15" in refusals[0]
    assert _stored(demo_path, idea).due_date == "2027-03-15"
    assert _cell(view, idea, "due_date") == "15 Mar 2027"
    assert session.undo_stack.count() == steps


def test_due_date_typed_before_the_session_is_flagged(
    qtbot, view: View, session: SessionModel, demo_path: Path
) -> None:
    idea = _heard_idea(session)
    session.run("Set decision", plan_ops.set_decision, idea, Decision.DO_NOW.value)
    session_date = session.store.info().date
    assert session_date
    _type_due_date(qtbot, view, idea, "2020-01-02")
    assert _stored(demo_path, idea).due_date == "2020-01-02"  # kept as typed, and flagged
    needs = _cell(view, idea, "needs")
    assert "Due before the session date" in needs and format_date(session_date) in needs
    _type_due_date(qtbot, view, idea, format_date(session_date))
    assert "Due before" not in _cell(view, idea, "needs")


def test_status_and_owner_edits(qtbot, view: View, session: SessionModel, demo_path: Path) -> None:
    quick_win = plan_rules.prioritized(session.state())[Quadrant.QUICK_WIN][0]
    _go_to(qtbot, view, quick_win, "status")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    combo = _editor(view, QComboBox, "statusEditor")
    qtbot.waitUntil(lambda: _focus() is combo)
    combo.setCurrentIndex(combo.findData(ActionStatus.DONE.value))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(view, quick_win, "status") == "Done")
    assert _stored(demo_path, quick_win).status is ActionStatus.DONE
    assert session.undo_stack.undoText() == "Set status: Done"

    qtbot.keyClick(view.table, Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier)
    for _ in range(COLUMN["status"] - COLUMN["owner"] - 1):
        qtbot.keyClick(view.table, Qt.Key.Key_Left)
    assert view.table.currentIndex().column() == COLUMN["owner"]
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert _stored(demo_path, quick_win).owner == ""
    assert _cell(view, quick_win, "needs") == "• Needs owner"
    assert "commitment missing" in view.summary.text()


def test_refreshes_from_changes_made_elsewhere(view: View, session: SessionModel) -> None:
    """An edit from anywhere (another view, undo) reaches the table through the change signal."""
    idea = _heard_idea(session)
    session.run("Set decision", plan_ops.set_decision, idea, Decision.NOT_NOW)
    assert _cell(view, idea, "decision") == "Not now"
    assert _cell(view, idea, "reason") == MISSING_REASON_TEXT
    session.undo_stack.undo()
    assert _cell(view, idea, "decision") == ""


def test_refused_edit_changes_nothing(view: View, session: SessionModel) -> None:
    refusals: list[str] = []
    session.refused.connect(refusals.append)
    idea = _heard_idea(session)
    index = view.table_model.index(view.table_model.row_of(idea), COLUMN["owner"])
    assert not view.table_model.setData(index, "x" * 500)
    assert refusals and "at most" in refusals[0]
    assert session.undo_stack.count() == 0


def test_read_only_session_cannot_be_edited(qtbot, demo_path: Path) -> None:
    model = SessionModel(SessionStore.open(demo_path, read_only=True))
    view = View(model)
    qtbot.addWidget(view)
    index = view.table.first_editable()
    assert index.isValid() and not index.flags() & Qt.ItemFlag.ItemIsEditable
    model.close()


def test_empty_session_says_so(qtbot, session_path: Path) -> None:
    model = SessionModel(SessionStore.open(session_path))
    view = View(model)
    qtbot.addWidget(view)
    view.show()
    assert view.empty.isVisible() and not view.table.isVisible()
    model.close()


def test_edit_menu_undoes_a_plan_edit_and_the_file_keeps_it(qtbot, demo_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_session(demo_path)
    window.show_phase(Phase.PLAN)
    view = window.workspace.view(Phase.PLAN)
    assert isinstance(view, View)
    idea = _heard_idea(window.model)
    index = view.table_model.index(view.table_model.row_of(idea), COLUMN["first_step"])
    assert view.table_model.setData(index, "Ask Estates for a quote")
    assert window.actions_by_key["undo"].text() == "&Undo Set first step"
    window.actions_by_key["undo"].trigger()
    assert _cell(view, idea, "first_step") == ""
    window.actions_by_key["redo"].trigger()
    window.close_session()
    assert _stored(demo_path, idea).first_step == "Ask Estates for a quote"


def test_a_very_large_plan_gets_three_lines_a_row_instead_of_measuring_every_cell(
    qtbot, session: SessionModel, monkeypatch
) -> None:
    from facilitator.ui.phases.plan import plan_table

    monkeypatch.setattr(plan_table, "FIT_ALL_ROWS", 5)  # the demo's 30-odd rows count as "very large"
    big = View(session)
    qtbot.addWidget(big)
    big.resize(1300, 700)
    big.show()
    table = big.table
    three_lines = table.fontMetrics().lineSpacing() * 3 + 8
    assert table.verticalHeader().defaultSectionSize() == three_lines
    assert {table.rowHeight(r) for r in range(table.model().rowCount())} == {three_lines}


def test_one_reason_answers_a_theme_and_stays_editable_per_idea(
    qtbot, view: View, session: SessionModel, demo_path: Path
) -> None:
    from facilitator.core.outcome import passed_over, unanswered

    assert not view.group_reason.isVisible()  # the demo answers every idea
    assert "✓ every idea has an answer" in view.summary.text()
    assert "more dots than a prioritized idea" not in view.summary.text()  # each says why not
    state = session.state()
    heard = plan_rules.heard_not_prioritized(state)
    support = next(t for t in state.themes if t.name == "Support")
    cleared = [i for i in heard if state.idea(i).theme_id == support.id][:3]
    other = next(i for i in heard if state.idea(i).theme_id != support.id)
    for idea in [*cleared, other]:
        session.run("Clear reason", plan_ops.set_reason, idea, "")
    qtbot.waitUntil(view.group_reason.isVisible)
    assert "4 heard, not taken forward, without a reason" in view.summary.text()
    if any(i in passed_over(session.state()) for i in [*cleared, other]):
        assert "more dots than a prioritized idea" in view.summary.text()
    assert _cell(view, cleared[0], "needs").startswith(("• Reason needed", "• More dots"))

    combo = view.group_reason.theme
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    while combo.currentData() != support.id:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Support (3)"
    view.group_reason.reason.setFocus()
    qtbot.keyClicks(view.group_reason.reason, "Fewer votes; back at the follow-up")
    qtbot.keyClick(view.group_reason.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(view, cleared[0], "reason") == "Fewer votes; back at the follow-up")
    for idea in cleared:
        assert _stored(demo_path, idea).reason == "Fewer votes; back at the follow-up"
    assert _stored(demo_path, other).reason == ""  # another theme's idea is left alone
    assert unanswered(session.state()) == [other]
    assert session.undo_stack.undoText() == "Give a reason to 3 ideas"
    session.undo_stack.undo()  # one step undoes the whole group
    assert all(_stored(demo_path, i).reason == "" for i in cleared)
