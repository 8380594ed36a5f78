"""Dot-voting rules: budgets, caps, and totals. Every voice weighs the same."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from facilitator.core.errors import RuleError
from facilitator.core.model import Idea, Rules, SessionState, Tally, Theme, derived


def suggested_votes_per_person(idea_count: int, max_per_idea: int = 3) -> int:
    """About one dot per three ideas, at least 3 and at most 10.

    It never exceeds what can be spent: a voter can place at most
    idea_count * max_per_idea dots, so with no ideas the suggestion is 0.
    """
    if idea_count <= 0:
        return 0
    return min(max(3, min(10, round(idea_count / 3))), idea_count * max(max_per_idea, 0))


def spendable_budget(rules: Rules, open_ideas: int) -> int:
    """The most dots one voter can actually place."""
    return min(rules.votes_per_person, rules.max_votes_per_idea * max(open_ideas, 0))


def votable(idea: Idea) -> bool:
    """Dots go on cards: not on a withdrawn idea, nor on a wording merged into another card."""
    return idea.is_active


@derived
def ballot_cards(state: SessionState) -> list[Idea]:
    """The cards one can vote on, in ballot order."""
    return ballot_order([i for i in state.ideas if votable(i)], state.themes)


def ballot_order(cards: Iterable[Idea], themes: Iterable[Theme]) -> list[Idea]:
    """Cards as a ballot and the tally list them: theme by theme in board order (cards in no
    theme last), then in the order they were recorded."""
    order = {t.id: t.position for t in themes}
    return sorted(cards, key=lambda i: (order.get(i.theme_id, len(order)), i.position, i.id))


def tally_totals(tallies: Iterable[Tally]) -> dict[str, dict[int, int]]:
    """Counted dots per idea, for each tally method (every method present, even with nothing counted)."""
    counts: dict[str, dict[int, int]] = {method: {} for method in TALLY_METHODS}
    for tally in tallies:
        per_idea = counts.setdefault(tally.method, {})
        per_idea[tally.idea_id] = per_idea.get(tally.idea_id, 0) + tally.count
    return counts


def validate_ballot(dots: Mapping[int, int], rules: Rules, ideas: Iterable[Idea]) -> None:
    """Raise a RuleError that says what is wrong, or return if the ballot keeps the rules."""
    by_id = {i.id: i for i in ideas}
    total = 0
    for idea_id, count in dots.items():
        if not isinstance(count, int) or count < 0:
            raise RuleError("Dots are whole numbers, zero or more.")
        idea = by_id.get(idea_id)
        if idea is None:
            raise RuleError(f"Idea {idea_id} does not exist.")
        if count and idea.withdrawn:
            raise RuleError("That idea was withdrawn, so it cannot take votes.")
        if count and idea.merged_into is not None:
            raise RuleError("That idea was merged into another card; vote for the card instead.")
        if count > rules.max_votes_per_idea:
            raise RuleError(
                f"At most {rules.max_votes_per_idea} dots can go on one idea; "
                f"this ballot puts {count} on one."
            )
        total += count
    if total > rules.votes_per_person:
        raise RuleError(f"Each person has {rules.votes_per_person} dots; this ballot uses {total}.")


def card_of(idea_id: int, ideas: Mapping[int, Idea]) -> int:
    """The card an idea's votes count for: itself, or the card it was merged into."""
    seen = set()
    while ideas[idea_id].merged_into is not None and idea_id not in seen:
        seen.add(idea_id)
        idea_id = ideas[idea_id].merged_into
    return idea_id


@derived
def totals(state: SessionState) -> dict[int, int]:
    """Dots per card, from ballots and tallies. Votes on merged ideas count for the merged card.

    The cap on one idea applies to each ballot when it is cast. Cards merged after
    the vote add their dots together, cap or not: the room has agreed they are one
    idea, and every dot a person placed still counts once.
    """
    ideas = {i.id: i for i in state.ideas}
    result = {i.id: 0 for i in state.ideas if i.merged_into is None}
    for ballot in state.ballots:
        for idea_id, count in ballot.dots.items():
            if idea_id in ideas:
                card = card_of(idea_id, ideas)
                result[card] = result.get(card, 0) + count
    for tally in state.tallies:
        if tally.idea_id in ideas:
            card = card_of(tally.idea_id, ideas)
            result[card] = result.get(card, 0) + tally.count
    return result


def by_votes(counts: Mapping[int, int], cards: Iterable[int]) -> list[int]:
    """Cards in the ranking's order: most votes first, equal votes by id."""
    order = sorted(cards)  # by id, then by votes: a stable sort keeps equal votes by id
    order.sort(key=counts.__getitem__, reverse=True)
    return order


class RankedIdea(NamedTuple):  # a tuple: quick to make for every card of a big session
    idea_id: int
    votes: int
    rank: int  # ties share a rank ("1, 2, 2, 4")


