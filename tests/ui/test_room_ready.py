"""Small things a facilitator hit in a real session, each driven through the real window:
the shortcut sheet, the stale speaker, the presenter's vote wording, the turn clock,
the paste box, the card counter, the message strip and the undo keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from facilitator.core.model import Phase
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import voting as vote_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.shell.actions import ACTIONS, LAST_KEYBOARD_KEY
from facilitator.ui.shell.appearance import Look
from facilitator.ui.shell.dialogs import shortcut_rows
from facilitator.ui.shell.main_window import MainWindow

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
PEOPLE = "Aisha Bello\nOliver Grant\nPriya Raman"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "room.roundtable"
    store = SessionStore.create(path)
    people_ops.add_participants(store, PEOPLE)
    store.close()
    return path


@pytest.fixture
def window(make_window, path: Path) -> MainWindow:
    return make_window(path, size=(1280, 800), active=True)


def focused():
    return QApplication.focusWidget()


def test_the_shortcut_sheet_lists_only_keys_a_person_can_press(window: MainWindow, qtbot) -> None:
    qtbot.keyClick(focused(), Key.Key_F1)
    sheet = next(d for d in window._dialogs if d.objectName() == "shortcutSheet")
    text = sheet.browser.toPlainText()
    for raw in ("F14", "or Undo", "or Exit", "or Close", "or New", "or Open", "Shift+Save"):
        assert raw not in text, raw
    assert "Ctrl+Q" in text and "Ctrl+Z" in text
    for _group, keys, _what in shortcut_rows(ACTIONS, []):
        for alternative in keys.split(" or "):
            sequence = QKeySequence(alternative)
            assert not sequence.isEmpty(), keys
            assert all(sequence[n].key().value <= LAST_KEYBOARD_KEY.value for n in range(sequence.count()))


class PaintLog(QObject):
    """Records the placeholder each time the idea box's viewport is painted where it shows."""

    def __init__(self, entry) -> None:
        super().__init__()
        self.entry = entry
        self.painted: list[str] = []

    def eventFilter(self, watched, event) -> bool:
        # Only a paint over the whole line counts: the blinking cursor repaints a sliver.
        if event.type() == QEvent.Type.Paint and event.rect().width() > watched.width() // 2:
            self.painted.append(self.entry.placeholderText())
        return False


def test_after_a_pass_the_idea_box_names_the_next_speaker(window: MainWindow, qtbot) -> None:
    window.show_phase(Phase.ROUND_TABLE)
    view = window.workspace.view(Phase.ROUND_TABLE)
    entry = view.entry
    qtbot.waitUntil(entry.hasFocus)
    log = PaintLog(entry)
    entry.viewport().installEventFilter(log)
    # Every pass ends a turn. The box stays empty, so Qt would repaint its placeholder only if
    # the layout happened to change: from the second pass on, it kept the previous name.
    for speaker in ("Oliver Grant", "Priya Raman", "Aisha Bello", "Oliver Grant", "Priya Raman"):
        qtbot.keyClick(entry, Key.Key_F8)
        assert view.status.text().endswith(f"{speaker}'s turn")
        assert speaker in entry.placeholderText()
        QApplication.processEvents()  # the repaint Qt has been asked for, and nothing later
        assert log.painted and speaker in log.painted[-1]
    entry.viewport().removeEventFilter(log)


def test_the_presenter_says_the_facilitator_reveals_the_results(window: MainWindow, qtbot) -> None:
    store = window.model.store
    idea = idea_ops.add_idea(store, "Quiet room").value
    people = [p.id for p in store.participants()]
    window.model.reload()
    window.show_phase(Phase.VOTE)
    presenter = window.open_presenter()
    for n, person in enumerate(people, start=1):
        window.model.run("Cast ballot", vote_ops.cast_ballot, person, {idea: 1})
        text = presenter.shown_text()
        assert f"{n} of 3 have voted" in text
        assert "Results are shown when the facilitator reveals them" in text
        assert "when everyone has voted" not in text
    assert "Everyone has voted" in presenter.shown_text()


