"""Equal-voice figures: airtime per person and one equity figure for the session."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core import equity
from facilitator.core.model import Participant, SessionState, Turn


def _state() -> SessionState:
    people = [Participant(1, "Ann", seat=1), Participant(2, "Bo", seat=0), Participant(3, "Cy", seat=2)]
    turns = [
        Turn(1, 2, 1, "2026-01-01T10:00:00", "2026-01-01T10:01:30", False, 2),
        Turn(2, 1, 1, "2026-01-01T10:01:30", "2026-01-01T10:02:00", True, 0),
        Turn(3, 2, 2, "2026-01-01T10:02:00", "2026-01-01T10:02:10", False, 1),
        Turn(4, 1, 2, "2026-01-01T10:02:10", "", False, 1),  # still open: no time yet
        Turn(5, None, 2, "2026-01-01T10:03:00", "2026-01-01T10:04:00", False, 1),  # no speaker
    ]
    return SessionState(participants=people, turns=turns)


def test_airtime_counts_turns_passes_ideas_and_seconds_in_seat_order() -> None:
    rows = equity.airtime(_state())
    assert [(r.name, r.turns, r.passes, r.ideas, r.seconds) for r in rows] == [
        ("Bo", 2, 0, 3, 100.0),
        ("Ann", 2, 1, 1, 30.0),
        ("Cy", 0, 0, 0, 0.0),
    ]


def test_equity_only_counts_people_who_took_a_turn() -> None:
    summary = equity.equity(_state())
    assert summary.people == 2
    assert summary.top_fifth_share == pytest.approx(0.75)  # Bo gave 3 of the 4 ideas
    assert summary.ideas_gini == pytest.approx(0.25)
    assert "75%" in summary.sentence()
    assert equity.equity(SessionState()).sentence() == "No turns were recorded."


def test_gini_is_zero_when_equal_and_grows_with_concentration() -> None:
    assert equity.gini([3, 3, 3, 3]) == 0
    assert equity.gini([0, 0, 0, 12]) == pytest.approx(0.75)
    assert equity.gini([]) == 0 and equity.gini([0, 0]) == 0


def test_top_fifth_share_is_about_a_fifth_when_voices_are_equal() -> None:
    assert equity.top_fifth_share([2.0] * 10) == pytest.approx(0.2)
    assert equity.top_fifth_share([10, 0, 0, 0, 0]) == 1.0


def test_bad_times_count_as_no_time() -> None:
    state = SessionState(
        participants=[Participant(1, "Ann", seat=0)],
        turns=[Turn(1, 1, 1, "not a time", "2026-01-01T10:00:00", False, 1)],
    )
    assert equity.airtime(state)[0].seconds == 0.0


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=40))
def test_gini_stays_between_zero_and_one_and_ignores_order(values: list[int]) -> None:
    g = equity.gini([float(v) for v in values])
    assert 0 <= g < 1
    assert g == pytest.approx(equity.gini([float(v) for v in reversed(values)]))
    share = equity.top_fifth_share([float(v) for v in values])
    assert 0 <= share <= 1


def test_the_equal_voice_figure_in_words_keeps_the_number_for_the_footnote() -> None:
    from facilitator.core.equity import EquitySummary, fairness_words

    assert fairness_words(0.0) == "ideas were shared very evenly"
    assert fairness_words(0.17) == "ideas were shared fairly evenly"
    assert fairness_words(0.6) == "a few people gave most of the ideas"
    figure = EquitySummary(people=6, ideas_gini=0.17, top_fifth_share=0.25)
    assert figure.in_words().startswith("Ideas were shared fairly evenly: ")
    assert "Gini" not in figure.in_words() and "0.17" not in figure.in_words()
    assert "0.17" in figure.footnote()
