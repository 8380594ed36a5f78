"""The feasibility/impact matrix: positions, quadrants, medians and spread.

Both axes run 1..5. Feasibility runs across from hard (1) to easy (5); impact
runs up from low (1) to high (5). The dividing lines sit at 3.

Boundary rule (a card exactly on a line):
- on the impact line (impact == 3) it counts as HIGH impact, so an idea the
  room half-rated as important stays in view rather than dropping to "not now";
- on the feasibility line (feasibility == 3) it counts as HARD, so it gets a
  feasibility check as a heavier lift rather than being promised as a quick win.
So (3, 3) is a heavier lift, (3.5, 3) a quick win, (3, 2.5) not now.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.core.model import Quadrant, SessionState
from facilitator.core.voting import ranking

AXIS_MIN = 1
AXIS_MAX = 5
MIDPOINT = 3
MAX_CANDIDATES = 12
# An interquartile range this wide on either axis is flagged for discussion.
DISAGREEMENT_IQR = 2.0


def quadrant(feasibility: float, impact: float) -> Quadrant:
    easy = feasibility > MIDPOINT
    high = impact >= MIDPOINT
    if high:
        return Quadrant.QUICK_WIN if easy else Quadrant.HEAVIER_LIFT
    return Quadrant.EASY_EXTRA if easy else Quadrant.NOT_NOW


def snap(value: float) -> int:
    """The nearest grid point on an axis (halves round up), clamped to 1..5."""
    return int(min(AXIS_MAX, max(AXIS_MIN, int(value + 0.5))))


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


def positions(state: SessionState) -> dict[int, Position]:
    """Where each placed or rated idea sits.

    A pinned consensus position wins over ratings; otherwise ratings place a
    card at their medians; otherwise an unpinned consensus placement is used.
    """
    ratings: dict[int, list[tuple[int, int]]] = {}
    for r in state.ratings:
        ratings.setdefault(r.idea_id, []).append((r.feasibility, r.impact))
    placements = {p.idea_id: p for p in state.placements}
    result: dict[int, Position] = {}
    for idea_id in set(ratings) | set(placements):
        rated = ratings.get(idea_id, [])
        feas = [f for f, _ in rated]
        imp = [i for _, i in rated]
        placed = placements.get(idea_id)
        f_spread, i_spread = spread(feas), spread(imp)
        if placed is not None and (placed.pinned or not rated):
            result[idea_id] = Position(
                idea_id, placed.feasibility, placed.impact, "consensus", len(rated), f_spread, i_spread
            )
        else:
            result[idea_id] = Position(
                idea_id, median(feas), median(imp), "ratings", len(rated), f_spread, i_spread
            )
    return result


def candidates(state: SessionState) -> list[int]:
    """Ideas on the matrix: the top-voted (at least one vote, up to 12) plus the
    facilitator's additions, minus their removals; in vote order, additions last."""
    ideas = {i.id: i for i in state.ideas}
    chosen = [r.idea_id for r in ranking(state) if r.votes > 0 and ideas[r.idea_id].candidate is not False][
        :MAX_CANDIDATES
    ]
    added = [i.id for i in state.ideas if i.candidate is True and i.is_active and i.id not in chosen]
    return chosen + added
