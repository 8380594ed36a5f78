"""While a participant holds the laptop (a ballot or a rating hand-over), nothing else in
the window can be reached: not by keys, and not by the mouse on the phase list, the menus
or the timer strip. Driven with real clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from facilitator.core.model import Phase
from facilitator.ops import ideas as idea_ops
from facilitator.ops import matrix as matrix_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.shell.main_window import MainWindow


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "held.roundtable"
    store = SessionStore.create(path)
    people_ops.add_participants(store, "Amara\nTomasz\nPriya")
    ids = [idea_ops.add_idea(store, text).value for text in ("Daily huddle", "Quiet room", "Fix the hoist")]
    for idea_id in ids:
        matrix_ops.set_candidate(store, idea_id, True)
    session_ops.set_phase(store, Phase.VOTE)
    store.close()
    return path


@pytest.fixture
def window(make_window, path: Path) -> MainWindow:
    return make_window(path, size=(1280, 800), active=True)


def click_phase(qtbot, window: MainWindow, phase: Phase) -> None:
    """A real left click on the phase's row of the phase list."""
    navigator = window.workspace.navigator
    row = list(Phase).index(phase)
    centre = navigator.visualItemRect(navigator.item(row)).center()
    qtbot.mouseClick(navigator.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def reachable(window: MainWindow) -> dict[str, bool]:
    workspace = window.workspace
    return {
        "phase list": workspace.navigator.isEnabled(),
        "menus": window.menuBar().isEnabled(),
        "timer strip": workspace.timer_strip.isEnabled(),
    }


def test_ballot_hand_over_keeps_the_phase_list_and_menus_from_the_mouse(qtbot, window: MainWindow) -> None:
    view = window.workspace.view(Phase.VOTE)
    click_phase(qtbot, window, Phase.ROUND_TABLE)  # before the hand-over, a click does go there
    assert window.workspace.current_phase is Phase.ROUND_TABLE
    click_phase(qtbot, window, Phase.VOTE)
    assert window.workspace.current_phase is Phase.VOTE

    view.hand_to_next()
    assert view.pages.currentWidget() is view.hand_over
    assert reachable(window) == {"phase list": False, "menus": False, "timer strip": False}
    click_phase(qtbot, window, Phase.ROUND_TABLE)
    assert window.workspace.current_phase is Phase.VOTE
    assert view.pages.currentWidget() is view.hand_over

    qtbot.mouseClick(view.hand_over.start_button, Qt.MouseButton.LeftButton)  # the voter's own ballot
    assert view.pages.currentWidget() is view.ballot
    assert view.ballot.isEnabled()
    click_phase(qtbot, window, Phase.SETUP)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)  # the shortcut sheet stays shut
    assert window.workspace.current_phase is Phase.VOTE
    assert not any(w.isVisible() for w in window._dialogs)
    assert reachable(window) == {"phase list": False, "menus": False, "timer strip": False}

    qtbot.keyClick(view.ballot, Qt.Key.Key_Escape)  # back to the hand-over, still held
    assert reachable(window) == {"phase list": False, "menus": False, "timer strip": False}
    qtbot.keyClick(view.hand_over, Qt.Key.Key_Escape)  # the facilitator has the laptop again
    assert view.pages.currentWidget() is view.overview
    assert reachable(window) == {"phase list": True, "menus": True, "timer strip": True}
    click_phase(qtbot, window, Phase.ROUND_TABLE)
    assert window.workspace.current_phase is Phase.ROUND_TABLE


def test_rating_hand_over_keeps_the_phase_list_from_the_mouse(qtbot, window: MainWindow) -> None:
    window.show_phase(Phase.PRIORITIZE)
    view = window.workspace.view(Phase.PRIORITIZE)
    view.start_hand_over()
    assert reachable(window) == {"phase list": False, "menus": False, "timer strip": False}
    click_phase(qtbot, window, Phase.PLAN)
    assert window.workspace.current_phase is Phase.PRIORITIZE
    view.end_hand_over()
    assert reachable(window) == {"phase list": True, "menus": True, "timer strip": True}
    click_phase(qtbot, window, Phase.PLAN)
    assert window.workspace.current_phase is Phase.PLAN


def test_ballot_plus_buttons_are_disabled_with_no_dots_left(qtbot, window: MainWindow) -> None:
    view = window.workspace.view(Phase.VOTE)
    view.hand_to_next()
    qtbot.mouseClick(view.hand_over.start_button, Qt.MouseButton.LeftButton)
    cards = list(view.ballot.cards.values())
    budget, cap = view.ballot.draft.budget, view.ballot.draft.cap
    assert all(card.plus.isEnabled() for card in cards)
    for n in range(budget):
        card = cards[(n // cap) % len(cards)]
        assert card.plus.isEnabled()
        qtbot.mouseClick(card.plus, Qt.MouseButton.LeftButton)
    assert view.ballot.draft.left == 0
    assert [card.plus.isEnabled() for card in cards] == [False] * len(cards)
    qtbot.mouseClick(cards[0].minus, Qt.MouseButton.LeftButton)  # a dot back: "+" works again under the cap
    assert [card.plus.isEnabled() for card in cards] == [
        view.ballot.draft.count(card.idea_id) < cap for card in cards
    ]
    assert cards[0].plus.isEnabled()
