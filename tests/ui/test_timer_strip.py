"""The shared clocks: one set per session, shown in every phase and on the presenter display."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from facilitator.core.model import Phase
from facilitator.ui.shell import timer_strip
from facilitator.ui.shell.main_window import MainWindow


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def window(make_window, demo_path: Path):
    return make_window(demo_path)


def test_one_set_of_clocks_shared_by_views_strip_and_presenter(window: MainWindow) -> None:
    timers = window.model.timers
    round_table = window.workspace.view(Phase.ROUND_TABLE)
    assert round_table.timers is timers
    assert window.workspace.timer_strip.timers is timers
    presenter = window.open_presenter()
    clock = FakeClock()
    timers.clock = clock
    timers.stop_turn()
    window.workspace.timer_strip.minutes.setValue(7)
    window.workspace.timer_strip.start_button.click()
    assert window.workspace.timer_strip.start_button.text() == "Pause"
    clock.now += 60
    timers.check()
    assert "Phase: 6:00 left" in window.workspace.timer_strip.summary.text()
    assert "Phase: 6:00 left" in presenter.shown_text()
    window.workspace.timer_strip.start_button.click()  # pause
    clock.now += 120
    timers.check()
    assert "Phase: 6:00 left (paused)" in presenter.shown_text()
    window.workspace.timer_strip.reset_button.click()
    assert "Phase" not in presenter.shown_text()


def test_turn_clock_pauses_and_resumes(window: MainWindow) -> None:
    timers = window.model.timers
    clock = FakeClock()
    timers.clock = clock
    timers.configure(window.model.store.info().rules)
    timers.start_turn()
    clock.now += 30
    timers.toggle_turn_pause()
    clock.now += 100  # paused: the speaker's time does not run
    assert timers.turn_remaining() == pytest.approx(90)
    assert "(paused)" in timers.summary_text()
    timers.toggle_turn_pause()
    clock.now += 10
    assert timers.turn_remaining() == pytest.approx(80)


def test_phase_countdown_end_is_advice_and_soft_signal_is_off_by_default(
    window: MainWindow, monkeypatch
) -> None:
    beeps = []
    monkeypatch.setattr(QApplication, "beep", lambda: beeps.append(1))
    timers = window.model.timers
    clock = FakeClock()
    timers.clock = clock
    window.show_phase(Phase.GROUP)
    timers.set_phase_minutes(1)
    timers.toggle_phase()
    clock.now += 61
    timers.check()
    assert "reached zero" in window.workspace.messages.text()
    assert beeps == []
    timer_strip.set_soft_signal(True)
    try:
        timers.reset_phase()
        timers.toggle_phase()
        clock.now += 61
        timers.check()
        assert beeps == [1]
    finally:
        timer_strip.set_soft_signal(False)


def test_break_reminder_outside_the_round_table_is_inline(window: MainWindow) -> None:
    timers = window.model.timers
    clock = FakeClock()
    timers.clock = clock
    timers.end_break()  # the break clock starts now
    window.show_phase(Phase.VOTE)
    clock.now += timers.break_minutes * 60 + 1
    timers.check()
    assert "A 5 to 10 minute break" in window.workspace.messages.text()
    window.workspace.messages.action_button.click()
    assert timers.break_remaining() == pytest.approx(600)


def test_timers_menu_keys_and_shortcut_sheet(window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import Qt

    timers = window.model.timers
    qtbot.keyClick(
        window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert timers.phase_running
    qtbot.keyClick(
        window, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert timers.phase_remaining() is None
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert timers.break_remaining() is not None
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert timers.break_remaining() is None
    assert not window.actions_by_key["soft_signal"].isChecked()
    window.actions_by_key["shortcuts"].trigger()
    sheet = window.findChild(object, "shortcutSheet")
    text = sheet.browser.toPlainText()
    assert "Ctrl+Shift+P" in text and "Start or pause the phase countdown" in text
    sheet.close()


def test_the_strip_shows_the_turn_clock_only_at_the_round_table(window: MainWindow) -> None:
    window.show_phase(Phase.ROUND_TABLE)
    window.model.timers.start_turn()
    assert "Turn:" in window.workspace.timer_strip.summary.text()
    window.show_phase(Phase.VOTE)
    assert "Turn:" not in window.workspace.timer_strip.summary.text()
