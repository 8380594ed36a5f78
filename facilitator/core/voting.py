"""Dot-voting rules: budgets, caps, and totals. Every voice weighs the same."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from facilitator.core.errors import RuleError
from facilitator.core.model import Idea, Rules, SessionState


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


def totals(state: SessionState) -> dict[int, int]:
    """Dots per card, from ballots and tallies. Votes on merged ideas count for the merged card."""
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


@dataclass(frozen=True)
class RankedIdea:
    idea_id: int
    votes: int
    rank: int  # ties share a rank ("1, 2, 2, 4")


def ranking(state: SessionState) -> list[RankedIdea]:
    """Cards by votes, highest first; equal votes share a rank. Withdrawn cards are left out."""
    counts = totals(state)
    active = {i.id for i in state.ideas if i.is_active}
    order = sorted((c for c in counts if c in active), key=lambda c: (-counts[c], c))
    ranked: list[RankedIdea] = []
    for position, card in enumerate(order, start=1):
        tied = ranked and ranked[-1].votes == counts[card]
        rank = ranked[-1].rank if tied else position
        ranked.append(RankedIdea(card, counts[card], rank))
    return ranked


def total_votes(state: SessionState) -> int:
    return sum(sum(b.dots.values()) for b in state.ballots) + sum(t.count for t in state.tallies)
