"""Domain objects of a listening session.

Plain dataclasses: no Qt, no SQL, no I/O. The store loads and saves them; the
rules in the sibling modules reason about them.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from facilitator.core.followup import ReviewItem


class Phase(StrEnum):
    """The session flow, in order. The facilitator may go back to any phase."""

    SETUP = "setup"
    ROUND_TABLE = "round_table"
    GROUP = "group"
    VOTE = "vote"
    PRIORITIZE = "prioritize"
    PLAN = "plan"
    MINUTES = "minutes"

    @property
    def title(self) -> str:
        return PHASE_TITLES[self]


PHASE_TITLES = {
    Phase.SETUP: "Setup",
    Phase.ROUND_TABLE: "Round table",
    Phase.GROUP: "Group",
    Phase.VOTE: "Vote",
    Phase.PRIORITIZE: "Prioritize",
    Phase.PLAN: "Plan",
    Phase.MINUTES: "Minutes",
}


class Decision(StrEnum):
    DO_NOW = "do_now"
    PLAN = "plan"
    LATER = "later"
    NOT_NOW = "not_now"

    @property
    def label(self) -> str:
        return {
            "do_now": "Do now",
            "plan": "Plan",
            "later": "Later",
            "not_now": "Not now",
        }[self.value]

    @property
    def needs_reason(self) -> bool:
        """Later and Not now must tell people why (principle 3)."""
        return self in (Decision.LATER, Decision.NOT_NOW)

    @property
    def is_commitment(self) -> bool:
        return self in (Decision.DO_NOW, Decision.PLAN)


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"open": "Open", "in_progress": "In progress", "done": "Done"}[self.value]


class Quadrant(StrEnum):
    """Where a card sits on the matrix. The hard, low-impact corner is called a "hard extra"
    (the mirror of an easy extra) so that "Not now" only ever means the decision."""

    QUICK_WIN = "quick_win"
    HEAVIER_LIFT = "heavier_lift"
    EASY_EXTRA = "easy_extra"
    NOT_NOW = "not_now"

    def label(self, pick: bool = False) -> str:
        """The quadrant's name; PICK-chart names when `pick` is set."""
        if pick:
            return {
                "quick_win": "Implement",
                "heavier_lift": "Challenge",
                "easy_extra": "Possible",
                "not_now": "Kill",
            }[self.value]
        return {
            "quick_win": "Quick win",
            "heavier_lift": "Heavier lift",
            "easy_extra": "Easy extra",
            "not_now": "Hard extra",
        }[self.value]


# Order in which the plan and the minutes list quadrants: quick wins first.
QUADRANT_ORDER = (
    Quadrant.QUICK_WIN,
    Quadrant.HEAVIER_LIFT,
    Quadrant.EASY_EXTRA,
    Quadrant.NOT_NOW,
)


@dataclass
class Rules:
    """The rules a facilitator sets in Setup. Defaults live here and nowhere else."""

    anonymous: bool = True
    votes_per_person: int = 5
    max_votes_per_idea: int = 3
    facilitator_votes: bool = False
    turn_seconds: int = 120
    break_minutes: int = 50
    silent_seconds: int = 0
    pick_names: bool = False


@dataclass
class SessionInfo:
    title: str = "Listening session"
    question: str = ""
    date: str = ""
    place: str = ""
    facilitator: str = ""
    team: str = ""
    organisation: str = ""
    next_checkin: str = ""
    started_at: str = ""  # HH:MM, as typed in Setup; the minutes fall back to the turns' times
    ended_at: str = ""
    note_taker: str = ""
    contact: str = ""  # how to give feedback or whom to contact, for the staff summary
    approved: bool = False  # the minutes print as Draft until they are approved
    phase: Phase = Phase.SETUP
    current_round: int = 1
    current_seat: int = 0
    revealed: bool = False
    created_at: str = ""
    rules: Rules = field(default_factory=Rules)
    # A follow-up names the session it follows by title and date, never by path.
    predecessor_title: str = ""
    predecessor_date: str = ""
    rounds_sealed: int = 0  # rounds covered by turns folded into per-person totals
    removed_cards: int = 0  # cards the facilitator removed for good (nothing else of them is kept)


@dataclass
class Participant:
    id: int
    name: str
    seat: int
    role: str = ""
    team: str = ""
    absent: bool = False
    joined_round: int = 1
    to_confirm: bool = False  # carried from the previous session: check they are here


