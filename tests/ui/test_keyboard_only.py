"""A short session run from the keyboard alone, and Tab through every phase.

Every step sends keys to whatever widget has the keyboard focus, as a keyboard
does; nothing calls a view's methods or clicks. Reading state to check it is
fine; changing it is done with keys only. The one exception is creating the
file, which the app hands to the system's file dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QGraphicsView, QWidget

from facilitator.core.model import ActionStatus, Decision, Phase
from facilitator.store.session_store import SessionStore
from facilitator.ui.phases.plan.plan_table import COLUMN
from facilitator.ui.shell.main_window import MainWindow

Key = Qt.Key
Mod = Qt.KeyboardModifier
NONE = Mod.NoModifier
CTRL = Mod.ControlModifier
SHIFT = Mod.ShiftModifier
ALT = Mod.AltModifier

NAMES = ["Ann Lee", "Bob Kay", "Cat Moss"]
TITLE = "Ward 3 listening session"
QUESTION = "What would make the biggest difference to your shift?"
IDEA_ANN = "More time at handover"
IDEA_BOB_1 = "A quiet room for breaks"
IDEA_BOB_2 = "Somewhere calm to take a break"
IDEA_ANN_2 = "A buddy for new starters"
TYPO = "A typo the facilitator takes back"
OWNER = "Dana Cole"
REASON = "No budget for building work this year"


# ---- a keyboard, and nothing else -----------------------------------------------------------------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Key, mods: Mod = NONE) -> None:
    """One key press to whatever has the focus, then let Qt settle as it would between keys."""
    qtbot.keyClick(focused(), key, mods)
    QApplication.processEvents()


def type_text(qtbot, text: str) -> None:
    """Type character by character: a key that opens an editor moves the focus, as on a desk."""
    for character in text:
        qtbot.keyClicks(focused(), character)
        QApplication.processEvents()


def tab_to(qtbot, name: str, limit: int = 60, backward: bool = False) -> QWidget:
    """Press Tab (Shift+Tab) until the widget called `name` has the focus, as a keyboard user does."""
    for _ in range(limit):
        if focused().objectName() == name:
            return focused()
        press(qtbot, Key.Key_Tab, SHIFT if backward else NONE)
    raise AssertionError(f"{limit} presses of {'Shift+' if backward else ''}Tab never reached {name!r}")


def press_until(qtbot, key: Key, done: Callable[[], bool], limit: int = 20) -> None:
    for _ in range(limit):
        if done():
            return
        press(qtbot, key)
    raise AssertionError(f"{limit} presses of {key.name} did not get there")


def stored(path: Path):
    store = SessionStore.open(path)
    try:
        return store.load()
    finally:
        store.close()


@pytest.fixture
def window(make_window):
    return make_window(active=True)


def view_of(window: MainWindow, phase: Phase):
    return window.workspace.view(phase)


# ---- the session --------------------------------------------------------------------------------------


# The offscreen platform cannot raise a popup or grab the keyboard for it (the save
# dialog's completer, a drop-down): Qt itself says so.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_a_short_session_from_the_keyboard_alone(window: MainWindow, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "keys.roundtable"
    assert window.new_session(path)  # the system's file dialog would name the file

    # Setup: the names box has the keyboard first; paste the names, add them, then the details.
    qtbot.waitUntil(lambda: focused().objectName() == "setup_paste_names")
    QApplication.clipboard().setText("\n".join(NAMES) + "\n")  # copied from the rota
    press(qtbot, Key.Key_V, CTRL)
    press(qtbot, Key.Key_Return, CTRL)
    assert [p.name for p in window.model.store.participants()] == NAMES
    tab_to(qtbot, "setup_title")
    press(qtbot, Key.Key_A, CTRL)
    type_text(qtbot, TITLE)
    press(qtbot, Key.Key_Tab)
    assert focused().objectName() == "setup_question"
    type_text(qtbot, QUESTION)
    press(qtbot, Key.Key_Tab)
    assert window.model.store.info().question == QUESTION

    # Round table: Enter records and moves on, Shift+Enter keeps the speaker, F8 passes.
    press(qtbot, Key.Key_2, ALT)
    assert window.workspace.current_phase is Phase.ROUND_TABLE
    assert focused().objectName() == "ideaEntry"
    type_text(qtbot, IDEA_ANN)
    press(qtbot, Key.Key_Return)
    type_text(qtbot, IDEA_BOB_1)
    press(qtbot, Key.Key_Return, SHIFT)
    type_text(qtbot, IDEA_BOB_2)
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_F8)  # Cat passes
    type_text(qtbot, TYPO)
    press(qtbot, Key.Key_Return)
    assert TYPO in [i.text for i in window.model.store.ideas()]
    press(qtbot, Key.Key_Z, CTRL)  # the idea box has nothing of its own to undo: the session undoes
    assert TYPO not in [i.text for i in window.model.store.ideas()]
    assert focused().objectName() == "ideaEntry"
    type_text(qtbot, IDEA_ANN_2)  # Ann again, round 2
    press(qtbot, Key.Key_Return)
    for _ in range(5):  # Bob and Cat pass in round 2, then everyone in round 3
        press(qtbot, Key.Key_F8)
    round_table = view_of(window, Phase.ROUND_TABLE)
    assert round_table.suggestion.isVisible()
    assert "Everyone passed in round 3" in round_table.suggestion.text()

    # Group: a digit moves the current card to a theme; Shift+arrow and Ctrl+M merge two.
    press(qtbot, Key.Key_3, ALT)
    assert focused().objectName() == "boardView"
    board = view_of(window, Phase.GROUP).board
    moved = board.scene.current_id()
    assert moved is not None
    themes = window.model.store.themes()
    press(qtbot, Key.Key_1)
    assert window.model.store.idea(moved).theme_id == themes[0].id
    press(qtbot, Key.Key_Home)
    first = board.scene.current_id()
    press(qtbot, Key.Key_Right, SHIFT)
    second = board.scene.current_id()
    assert len({moved, first, second}) == 3
    press(qtbot, Key.Key_M, CTRL)
    assert window.model.store.idea(second).merged_into == first
    # Reveal and closing seal the anonymous session again (new random ids): keep the texts.
    moved, first, second = (window.model.store.idea(i).text for i in (moved, first, second))

    # Vote: hand the laptop round; each voter places dots with arrows and Space, Ctrl+Enter submits.
    press(qtbot, Key.Key_4, ALT)
    assert focused().objectName() == "handOverButton"
    press(qtbot, Key.Key_Space)
    ballots = (
        [Key.Key_Space] * 3 + [Key.Key_Right] + [Key.Key_Space] * 2,
        [Key.Key_Right] + [Key.Key_Space] * 3 + [Key.Key_Right] + [Key.Key_Space] * 2,
        [Key.Key_Right, Key.Key_Right] + [Key.Key_Space] * 3 + [Key.Key_Left] + [Key.Key_Space] * 2,
    )
    expected: dict[int, int] = {}
    for keys in ballots:
        assert focused().objectName() == "startBallotButton"
        press(qtbot, Key.Key_Return)
        assert focused().objectName().startswith("ballotCard_")
        for key in keys:
            press(qtbot, key)
            if key == Key.Key_Space:
                expected[focused().idea_id] = expected.get(focused().idea_id, 0) + 1
        press(qtbot, Key.Key_Return, CTRL)
        assert focused().objectName() == "startBallotButton"  # "Done: hand the laptop on"
        press(qtbot, Key.Key_Return)
    assert focused().objectName() == "revealButton"  # everyone has voted: Reveal is next
    expected = {window.model.store.idea(i).text: n for i, n in expected.items()}
    press(qtbot, Key.Key_Space)
    assert window.model.store.info().revealed

    # Prioritize: the top-voted cards are on the matrix; arrows move the selected one.
    press(qtbot, Key.Key_5, ALT)
    assert focused().objectName() == "matrixView"
    placed = view_of(window, Phase.PRIORITIZE).scene.selected_idea()
    assert placed is not None
    for key in (Key.Key_Right, Key.Key_Up, Key.Key_Up):
        press(qtbot, key)

    # Plan: the first decision cell has the keyboard; a letter picks the decision.
    press(qtbot, Key.Key_6, ALT)
    table = view_of(window, Phase.PLAN).table
    assert focused() is table
    assert table.currentIndex().column() == COLUMN["decision"]
    committed = table.plan_model().idea_id(table.currentIndex().row())
    type_text(qtbot, "D")  # Do now
    press(qtbot, Key.Key_Tab)
    assert table.currentIndex().column() == COLUMN["owner"]
    type_text(qtbot, OWNER)  # typing opens the cell's editor
    press(qtbot, Key.Key_Return)
    assert focused() is table
    press(qtbot, Key.Key_Down)
    declined = table.plan_model().idea_id(table.currentIndex().row())
    assert declined not in (None, committed)
    press_until(qtbot, Key.Key_Left, lambda: table.currentIndex().column() == COLUMN["decision"])
    type_text(qtbot, "N")  # Not now
    press_until(qtbot, Key.Key_Right, lambda: table.currentIndex().column() == COLUMN["reason"])
    type_text(qtbot, REASON)
    press(qtbot, Key.Key_Return)

    # Minutes: Tab to the export button, press it, name the file in the (non-modal) dialog.
    press(qtbot, Key.Key_7, ALT)
    minutes = view_of(window, Phase.MINUTES)
    press(qtbot, Key.Key_Tab, SHIFT)
    assert focused().objectName() != "export_minutes"
    tab_to(qtbot, "export_minutes")
    press(qtbot, Key.Key_Space)
    qtbot.waitUntil(lambda: focused().objectName() == "fileNameEdit")  # in the save dialog
    pdf = tmp_path / "keys minutes.pdf"
    press(qtbot, Key.Key_A, CTRL)
    type_text(qtbot, str(pdf))
    with qtbot.waitSignal(minutes.export_finished, timeout=60_000):
        press(qtbot, Key.Key_Return)
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for words in (TITLE, IDEA_ANN_2, REASON):
        assert words in " ".join(text.split())

    # The save dialog has gone. A window manager hands the keyboard back to the main
    # window; the offscreen platform has none, so do what it would.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    placed, committed, declined = (window.model.store.idea(i).text for i in (placed, committed, declined))

    # Close the session (Ctrl+W) and read the file afresh: it is sealed, so ideas are found by text.
    press(qtbot, Key.Key_W, CTRL)
    assert window.model is None
    state = stored(path)
    by_text = {i.text: i.id for i in state.ideas}
    assert (state.info.title, state.info.question) == (TITLE, QUESTION)
    assert [p.name for p in state.participants] == NAMES
    assert sorted(i.text for i in state.ideas) == sorted([IDEA_ANN, IDEA_BOB_1, IDEA_BOB_2, IDEA_ANN_2])
    names = {p.id: p.name for p in state.participants}
    assert state.turns == []  # folded into per-person totals: turns, passes, ideas
    assert {names[a.participant_id]: (a.turns, a.passes, a.ideas) for a in state.airtime} == {
        "Ann Lee": (3, 1, 2),
        "Bob Kay": (3, 2, 2),
        "Cat Moss": (3, 3, 0),
    }
    assert state.info.rounds_sealed == 3
    assert state.idea(by_text[moved]).theme_id == themes[0].id
    assert state.idea(by_text[second]).merged_into == by_text[first]
    assert len(state.ballots) == 3 and len(state.voters) == 3
    assert all(sum(ballot.dots.values()) == 5 for ballot in state.ballots)  # every dot placed
    tally: dict[str, int] = {}
    for ballot in state.ballots:
        for idea_id, dots in ballot.dots.items():
            text = state.idea(idea_id).text
            tally[text] = tally.get(text, 0) + dots
    assert tally == expected
    assert state.info.revealed
    placement = next(p for p in state.placements if p.idea_id == by_text[placed])
    assert (placement.feasibility, placement.impact) == (4, 5)
    actions = {state.idea(a.idea_id).text: a for a in state.actions}
    assert (actions[committed].decision, actions[committed].owner) == (Decision.DO_NOW, OWNER)
    assert actions[committed].status is ActionStatus.OPEN
    assert (actions[declined].decision, actions[declined].reason) == (Decision.NOT_NOW, REASON)


# ---- Tab through each phase ------------------------------------------------------------------------


def where(widget: QWidget) -> tuple:
    """The focused widget and, inside it, what Tab moves: a table's cell, the matrix's card."""
    inner = None
    if isinstance(widget, QAbstractItemView) and widget.currentIndex().isValid():
        inner = (widget.currentIndex().row(), widget.currentIndex().column())
    elif isinstance(widget, QGraphicsView) and hasattr(widget.scene(), "selected_idea"):
        inner = widget.scene().selected_idea()
    return (id(widget), widget.objectName(), inner)


# Enough presses for every cell of the demo's plan table, and then some.
TAB_LIMIT = 800


def tab_cycle(qtbot, window: MainWindow) -> list[QWidget]:
    """Tab from the phase's first control all the way round, back to it; every press must move
    on (inside a table or the matrix, to the next cell or card). Returns the controls in order."""
    start = focused()
    seen: list[QWidget] = [start]
    before = where(start)
    for _ in range(TAB_LIMIT):
        press(qtbot, Key.Key_Tab)
        widget = focused()
        now = where(widget)
        assert now != before, f"Tab did not move on from {widget.objectName()!r}"
        assert widget.isVisible(), f"Tab landed on {widget.objectName()!r}, which is not shown"
        assert widget.isEnabled(), f"Tab landed on {widget.objectName()!r}, which is greyed out"
        assert widget.window() is window, f"Tab left the window for {widget.objectName()!r}"
        if widget is not seen[-1]:
            if widget is start:
                return seen
            seen.append(widget)
        before = now
    raise AssertionError(f"Tab never came back to {start.objectName()!r}: stuck in {seen[-1].objectName()!r}")


def part_of(window: MainWindow, widget: QWidget, phase: Phase) -> str:
    workspace = window.workspace
    if widget is workspace.navigator:
        return "phases"
    if workspace.timer_strip.isAncestorOf(widget):
        return "timers"
    if view_of(window, phase).isAncestorOf(widget):
        return "view"
    return widget.objectName()


# What each phase's view must offer to Tab, at least.
REACHED = {
    Phase.SETUP: {"setup_title", "setup_question", "setup_paste_names", "setup_participant_table"},
    Phase.ROUND_TABLE: {"ideaEntry", "recordIdea", "recordPass", "seatTable", "boardView"},
    Phase.GROUP: {"boardView", "groupThemeTable", "duplicateList", "boardSearch"},
    Phase.VOTE: {"tallyTable", "revealButton", "voteProgress"},
    Phase.PRIORITIZE: {"matrixView", "startHandOverButton", "candidateList"},
    Phase.PLAN: {"planTable"},
    Phase.MINUTES: {"paperSize", "export_minutes", "export_summary", "export_csv"},
}


@pytest.mark.parametrize("phase", list(Phase))
def test_tab_goes_round_each_phase_in_screen_order(window: MainWindow, qtbot, demo_path: Path, phase) -> None:
    assert window.open_session(demo_path)
    press(qtbot, getattr(Key, f"Key_{list(Phase).index(phase) + 1}"), ALT)
    assert window.workspace.current_phase is phase
    cycle = tab_cycle(qtbot, window)
    assert REACHED[phase] <= {w.objectName() for w in cycle}
    assert "setupScroll" not in {w.objectName() for w in cycle}  # a page, not a control
    # In screen order: the phases on the left, the phase shown, then the timer strip below it.
    parts = [part_of(window, w, phase) for w in cycle]
    start = parts.index("phases")
    parts = parts[start:] + parts[:start]
    blocks = [p for n, p in enumerate(parts) if n == 0 or parts[n - 1] != p]
    assert blocks == ["phases", "view", "timers"]


def test_shift_tab_leaves_the_tables_backwards_too(window: MainWindow, qtbot, demo_path: Path) -> None:
    assert window.open_session(demo_path)
    press(qtbot, Key.Key_6, ALT)
    table = focused()
    assert table.objectName() == "planTable"
    press(qtbot, Key.Key_Tab, CTRL | SHIFT)  # leave at once
    assert focused() is not table
    press(qtbot, Key.Key_Tab)
    assert focused() is table
    for _ in range(TAB_LIMIT):
        press(qtbot, Key.Key_Tab, SHIFT)
        if focused() is not table:
            break
    assert focused() is not table


def test_the_typed_ratings_table_lets_tab_leave(window: MainWindow, qtbot, demo_path: Path) -> None:
    assert window.open_session(demo_path)
    press(qtbot, Key.Key_5, ALT)
    tab_to(qtbot, "qt_tabwidget_tabbar")
    press(qtbot, Key.Key_Right)  # the "Typed ratings" tab
    ratings = tab_to(qtbot, "ratingTable")
    for _ in range(TAB_LIMIT):
        press(qtbot, Key.Key_Tab)
        if focused() is not ratings:
            break
    assert focused() is not ratings
    assert focused().objectName() == "addRaterButton"


# ---- where the keyboard starts in each phase --------------------------------------------------------


FIRST = {
    Phase.SETUP: "setup_title",  # people are seated; with nobody yet it is the names box
    Phase.ROUND_TABLE: "ideaEntry",
    Phase.GROUP: "boardView",
    Phase.VOTE: "tallyTable",  # everyone has voted and the results are out
    Phase.PRIORITIZE: "matrixView",
    Phase.PLAN: "planTable",
    Phase.MINUTES: "export_minutes",
}


@pytest.mark.parametrize("phase", list(Phase))
def test_each_phase_starts_where_the_facilitator_works(
    window: MainWindow, qtbot, demo_path: Path, phase
) -> None:
    assert window.open_session(demo_path)
    press(qtbot, getattr(Key, f"Key_{list(Phase).index(phase) + 1}"), ALT)
    qtbot.waitUntil(lambda: focused().objectName() == FIRST[phase])
    view = view_of(window, phase)
    if phase is Phase.GROUP:
        assert view.board.scene.current_id() is not None  # a card to act on
    elif phase is Phase.PRIORITIZE:
        assert view.scene.selected_idea() is not None
    elif phase is Phase.PLAN:
        index = view.table.currentIndex()
        assert index.column() == COLUMN["decision"]
        assert view.table.plan_model().idea_id(index.row()) is not None
    elif phase is Phase.VOTE:
        assert focused().currentIndex().column() in (1, 2)  # a count to type, not the card's words


def test_vote_starts_on_hand_over_while_anyone_waits(window: MainWindow, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "waiting.roundtable"
    assert window.new_session(path)
    qtbot.waitUntil(lambda: focused().objectName() == "setup_paste_names")
    type_text(qtbot, "Ann")
    press(qtbot, Key.Key_Return, CTRL)
    press(qtbot, Key.Key_2, ALT)
    type_text(qtbot, IDEA_ANN)
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_4, ALT)
    assert focused().objectName() == "handOverButton"


def test_setup_starts_on_the_names_box_in_a_new_session(window: MainWindow, qtbot, tmp_path: Path) -> None:
    assert window.new_session(tmp_path / "new.roundtable")
    qtbot.waitUntil(lambda: focused().objectName() == "setup_paste_names")
    press(qtbot, Key.Key_1, ALT)
    assert focused().objectName() == "setup_paste_names"
