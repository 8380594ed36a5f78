"""The matrix chart never contradicts the tables: a nudged card stays in its own quadrant."""

from __future__ import annotations

import itertools

from facilitator.core.matrix import MIDPOINT, quadrant
from facilitator.export.charts import drawn_positions

GRID = [1 + k / 4 for k in range(17)]  # 1, 1.25, ... 5: every boundary and the points between


def test_cards_on_every_boundary_are_drawn_inside_their_quadrant() -> None:
    points = list(itertools.product(GRID, GRID))
    for copies in (1, 2, 5, 9):  # alone, and crowded onto the same spot
        placed = [p for p in points for _ in range(copies)]
        for (f, i), (x, y) in zip(placed, drawn_positions(placed), strict=True):
            assert quadrant(x, y) is quadrant(f, i), (f, i, x, y)
            assert x != MIDPOINT and y != MIDPOINT  # never drawn on a dividing line


def test_crowded_cards_are_set_apart() -> None:
    spots = drawn_positions([(3.0, 3.0)] * 6)
    assert len(set(spots)) == 6
