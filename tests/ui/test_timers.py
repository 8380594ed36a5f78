"""Timers advise and never interrupt. Time is moved on by hand: no waiting in tests."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.core.model import Rules
from facilitator.ui.phases.round_table.timer_panel import BreakReminder
from facilitator.ui.session.timers import SessionTimers, clock_text


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timers(qtbot, clock: FakeClock) -> SessionTimers:
    return SessionTimers(clock=clock, wall=lambda: dt.datetime(2026, 11, 19, 14, 5, 30, 123))


def test_clock_text() -> None:
    assert clock_text(120) == "2:00"
    assert clock_text(64.2) == "1:05"  # counts down in whole seconds
    assert clock_text(0) == "0:00"
    assert clock_text(-12.4) == "+0:12"


def test_turn_overrun_is_advice_said_once(timers: SessionTimers, clock: FakeClock, qtbot) -> None:
    timers.configure(Rules(turn_seconds=60))
    timers.start_turn()
    assert timers.turn_started_at() == "2026-11-19T14:05:30"
    clock.now += 59
    with qtbot.assertNotEmitted(timers.turn_overrun):
        timers.check()
    assert timers.summary_text() == "Turn: 0:01 left"
    clock.now += 5
    with qtbot.waitSignal(timers.turn_overrun, timeout=100):
        timers.check()
    assert timers.turn_running and timers.summary_text() == "Turn: +0:04 over"
    with qtbot.assertNotEmitted(timers.turn_overrun):
        timers.check()


def test_silent_writing_then_the_first_turn_begins(timers: SessionTimers, clock: FakeClock, qtbot) -> None:
    timers.start_turn()
    timers.start_silent(90)
    assert not timers.turn_running and timers.summary_text() == "Silent writing: 1:30 left"
    clock.now += 90
    with qtbot.waitSignal(timers.silent_finished, timeout=100):
        timers.check()
    assert timers.silent_remaining() is None and timers.turn_running


def test_break_reminder_is_inline_and_offers_a_break_timer(
    timers: SessionTimers, clock: FakeClock, qtbot
) -> None:
    reminder = BreakReminder(timers)
    qtbot.addWidget(reminder)
    reminder.show()
    reminder.hide()
    timers.configure(Rules(break_minutes=50))
    clock.now += 49 * 60
    timers.check()
    assert reminder.isHidden()
    clock.now += 60
    timers.check()
    assert not reminder.isHidden() and "50 minutes" in reminder.label.text()
    assert "5 to 10 minute break" in reminder.label.text()
    reminder.buttons[10].click()
    assert reminder.isHidden() and timers.break_remaining() == 600
    assert not timers.turn_running and timers.summary_text() == "Break: 10:00 left"
    clock.now += 600
    timers.check()
    assert not reminder.isHidden() and "break is over" in reminder.label.text()
    reminder.later.click()
    assert reminder.isHidden()
    clock.now += 49 * 60  # the next reminder counts from the end of the break
    timers.check()
    assert reminder.isHidden()
    clock.now += 60
    timers.check()
    assert not reminder.isHidden()


def test_later_snoozes_and_zero_turns_the_reminder_off(
    timers: SessionTimers, clock: FakeClock, qtbot
) -> None:
    reminder = BreakReminder(timers)
    qtbot.addWidget(reminder)
    timers.configure(Rules(break_minutes=50))
    clock.now += 50 * 60
    timers.check()
    reminder.later.click()
    clock.now += 9 * 60
    with qtbot.assertNotEmitted(timers.break_due):
        timers.check()
    clock.now += 60
    with qtbot.waitSignal(timers.break_due, timeout=100):
        timers.check()
    timers.configure(Rules(break_minutes=0))
    clock.now += 500 * 60
    with qtbot.assertNotEmitted(timers.break_due):
        timers.check()