def test_the_turn_clock_runs_only_at_the_round_table(window: MainWindow, qtbot) -> None:
    timers = window.model.timers
    window.show_phase(Phase.ROUND_TABLE)
    qtbot.waitUntil(lambda: timers.turn_running)
    presenter = window.open_presenter()
    for phase in (Phase.GROUP, Phase.VOTE):
        qtbot.keyClick(focused(), Key.Key_PageDown, CTRL)
        assert window.workspace.current_phase is phase
        assert not timers.turn_running
        assert "Turn:" not in presenter.shown_text()
    timers._turn_start = None
    qtbot.keyClick(focused(), Key.Key_2, Qt.KeyboardModifier.AltModifier)  # back at the table
    assert window.workspace.current_phase is Phase.ROUND_TABLE
    qtbot.waitUntil(lambda: timers.turn_running)
    assert timers.turn_elapsed() < 5  # a fresh turn, not minutes "over" from before
    presenter.on_timers_tick()
    assert "Turn:" in presenter.shown_text() and "over" not in presenter.shown_text()


def test_pasted_names_with_role_and_team_by_comma_or_tab(window: MainWindow, path: Path, qtbot) -> None:
    window.show_phase(Phase.SETUP)
    panel = window.workspace.view(Phase.SETUP).participants
    assert "commas or tabs" in panel.paste_hint.text() and panel.paste_hint.isVisible()
    panel.paste.setFocus()
    QApplication.clipboard().setText("Dan Moss, Staff nurse, Ward 5\nEve Kerr\tPorter\tEstates\n")
    qtbot.keyClick(panel.paste, Key.Key_V, CTRL)  # as copied from a list or a spreadsheet
    qtbot.keyClicks(panel.paste, "Fay Lowe")
    qtbot.keyClick(panel.paste, Key.Key_Return, CTRL)
    window.close_session()
    store = SessionStore.open(path)
    try:
        added = [(p.name, p.role, p.team) for p in store.participants()][3:]
    finally:
        store.close()
    assert added == [
        ("Dan Moss", "Staff nurse", "Ward 5"),
        ("Eve Kerr", "Porter", "Estates"),
        ("Fay Lowe", "", ""),
    ]


def test_the_board_counts_cards_and_the_ideas_they_carry(window: MainWindow, qtbot) -> None:
    store = window.model.store
    ids = [idea_ops.add_idea(store, t).value for t in ("Huddle", "Short huddle", "Hoist", "Quiet room")]
    window.model.reload()
    window.show_phase(Phase.GROUP)
    board = window.workspace.view(Phase.GROUP).board
    assert board.match_label.text() == "4 cards"
    window.model.run("Merge two cards", idea_ops.merge_ideas, ids[0], [ids[1]])
    assert board.match_label.text() == "3 cards (4 ideas)"