@derived
def ranking(state: SessionState) -> list[RankedIdea]:
    """Cards by votes, highest first; equal votes share a rank. Withdrawn cards are left out."""
    counts = totals(state)
    active = {i.id for i in state.ideas if i.is_active}
    order = by_votes(counts, (c for c in counts if c in active))
    ranked: list[RankedIdea] = []
    for position, card in enumerate(order, start=1):
        tied = ranked and ranked[-1].votes == counts[card]
        rank = ranked[-1].rank if tied else position
        ranked.append(RankedIdea(card, counts[card], rank))
    return ranked


def total_votes(state: SessionState) -> int:
    return sum(sum(b.dots.values()) for b in state.ballots) + sum(t.count for t in state.tallies)


# ---- ballots being filled in, tallies, progress ----------------------------------------

# Kinds of `event` rows the vote phase writes. They say what happened, never who chose what.
FACILITATOR_VOTED = "facilitator voted"
BALLOT_REVISED = "ballot revised"
RESULTS_REVEALED = "results revealed"
RESULTS_HIDDEN = "results hidden"

TALLY_METHODS = {"paper": "paper dots", "hands": "hands"}
MAX_TALLY = 10_000


class BallotDraft:
    """A ballot while a voter fills it in. It refuses any dot that breaks the rules,
    so a submitted ballot can never exceed the budget or the cap."""

    def __init__(self, rules: Rules, ideas: Iterable[Idea], dots: Mapping[int, int] | None = None) -> None:
        ideas = list(ideas)
        self.cap = rules.max_votes_per_idea
        self.open_ids = [i.id for i in ideas if votable(i)]
        self.budget = spendable_budget(rules, len(self.open_ids))
        self.dots: dict[int, int] = {}
        by_id = {i.id: i for i in ideas}
        # A reopened ballot: dots on a wording merged since count for its card;
        # dots on a withdrawn idea are dropped. The rules still hold.
        for idea_id, count in (dots or {}).items():
            if idea_id not in by_id:
                continue
            card = card_of(idea_id, by_id)
            for _ in range(count):
                if card in self.open_ids and self.left and self.dots.get(card, 0) < self.cap:
                    self.dots[card] = self.dots.get(card, 0) + 1

    @property
    def used(self) -> int:
        return sum(self.dots.values())

    @property
    def left(self) -> int:
        return self.budget - self.used

    def count(self, idea_id: int) -> int:
        return self.dots.get(idea_id, 0)

    def place(self, idea_id: int) -> None:
        if idea_id not in self.open_ids:
            raise RuleError("That idea is not on the ballot, so it cannot take a dot.")
        if self.left <= 0:
            raise RuleError(
                f"All {self.budget} dots are placed. Take a dot off another idea to move it here."
            )
        if self.count(idea_id) >= self.cap:
            raise RuleError(f"At most {self.cap} dots can go on one idea.")
        self.dots[idea_id] = self.count(idea_id) + 1

    def remove(self, idea_id: int) -> None:
        if not self.count(idea_id):
            raise RuleError("There is no dot on that idea to take off.")
        self.dots[idea_id] -= 1
        if not self.dots[idea_id]:
            del self.dots[idea_id]

    def clear(self) -> None:
        self.dots.clear()

    def ballot(self) -> dict[int, int]:
        """The dots to submit: idea id -> dots, zero counts left out."""
        return {idea_id: count for idea_id, count in self.dots.items() if count}


def parse_tally(value: str | int, method: str = "paper") -> int:
    """A count typed for a tally; an empty entry means none. RuleError says what is wrong."""
    what = "A count of hands" if method == "hands" else "A tally of paper dots"
    if isinstance(value, bool):
        raise RuleError(f"{what} is a whole number, like 4.")
    if isinstance(value, int):
        count = value
    else:
        text = str(value).strip()
        if not text:
            return 0
        if not re.fullmatch(r"[+-]?\d+", text):
            raise RuleError(f"{what} is a whole number, like 4; “{text[:40]}” is not.")
        count = int(text)
    if count < 0:
        raise RuleError(f"{what} cannot be negative.")
    if count > MAX_TALLY:
        raise RuleError(f"{what} can be at most {MAX_TALLY:,}.")
    return count


@dataclass(frozen=True)
class VoterStatus:
    """One line of the progress list: a name and whether they have voted. Never a choice."""

    participant_id: int | None  # None: the facilitator
    name: str
    voted: bool


def facilitator_has_voted(state: SessionState) -> bool:
    return any(e.kind == FACILITATOR_VOTED for e in state.events)


def progress(state: SessionState) -> list[VoterStatus]:
    """Who has voted and who has not, in seat order. Absent people are left out unless they voted."""
    voted = {v.participant_id for v in state.voters}
    rows = [VoterStatus(p.id, p.name, p.id in voted) for p in state.seated() if not p.absent or p.id in voted]
    fac_voted = facilitator_has_voted(state)
    if state.info.rules.facilitator_votes or fac_voted:
        name = f"{state.info.facilitator} (facilitator)" if state.info.facilitator else "The facilitator"
        rows.append(VoterStatus(None, name, fac_voted))
    return rows


def waiting(state: SessionState) -> list[VoterStatus]:
    return [row for row in progress(state) if not row.voted]


def dots_cast(state: SessionState) -> int:
    """Every dot on every stored ballot."""
    return sum(sum(b.dots.values()) for b in state.ballots)
