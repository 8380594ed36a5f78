"""The Setup view, driven through its real widgets on a real file.

Each test types, clicks or presses keys, then closes the session, reopens the
file with a fresh store and checks what was stored. Undo and redo go through
the Edit menu's actions, as a facilitator would use them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QValidator
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

from facilitator.core.model import Phase, Rules
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.common import user_defaults
from facilitator.ui.common.record_table import encode_ids, moved_order
from facilitator.ui.phases.setup.rules import DurationSpin
from facilitator.ui.phases.setup.view import SetupView
from facilitator.ui.shell.main_window import MainWindow

# The offscreen platform cannot raise a popup or grab the keyboard for it; those
# notices come from Qt itself whenever a menu or the calendar pops up.
POPUP_NOTICES = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def no_saved_defaults():
    """Saved defaults live in the (sandboxed) user settings; never let one test's leak."""
    user_defaults.forget()
    yield
    user_defaults.forget()


@pytest.fixture
def window(make_window):
    return make_window(active=True)  # focus and editors behave as on a desk


def open_setup(qtbot, window: MainWindow, path: Path) -> SetupView:
    assert window.open_session(path)
    window.workspace.show_phase(Phase.SETUP)
    view = window.workspace.view(Phase.SETUP)
    assert isinstance(view, SetupView)
    qtbot.waitUntil(lambda: not view.focus_pending)  # the keyboard has found its place
    return view


def stored(path: Path):
    """The session as a fresh store reads it from disk."""
    store = SessionStore.open(path)
    try:
        return store.load()
    finally:
        store.close()


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Click into the field (focus), select everything in it and type over it."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)


