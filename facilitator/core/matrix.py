"""The feasibility/impact matrix: positions, quadrants, medians and spread.

Both axes run 1..5. Feasibility runs across from hard (1) to easy (5); impact
runs up from low (1) to high (5). The dividing lines sit at 3.

Boundary rule (a card exactly on a line):
- on the impact line (impact == 3) it counts as HIGH impact, so an idea the
  room half-rated as important stays in view rather than dropping to the hard extras;
- on the feasibility line (feasibility == 3) it counts as HARD, so it gets a
  feasibility check as a heavier lift rather than being promised as a quick win.
So (3, 3) is a heavier lift, (3.5, 3) a quick win, (3, 2.5) a hard extra.
Both halves err the same way: towards a conversation, never towards a promise
or a silent drop.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.core.errors import RuleError
from facilitator.core.model import Quadrant, SessionState, derived
from facilitator.core.voting import by_votes, totals

AXIS_MIN = 1
AXIS_MAX = 5
MIDPOINT = 3
MAX_CANDIDATES = 12
# An interquartile range this wide on either axis is flagged for discussion.
DISAGREEMENT_IQR = 2.0

AXIS_NAMES = {"feasibility": "Feasibility", "impact": "Impact"}

# The matrix's quadrant headings (plural), normal and PICK-chart names.
HEADINGS = {
    Quadrant.QUICK_WIN: ("Quick wins", "Implement"),
    Quadrant.HEAVIER_LIFT: ("Heavier lifts", "Challenge"),
    Quadrant.EASY_EXTRA: ("Easy extras", "Possible"),
    Quadrant.NOT_NOW: ("Hard extras", "Kill"),
}


def heading(q: Quadrant, pick: bool = False) -> str:
    return HEADINGS[q][1 if pick else 0]


def quadrant(feasibility: float, impact: float) -> Quadrant:
    easy = feasibility > MIDPOINT
    high = impact >= MIDPOINT
    if high:
        return Quadrant.QUICK_WIN if easy else Quadrant.HEAVIER_LIFT
    return Quadrant.EASY_EXTRA if easy else Quadrant.NOT_NOW


def snap(value: float) -> int:
    """The nearest grid point on an axis (halves round up), clamped to 1..5."""
    return int(min(AXIS_MAX, max(AXIS_MIN, math.floor(value + 0.5))))


def step(value: float, direction: int) -> int:
    """The next grid point from `value` in `direction` (+1 or -1), clamped to 1..5.

    From a grid point that is one step; from between two points (a median of
    3.5, say) it is the neighbouring point on that side, so a key press never
    jumps over a point.
    """
    target = math.floor(value) + 1 if direction > 0 else math.ceil(value) - 1
    return int(min(AXIS_MAX, max(AXIS_MIN, target)))


def check_score(value: object, axis: str = "feasibility") -> int:
    """A rating on one axis: a whole number from 1 to 5, or a RuleError saying so."""
    if isinstance(value, bool) or not isinstance(value, int) or not AXIS_MIN <= value <= AXIS_MAX:
        raise RuleError(f"{AXIS_NAMES.get(axis, axis)} is rated with a whole number from 1 to 5.")
    return value


_PAIR = re.compile(r"^\s*([1-5])\s*[ ,/;:x-]?\s*([1-5])\s*$")


def parse_rating(text: str) -> tuple[int, int] | None:
    """A typed rating "feasibility impact" ("4 2", "4,2", "4/2" or "42"); None when blank."""
    if not text.strip():
        return None
    match = _PAIR.match(text)
    if match is None:
        raise RuleError(
            f"“{text.strip()}” is not a rating. Type two numbers from 1 to 5, "
            "feasibility then impact, for example 4 2."
        )
    return int(match.group(1)), int(match.group(2))


def median(values: Sequence[int | float]) -> float | None:
    """The median; the mean of the middle two for an even count; None with no values."""
    return float(statistics.median(values)) if values else None


def spread(values: Sequence[int | float]) -> tuple[float, float] | None:
    """The interquartile range (low, high); a single value has no spread; None with no values."""
    if not values:
        return None
    if len(values) == 1:
        return (float(values[0]), float(values[0]))
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return (float(q1), float(q3))


@dataclass(frozen=True)
class Position:
    idea_id: int
    feasibility: float
    impact: float
    source: str  # "consensus" (placed or pinned by the facilitator) or "ratings" (median)
    raters: int
    feasibility_spread: tuple[float, float] | None
    impact_spread: tuple[float, float] | None
    pinned: bool = False
    rated_at: tuple[float, float] | None = None  # the medians, kept even when a pin wins
    consensus_at: tuple[float, float] | None = None  # the room's placement, kept when ratings win

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.feasibility, self.impact)

    @property
    def disputed(self) -> bool:
        """The room disagrees enough that the card deserves a conversation."""
        for band in (self.feasibility_spread, self.impact_spread):
            if band is not None and band[1] - band[0] >= DISAGREEMENT_IQR:
                return True
        return False

    @property
    def basis(self) -> str:
        """Which position is used, in words for the panel and the minutes."""
        people = f"{self.raters} rating{'' if self.raters == 1 else 's'}"
        if self.source == "ratings":
            return f"Median of {people}"
        if self.pinned and self.raters:
            return f"Pinned by the room over {people}"
        return "Placed by the room"


def _position(
    idea_id: int, rated: list[tuple[int, int]], placed: tuple[float, float, bool] | None
) -> Position:
    feas = [f for f, _ in rated]
    imp = [i for _, i in rated]
    f_spread, i_spread = spread(feas), spread(imp)
    rated_at = (median(feas), median(imp)) if rated else None
    consensus_at = (placed[0], placed[1]) if placed else None
    pinned = bool(placed and placed[2])
    if placed is not None and (pinned or not rated):
        where, source = consensus_at, "consensus"
    else:
        where, source = rated_at, "ratings"
    return Position(
        idea_id, where[0], where[1], source, len(rated), f_spread, i_spread, pinned, rated_at, consensus_at
    )


@derived
def positions(state: SessionState) -> dict[int, Position]:
    """Where each card on the matrix sits (candidates that are placed or rated).

    A pinned consensus position wins over ratings; otherwise ratings place a
    card at their medians; otherwise an unpinned consensus placement is used.
    An idea taken off the matrix has no position (so no quadrant); its ratings
    and placement stay in the file and count again if it is put back.
    """
    on_matrix = set(candidates(state))
    ratings: dict[int, list[tuple[int, int]]] = {}
    for r in state.ratings:
        if r.idea_id in on_matrix:
            ratings.setdefault(r.idea_id, []).append((r.feasibility, r.impact))
    placements = {
        p.idea_id: (p.feasibility, p.impact, p.pinned) for p in state.placements if p.idea_id in on_matrix
    }
    return {
        idea_id: _position(idea_id, ratings.get(idea_id, []), placements.get(idea_id))
        for idea_id in sorted(set(ratings) | set(placements))
    }


@derived
def candidates(state: SessionState) -> list[int]:
    """Ideas on the matrix: the top-voted (at least one vote, up to 12) minus the
    facilitator's removals, then their additions; in vote order, additions last.

    A removal does not pull the 13th idea in: the card simply leaves. Votes count
    only once the vote is revealed, since the numbered list would give the
    result away; before that only ideas added by hand are on the matrix.
    """
    ideas = {i.id: i for i in state.ideas}
    top: list[int] = []
    if state.info.revealed:
        # The ranking's head, from the cards with votes only: not the thousands nobody voted for.
        counts = totals(state)
        top = by_votes(counts, (c for c, n in counts.items() if n > 0 and ideas[c].is_active))
        top = top[:MAX_CANDIDATES]
    chosen = [i for i in top if ideas[i].candidate is not False]
    added = [i for i in state.ideas if i.candidate is True and i.is_active and i.id not in chosen]
    added.sort(key=lambda i: (i.position, i.id))  # the few added by hand, not every idea
    return chosen + [i.id for i in added]


@derived
def numbers(state: SessionState) -> dict[int, int]:
    """Each card's number on the matrix: its place in the candidate list, from 1."""
    return {idea_id: n for n, idea_id in enumerate(candidates(state), start=1)}


@derived
def disputed(state: SessionState) -> list[int]:
    """Cards the room disagrees on, in candidate order: worth discussing before deciding."""
    where = positions(state)
    return [i for i in candidates(state) if i in where and where[i].disputed]
