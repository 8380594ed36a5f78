"""The round table driven through the real window: record, pass, keep the turn, undo, reopen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from facilitator.core.model import Phase, Rules
from facilitator.ops import participants as people_ops
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.shell.main_window import MainWindow

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(make_window):
    return make_window(size=(1400, 900), active=True)


def seat_room(path: Path, names: str = "Ann\nBo\nCy\nDi\nEd", **rules) -> None:
    store = SessionStore.open(path)
    people_ops.add_participants(store, names)
    session_ops.update_info(store, question="What would make the next winter surge safer?")
    if rules:
        session_ops.update_rules(store, Rules(**rules))
    store.close()


def open_round_table(window: MainWindow, path: Path):
    assert window.open_session(path)
    window.show_phase(Phase.ROUND_TABLE)
    view = window.workspace.view(Phase.ROUND_TABLE)
    assert window.workspace.stack.currentWidget() is view
    return view


def say(qtbot, view, text: str, keep: bool = False) -> None:
    view.entry.setFocus()
    view.entry.setPlainText(text)
    qtbot.keyClick(view.entry, Qt.Key.Key_Return, SHIFT if keep else Qt.KeyboardModifier.NoModifier)


def passes(qtbot, view) -> None:
    qtbot.keyClick(view.entry, Qt.Key.Key_F8)


def undo(window: MainWindow) -> None:
    window.actions_by_key["undo"].trigger()


def redo(window: MainWindow) -> None:
    window.actions_by_key["redo"].trigger()


def speaker(view) -> str:
    return view.table.speaker_name()


def turns_table(store: SessionStore) -> list[tuple[str, int, bool, int]]:
    state = store.load()
    names = {p.id: p.name for p in state.participants}
    return [(names[t.participant_id], t.round, t.passed, t.ideas) for t in state.turns]


def test_full_session_with_undo_redo_then_reopen_restores_everything(
    window: MainWindow, session_path: Path, qtbot
) -> None:
    seat_room(session_path)
    view = open_round_table(window, session_path)
    store = lambda: window.model.store  # noqa: E731 (the store object changes on reopen)
    assert speaker(view) == "Ann" and view.status.text() == "Round 1 · Ann's turn"
    assert view.question.text() == "What would make the next winter surge safer?"

    # Round 1. Ann records one idea; undo puts the turn back on Ann, redo moves it on again.
    say(qtbot, view, "Daily huddle at every shift")
    assert speaker(view) == "Bo" and view.entry.toPlainText() == ""
    assert window.actions_by_key["undo"].text() == "&Undo Record idea"
    undo(window)
    assert speaker(view) == "Ann" and store().load().ideas == [] and store().load().turns == []
    assert "Daily huddle at every shift" not in [c.text for c in view.board.scene.cards.values()]
    redo(window)
    assert speaker(view) == "Bo" and len(view.board.scene.cards) == 1

    # Bo gives three ideas in one turn; undoing the last keeps Bo's open turn with two.
    say(qtbot, view, "Rota swaps without asking the manager", keep=True)
    say(qtbot, view, "A quiet room after a difficult shift", keep=True)
    assert speaker(view) == "Bo" and view.status.text() == "Round 1 · Bo · 2 ideas so far"
    say(qtbot, view, "A cover list so breaks really happen")
    assert speaker(view) == "Cy"
    undo(window)
    assert speaker(view) == "Bo" and turns_table(store())[-1] == ("Bo", 1, False, 2)
    redo(window)
    assert speaker(view) == "Cy" and turns_table(store())[-1] == ("Bo", 1, False, 3)

    # Cy passes; undo and redo.
    passes(qtbot, view)
    assert speaker(view) == "Di" and turns_table(store())[-1] == ("Cy", 1, True, 0)
    undo(window)
    assert speaker(view) == "Cy" and len(turns_table(store())) == 2
    redo(window)
    assert speaker(view) == "Di"

    # Fay arrives late and is seated at the end; she speaks in this round.
    qtbot.keyClick(view.entry, Qt.Key.Key_L, CTRL)
    assert view.late_name.hasFocus()
    qtbot.keyClicks(view.late_name, "Fay")
    qtbot.keyClick(view.late_name, Qt.Key.Key_Return)
    assert [s.participant.name for s in view.table.seats] == ["Ann", "Bo", "Cy", "Di", "Ed", "Fay"]
    undo(window)
    assert [s.participant.name for s in view.table.seats] == ["Ann", "Bo", "Cy", "Di", "Ed"]
    redo(window)
    assert view.table.seats[-1].participant.name == "Fay"

    say(qtbot, view, "Falls policy in one folder")
    passes(qtbot, view)  # Ed
    assert speaker(view) == "Fay"
    say(qtbot, view, "Simulation training on the ward")
    assert speaker(view) == "Ann" and view.status.text() == "Round 2 · Ann's turn"

    # Round 2.
    passes(qtbot, view)  # Ann
    say(qtbot, view, "Repair the hoist in bay 3")  # Bo
    passes(qtbot, view)  # Cy
    passes(qtbot, view)  # Di
    say(qtbot, view, "One near miss at every huddle")  # Ed
    passes(qtbot, view)  # Fay

    # Withdraw a card from the board with a reason; undo and redo.
    board = view.board
    quiet = next(i for i, c in board.scene.cards.items() if c.text.startswith("A quiet room"))
    board.scene.set_current(quiet)
    board.view.setFocus()
    qtbot.keyClick(board.view, Qt.Key.Key_Delete)
    qtbot.keyClicks(board.withdraw_bar.reason, "The speaker asked to take it back")
    qtbot.keyClick(board.withdraw_bar.reason, Qt.Key.Key_Return)
    assert quiet not in board.scene.cards and store().idea(quiet).withdrawn
    assert window.actions_by_key["undo"].text() == "&Undo Withdraw idea"
    undo(window)
    assert quiet in board.scene.cards and not store().idea(quiet).withdrawn
    redo(window)
    assert quiet not in board.scene.cards

    # An open-floor idea from a comment card: no speaker, and the turn stays with Ann.
    say(qtbot, view, "Comment card: free parking on night shifts")
    undo(window)  # oops, that went to Ann; Ctrl+Enter is the open floor
    view.entry.setPlainText("Comment card: free parking on night shifts")
    qtbot.keyClick(view.entry, Qt.Key.Key_Return, CTRL)
    assert speaker(view) == "Ann" and view.entry.toPlainText() == ""

    # Round 3: everyone passes, and the app suggests moving on.
    assert not view.suggestion.isVisible()
    for _ in range(6):
        passes(qtbot, view)
    assert view.suggestion.isVisible()
    assert "Everyone passed in round 3" in view.suggestion.text()
    undo(window)
    assert not view.suggestion.isVisible() and speaker(view) == "Fay"
    redo(window)
    assert view.suggestion.isVisible() and speaker(view) == "Ann"
    assert view.status.text() == "Round 4 · Ann's turn"

    expected_ideas = [
        ("Daily huddle at every shift", 1, False),
        ("Rota swaps without asking the manager", 1, False),
        ("A quiet room after a difficult shift", 1, True),
        ("A cover list so breaks really happen", 1, False),
        ("Falls policy in one folder", 1, False),
        ("Simulation training on the ward", 1, False),
        ("Repair the hoist in bay 3", 2, False),
        ("One near miss at every huddle", 2, False),
        ("Comment card: free parking on night shifts", None, False),
    ]
    expected_turns = [
        ("Ann", 1, False, 1),
        ("Bo", 1, False, 3),
        ("Cy", 1, True, 0),
        ("Di", 1, False, 1),
        ("Ed", 1, True, 0),
        ("Fay", 1, False, 1),
        ("Ann", 2, True, 0),
        ("Bo", 2, False, 1),
        ("Cy", 2, True, 0),
        ("Di", 2, True, 0),
        ("Ed", 2, False, 1),
        ("Fay", 2, True, 0),
        *[(name, 3, True, 0) for name in ("Ann", "Bo", "Cy", "Di", "Ed", "Fay")],
    ]
    assert [(i.text, i.round, i.withdrawn) for i in store().ideas()] == expected_ideas  # while it runs
    assert turns_table(store()) == expected_turns

    # Close, reopen: the anonymous session was sealed. Every idea and the equal-voice totals
    # are there; the order they were said in, their rounds and the per-turn rows are not.
    window.close_session()
    view = open_round_table(window, session_path)
    reopened = window.model.store
    state = reopened.load()
    assert [(i.text, i.round, i.withdrawn) for i in state.ideas] == sorted(
        ((text, None, withdrawn) for text, _, withdrawn in expected_ideas), key=lambda r: r[0].casefold()
    )
    assert all(i.author_id is None and i.turn_id is None for i in state.ideas)  # anonymous by default
    quiet = next(i.id for i in state.ideas if i.text.startswith("A quiet room"))
    assert state.idea(quiet).withdrawn_reason == "The speaker asked to take it back"
    assert state.turns == [] and state.info.rounds_sealed == 3
    names = {p.id: p.name for p in state.participants}
    totals = {names[a.participant_id]: (a.turns, a.passes, a.ideas) for a in state.airtime}
    for name in ("Ann", "Bo", "Cy", "Di", "Ed", "Fay"):
        mine = [t for t in expected_turns if t[0] == name]
        assert totals[name] == (len(mine), sum(t[2] for t in mine), sum(t[3] for t in mine))
    assert (state.info.current_round, state.info.current_seat) == (4, 0)
    assert [p.joined_round for p in state.participants] == [1, 1, 1, 1, 1, 1]
    assert speaker(view) == "Ann" and view.status.text() == "Round 4 · Ann's turn"
    shown = sorted(c.text for c in view.board.scene.cards.values())
    assert shown == sorted(text for text, _, withdrawn in expected_ideas if not withdrawn)
    view.airtime_toggle.click()
    assert view.airtime.figures()[1][:4] == ("Bo", "3", "1", "4")  # turns, passes, ideas
    assert "most active fifth" in view.airtime.summary.text()
    assert not window.model.undo_stack.canUndo()  # a fresh history, the file holds the state


def test_refused_idea_keeps_its_text_in_the_box(window: MainWindow, session_path: Path, qtbot) -> None:
    seat_room(session_path)
    view = open_round_table(window, session_path)
    say(qtbot, view, "x" * 10_001)
    assert len(view.entry.toPlainText()) == 10_001
    assert "at most 10,000" in window.workspace.messages.text()
    assert window.model.store.load().turns == [] and speaker(view) == "Ann"
    say(qtbot, view, "   ")
    assert "record a pass" in window.workspace.messages.text()
    assert not window.model.undo_stack.canUndo()


def test_named_session_stores_the_speaker_with_the_idea(
    window: MainWindow, session_path: Path, qtbot
) -> None:
    seat_room(session_path, anonymous=False)
    view = open_round_table(window, session_path)
    say(qtbot, view, "Named idea")
    idea = window.model.store.ideas()[0]
    ann = window.model.store.participants()[0]
    assert idea.author_id == ann.id and idea.turn_id is not None
    assert "Ann" not in " ".join(view.board.scene.cards[idea.id].lines)


def test_clicking_a_seat_gives_it_the_turn_and_absent_people_are_skipped(
    window: MainWindow, session_path: Path, qtbot
) -> None:
    seat_room(session_path)
    view = open_round_table(window, session_path)
    cy = next(s.participant for s in view.table.seats if s.participant.name == "Cy")
    qtbot.mouseClick(view.table, Qt.MouseButton.LeftButton, pos=view.table.seat_centre(cy.id))
    assert speaker(view) == "Cy"
    assert window.actions_by_key["undo"].text() == "&Undo Give the turn to Cy"
    view.on_absent_toggled(cy.id, True)
    assert speaker(view) == "Di"
    assert [s.state for s in view.table.seats][:4] == ["waiting", "waiting", "absent", "speaking"]
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Left)  # from Di's seat to Cy's (absent): refused
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert "absent" in window.workspace.messages.text() and speaker(view) == "Di"


def test_enter_on_an_empty_box_ends_a_multi_idea_turn(window: MainWindow, session_path: Path, qtbot) -> None:
    seat_room(session_path)
    view = open_round_table(window, session_path)
    say(qtbot, view, "First of several", keep=True)
    assert view.pass_button.text() == "End turn"
    say(qtbot, view, "")
    assert speaker(view) == "Bo" and view.pass_button.text() == "Pass"
    assert window.actions_by_key["undo"].text() == "&Undo End turn"
    assert turns_table(window.model.store) == [("Ann", 1, False, 1)]


def test_turn_length_set_here_is_kept_in_the_file(window: MainWindow, session_path: Path, qtbot) -> None:
    seat_room(session_path)
    view = open_round_table(window, session_path)
    spin = view.timer_panel.turn_spin
    assert spin.value() == 120
    spin.setFocus()
    spin.setValue(90)
    spin.editingFinished.emit()
    assert window.model.store.info().rules.turn_seconds == 90
    assert window.actions_by_key["undo"].text() == "&Undo Change turn length"
    assert view.timers.turn_seconds == 90
    window.close_session()
    view = open_round_table(window, session_path)
    assert view.timer_panel.turn_spin.value() == 90 and view.timers.turn_seconds == 90


def test_silent_writing_comes_first_when_set(window: MainWindow, session_path: Path, qtbot) -> None:
    seat_room(session_path, silent_seconds=180)
    view = open_round_table(window, session_path)
    assert "Silent writing comes first: 3:00" in view.hint.text()
    assert not view.timers.turn_running
    view.hint.action_button.click()
    assert view.timers.silent_remaining() == pytest.approx(180, abs=2)
    assert view.timer_panel.silent_button.text() == "Stop silent writing"


def test_shortcuts_are_listed_and_every_control_is_named(window: MainWindow, session_path: Path) -> None:
    from tests.ui.test_accessibility import unnamed_widgets

    seat_room(session_path)
    view = open_round_table(window, session_path)
    keys = dict(view.shortcuts())
    assert {"Enter", "Shift+Enter", "F8", "Ctrl+Enter"} <= set(keys)
    assert unnamed_widgets(view) == []


def test_keys_shared_with_other_phases_only_act_on_the_phase_shown(
    window: MainWindow, demo_path: Path, qtbot
) -> None:
    window.open_session(demo_path)
    for phase in Phase:  # every view exists, each with its own keys
        window.show_phase(phase)
    view = open_round_table(window, demo_path)
    view.entry.setFocus()
    qtbot.keyClick(view.entry, Qt.Key.Key_B, CTRL)  # the vote phase uses Ctrl+B too
    assert not view.break_reminder.isHidden()
    assert "How long a break?" in view.break_reminder.label.text()
    qtbot.keyClick(view.entry, Qt.Key.Key_B, CTRL | SHIFT)  # so does grouping, for its board
    assert view.board.view.hasFocus()
    qtbot.keyClick(view.board.view, Qt.Key.Key_E, CTRL)
    assert view.entry.hasFocus()


def test_recording_an_idea_repaints_only_the_seats_whose_turn_moved(
    window: MainWindow, session_path: Path, qtbot, monkeypatch
) -> None:
    """A quick capture: not the whole table after every Enter, but what changed on screen is
    exactly what a full repaint shows."""
    names = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ida", "Jo", "Kit", "Lu", "Mo", "Ned"]
    seat_room(session_path, "\n".join(names))
    view = open_round_table(window, session_path)
    qtbot.waitExposed(window)
    drawn: list[str] = []
    draw_seat = type(view.table)._draw_seat

    def counting(table, painter, seat, *args, **kwargs):
        drawn.append(seat.participant.name)
        return draw_seat(table, painter, seat, *args, **kwargs)

    monkeypatch.setattr(type(view.table), "_draw_seat", counting)
    for n, (spoke, next_up) in enumerate([("Ann", "Bo"), ("Bo", "Cy"), ("Cy", "Di")]):
        drawn.clear()
        say(qtbot, view, f"Idea {n}")
        qtbot.waitUntil(lambda spoke=spoke, next_up=next_up: {spoke, next_up} <= set(drawn))
    assert len(set(drawn)) <= len(names) // 2  # the last of them: two seats and their neighbours
    table = QRect(view.table.mapTo(window, QPoint(0, 0)), view.table.size())
    on_screen = window.screen().grabWindow(window.winId()).toImage().copy(table)
    assert on_screen == window.grab().toImage().copy(table)  # partial repaints left nothing stale
