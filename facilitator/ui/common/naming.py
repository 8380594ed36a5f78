"""Small helpers every view uses: each interactive widget gets an object name (for
tests and styles) and an accessible name (for screen readers), always together."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QPushButton, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, object_name: str, accessible: str, description: str = "") -> W:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def named_button(
    object_name: str,
    text: str,
    tip: str = "",
    slot: Callable[[], object] | None = None,
    accessible: str | None = None,
    describe: bool = False,
) -> QPushButton:
    """A push button named for screen readers (by default its text without a trailing '…')."""
    widget = named(QPushButton(text), object_name, accessible or text.rstrip("…"), tip if describe else "")
    if tip:
        widget.setToolTip(tip)
    if slot is not None:
        widget.clicked.connect(slot)
    return widget
