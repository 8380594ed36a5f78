"""Text that pretends: user text that looks like markup is shown as text everywhere in the
window, and bidi controls cannot turn a line around."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QAbstractItemView, QGraphicsView, QLabel, QWidget

from facilitator.core.model import Phase
from facilitator.core.text import clean_idea_text, clean_name
from facilitator.ops import ideas as idea_ops
from facilitator.ops import matrix as matrix_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import themes as theme_ops
from facilitator.ops import voting as vote_ops
from facilitator.store.session_store import SessionStore

MARKERS = ("<b>Ann", '<img src="', "<i>idea", "<u>lift")
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("control", list(BIDI))
def test_bidi_controls_are_stripped_on_input(control: str) -> None:
    assert clean_name(f"Ann{control} has not voted") == "Ann has not voted"
    assert control not in clean_idea_text(f"{control}Idea{control} text")


def test_names_with_bidi_controls_reach_the_file_without_them(store: SessionStore) -> None:
    people_ops.add_participants(store, "Ann\u202e deton ton sah\nBo\u2066")
    assert [p.name for p in store.participants()] == ["Ann deton ton sah", "Bo"]


def _pretending_session(path: Path) -> None:
    store = SessionStore.open(path)
    people_ops.add_participants(store, "<b>Ann</b>\nBo")
    theme = theme_ops.add_theme(store, '<img src="/tmp/x.png">Safety').value
    ids = [
        idea_ops.add_idea(store, "<i>idea</i> one about rota", theme_id=theme).value,
        idea_ops.add_idea(store, "<u>lift</u> broken on bay 3", theme_id=theme).value,
    ]
    people = [p.id for p in store.participants()]
    vote_ops.cast_ballot(store, people[0], {ids[0]: 2, ids[1]: 1})
    vote_ops.set_revealed(store, True)  # seals the anonymous session: the ideas get new ids
    for idea_id in (i.id for i in store.ideas()):
        matrix_ops.set_candidate(store, idea_id, True)
        matrix_ops.place(store, idea_id, 4, 4)
    store.close()


def _tooltips_of(view: QAbstractItemView) -> list[str]:
    model = view.model()
    tips = []
    if model is None:
        return tips

    def count(method, parent: QModelIndex) -> int:
        try:
            return method(parent)
        except TypeError:  # a list model: one column, no children
            return 1 if method == model.columnCount else (method() if not parent.isValid() else 0)

    def walk(parent: QModelIndex) -> None:
        for row in range(count(model.rowCount, parent)):
            for column in range(count(model.columnCount, parent)):
                index = model.index(row, column, parent)
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                if tip:
                    tips.append(str(tip))
                walk(index)

    walk(QModelIndex())
    return tips


def _shown(root: QWidget) -> tuple[list[QLabel], list[str]]:
    labels = root.findChildren(QLabel)
    tips = [w.toolTip() for w in root.findChildren(QWidget) if w.toolTip()]
    for view in root.findChildren(QAbstractItemView):
        tips += _tooltips_of(view)
    for view in root.findChildren(QGraphicsView):
        if view.scene() is not None:
            tips += [item.toolTip() for item in view.scene().items() if item.toolTip()]
    return labels, tips


def test_user_text_is_shown_as_text_in_every_phase(make_window, session_path: Path) -> None:
    _pretending_session(session_path)
    window = make_window(session_path, size=(1280, 860))
    presenter = window.open_presenter()
    assert presenter is not None
    seen_labels = 0
    for phase in Phase:
        window.show_phase(phase)
        labels, tips = _shown(window)
        more_labels, more_tips = _shown(presenter)
        labels, tips = labels + more_labels, tips + more_tips
        for label in labels:
            if any(m in label.text() for m in MARKERS):
                seen_labels += 1
                assert label.textFormat() == Qt.TextFormat.PlainText, (
                    phase,
                    label.objectName(),
                    label.text(),
                )
        for tip in tips:  # shown as plain text by Qt, or escaped inside an explicit envelope
            assert not QtGui.mightBeRichText(tip) or not any(m in tip for m in MARKERS), (phase, tip)
    assert seen_labels  # the hostile names did reach the screen
