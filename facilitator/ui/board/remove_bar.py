"""Removing a card for good: an inline, non-modal question under the board.

Withdrawing keeps a card in the minutes with its reason; removing it for good takes
its words (and every earlier wording) out of the file, for hurtful or identifying text.
The bar says exactly that, and the keyboard starts on "Keep the card".
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from facilitator.core.text import one_line
from facilitator.ui.common.inline_question import DANGER, InlineQuestion

REMOVE_KEY = "Shift+Del"


class RemoveBar(InlineQuestion):
    """Asks before a card is removed for good. Emits `confirmed(idea id)` or `cancelled()`."""

    confirmed = Signal(object)  # idea id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "removeBar",
            "Remove card for good",
            (("Remove for good", "Remove the card for good"), ("Keep the card", "Keep the card")),
            tint=DANGER,
            parent=parent,
        )
        self.idea_id: int | None = None
        self.label.setWordWrap(True)
        self.row.setStretch(0, 1)
        self.confirm.clicked.connect(self.on_confirm)

    def ask(self, idea_id: int, text: str, merged: int) -> None:
        self.idea_id = idea_id
        back = ""
        if merged:
            wordings = "wording goes" if merged == 1 else "wordings go"
            back = f" Its {merged} merged {wordings} back on the board as cards of their own."
        self.label.setText(
            f"Remove “{one_line(text, 40)}” for good? Its words, every earlier wording, its dots and "
            f"its place on the matrix leave the file; the minutes say only that a card was removed."
            f"{back} Undo (Ctrl+Z) can bring it back until the session is closed."
        )
        self.show()
        self.cancel.setFocus()

    def on_confirm(self) -> None:
        if self.idea_id is not None:
            self.confirmed.emit(self.idea_id)