def test_a_banner_goes_when_the_next_action_works_and_dismiss_keeps_the_keyboard(
    window: MainWindow, qtbot
) -> None:
    window.show_phase(Phase.SETUP)
    details = window.workspace.view(Phase.SETUP).details
    place = details.editors["place"]
    place.setFocus()
    qtbot.keyClicks(place, "Ward 5 day room")
    qtbot.keyClick(place, Key.Key_Return)
    window.model.run("Add", people_ops.add_participants, "")  # refused: a message
    banner = window.workspace.messages
    assert banner.isVisible() and "at least one name" in banner.text()
    place.setFocus()
    qtbot.mouseClick(banner.close_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    assert focused() is place  # not moved to Title
    window.model.run("Add", people_ops.add_participants, "")
    assert banner.isVisible()
    qtbot.keyClicks(place, ", east wing")
    qtbot.keyClick(place, Key.Key_Tab)  # the next action succeeds
    assert window.model.store.info().place == "Ward 5 day room, east wing"
    assert not banner.isVisible()


def test_ctrl_z_in_a_stored_field_undoes_the_session_and_makes_no_new_step(window: MainWindow, qtbot) -> None:
    window.show_phase(Phase.SETUP)
    details = window.workspace.view(Phase.SETUP).details
    title = details.editors["title"]
    stack = window.model.undo_stack
    before = window.model.store.info().title
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Ward 5 listening")
    qtbot.keyClick(title, Key.Key_Tab)  # stored: "Edit title"
    window.model.run("Add", people_ops.add_participants, "Gus Hale")
    steps = stack.count()
    title.setFocus()
    qtbot.keyClick(title, Key.Key_Z, CTRL)  # the session's last step, not the title's old typing
    assert [p.name for p in window.model.store.participants()][-1] == "Priya Raman"
    assert title.text() == "Ward 5 listening"
    qtbot.keyClick(title, Key.Key_Z, CTRL)  # then the title step itself
    assert window.model.store.info().title == before
    qtbot.keyClick(title, Key.Key_Tab)  # leaving the field makes no new step
    assert stack.count() == steps and stack.canRedo()
    title.setFocus()
    qtbot.keyClicks(title, "Draft")  # typing not yet stored: Ctrl+Z takes it back first
    qtbot.keyClick(title, Key.Key_Z, CTRL)
    assert title.text() == before and stack.count() == steps and stack.canRedo()
    assert window.model.store.info().title == before


def test_equal_voice_figures_leave_the_table_whole_at_1280_by_800(window: MainWindow, qtbot) -> None:
    people_ops.add_participants(window.model.store, "Dan Moss\nEve Kerr\nFay Lowe")
    window.model.reload()
    window.show_phase(Phase.ROUND_TABLE)
    view = window.workspace.view(Phase.ROUND_TABLE)
    table = view.table
    qtbot.waitUntil(view.entry.hasFocus)
    for idea in ("Rota six weeks ahead", "A quiet room"):
        qtbot.keyClicks(view.entry, idea)
        qtbot.keyClick(view.entry, Key.Key_Return)
    before = table.height()
    qtbot.keyClick(focused(), Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert view.airtime.isVisible()
    assert view.airtime.height() > 150 and len(view.airtime.figures()) == 6
    assert table.height() >= min(before, 300)  # the oval is not squeezed to a line
    ellipse, centres = table._layout()
    radius = table._radius
    oval = ellipse.height() - 2 * radius * 1.6  # the table as drawn, inside the seats
    assert oval > 80, f"the table is drawn {oval:.0f} px high"
    for n, a in enumerate(centres):  # every seat drawn, inside the table, none on another
        assert table.rect().adjusted(0, 0, 1, 1).contains(a.toPoint())
        for b in centres[n + 1 :]:
            assert (a - b).manhattanLength() > 2 * radius
    assert view.airtime.summary.text().startswith("Ideas were shared very evenly")  # one idea each
    assert "Gini" not in view.airtime.summary.text()


@pytest.fixture
def looks(window: MainWindow):
    yield window
    window.set_look(Look.SYSTEM)  # the look is a remembered setting: put it back


def _lightness(widget, point) -> int:
    return widget.grab().toImage().pixelColor(point).lightness()


def test_dark_look_reaches_the_board_and_the_matrix(looks: MainWindow, qtbot) -> None:
    window = looks
    store = window.model.store
    ids = [idea_ops.add_idea(store, t).value for t in ("Huddle at shift start", "Quiet room")]
    from facilitator.ops import matrix as matrix_ops

    for n, idea_id in enumerate(ids):
        matrix_ops.place(store, idea_id, 2 + n, 4)
    window.model.reload()
    window.show_phase(Phase.GROUP)
    view = window.workspace.view(Phase.GROUP).board.view
    card = window.workspace.view(Phase.GROUP).board.scene.cards[ids[0]]
    corner = view.viewport().rect().bottomRight() - QPoint(4, 4)

    def card_point():
        return view.mapFromScene(card.sceneBoundingRect().center() + QPointF(0, 40))

    window.set_look(Look.LIGHT)
    assert _lightness(view.viewport(), corner) > 200
    assert _lightness(view.viewport(), card_point()) > 170
    window.set_look(Look.DARK)
    assert _lightness(view.viewport(), corner) < 80  # the page behind the lanes
    assert _lightness(view.viewport(), card_point()) < 110  # a card, not a white tile
    window.show_phase(Phase.PRIORITIZE)
    matrix = window.workspace.view(Phase.PRIORITIZE).matrix_view
    assert _lightness(matrix.viewport(), QPoint(3, 3)) < 80


def test_light_look_frames_the_control_the_app_focused(looks: MainWindow, qtbot) -> None:
    window = looks
    window.set_look(Look.LIGHT)
    idea_ops.add_idea(window.model.store, "Quiet room")
    window.model.reload()
    qtbot.keyClick(focused(), Key.Key_4, Qt.KeyboardModifier.AltModifier)  # the app focuses Next voter
    button = window.workspace.view(Phase.VOTE).next_button
    qtbot.waitUntil(button.hasFocus)
    framed = button.grab().toImage()
    window.workspace.navigator.setFocus()
    qtbot.waitUntil(lambda: not button.hasFocus())
    assert framed != button.grab().toImage()  # the focus frame is drawn, no Tab needed
