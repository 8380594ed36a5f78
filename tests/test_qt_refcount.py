"""PySide6 6.12.0 on Python 3.11 leaks a reference to None on every call that
returns None, until the interpreter aborts. We pin below 6.12; this catches a
regression if the pin is ever lifted too early."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene


def test_none_refcount_is_stable_over_setpos(qapp) -> None:
    scene = QGraphicsScene()
    item = QGraphicsRectItem(0, 0, 10, 10)
    scene.addItem(item)
    for i in range(100):  # warm up caches
        item.setPos(i, i)
    before = sys.getrefcount(None)
    for i in range(1_000):
        item.setPos(i % 50, i % 70)
    drift = sys.getrefcount(None) - before
    assert abs(drift) < 50, f"None's refcount drifted by {drift} over 1,000 setPos calls"
