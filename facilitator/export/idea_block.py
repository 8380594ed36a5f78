"""An idea of the minutes' full list: its paragraph, and its outcome line under it.

The two used to be one paragraph with the outcome after a line break in a smaller grey
font. A paragraph of several styles is what reportlab lays out and draws slowest (word
by word, each word a fragment); of one style it breaks lines on plain words and draws
each line as one string. So the idea's number is the paragraph's bullet, the idea's
words are its only fragment, and the outcome is a paragraph of its own. `IdeaBlock`
keeps them together and puts every line where the single paragraph put it: the lines
are one idea leading apart, the outcome's baseline included.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus import Flowable, Paragraph
from reportlab.rl_config import paraFontSizeHeightOffset


def _first_baseline(style) -> float:
    """How far below its top a paragraph in `style` puts its first baseline (as reportlab's
    Paragraph.drawPara does)."""
    if paraFontSizeHeightOffset:
        return style.fontSize
    return getAscentDescent(style.fontName, style.fontSize)[0]


class IdeaBlock(Flowable):
    """An idea's paragraph with its outcome paragraph below it, never parted: a page
    break inside a long idea takes at least one of its lines over with the outcome, and
    a long outcome starts under the idea and goes on over the page."""

    def __init__(self, idea: Paragraph, outcome: Paragraph) -> None:
        super().__init__()
        self.idea = idea
        self.outcome = outcome
        self._sizes: tuple[float, float] | None = None

    def getSpaceBefore(self) -> float:
        return self.idea.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.idea.getSpaceAfter()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, idea_h = self.idea.wrap(availWidth, availHeight)
        _, outcome_h = self.outcome.wrap(availWidth, availHeight)
        self._sizes = (availWidth, idea_h)
        self.width, self.height = availWidth, idea_h + outcome_h
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list:
        if self._sizes is None or self._sizes[0] != availWidth:
            self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return [self]
        idea_h = self._sizes[1]
        if idea_h < availHeight:  # the idea fits: a long outcome (a reason) goes on over the page
            parts = self.outcome.split(availWidth, availHeight - idea_h)
            if len(parts) == 2:
                return [IdeaBlock(self.idea, parts[0]), parts[1]]
        # Otherwise the idea breaks, and its last line (at least) goes over with the outcome.
        parts = self.idea.split(availWidth, min(availHeight, idea_h - self.idea.style.leading))
        if len(parts) != 2:
            return []
        return [parts[0], IdeaBlock(parts[1], self.outcome)]

    def draw(self) -> None:
        outcome_h = self.height - self._sizes[1]
        self.idea.drawOn(self.canv, 0, outcome_h)
        # In one paragraph the outcome sat on the idea's baseline grid; its own paragraph
        # puts its first baseline by its own (smaller) size below its top instead.
        self.outcome.drawOn(
            self.canv, 0, _first_baseline(self.outcome.style) - _first_baseline(self.idea.style)
        )
