"""A big board makes its cards as they come into view: scrolling and searching still reach every idea."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facilitator.core.model import Idea, Theme
from facilitator.ops import ideas as idea_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.board.board_view import Board
from facilitator.ui.board.card_item import CardItem
from facilitator.ui.board.scene import BoardScene
from facilitator.ui.session.session_model import SessionModel

IDEAS = 300
NEEDLE = "zebra crossing"


def text_of(n: int) -> str:
    return f"Idea number {n} about the {NEEDLE} by the car park" if n == 250 else f"Idea number {n}"


@pytest.fixture
def model(session_path: Path, qtbot):
    store = SessionStore.open(session_path)
    theme = store.themes()[0].id
    for n in range(IDEAS):  # a third in the first theme, the rest unsorted
        idea_ops.add_idea(store, text_of(n), theme_id=theme if n % 3 == 0 else None)
    m = SessionModel(store)
    yield m
    m.close()


@pytest.fixture
def board(model: SessionModel, qtbot) -> Board:
    b = Board(model)
    qtbot.addWidget(b)
    b.resize(1000, 700)
    b.show()
    qtbot.waitExposed(b)
    b.view.viewport().repaint()
    return b


def cards_in_view(board: Board) -> list[CardItem]:
    """The cards drawn in the board's viewport right now."""
    board.view.viewport().repaint()  # paints now, as a scroll would on the next frame
    return [i for i in board.view.items(board.view.viewport().rect()) if isinstance(i, CardItem)]


def test_scrolling_shows_every_idea_in_board_order(board: Board, model: SessionModel) -> None:
    scene = board.scene
    assert len(scene.cards) == IDEAS and board.match_label.text() == f"{IDEAS} cards"
    # The test means something only if the cards further down are not made yet.
    assert len(scene.cards.made) < IDEAS / 2
    seen: dict[int, str] = {}
    bar = board.view.verticalScrollBar()
    bar.setValue(0)
    while True:
        for card in cards_in_view(board):
            seen[card.idea_id] = card.text
            # Each card sits in its own slot: its lane and place follow the board's order.
            assert card.parentItem() is scene.lanes[scene.lane_of(card.idea_id)]
        if bar.value() >= bar.maximum():
            break
        bar.setValue(bar.value() + bar.pageStep() // 2)
    assert sorted(seen.values()) == sorted(text_of(n) for n in range(IDEAS))
    order = scene.order()
    by_place = sorted(scene.cards.made.values(), key=lambda c: (c.scenePos().y(), c.scenePos().x()))
    assert [c.idea_id for c in by_place] == order


def test_searching_finds_a_card_not_made_yet_and_brings_it_into_view(
    board: Board, model: SessionModel, qtbot
) -> None:
    target = next(i.id for i in model.store.ideas() if NEEDLE in i.text)
    assert target not in board.scene.cards.made
    qtbot.keyClicks(board.search, "ZEBRA crossing")
    assert board.match_label.text() == f"1 of {IDEAS} match"
    board.view.setFocus()
    qtbot.keyClick(board.view, Qt.Key.Key_Home)  # the first match: dimmed cards are skipped
    assert board.scene.current_id() == target
    shown = cards_in_view(board)
    assert target in [c.idea_id for c in shown]
    assert board.scene.cards[target].isSelected() and board.scene.cards[target].opacity() == 1.0
    assert board.detail.toPlainText() == text_of(250)
    # Cards made after the search came in are dimmed like the ones made before it.
    assert all(c.opacity() < 0.5 for c in shown if c.idea_id != target)
    board.view.verticalScrollBar().setValue(0)
    assert all(c.opacity() < 0.5 for c in cards_in_view(board))
    board.search.clear()
    assert all(c.opacity() == 1.0 for c in cards_in_view(board))


def test_a_card_made_late_carries_its_badge_and_search_state(qtbot) -> None:
    scene = BoardScene()
    ideas = [Idea(n + 1, text_of(n), position=n) for n in range(IDEAS)]
    scene.build(ideas, [Theme(1, "Safety", "#2E86AB", 0)])
    last = ideas[-1].id
    scene.set_badge(last, "×3")
    assert scene.set_filter("number 299") == 1
    assert last not in scene.cards.made
    card = scene.cards[last]  # looked up: made now, with what the board knew of it
    assert (card.text, card.badge, card.matched, card.opacity()) == (text_of(299), "×3", True, 1.0)
    assert scene.cards[ideas[0].id].opacity() < 0.5
    assert scene.cards.get(10_000) is None and 10_000 not in scene.cards
