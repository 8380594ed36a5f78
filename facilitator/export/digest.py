"""What the minutes, the staff summary and the CSV say about each idea.

One place decides the plan's grouping and numbering, so the numbers on the
matrix chart always match the plan table, and every export tells the same story.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitator.core.equity import EquitySummary, equity
from facilitator.core.matrix import Position, candidates, positions
from facilitator.core.model import QUADRANT_ORDER, Action, Idea, Quadrant, SessionState
from facilitator.core.outcome import Kind, Outcome, card_numbers, outcomes, passed_over
from facilitator.core.voting import card_of, total_votes, totals

HEARD = "heard, not prioritized this time"
NOT_TAKEN_FORWARD = "not taken forward this time"
NO_ANSWER = "no answer yet"
UNSORTED = "Unsorted"
HIDDEN = "hidden"
HIDDEN_NOTE = "Votes are hidden: the results were never revealed in the session, so no counts are shown."


@dataclass(frozen=True)
class PlanEntry:
    """One card as the plan sees it. `number` is its label on every page and chart."""

    idea: Idea
    votes: int
    number: int | None = None
    position: Position | None = None
    action: Action | None = None
    answer: Outcome | None = None

    @property
    def quadrant(self) -> Quadrant | None:
        return self.position.quadrant if self.position else None

    @property
    def decision(self):
        return self.action.decision if self.action else None

    def outcome(self, pick: bool = False) -> str:
        """A short answer to "what happened to my idea?"."""
        if self.idea.withdrawn:
            return "Withdrawn"
        parts = []
        if self.quadrant is not None:
            parts.append(self.quadrant.label(pick).lower())
        elif self.decision is None:
            answered = self.answer is not None and self.answer.kind is Kind.NOT_TAKEN_FORWARD
            parts.append(NOT_TAKEN_FORWARD if answered else HEARD)
        else:
            parts.append("not on the matrix")
        if self.decision is not None:
            parts.append(f"decision: {self.decision.label}")
        if self.answer is not None and not self.answer.answered:
            parts.append(NO_ANSWER)
        return " · ".join(parts)

    @property
    def why(self) -> str:
        """The reason this card owes the room, if its outcome carries one."""
        if self.answer is None or self.answer.kind is Kind.MERGED:
            return ""
        return self.answer.reason.strip()


@dataclass(frozen=True)
class ThemeSection:
    name: str
    cards: list[Idea]


@dataclass
class Digest:
    state: SessionState
    votes: dict[int, int]
    groups: list[tuple[Quadrant, list[PlanEntry]]]
    heard: list[PlanEntry]  # active cards that did not reach the matrix
    entries: dict[int, PlanEntry]  # every top-level card (withdrawn ones too) by idea id
    themes: list[ThemeSection]
    wordings: dict[int, list[Idea]] = field(default_factory=dict)  # card id -> merged ideas
    hidden: bool = False  # votes were cast but never revealed: no count may be shown
    outcomes: dict[int, Outcome] = field(default_factory=dict)  # every idea's, merged ones too

    @property
    def unanswered(self) -> list[PlanEntry]:
        return [e for e in self.entries.values() if e.answer is not None and not e.answer.answered]

    @property
    def not_taken_forward(self) -> list[PlanEntry]:
        """Cards heard and not taken forward this time, each with its reason."""
        return [e for e in self.heard if e.answer is not None and e.answer.kind is Kind.NOT_TAKEN_FORWARD]

    @property
    def passed_over(self) -> list[PlanEntry]:
        """Cards with more votes than a prioritized one that did not reach the matrix."""
        if self.hidden:
            return []
        return [self.entries[i] for i in passed_over(self.state) if i in self.entries]

    @property
    def on_matrix(self) -> list[PlanEntry]:
        return [e for _, group in self.groups for e in group]

    @property
    def heard_with_decision(self) -> list[PlanEntry]:
        return [e for e in self.heard if e.decision is not None]

    @property
    def not_now(self) -> list[PlanEntry]:
        """Decisions that owe the room a reason (Later and Not now), in plan order."""
        return [e for e in self.on_matrix + self.heard if e.decision is not None and e.decision.needs_reason]

    @property
    def commitments(self) -> list[PlanEntry]:
        """Do now and Plan, quick wins first."""
        return [e for e in self.on_matrix + self.heard if e.decision is not None and e.decision.is_commitment]

    @property
    def equity(self) -> EquitySummary:
        return equity(self.state)

    def figures(self) -> dict[str, int]:
        s = self.state
        return {
            "participants": sum(1 for p in s.participants if not p.absent),
            "rounds": max([s.info.rounds_sealed, *(t.round for t in s.turns)]),
            "ideas": len(s.ideas),
            "cards": len(s.active_ideas()),
            "merged": sum(1 for i in s.ideas if i.merged_into is not None),
            "withdrawn": sum(1 for i in s.ideas if i.withdrawn),
            "votes": 0 if self.hidden else total_votes(s),
            "ballots": len(s.ballots),
        }


def digest(state: SessionState) -> Digest:
    """Group and number the cards the way the matrix and the plan show them:
    matrix candidates with a position, by quadrant in candidate order (votes
    first), numbered as on the matrix; every other card was heard, not prioritized."""
    hidden = votes_hidden(state)
    votes = {} if hidden else totals(state)
    placed = positions(state)
    number_of = card_numbers(state)
    answers = outcomes(state)
    actions = {a.idea_id: a for a in state.actions}
    by_id = {i.id: i for i in state.ideas}
    # Never in capture order: by votes once revealed, then by text (themes group them below).
    cards = sorted(
        (i for i in state.ideas if i.merged_into is None),
        key=lambda i: (-votes.get(i.id, 0), i.text.casefold(), i.text),
    )

    def entry(idea: Idea, on_matrix: bool = False) -> PlanEntry:
        return PlanEntry(
            idea,
            votes.get(idea.id, 0),
            number_of.get(idea.id),
            placed[idea.id] if on_matrix else None,
            actions.get(idea.id),
            answers.get(idea.id),
        )

    entries: dict[int, PlanEntry] = {}
    groups: list[tuple[Quadrant, list[PlanEntry]]] = [(q, []) for q in QUADRANT_ORDER]
    members = dict(groups)
    for idea_id in candidates(state):
        pos = placed.get(idea_id)
        idea = by_id.get(idea_id)
        if idea is None or not idea.is_active or pos is None or pos.feasibility is None or pos.impact is None:
            continue
        entries[idea_id] = entry(idea, on_matrix=True)
        members[pos.quadrant].append(entries[idea_id])
    heard = []
    for idea in cards:
        if idea.id not in entries:
            entries[idea.id] = entry(idea)
            if idea.is_active:
                heard.append(entries[idea.id])

    wordings: dict[int, list[Idea]] = {}
    for idea in state.ideas:
        if idea.merged_into is not None:
            wordings.setdefault(card_of(idea.id, by_id), []).append(idea)

    known = {t.id for t in state.themes}
    themes = [
        ThemeSection(t.name, [i for i in cards if i.theme_id == t.id])
        for t in sorted(state.themes, key=lambda t: (t.position, t.id))
    ]
    unsorted = [i for i in cards if i.theme_id not in known]
    if unsorted:
        themes.append(ThemeSection(UNSORTED, unsorted))
    return Digest(state, votes, groups, heard, entries, themes, wordings, hidden, answers)


def votes_hidden(state: SessionState) -> bool:
    """True when votes exist but the room never saw them: exports then show no count at all,
    or an export taken between two voters would give away the second one's ballot."""
    return not state.info.revealed and bool(state.ballots or any(t.count for t in state.tallies))
