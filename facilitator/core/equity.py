"""Equal-voice figures: who got airtime, and how evenly ideas were shared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator.core.model import SessionState


@dataclass(frozen=True)
class Airtime:
    participant_id: int
    name: str
    turns: int
    passes: int
    ideas: int
    seconds: float


def turn_seconds(start: str, end: str) -> float:
    """How long a turn lasted, from its ISO start and end (0 when either is unreadable)."""
    return _seconds(start, end)


def _seconds(start: str, end: str) -> float:
    try:
        return max(0.0, (dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)).total_seconds())
    except ValueError:
        return 0.0


def airtime(state: SessionState) -> list[Airtime]:
    """Turns, passes, ideas and speaking time per participant, in seat order."""
    rows = []
    sealed = {a.participant_id: a for a in state.airtime}
    for person in state.seated():
        turns = [t for t in state.turns if t.participant_id == person.id]
        before = sealed.get(person.id)
        rows.append(
            Airtime(
                participant_id=person.id,
                name=person.name,
                turns=len(turns) + (before.turns if before else 0),
                passes=sum(t.passed for t in turns) + (before.passes if before else 0),
                ideas=sum(t.ideas for t in turns) + (before.ideas if before else 0),
                seconds=sum(_seconds(t.started_at, t.ended_at) for t in turns if t.ended_at)
                + (before.seconds if before else 0.0),
            )
        )
    return rows


def gini(values: list[float]) -> float:
    """0 when everyone contributed the same, towards 1 when one person did it all."""
    values = sorted(v for v in values if v >= 0)
    n = len(values)
    total = sum(values)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((i + 1) * v for i, v in enumerate(values))
    return (2 * weighted) / (n * total) - (n + 1) / n


def top_fifth_share(values: list[float]) -> float:
    """Share of the total from the most active fifth of people (at least one person).

    With perfectly equal voices this is about 0.2.
    """
    values = sorted(values, reverse=True)
    total = sum(values)
    if not values or total == 0:
        return 0.0
    k = max(1, round(len(values) / 5))
    return sum(values[:k]) / total


# Gini of ideas per person, and how the room would put it.
FAIRNESS_WORDS = (
    (0.15, "ideas were shared very evenly"),
    (0.30, "ideas were shared fairly evenly"),
    (0.45, "some people gave noticeably more ideas than others"),
    (1.01, "a few people gave most of the ideas"),
)


def fairness_words(gini_value: float) -> str:
    """A Gini figure in plain words: 0.17 is "ideas were shared fairly evenly"."""
    return next(words for limit, words in FAIRNESS_WORDS if gini_value < limit)


@dataclass(frozen=True)
class EquitySummary:
    people: int
    ideas_gini: float
    top_fifth_share: float

    def in_words(self) -> str:
        """The figure as the room would say it (no Gini number: that is for the minutes' footnote)."""
        if self.people == 0:
            return "No turns were recorded."
        return (
            f"{fairness_words(self.ideas_gini).capitalize()}: the most active fifth of the room gave "
            f"{self.top_fifth_share:.0%} of the ideas (an even share would be about 20%)."
        )

    def footnote(self) -> str:
        """The number behind `in_words`, for readers who want it."""
        return (
            f"Gini coefficient of ideas per person: {self.ideas_gini:.2f} "
            "(0 is perfectly even, 1 is one voice)."
        )

    def sentence(self) -> str:
        if self.people == 0:
            return "No turns were recorded."
        return (
            f"The most active fifth of the room gave {self.top_fifth_share:.0%} of the ideas "
            "(an equal share would be about 20%)."
        )


def equity(state: SessionState) -> EquitySummary:
    """The equal-voice figure for the minutes, over people who took at least one turn."""
    counts = [float(a.ideas) for a in airtime(state) if a.turns > 0]
    return EquitySummary(len(counts), gini(counts), top_fifth_share(counts))
