"""The action plan: which ideas it lists, in what order, and what each still needs.

Principle 3 (everyone gets an answer): each idea that reaches the plan ends as
a commitment (owner, due date, first step, success measure) or with a written
reason why not now. The table never blocks typing; these rules say what is
still missing so the plan and the minutes can show it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from operator import attrgetter

from facilitator.core import dates, matrix
from facilitator.core.errors import RuleError
from facilitator.core.model import QUADRANT_ORDER, Action, Decision, Quadrant, SessionState, derived
from facilitator.core.text import MAX_NAME_CHARS, clean_text

MAX_PLAN_TEXT_CHARS = 2_000

# Plural group titles for the plan table and the minutes, normal and PICK-chart names.
GROUP_TITLES = matrix.HEADINGS
HEARD_TITLE = "Heard, not prioritized this time"

# What a commitment (Do now, Plan) should carry, as (Action attribute, words for people).
COMMITMENT_FIELDS = (
    ("owner", "owner"),
    ("due_date", "due date"),
    ("first_step", "first step"),
    ("success_measure", "success measure"),
)


def group_title(quadrant: Quadrant | None, pick: bool = False) -> str:
    """The heading of a plan group; None is the "heard, not prioritized" group."""
    if quadrant is None:
        return HEARD_TITLE
    return GROUP_TITLES[quadrant][1 if pick else 0]


@dataclass(frozen=True)
class PlanGroup:
    """A run of plan rows under one heading. `quadrant` is None for ideas heard but not prioritized."""

    quadrant: Quadrant | None
    idea_ids: tuple[int, ...]

    def title(self, pick: bool = False) -> str:
        return group_title(self.quadrant, pick)


def prioritized(state: SessionState) -> dict[Quadrant, list[int]]:
    """Matrix candidates that have a position, by quadrant (all four keys, in
    QUADRANT_ORDER); within a quadrant in the matrix's own order (votes first)."""
    return {q: list(ids) for q, ids in _prioritized(state).items()}


@derived
def _prioritized(state: SessionState) -> dict[Quadrant, tuple[int, ...]]:
    where = matrix.positions(state)
    on_matrix = matrix.candidates(state)
    wanted = set(on_matrix)
    active = {i.id for i in state.ideas if i.id in wanted and i.is_active}
    groups: dict[Quadrant, list[int]] = {q: [] for q in QUADRANT_ORDER}
    for idea_id in on_matrix:
        position = where.get(idea_id)
        if position is None or idea_id not in active:
            continue
        if position.feasibility is None or position.impact is None:
            continue
        groups[position.quadrant].append(idea_id)
    return {q: tuple(ids) for q, ids in groups.items()}


@derived
def heard_not_prioritized(state: SessionState) -> list[int]:
    """Cards that did not reach the matrix (or have no place on it), in the order they were said."""
    placed = {i for ids in prioritized(state).values() for i in ids}
    said = sorted(state.active_ideas(), key=attrgetter("position", "id"))  # a key in C: thousands of ideas
    return [i.id for i in said if i.id not in placed]


def plan_groups(state: SessionState, include_empty: bool = False) -> list[PlanGroup]:
    """The plan in reading order: quick wins, heavier lifts, easy extras, hard extras,
    then the ideas heard but not prioritized. Empty groups are left out unless asked for."""
    groups = [PlanGroup(q, tuple(ids)) for q, ids in prioritized(state).items()]
    groups.append(PlanGroup(None, tuple(heard_not_prioritized(state))))
    return [g for g in groups if include_empty or g.idea_ids]


@derived
def plan_order(state: SessionState) -> list[int]:
    """Every idea the plan lists, in the order it lists them."""
    return [i for g in plan_groups(state) for i in g.idea_ids]


@derived
def actions_by_idea(state: SessionState) -> dict[int, Action]:
    return {a.idea_id: a for a in state.actions}


def action_for(state: SessionState, idea_id: int) -> Action:
    """The idea's action, or an empty one (no decision yet) if none is stored."""
    return actions_by_idea(state).get(idea_id) or Action(idea_id)


def lacks_reason(action: Action) -> bool:
    """Later and Not now must say why; this one does not yet."""
    return action.decision is not None and action.decision.needs_reason and not action.reason.strip()


def missing_commitment(action: Action) -> list[str]:
    """What a Do now or Plan decision still lacks, in words ("owner", "due date", ...)."""
    if action.decision is None or not action.decision.is_commitment:
        return []
    return [words for name, words in COMMITMENT_FIELDS if not str(getattr(action, name)).strip()]


def gaps(action: Action) -> list[str]:
    """Short sentences saying what this row still needs; empty when it is complete."""
    if action.decision is None:
        return ["Needs a decision"]
    if lacks_reason(action):
        return ["Reason needed"]
    missing = missing_commitment(action)
    if missing:
        return [f"Needs {_join(missing)}"]
    return []


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def missing_reasons(state: SessionState) -> list[int]:
    """Ideas in the plan decided Later or Not now with no reason yet, in plan order."""
    actions = actions_by_idea(state)
    return [i for i in plan_order(state) if i in actions and lacks_reason(actions[i])]


@dataclass(frozen=True)
class PlanCheck:
    """Counts for the plan's summary line and the warning before export."""

    prioritized: int
    heard: int
    undecided_prioritized: int
    missing_reasons: int
    incomplete_commitments: int


def check(state: SessionState) -> PlanCheck:
    actions = actions_by_idea(state)
    groups = prioritized(state)
    top = [i for ids in groups.values() for i in ids]
    listed = plan_order(state)
    decided = [actions[i] for i in listed if i in actions and actions[i].decision is not None]
    return PlanCheck(
        prioritized=len(top),
        heard=len(listed) - len(top),
        undecided_prioritized=sum(1 for i in top if i not in actions or actions[i].decision is None),
        missing_reasons=sum(1 for a in decided if lacks_reason(a)),
        incomplete_commitments=sum(1 for a in decided if missing_commitment(a)),
    )


# ---- cleaning what people type into the plan -------------------------------------------------


def parse_decision(value: Decision | str | None) -> Decision | None:
    """A decision from its value ("do_now") or its label ("Do now"); "" or None clears it."""
    if value is None or value == "":
        return None
    if isinstance(value, Decision):
        return value
    for decision in Decision:
        if value in (decision.value, decision.label):
            return decision
    raise RuleError(f"“{value}” is not a decision. Choose Do now, Plan, Later or Not now.")


def clean_owner(text: str) -> str:
    owner = " ".join(clean_text(text).split())
    if len(owner) > MAX_NAME_CHARS:
        raise RuleError(f"An owner can be at most {MAX_NAME_CHARS} characters.")
    return owner


def clean_plan_text(text: str, what: str) -> str:
    """A first step, success measure or reason: any length up to a limit, may be empty."""
    cleaned = clean_text(text)
    if len(cleaned) > MAX_PLAN_TEXT_CHARS:
        raise RuleError(
            f"{what} can be at most {MAX_PLAN_TEXT_CHARS:,} characters; this one has {len(cleaned):,}."
        )
    return cleaned


def clean_due_date(text: str | _dt.date) -> str:
    """A due date typed as shown (15 Dec 2026) or as ISO, stored as YYYY-MM-DD; "" clears it."""
    if isinstance(text, _dt.date):
        return text.isoformat()
    return dates.iso_or_empty(text, "The due date")


def due_before_session(action: Action, session_date: str) -> bool:
    """A due date earlier than the session itself: most likely typed wrong, so it is flagged."""
    return bool(action.due_date and session_date and action.due_date < session_date)
