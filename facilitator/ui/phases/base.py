"""Which view shows each phase.

A phase's view lives in `facilitator.ui.phases.<phase>.view` as a class named
after the phase (`RoundTableView`). Views are imported when first shown.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from facilitator.core.model import Phase
from facilitator.ui.session.session_model import SessionModel


class PhaseView(QWidget):
    """Base for phase views: holds the model and refreshes on its changes."""

    phase: Phase
    phase_requested = Signal(object)  # a Phase: the view suggests moving on; the workspace shows it

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName(f"{self.phase.value}View")
        model.changed.connect(self.on_changes)

    def on_changes(self, changes: object) -> None:
        """Refresh from what changed. Override in each view."""

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do) for the shortcut sheet, beyond the menu actions."""
        return []

    def focus_default(self) -> None:
        """Put keyboard focus where the facilitator will type first."""
        self.setFocus()


def view_module_name(phase: Phase) -> str:
    return f"facilitator.ui.phases.{phase.value}.view"


def view_class_name(phase: Phase) -> str:
    """`RoundTableView` for the round table: each phase's view has its own name."""
    return "".join(word.title() for word in phase.value.split("_")) + "View"


def make_view(phase: Phase, model: SessionModel, parent: QWidget | None = None) -> PhaseView:
    """The phase's view, its module imported only now (so start-up loads only the first phase)."""
    module = importlib.import_module(view_module_name(phase))
    return getattr(module, view_class_name(phase))(model, parent)
