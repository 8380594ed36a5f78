"""What happened to each idea: exactly one outcome per idea (principle 3, everyone gets an answer).

An idea ends in the plan with its decision, merged into another card, withdrawn
with its reason, or heard and not taken forward this time with a reason (one
reason may cover a group of ideas). An idea with none of these is unanswered:
the plan flags it and `facilitator check --json` counts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from facilitator.core import plan as rules
from facilitator.core.model import Action, Idea, SessionState, derived
from facilitator.core.voting import card_of, totals


class Kind(StrEnum):
    DECIDED = "decided"  # in the plan, with its decision (and its reason where one is owed)
    MERGED = "merged"  # merged into another card, whose outcome it shares
    WITHDRAWN = "withdrawn"  # taken off the board, with its reason
    NOT_TAKEN_FORWARD = "not_taken_forward"  # heard, not taken forward this time, with a reason
    UNANSWERED = "unanswered"  # none of the above yet


NOT_TAKEN_FORWARD = "Heard, not taken forward this time"


@dataclass(frozen=True)
class Outcome:
    idea_id: int
    kind: Kind
    into: int | None = None  # the card a merged idea joined
    reason: str = ""  # why withdrawn, why not now, why not taken forward
    action: Action | None = None

    @property
    def answered(self) -> bool:
        return self.kind is not Kind.UNANSWERED


@derived
def outcomes(state: SessionState) -> dict[int, Outcome]:
    """The outcome of every idea in the session (merged wordings and withdrawn ideas too)."""
    by_id = {i.id: i for i in state.ideas}
    actions = rules.actions_by_idea(state)
    prioritized = {i for ids in rules.prioritized(state).values() for i in ids}
    result: dict[int, Outcome] = {}
    for idea in state.ideas:
        result[idea.id] = _outcome(idea, by_id, actions.get(idea.id), idea.id in prioritized)
    return result


def _outcome(idea: Idea, by_id: dict[int, Idea], action: Action | None, prioritized: bool) -> Outcome:
    kind = _kind(idea, action, prioritized)
    if kind is Kind.MERGED:
        return Outcome(idea.id, kind, into=card_of(idea.id, by_id))
    if idea.withdrawn:
        return Outcome(idea.id, kind, reason=idea.withdrawn_reason)
    if kind is Kind.UNANSWERED and (action is None or action.decision is None):
        return Outcome(idea.id, kind, reason="", action=action)
    return Outcome(idea.id, kind, reason=action.reason, action=action)


def _kind(idea: Idea, action: Action | None, prioritized: bool) -> Kind:
    """The kind of an idea's outcome: the rules of `outcomes`, without building the outcome."""
    if idea.merged_into is not None:
        return Kind.MERGED
    if idea.withdrawn:
        return Kind.WITHDRAWN if idea.withdrawn_reason.strip() else Kind.UNANSWERED
    if action is not None and action.decision is not None:
        return Kind.UNANSWERED if rules.lacks_reason(action) else Kind.DECIDED
    if not prioritized and action is not None and action.reason.strip():
        return Kind.NOT_TAKEN_FORWARD
    return Kind.UNANSWERED


def unanswered(state: SessionState) -> list[int]:
    """Ideas with no outcome yet, in the plan's order where they are listed there."""
    every = outcomes(state)
    order = {idea_id: n for n, idea_id in enumerate(rules.plan_order(state))}
    missing = [i for i, o in every.items() if not o.answered]
    return sorted(missing, key=lambda i: (order.get(i, len(order)), i))


def needs_reason_not_taken_forward(state: SessionState, idea_ids: list[int] | None = None) -> list[int]:
    """Heard (not prioritized) cards with neither a decision nor a reason: the ones a group
    reason would answer. Limited to `idea_ids` when given."""
    heard = rules.heard_not_prioritized(state)
    wanted = set(heard if idea_ids is None else idea_ids)
    actions = rules.actions_by_idea(state)
    by_id = {i.id: i for i in state.ideas}
    # Only the kind of each heard card: building every idea's outcome costs more at thousands.
    return [i for i in heard if i in wanted and _kind(by_id[i], actions.get(i), False) is Kind.UNANSWERED]


def passed_over(state: SessionState) -> list[int]:
    """Cards that did not reach the matrix although they have more votes than a
    prioritized one. Voting and placement must agree or say why: the plan shows
    these so the facilitator adds them to the matrix or gives a reason."""
    if not state.info.revealed:
        return []
    votes = totals(state)
    top = [i for ids in rules.prioritized(state).values() for i in ids]
    if not top:
        return []
    lowest = min(votes.get(i, 0) for i in top)
    heard = rules.heard_not_prioritized(state)
    return sorted((i for i in heard if votes.get(i, 0) > lowest), key=lambda i: (-votes.get(i, 0), i))


@derived
def card_numbers(state: SessionState) -> dict[int, int]:
    """One number per card, the same on every page and chart: the matrix's cards first, with
    their numbers from the matrix; then every other card by theme, most votes first (once the
    vote is revealed), then alphabetically. Never the order ideas were said in."""
    from facilitator.core.matrix import numbers

    result = dict(numbers(state))
    votes = totals(state) if state.info.revealed else {}
    theme_rank = {t.id: (t.position, t.id) for t in state.themes}
    last = (len(theme_rank) + 1, 0)
    rest = sorted(
        (i for i in state.ideas if i.merged_into is None and i.id not in result),
        key=lambda i: (theme_rank.get(i.theme_id, last), -votes.get(i.id, 0), i.text.casefold(), i.id),
    )
    for n, idea in enumerate(rest, start=len(result) + 1):
        result[idea.id] = n
    return result