@dataclass
class Theme:
    id: int
    name: str
    colour: str
    position: int


@dataclass
class Idea:
    id: int
    text: str
    theme_id: int | None = None
    author_id: int | None = None
    merged_into: int | None = None
    withdrawn: bool = False
    withdrawn_reason: str = ""
    round: int | None = None
    turn_id: int | None = None
    position: int = 0
    candidate: bool | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def is_active(self) -> bool:
        """Shown as its own card: neither merged into another nor withdrawn."""
        return self.merged_into is None and not self.withdrawn


@dataclass
class IdeaEdit:
    id: int
    idea_id: int
    old_text: str
    new_text: str
    at: str


@dataclass
class Turn:
    id: int
    participant_id: int | None
    round: int
    started_at: str
    ended_at: str = ""
    passed: bool = False
    ideas: int = 0  # how many ideas were recorded in this turn


@dataclass(frozen=True)
class AirtimeTotal:
    """One person's equal-voice totals from turns that sealing folded away (anonymous
    sessions keep no per-turn rows once the room leaves the round table)."""

    participant_id: int
    turns: int = 0
    passes: int = 0
    ideas: int = 0
    seconds: float = 0.0


@dataclass
class Ballot:
    """A private ballot. It never names its voter (principle 4)."""

    id: int
    dots: dict[int, int] = field(default_factory=dict)  # idea id -> dots


@dataclass
class Voter:
    """Who has voted (yes or no), and how often they revised. Never what or when they voted."""

    participant_id: int
    revisions: int = 0


@dataclass
class Tally:
    """A count of paper dots or hands for one idea, tied to no person."""

    id: int
    idea_id: int
    count: int
    method: str = "paper"  # "paper" or "hands"


@dataclass
class Rating:
    id: int
    idea_id: int
    feasibility: int
    impact: int
    rater_key: str = ""


@dataclass
class Placement:
    """A consensus position on the matrix (1..5 on each axis)."""

    idea_id: int
    feasibility: float
    impact: float
    pinned: bool = False


@dataclass
class Action:
    idea_id: int
    decision: Decision | None = None
    owner: str = ""
    due_date: str = ""
    first_step: str = ""
    success_measure: str = ""
    reason: str = ""
    status: ActionStatus = ActionStatus.OPEN


@dataclass
class Event:
    """A line in the session log: what happened and when, never who voted for what."""

    id: int
    at: str
    kind: str
    detail: str = ""


@dataclass
class SessionState:
    """Everything in one session file, as plain objects."""

    info: SessionInfo = field(default_factory=SessionInfo)
    participants: list[Participant] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    edits: list[IdeaEdit] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)
    voters: list[Voter] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    airtime: list[AirtimeTotal] = field(default_factory=list)
    phone_voters: int = 0  # how many phones in the room voted; never which ballot is a phone's
    review: list[ReviewItem] = field(default_factory=list)  # actions carried from the previous session
    # Figures worked out from this state (vote totals, the ranking, the matrix's cards), kept
    # here only for a state nobody changes any more (the window's, loaded once per change:
    # see `derived`). None, the default: worked out again on every call.
    derived: dict | None = field(default=None, repr=False, compare=False)

    def idea(self, idea_id: int) -> Idea:
        for idea in self.ideas:
            if idea.id == idea_id:
                return idea
        raise KeyError(idea_id)

    def participant(self, participant_id: int) -> Participant:
        for p in self.participants:
            if p.id == participant_id:
                return p
        raise KeyError(participant_id)

    def theme(self, theme_id: int | None) -> Theme | None:
        for t in self.themes:
            if t.id == theme_id:
                return t
        return None

    def seated(self) -> list[Participant]:
        return sorted(self.participants, key=lambda p: (p.seat, p.id))

    def active_ideas(self) -> list[Idea]:
        return [i for i in self.ideas if i.is_active]

    def merged_children(self, idea_id: int) -> list[Idea]:
        return [i for i in self.ideas if i.merged_into == idea_id]


T = TypeVar("T")


def derived(work: Callable[[SessionState], T]) -> Callable[[SessionState], T]:
    """Work a figure out once per state when the state keeps figures (`SessionState.derived`
    is a dict), every time otherwise. Each caller gets its own shallow copy."""

    @functools.wraps(work)
    def figure(state: SessionState) -> T:
        kept = state.derived
        if kept is None:
            return work(state)
        if work not in kept:
            kept[work] = work(state)
        return copy.copy(kept[work])

    return figure