def tick(qtbot, box: QWidget) -> None:
    """Click a check box on its tick mark (its centre may lie past the end of its label)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def undo(window: MainWindow) -> None:
    window.actions_by_key["undo"].trigger()


def redo(window: MainWindow) -> None:
    window.actions_by_key["redo"].trigger()


def names(view: SetupView) -> list[str]:
    model = view.participants.table_model
    return [model.record(r).name for r in range(model.rowCount())]


def theme_names(view: SetupView) -> list[str]:
    model = view.themes.table_model
    return [model.record(r).name for r in range(model.rowCount())]


def open_editor(qtbot, table, row: int, column: int) -> QLineEdit:
    """F2 on a cell, as the facilitator would; returns the editor that opened."""
    table.setCurrentIndex(table.model().index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    # An earlier editor may linger until deleted later; the open one is visible.
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def type_in_cell(qtbot, table, row: int, column: int, text: str) -> None:
    """Rename in place: F2, type, Enter. The delegate commits on the next turn of the event loop."""
    editor = open_editor(qtbot, table, row, column)
    type_into(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def add_people(qtbot, view: SetupView, *people: str) -> None:
    paste = view.participants.paste
    paste.setFocus()
    for n, person in enumerate(people):
        if n:
            qtbot.keyClick(paste, Qt.Key.Key_Return)
        qtbot.keyClicks(paste, person)
    qtbot.keyClick(paste, Qt.Key.Key_Return, CTRL)


# ---- session details ------------------------------------------------------------------------------


def test_details_typed_in_are_saved_one_undo_step_each(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    editors = view.details.editors
    type_into(qtbot, editors["title"], "Ward 9 spring check-in")
    qtbot.keyClick(editors["title"], Qt.Key.Key_Return)
    type_into(qtbot, editors["question"], "What gets in the way")
    qtbot.keyClick(editors["question"], Qt.Key.Key_Return)
    qtbot.keyClicks(editors["question"], "of a good shift?")
    qtbot.keyClick(editors["question"], Qt.Key.Key_Return, CTRL)
    for key, text in (
        ("place", "Seminar room 2"),
        ("facilitator", "Jo Whitfield"),
        ("team", "Ward 9"),
        ("organisation", "Riverside Community Hospital"),
    ):
        type_into(qtbot, editors[key], text)
        qtbot.keyClick(editors[key], Qt.Key.Key_Return)
    editors["date"].setDate(QDate(2026, 11, 19))
    qtbot.keyClick(editors["date"], Qt.Key.Key_Return)

    stack = window.model.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == [
        "Edit title",
        "Edit question",
        "Edit place",
        "Edit facilitator",
        "Edit team or unit",
        "Edit organisation",
        "Edit date",
    ]
    assert window.workspace.title.text() == "Ward 9 spring check-in"
    window.close_session()
    info = stored(session_path).info
    assert info.title == "Ward 9 spring check-in"
    assert info.question == "What gets in the way\nof a good shift?"
    assert (info.place, info.facilitator, info.team) == ("Seminar room 2", "Jo Whitfield", "Ward 9")
    assert info.organisation == "Riverside Community Hospital"
    assert info.date == "2026-11-19"


def test_undo_and_redo_refresh_the_form(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    question = view.details.editors["question"]
    type_into(qtbot, question, "What should we stop doing?")
    qtbot.keyClick(question, Qt.Key.Key_Return, CTRL)
    assert window.actions_by_key["undo"].text() == "&Undo Edit question"
    undo(window)
    assert question.toPlainText() == ""
    assert window.model.store.info().question == ""
    redo(window)
    assert question.toPlainText() == "What should we stop doing?"
    undo(window)
    window.close_session()
    assert stored(session_path).info.question == ""


def test_an_unchanged_field_makes_no_undo_step(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    place = view.details.editors["place"]
    qtbot.keyClick(place, Qt.Key.Key_Return)
    type_into(qtbot, place, "  ")
    qtbot.keyClick(place, Qt.Key.Key_Return)
    assert window.model.undo_stack.count() == 0


def test_empty_title_is_refused_with_a_message_and_nothing_saved(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    before = window.model.store.snapshot()
    title = view.details.editors["title"]
    type_into(qtbot, title, "   ")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert "needs a title" in window.workspace.messages.text()
    assert title.text() == "Listening session"  # the form shows what the file holds
    assert window.model.undo_stack.count() == 0
    window.close_session()
    store = SessionStore.open(session_path)
    assert store.snapshot() == before
    store.close()


@POPUP_NOTICES
def test_dates_are_picked_from_the_calendar_and_cleared(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    checkin = view.details.editors["next_checkin"]
    assert checkin.text() == "" and checkin.placeholderText() == "Not set"
    qtbot.mouseClick(checkin.calendar_button(), Qt.MouseButton.LeftButton)
    calendar = checkin.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    calendar.setSelectedDate(QDate(2027, 2, 18))  # as if paged there with the arrows
    qtbot.keyClick(calendar.focusProxy() or calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.store.info().next_checkin == "2027-02-18")
    assert window.model.undo_stack.count() == 1
    assert window.actions_by_key["undo"].text() == "&Undo Edit next check-in"
    checkin.setFocus()
    qtbot.keyClick(checkin, Qt.Key.Key_Delete, CTRL)
    assert window.model.store.info().next_checkin == ""
    assert checkin.text() == ""
    undo(window)
    assert checkin.date() == QDate(2027, 2, 18)
    window.close_session()
    assert stored(session_path).info.next_checkin == "2027-02-18"


@POPUP_NOTICES
def test_escape_from_the_calendar_leaves_an_empty_date_empty(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    date = view.details.editors["date"]
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_Down, ALT)
    calendar = date.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    qtbot.keyClick(calendar.focusProxy() or calendar, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible() and date.text() == "")
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert window.model.undo_stack.count() == 0
    assert window.model.store.info().date == ""


def test_session_date_typed_as_shown_or_as_iso(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    date = view.details.editors["date"]
    type_into(qtbot, date, "2 Dec 2026")
    assert date.text() == "2 Dec 2026"  # what is typed stays visible as typed
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert window.model.store.info().date == "2026-12-02"
    type_into(qtbot, date, "2026-12-15")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert window.model.store.info().date == "2026-12-15"
    assert date.text() == "15 Dec 2026"  # shown the one way dates are shown
    type_into(qtbot, date, "5 january 2027")
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    window.close_session()
    assert stored(session_path).info.date == "2027-01-05"


@pytest.mark.parametrize("typed", ["Not setDec2026", "20261215", "31 Feb 2027", "next Tuesday"])
def test_session_date_typed_wrong_is_refused_and_the_old_date_kept(
    window, session_path: Path, qtbot, typed: str
) -> None:
    view = open_setup(qtbot, window, session_path)
    date = view.details.editors["date"]
    type_into(qtbot, date, "19 Nov 2026")
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    steps = window.model.undo_stack.count()
    type_into(qtbot, date, typed)
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    message = window.workspace.messages.text()
    assert f"“{typed}”" in message and "15 Dec 2026 or 2026-12-15" in message
    assert date.text() == "19 Nov 2026"
    assert window.model.undo_stack.count() == steps
    window.close_session()
    assert stored(session_path).info.date == "2026-11-19"


def test_arrow_on_an_empty_date_starts_from_today(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    date = view.details.editors["date"]
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_Up)
    today = QDate.currentDate()
    assert date.date() == today  # the first arrow shows today, whatever day of the month it is
    qtbot.keyClick(date, Qt.Key.Key_Down)  # the next one steps from it
    assert date.date() < today
    qtbot.keyClick(date, Qt.Key.Key_Up)
    assert date.date() == today
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert window.model.store.info().date == date.date().toString(Qt.DateFormat.ISODate)


def test_arrow_on_a_date_carries_past_a_months_end(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    date = view.details.editors["date"]
    date.set_iso("2026-12-31")
    date.setFocus()
    date.setSelectedSection(date.Section.DaySection)
    qtbot.keyClick(date, Qt.Key.Key_Up)
    assert date.iso() == "2027-01-01"
    qtbot.keyClick(date, Qt.Key.Key_Down)
    assert date.iso() == "2026-12-31"
    date.set_iso("2028-02-28")
    date.setSelectedSection(date.Section.DaySection)
    qtbot.keyClick(date, Qt.Key.Key_Up)
    assert date.iso() == "2028-02-29"
    date.setSelectedSection(date.Section.MonthSection)
    qtbot.keyClick(date, Qt.Key.Key_Up)
    assert date.iso() == "2028-03-29"


@POPUP_NOTICES
def test_f4_opens_the_calendar_and_enter_picks_the_day(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    date = view.details.editors["date"]
    date.setFocus()
    qtbot.keyClick(date, Qt.Key.Key_F4)
    calendar = date.calendarWidget()
    qtbot.waitUntil(lambda: calendar.isVisible())
    assert calendar.selectedDate() == QDate.currentDate()  # not the year 2000 behind "Not set"
    grid = calendar.focusProxy() or calendar
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # the next day
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    tomorrow = QDate.currentDate().addDays(1).toString(Qt.DateFormat.ISODate)
    qtbot.waitUntil(lambda: window.model.store.info().date == tomorrow)
    assert not calendar.isVisible()
    assert window.model.undo_stack.count() == 1


# ---- participants -----------------------------------------------------------------------------------


def test_pasted_names_are_seated_in_order(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    # No one seated yet: the keyboard starts in the names box.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.participants.paste)
    add_people(qtbot, view, "Ann", "- Bo", "Cy")
    assert names(view) == ["Ann", "Bo", "Cy"]
    assert view.participants.paste.toPlainText() == ""
    assert window.model.undo_stack.text(0) == "Add 3 participants"
    assert view.participants.summary.text() == "3 participants"
    view.participants.paste.setPlainText("Dee")
    qtbot.mouseClick(view.participants.add_button, Qt.MouseButton.LeftButton)
    assert names(view) == ["Ann", "Bo", "Cy", "Dee"]
    window.close_session()
    people = stored(session_path).participants
    assert [(p.name, p.seat, p.joined_round) for p in people] == [
        ("Ann", 0, 1),
        ("Bo", 1, 1),
        ("Cy", 2, 1),
        ("Dee", 3, 1),
    ]


def test_empty_paste_is_refused(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    qtbot.mouseClick(view.participants.add_button, Qt.MouseButton.LeftButton)
    assert "at least one name" in window.workspace.messages.text()
    assert window.model.undo_stack.count() == 0


def test_alt_arrows_move_the_selected_person_and_undo(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    add_people(qtbot, view, "Ann", "Bo", "Cy", "Dee")
    table = view.participants.table
    table.setFocus()
    table.select_id(view.participants.table_model.ids()[3], 1)
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)  # the selection follows the person
    assert names(view) == ["Ann", "Dee", "Bo", "Cy"]
    assert window.actions_by_key["undo"].text() == "&Undo Move Dee up"
    qtbot.keyClick(table, Qt.Key.Key_Down, ALT)
    assert names(view) == ["Ann", "Bo", "Dee", "Cy"]
    undo(window)
    assert names(view) == ["Ann", "Dee", "Bo", "Cy"]
    window.close_session()
    assert [p.name for p in stored(session_path).seated()] == ["Ann", "Dee", "Bo", "Cy"]


def test_move_buttons_and_the_top_edge(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    add_people(qtbot, view, "Ann", "Bo")
    panel = view.participants
    panel.table.clearSelection()
    panel.table.setCurrentIndex(panel.table_model.index(-1, -1))
    assert not (
        panel.up_button.isEnabled() or panel.down_button.isEnabled() or panel.remove_button.isEnabled()
    )
    panel.table.select_id(panel.table_model.ids()[0])
    assert not panel.up_button.isEnabled()  # already first
    assert panel.down_button.isEnabled() and panel.remove_button.isEnabled()
    count = window.model.undo_stack.count()
    qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    assert window.model.undo_stack.count() == count
    qtbot.mouseClick(view.participants.down_button, Qt.MouseButton.LeftButton)
    assert names(view) == ["Bo", "Ann"]


def drop_on(table, ids: list[int], row: int, lower_half: bool, kind: str | None = None) -> bool:
    """Drag rows in over a row of the table and drop them, as the mouse does at the end
    of a drag. Returns whether the table accepted the drag."""
    rect = table.visualRect(table.model().index(row, 1))
    pos = QPoint(rect.center().x(), rect.bottom() - 2 if lower_half else rect.top() + 2)
    data = encode_ids(kind or table.model().kind, ids)
    args = (Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(pos, *args)
    QApplication.sendEvent(table.viewport(), enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(table.viewport(), QDragMoveEvent(pos, *args))
    QApplication.sendEvent(table.viewport(), QDropEvent(QPointF(pos), *args))
    return True


def test_dragging_a_person_changes_the_seat_order(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    add_people(qtbot, view, "Ann", "Bo", "Cy", "Dee")
    ids = view.participants.table_model.ids()
    table = view.participants.table
    assert not drop_on(table, [ids[0]], 2, lower_half=True, kind="theme")  # a theme is no person
    assert drop_on(table, [ids[0]], 2, lower_half=True)  # Ann goes after Cy
    assert names(view) == ["Bo", "Cy", "Ann", "Dee"]
    assert window.actions_by_key["undo"].text() == "&Undo Move Ann in the seat order"
    drop_on(table, [ids[3]], 0, lower_half=False)  # Dee goes first
    assert names(view) == ["Dee", "Bo", "Cy", "Ann"]
    undo(window)
    window.close_session()
    assert [p.name for p in stored(session_path).seated()] == ["Bo", "Cy", "Ann", "Dee"]


def test_rename_role_team_and_absent_in_the_table(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    add_people(qtbot, view, "Ann", "Bo")
    table = view.participants.table
    model = view.participants.table_model
    table.setFocus()

    type_in_cell(qtbot, table, 0, model.column_of("name"), "Ann Lee")
    type_in_cell(qtbot, table, 0, model.column_of("role"), "Staff nurse")
    type_in_cell(qtbot, table, 1, model.column_of("team"), "Therapies")
    table.setCurrentIndex(model.index(1, model.column_of("absent")))
    qtbot.keyClick(table, Qt.Key.Key_Space)
    labels = [window.model.undo_stack.text(i) for i in range(1, window.model.undo_stack.count())]
    assert labels == ["Rename Ann", "Edit role of Ann Lee", "Edit team of Bo", "Mark Bo absent"]
    assert view.participants.summary.text() == "2 participants, 1 absent"
    window.close_session()
    ann, bo = stored(session_path).seated()
    assert (ann.name, ann.role, ann.team, ann.absent) == ("Ann Lee", "Staff nurse", "", False)
    assert (bo.name, bo.team, bo.absent) == ("Bo", "Therapies", True)


def test_remove_only_someone_who_never_took_part(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    add_people(qtbot, view, "Ann", "Bo", "Cy")
    ids = view.participants.table_model.ids()
    with window.model.store.transaction():  # Ann has spoken at the round table
        window.model.store.insert(
            "turn", {"participant_id": ids[0], "round": 1, "started_at": "2026-11-19T14:00:00"}
        )
    table = view.participants.table
    table.setFocus()
    table.select_id(ids[0])
    before = window.model.store.snapshot()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert "Tick Absent instead" in window.workspace.messages.text()
    assert window.model.store.snapshot() == before
    table.select_id(ids[1])
    qtbot.mouseClick(view.participants.remove_button, Qt.MouseButton.LeftButton)
    assert names(view) == ["Ann", "Cy"]
    assert window.actions_by_key["undo"].text() == "&Undo Remove Bo"
    undo(window)
    assert names(view) == ["Ann", "Bo", "Cy"]
    redo(window)
    window.close_session()
    assert [(p.name, p.seat) for p in stored(session_path).seated()] == [("Ann", 0), ("Cy", 2)]


def test_late_arrival_joins_from_the_current_round(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    add_people(qtbot, view, "Ann", "Bo")
    assert view.participants.join_hint.isHidden()
    store = window.model.store
    with store.transaction() as recording:  # the round table has reached round 2
        store.insert("turn", {"participant_id": None, "round": 1, "started_at": "2026-11-19T14:00:00"})
        store.update("session", 1, {"current_round": 2})
    window.model.notify(recording.delta.changes)
    assert "from round 2" in view.participants.join_hint.text()
    assert view.participants.join_hint.isVisibleTo(view)
    add_people(qtbot, view, "Cy")
    assert window.actions_by_key["undo"].text() == "&Undo Add late arrival Cy"
    model = view.participants.table_model
    assert model.data(model.index(2, model.column_of("joined_round"))) == "round 2"
    window.close_session()
    cy = stored(session_path).seated()[-1]
    assert (cy.name, cy.seat, cy.joined_round) == ("Cy", 2, 2)


# ---- themes ----------------------------------------------------------------------------------------


@POPUP_NOTICES
def test_add_rename_recolour_and_remove_themes(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    themes = view.themes
    assert theme_names(view) == ["Communication", "Safety", "Support"]
    qtbot.keyClicks(themes.new_name, "Workload")
    qtbot.keyClick(themes.new_name, Qt.Key.Key_Return)
    assert theme_names(view) == ["Communication", "Safety", "Support", "Workload"]
    assert themes.table.current_id() == themes.table_model.ids()[3]

    table = themes.table
    table.setFocus()
    type_in_cell(qtbot, table, 3, 1, "Staffing")
    assert theme_names(view)[3] == "Staffing"

    qtbot.mouseClick(themes.colour_button, Qt.MouseButton.LeftButton)
    assert themes.colour_menu.isVisible()  # a popup, not a modal dialog: the click returned
    actions = {a.objectName(): a for a in themes.colour_menu.actions()}
    assert actions["colour_orange"].isChecked()  # a fourth theme starts orange
    actions["colour_purple"].trigger()
    themes.colour_menu.close()
    assert themes.table_model.record(3).colour == "#B279A2"
    assert themes.table_model.data(themes.table_model.index(3, 0)) == "Purple"

    labels = [window.model.undo_stack.text(i) for i in range(window.model.undo_stack.count())]
    assert labels == ["Add theme Workload", "Rename theme Workload", "Colour theme Staffing purple"]
    undo(window)
    assert themes.table_model.record(3).colour == "#F58518"
    redo(window)
    window.close_session()
    saved = stored(session_path).themes
    assert [(t.name, t.colour, t.position) for t in saved][3] == ("Staffing", "#B279A2", 3)


def test_duplicate_theme_name_is_refused(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    before = window.model.store.snapshot()
    qtbot.keyClicks(view.themes.new_name, "safety")
    qtbot.mouseClick(view.themes.add_button, Qt.MouseButton.LeftButton)
    assert "already a theme called 'safety'" in window.workspace.messages.text()
    assert view.themes.new_name.text() == "safety"  # kept, so it can be corrected
    assert theme_names(view) == ["Communication", "Safety", "Support"]
    assert window.model.undo_stack.count() == 0
    window.close_session()
    store = SessionStore.open(session_path)
    assert store.snapshot() == before
    store.close()


def test_reorder_themes_by_keyboard_and_drag(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    table = view.themes.table
    ids = view.themes.table_model.ids()
    table.setFocus()
    table.select_id(ids[2])
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    assert theme_names(view) == ["Communication", "Support", "Safety"]
    drop_on(table, [ids[0]], 2, lower_half=True)
    assert theme_names(view) == ["Support", "Safety", "Communication"]
    assert window.actions_by_key["undo"].text() == "&Undo Move theme Communication"
    undo(window)
    assert theme_names(view) == ["Communication", "Support", "Safety"]
    window.close_session()
    assert [t.name for t in stored(session_path).themes] == ["Communication", "Support", "Safety"]


def test_removing_a_theme_leaves_its_ideas_unsorted(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    safety = view.themes.table_model.ids()[1]
    window.model.run("Add idea", idea_ops.add_idea, "Fix the hoist on bay 3", theme_id=safety)
    model = view.themes.table_model
    assert model.data(model.index(1, model.column_of("ideas"))) == "1"
    table = view.themes.table
    table.setFocus()
    table.select_id(safety)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert theme_names(view) == ["Communication", "Support"]
    assert "its 1 idea is now unsorted" in view.themes.status.text()
    undo(window)
    assert theme_names(view) == ["Communication", "Safety", "Support"]
    assert view.themes.status.isHidden()
    redo(window)
    window.close_session()
    state = stored(session_path)
    assert [t.name for t in state.themes] == ["Communication", "Support"]
    assert state.ideas[0].theme_id is None


# ---- rules ---------------------------------------------------------------------------------------------


def test_rules_start_at_the_built_in_defaults(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    editors = view.rules.editors
    assert editors["anonymous"].isChecked()
    assert editors["votes_per_person"].value() == 5
    assert editors["max_votes_per_idea"].value() == 3
    assert not editors["facilitator_votes"].isChecked()
    assert editors["turn_seconds"].text() == "2:00"
    assert editors["silent_seconds"].text() == "Off"
    assert editors["break_minutes"].text() == "every 50 min"
    assert not editors["pick_names"].isChecked()


def test_rules_typed_and_ticked_are_saved(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    editors = view.rules.editors
    for key, text in (
        ("votes_per_person", "7"),
        ("max_votes_per_idea", "2"),
        ("turn_seconds", "1:30"),
        ("silent_seconds", "3:00"),
        ("break_minutes", "45"),
    ):
        type_into(qtbot, editors[key], text)
        qtbot.keyClick(editors[key], Qt.Key.Key_Return)
    for key in ("facilitator_votes", "pick_names", "anonymous"):
        tick(qtbot, editors[key])
    labels = [window.model.undo_stack.text(i) for i in range(window.model.undo_stack.count())]
    assert labels == [
        "Change votes per person",
        "Change max votes on one idea",
        "Change turn length",
        "Change silent writing",
        "Change break reminder",
        "Turn facilitator voting on",
        "Turn PICK-chart names on",
        "Turn anonymous ideas off",
    ]
    assert editors["turn_seconds"].text() == "1:30"
    window.close_session()
    assert stored(session_path).info.rules == Rules(
        anonymous=False,
        votes_per_person=7,
        max_votes_per_idea=2,
        facilitator_votes=True,
        turn_seconds=90,
        break_minutes=45,
        silent_seconds=180,
        pick_names=True,
    )


def test_rule_undo_refreshes_the_widgets(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    spin = view.rules.editors["turn_seconds"]
    type_into(qtbot, spin, "3:15")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    tick(qtbot, view.rules.editors["pick_names"])
    undo(window)
    assert not view.rules.editors["pick_names"].isChecked()
    undo(window)
    assert spin.text() == "2:00"
    redo(window)
    assert spin.value() == 195
    window.close_session()
    assert stored(session_path).info.rules == dataclasses.replace(Rules(), turn_seconds=195)


def test_max_votes_above_votes_per_person_is_refused(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    spin = view.rules.editors["max_votes_per_idea"]
    type_into(qtbot, spin, "6")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    message = window.workspace.messages.text()
    assert "cannot be more than the votes per person (5)" in message
    assert spin.value() == 3  # back to what the file holds
    assert window.model.undo_stack.count() == 0
    window.close_session()
    assert stored(session_path).info.rules == Rules()


def test_switching_anonymous_off_mid_session_says_old_ideas_stay_anonymous(
    window, session_path: Path, qtbot
) -> None:
    view = open_setup(qtbot, window, session_path)
    note = view.rules.anonymous_note
    tick(qtbot, view.rules.editors["anonymous"])
    assert note.isHidden()  # nothing recorded yet: nothing to explain
    undo(window)
    window.model.run("Add idea", idea_ops.add_idea, "A quiet room after a hard shift")
    tick(qtbot, view.rules.editors["anonymous"])
    assert note.isVisibleTo(view)
    assert "Ideas already recorded stay anonymous" in note.text()
    undo(window)
    assert note.isHidden()


def test_turning_anonymous_on_over_named_ideas_asks_first_and_then_removes_the_names(
    window, session_path: Path, qtbot
) -> None:
    view = open_setup(qtbot, window, session_path)
    rules = view.rules
    tick(qtbot, rules.editors["anonymous"])  # off: ideas keep their speaker from now on
    ann = window.model.store.participants()[0].id if window.model.store.participants() else None
    if ann is None:
        window.model.run("Add people", people_ops.add_participants, "Ann\nBo")
        ann = window.model.store.participants()[0].id
    window.model.run("Add idea", idea_ops.add_idea, "Named idea one", author_id=ann)
    window.model.run("Add idea", idea_ops.add_idea, "Named idea two", author_id=ann)
    steps = window.model.undo_stack.count()

    tick(qtbot, rules.editors["anonymous"])  # on again: two ideas carry a name
    assert rules.anonymous_confirm.isVisibleTo(view) and rules.anonymous_no.hasFocus()
    assert "leaves the 2 ideas" in rules.anonymous_question.text()
    assert "cannot be undone" in rules.anonymous_question.text()
    assert not window.model.store.info().rules.anonymous  # nothing written while it asks
    qtbot.mouseClick(rules.anonymous_no, Qt.MouseButton.LeftButton)
    assert not rules.anonymous_confirm.isVisibleTo(view)
    assert not rules.editors["anonymous"].isChecked() and window.model.undo_stack.count() == steps

    tick(qtbot, rules.editors["anonymous"])
    qtbot.mouseClick(rules.anonymous_yes, Qt.MouseButton.LeftButton)
    assert window.model.store.info().rules.anonymous and rules.editors["anonymous"].isChecked()
    assert all(i.author_id is None for i in window.model.store.ideas())
    window.close_session()
    assert all(i.author_id is None and i.turn_id is None for i in stored(session_path).ideas)


def test_vote_rules_are_fixed_once_ballots_exist(window, demo_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, demo_path)
    assert not view.rules.editors["votes_per_person"].isEnabled()
    assert view.rules.votes_note.isVisibleTo(view)
    assert view.rules.editors["turn_seconds"].isEnabled()


# ---- my defaults -------------------------------------------------------------------------------------


def test_saved_defaults_start_new_sessions(window, session_path: Path, tmp_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    spin = view.rules.editors["votes_per_person"]
    type_into(qtbot, spin, "8")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    tick(qtbot, view.rules.editors["facilitator_votes"])
    qtbot.mouseClick(view.rules.save_button, Qt.MouseButton.LeftButton)
    assert "Saved" in view.rules.defaults_status.text()
    assert view.rules.forget_button.isVisibleTo(view)
    expected = dataclasses.replace(Rules(), votes_per_person=8, facilitator_votes=True)
    assert user_defaults.saved_rules() == expected

    assert window.new_session(tmp_path / "next_week")
    assert window.model.store.info().rules == expected
    assert not window.model.undo_stack.canUndo()  # how the file starts, not an edit
    new_view = window.workspace.view(Phase.SETUP)
    assert new_view.rules.editors["votes_per_person"].value() == 8
    assert "your saved defaults" in new_view.rules.defaults_status.text()
    window.close_session()
    assert stored(tmp_path / "next_week.roundtable").info.rules == expected

    view = open_setup(qtbot, window, tmp_path / "next_week.roundtable")
    qtbot.mouseClick(view.rules.forget_button, Qt.MouseButton.LeftButton)
    assert user_defaults.saved_rules() is None
    assert window.new_session(tmp_path / "later")
    assert window.model.store.info().rules == Rules()


def test_reset_to_built_in_defaults_is_one_undo_step(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    changed = dataclasses.replace(Rules(), votes_per_person=9, turn_seconds=60, pick_names=True)
    window.model.run("Change rules", session_ops.update_rules, changed)
    qtbot.mouseClick(view.rules.reset_button, Qt.MouseButton.LeftButton)
    assert window.model.store.info().rules == Rules()
    assert view.rules.editors["votes_per_person"].value() == 5
    assert window.actions_by_key["undo"].text() == "&Undo Reset rules to built-in defaults"
    undo(window)
    assert view.rules.editors["turn_seconds"].text() == "1:00"
    window.close_session()
    assert stored(session_path).info.rules == changed


def test_unusable_saved_defaults_are_ignored() -> None:
    from PySide6.QtCore import QSettings

    from facilitator import APP_NAME

    settings = QSettings(APP_NAME, APP_NAME)
    settings.setValue(user_defaults.KEY, '{"votes_per_person": 2, "max_votes_per_idea": 4}')
    assert user_defaults.saved_rules() is None
    settings.setValue(user_defaults.KEY, "not json")
    assert user_defaults.saved_rules() is None
    settings.setValue(user_defaults.KEY, '{"turn_seconds": 90, "anonymous": "yes"}')
    assert user_defaults.saved_rules() == dataclasses.replace(Rules(), turn_seconds=90)


# ---- keyboard and names -------------------------------------------------------------------------------


def test_focus_starts_on_the_title_once_people_are_seated(window, demo_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, demo_path)
    view.focus_default()
    assert QApplication.focusWidget() is view.details.editors["title"]


def test_tab_walks_the_form_in_reading_order(window, demo_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, demo_path)  # dates set, so their Clear buttons take part
    qtbot.waitUntil(window.isActiveWindow)
    editors = view.details.editors
    editors["title"].setFocus()
    seen = []
    for _ in range(17):
        seen.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)

    def owner(widget: QWidget) -> QWidget:
        while widget is not None and widget not in editors.values() and widget.parentWidget() is not None:
            if widget in view.rules.editors.values():
                return widget
            widget = widget.parentWidget()
        return widget

    walked = [owner(w) for w in seen]
    assert walked[:15] == [
        editors[k]
        for k in (
            "title",
            "question",
            "date",
            "date_clear",
            "place",
            "facilitator",
            "team",
            "organisation",
            "started_at",
            "ended_at",
            "note_taker",
            "contact",
            "next_checkin",
            "next_checkin_clear",
            "approved",
        )
    ]
    assert walked[15] is view.rules.editors["anonymous"]
    assert walked[16] is view.rules.editors["facilitator_votes"]  # vote budget fixed: skipped


def test_tab_reaches_every_section_in_order(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    qtbot.waitUntil(window.isActiveWindow)
    view.details.editors["title"].setFocus()
    seen: list[QWidget] = []
    for _ in range(40):
        widget = QApplication.focusWidget()
        if widget not in seen:
            seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    landmarks = [
        view.details.editors["title"],
        view.details.editors["organisation"],
        view.rules.editors["anonymous"],
        view.rules.editors["pick_names"],
        view.rules.save_button,
        view.participants.paste,
        view.participants.add_button,
        view.participants.table,
        view.themes.new_name,
        view.themes.add_button,
        view.themes.table,
    ]
    positions = [seen.index(w) for w in landmarks]
    assert positions == sorted(positions)
    # Nothing outside the Setup page is visited on the way.
    inside = seen[: positions[-1] + 1]
    assert all(view.isAncestorOf(w) for w in inside)


def test_every_control_has_a_name_and_the_sheet_lists_setup_keys(window, session_path: Path, qtbot) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox, QPlainTextEdit

    view = open_setup(qtbot, window, session_path)
    controls = [
        w
        for w in view.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QAbstractItemView | QAbstractSpinBox | QLineEdit | QPlainTextEdit)
        and not w.objectName().startswith("qt_")
        and not isinstance(w.parentWidget(), QAbstractSpinBox | QAbstractItemView)
        and w.isVisibleTo(view)
    ]
    assert len(controls) > 25
    assert [w for w in controls if not (w.objectName() and w.accessibleName())] == []
    keys = dict(view.shortcuts())
    assert "Alt+Up / Alt+Down" in keys and "Ctrl+Enter" in keys


def test_read_only_session_cannot_be_edited(window, demo_path: Path, qtbot) -> None:
    demo_path.chmod(0o444)
    view = open_setup(qtbot, window, demo_path)
    assert view.details.editors["title"].isReadOnly()
    assert not view.participants.add_button.isEnabled()
    assert not view.rules.editors["turn_seconds"].isEnabled()


# ---- every kind of edit, undone and redone as a whole ------------------------------------------


def test_undo_all_restores_the_file_exactly_and_redo_all_replays_it(
    window, session_path: Path, qtbot
) -> None:
    """One of each kind of Setup edit; undoing them all gives back the very same rows."""
    view = open_setup(qtbot, window, session_path)
    store = window.model.store
    start = store.snapshot()

    type_into(qtbot, view.details.editors["place"], "Seminar room 2")
    qtbot.keyClick(view.details.editors["place"], Qt.Key.Key_Return)
    add_people(qtbot, view, "Ann", "Bo", "Cy")
    people = view.participants.table
    model = view.participants.table_model
    people.setFocus()
    type_in_cell(qtbot, people, 0, model.column_of("role"), "Porter")
    people.setCurrentIndex(model.index(1, model.column_of("absent")))
    qtbot.keyClick(people, Qt.Key.Key_Space)
    people.select_id(model.ids()[2], 1)
    qtbot.keyClick(people, Qt.Key.Key_Up, ALT)
    people.select_id(model.ids()[0], 1)
    qtbot.keyClick(people, Qt.Key.Key_Delete)
    qtbot.keyClicks(view.themes.new_name, "Workload")
    qtbot.keyClick(view.themes.new_name, Qt.Key.Key_Return)
    themes = view.themes.table
    themes.setFocus()
    themes.select_id(view.themes.table_model.ids()[0], 1)
    qtbot.keyClick(themes, Qt.Key.Key_Down, ALT)
    themes.select_id(view.themes.table_model.ids()[2], 1)
    qtbot.keyClick(themes, Qt.Key.Key_Delete)
    spin = view.rules.editors["turn_seconds"]
    type_into(qtbot, spin, "1:45")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    tick(qtbot, view.rules.editors["anonymous"])

    stack = window.model.undo_stack
    assert stack.count() == 11
    end = store.snapshot()
    shown = (names(view), theme_names(view), spin.text())
    while stack.canUndo():
        undo(window)
    assert store.snapshot() == start
    assert (names(view), theme_names(view), spin.text()) == (
        [],
        ["Communication", "Safety", "Support"],
        "2:00",
    )
    assert view.details.editors["place"].text() == ""
    while stack.canRedo():
        redo(window)
    assert store.snapshot() == end
    assert (names(view), theme_names(view), spin.text()) == shown
    window.close_session()
    reopened = SessionStore.open(session_path)
    assert reopened.snapshot() == end
    reopened.close()


# ---- the pieces that have no Qt state ------------------------------------------------------------


@given(
    order=st.lists(st.integers(1, 1000), min_size=1, max_size=12, unique=True),
    data=st.data(),
)
def test_moved_order_is_a_permutation_with_the_moved_rows_together(order, data) -> None:
    moving = data.draw(st.lists(st.sampled_from(order), min_size=1, unique=True))
    row = data.draw(st.integers(0, len(order)))
    new = moved_order(order, moving, row)
    assert sorted(new) == sorted(order)
    start = new.index(next(i for i in order if i in moving))
    assert new[start : start + len(moving)] == [i for i in order if i in moving]
    assert [i for i in new if i not in moving] == [i for i in order if i not in moving]
    before_row = [i for i in order[:row] if i not in moving]
    assert new[: len(before_row)] == before_row


@given(st.integers(0, 3600))
def test_duration_text_round_trips(qapp, seconds: int) -> None:
    spin = DurationSpin()
    spin.setRange(0, 3600)
    text = spin.textFromValue(seconds)
    assert spin.validate(text, len(text))[0] == QValidator.State.Acceptable
    assert spin.valueFromText(text) == seconds


def test_a_field_still_being_typed_in_is_saved_when_the_session_closes(
    window, session_path: Path, qtbot
) -> None:
    view = open_setup(qtbot, window, session_path)
    type_into(qtbot, view.details.editors["organisation"], "Riverside")  # no Enter, no Tab
    type_into(qtbot, view.rules.editors["votes_per_person"], "6")
    window.close_session()
    info = stored(session_path).info
    assert info.organisation == "Riverside"
    assert info.rules.votes_per_person == 6


def test_leaving_the_phase_saves_what_was_typed(window, session_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, session_path)
    type_into(qtbot, view.details.editors["facilitator"], "Jo Whitfield")
    qtbot.keyClick(window.workspace, Qt.Key.Key_2, ALT)  # to the round table
    assert window.model.store.info().facilitator == "Jo Whitfield"
    assert window.actions_by_key["undo"].text() == "&Undo Edit facilitator"


def test_approving_the_minutes_from_setup_is_one_undoable_step(window, demo_path: Path, qtbot) -> None:
    view = open_setup(qtbot, window, demo_path)
    box = view.details.editors["approved"]
    assert box.isChecked()  # the demo's minutes are approved
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: stored(demo_path).info.approved is False)
    assert window.model.undo_stack.undoText() == "Mark the minutes as draft"
    window.model.undo_stack.undo()
    assert stored(demo_path).info.approved is True
    assert box.isChecked()
