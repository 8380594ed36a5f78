"""The presenter display mirrors the phase and never shows what is not revealed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from facilitator.core.model import Phase
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ui.shell.appearance import Look
from facilitator.ui.shell.main_window import MainWindow


@pytest.fixture
def window(make_window):
    w = make_window()
    yield w
    w.set_look(Look.SYSTEM)  # the look and zoom are remembered settings: put them back
    w.appearance.step_zoom(0)


EXPECTED = {
    Phase.SETUP: ["Welcome", "what would make the biggest difference"],
    Phase.ROUND_TABLE: ["Round 4", "Latest ideas", "Amara Okafor"],
    Phase.GROUP: ["Communication", "Safety", "Support", "questions each time. ×2"],
    Phase.VOTE: ["Results", "Hold a ten-minute huddle"],
    Phase.PRIORITIZE: ["1. Stop sending rota changes by email", "Electronic observations", "\n12. "],
    Phase.PLAN: ["What we will do", "Priya Raman", "Not now, and why"],
    Phase.MINUTES: ["Thank you"],
}


def test_presenter_mirrors_each_phase(window: MainWindow, demo_path: Path, qtbot) -> None:
    window.open_session(demo_path)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    presenter = window.presenter
    assert presenter is not None and presenter.isVisible()
    for n, phase in enumerate(Phase, start=1):
        qtbot.keyClick(window.workspace, Qt.Key(Qt.Key.Key_0 + n), Qt.KeyboardModifier.AltModifier)
        assert presenter.phase is phase
        text = presenter.shown_text()
        for expected in EXPECTED[phase]:
            assert expected in text, (phase, expected)
        assert "Ward 7 winter debrief" in text
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.presenter is None


def _cast_ballot(store, participant_id: int, dots: dict[int, int]) -> None:
    import secrets

    with store.transaction():
        ballot = store.insert("ballot", {"id": secrets.randbits(62)})
        for idea_id, count in dots.items():
            store.insert(
                "dot", {"id": secrets.randbits(62), "ballot_id": ballot, "idea_id": idea_id, "count": count}
            )
        store.insert("voter", {"participant_id": participant_id})


def test_nothing_unrevealed_reaches_the_display(window: MainWindow, tmp_path: Path, qtbot) -> None:
    window.new_session(tmp_path / "vote")
    store = window.model.store
    people = people_ops.add_participants(store, "Ann\nBo\nCy").value
    texts = ["Quiet room after a hard shift", "Laminated sepsis card", "Rota swaps online"]
    ideas = [idea_ops.add_idea(store, t).value for t in texts]
    _cast_ballot(store, people[0], {ideas[0]: 3, ideas[1]: 2})
    window.model.reload()
    window.show_phase(Phase.VOTE)
    presenter = window.open_presenter()
    text = presenter.shown_text()
    assert "Voting in progress" in text and "1 of 3 have voted" in text
    for t in texts:
        assert t not in text
    assert "3" not in text.replace("1 of 3", "")  # no tally anywhere
    _cast_ballot(store, people[1], {ideas[2]: 1})
    window.model.reload()
    assert "2 of 3 have voted" in presenter.shown_text()
    with store.transaction():
        store.update("session", 1, {"revealed": 1})
    window.model.reload()
    revealed = presenter.shown_text()
    assert "Results" in revealed
    assert revealed.index(texts[0]) < revealed.index(texts[1]) < revealed.index(texts[2])


def test_blank_and_freeze(window: MainWindow, demo_path: Path, qtbot) -> None:
    window.open_session(demo_path)
    window.show_phase(Phase.ROUND_TABLE)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    presenter = window.presenter
    assert presenter.blanked and presenter.shown_text() == ""
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert "Latest ideas" in presenter.shown_text()
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert presenter.frozen
    window.model.run("Record idea", idea_ops.add_idea, "A brand new idea for the wall")
    assert "A brand new idea for the wall" not in presenter.shown_text()
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert "A brand new idea for the wall" in presenter.shown_text()


def test_presenter_zoom_keys(window: MainWindow, demo_path: Path, qtbot) -> None:
    window.open_session(demo_path)
    presenter = window.open_presenter()
    presenter.activateWindow()
    qtbot.waitUntil(presenter.isActiveWindow)
    before = presenter.body.font().pixelSize()
    qtbot.keyClick(presenter, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert presenter.body.font().pixelSize() > before
    qtbot.keyClick(presenter, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert presenter.body.font().pixelSize() == before


def test_main_window_zoom_and_high_contrast(window: MainWindow) -> None:
    app = QApplication.instance()
    before = app.font().pointSizeF()
    window.actions_by_key["zoom_in"].trigger()
    assert app.font().pointSizeF() > before
    window.actions_by_key["zoom_reset"].trigger()
    assert app.font().pointSizeF() == pytest.approx(before)
    window.actions_by_key["look_high_contrast"].trigger()
    assert app.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert window.actions_by_key["look_high_contrast"].isChecked()
    assert not window.actions_by_key["look_dark"].isChecked()
    window.actions_by_key["look_light"].trigger()
    assert app.palette().color(QPalette.ColorRole.Window).name() == "#f3f3f3"
