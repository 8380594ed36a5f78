"""The Results box of the vote: the Reveal button, one line on what the count holds, and the chart.

Before Reveal it shows nothing of the count, only that the results are hidden.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout

from facilitator.core import model as m
from facilitator.core import voting
from facilitator.ui.common import palette
from facilitator.ui.common.naming import named as _named
from facilitator.ui.phases.vote.results_chart import ResultsChart, chart_rows


class ResultsBox(QGroupBox):
    """Shows the results once revealed; the view runs Reveal itself (`reveal_button`)."""

    def __init__(self, reveal_keys: str) -> None:
        super().__init__("Results")
        self.setObjectName("resultsBox")
        self.reveal_keys = reveal_keys
        self.reveal_button = _named(QPushButton(), "revealButton", "Reveal results")
        self.note = _named(QLabel(), "resultsNote", "Results")
        self.note.setWordWrap(True)
        self.chart = ResultsChart()
        self.chart_scroll = QScrollArea()
        self.chart_scroll.setObjectName("resultsScroll")
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_scroll.setWidget(self.chart)
        results = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(self.note, 1)
        head.addWidget(self.reveal_button)
        results.addLayout(head)
        results.addWidget(self.chart_scroll, 1)

    def show_state(self, state: m.SessionState, writable: bool) -> None:
        revealed = state.info.revealed
        keys = self.reveal_keys
        self.reveal_button.setText(f"Hide results ({keys})" if revealed else f"Reveal results ({keys})")
        self.reveal_button.setAccessibleName("Hide results" if revealed else "Reveal results")
        self.reveal_button.setEnabled(writable)
        if not revealed:
            self.chart.clear()
            self.chart_scroll.hide()
            self.note.setText(
                "Results stay hidden until you press Reveal. Nothing on this screen shows how anyone voted."
            )
            return
        ranked = voting.ranking(state)
        texts = {i.id: i.text for i in state.ideas}
        colours = {t.id: t.colour for t in state.themes}
        idea_colours = {i.id: colours.get(i.theme_id, palette.UNSORTED) for i in state.ideas}
        self.chart.set_rows(chart_rows(ranked, texts, idea_colours))
        self.chart_scroll.show()
        ties = len({r.rank for r in ranked}) < len(ranked)
        self.note.setText(
            f"{voting.total_votes(state)} votes in all: {voting.dots_cast(state)} on ballots, "
            f"{sum(t.count for t in state.tallies)} from tallies."
            + (" “=” marks a tie: tied cards share a rank and a band." if ties else "")
        )
