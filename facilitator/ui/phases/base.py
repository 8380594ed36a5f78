"""Which view shows each phase.

A phase's view lives in `facilitator.ui.phases.<phase>.view` as a class named
`View`. Until that module exists the phase shows a placeholder that says
plainly it is not built yet.
"""

from __future__ import annotations

import importlib
import importlib.util

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from facilitator.core.model import Phase
from facilitator.ui.session.session_model import SessionModel


class PhaseView(QWidget):
    """Base for phase views: holds the model and refreshes on its changes."""

    phase: Phase

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


class PlaceholderView(PhaseView):
    def __init__(self, model: SessionModel, phase: Phase, parent: QWidget | None = None) -> None:
        self.phase = phase
        super().__init__(model, parent)
        label = QLabel(
            f"<h2>{phase.title}</h2><p>This phase is not built yet. The session file already keeps its "
            "data, and nothing here changes it.</p>"
        )
        label.setObjectName("placeholderLabel")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)


def view_module_name(phase: Phase) -> str:
    return f"facilitator.ui.phases.{phase.value}.view"


def is_built(phase: Phase) -> bool:
    return importlib.util.find_spec(view_module_name(phase)) is not None


def make_view(phase: Phase, model: SessionModel, parent: QWidget | None = None) -> PhaseView:
    if not is_built(phase):
        return PlaceholderView(model, phase, parent)
    module = importlib.import_module(view_module_name(phase))
    return module.View(model, parent)
