"""The board: equal cards in theme lanes, updated card by card, read and edited from the keyboard."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QWidget

from facilitator.core.model import Rules
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import roundtable as rt
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.board.board_view import WITHDRAWN, Board
from facilitator.ui.board.card_item import CARD_H, CARD_W
from facilitator.ui.session.session_model import SessionModel


@pytest.fixture
def model(session_path: Path, qtbot):
    store = SessionStore.open(session_path)
    themes = [t.id for t in store.themes()]
    for n in range(7):
        idea_ops.add_idea(store, f"Unsorted idea {n}")
    idea_ops.add_idea(store, "Huddle at every shift start", theme_id=themes[0])
    idea_ops.add_idea(store, "Falls policy in one folder", theme_id=themes[1])
    idea_ops.add_idea(store, "A quiet room after a difficult shift", theme_id=themes[2])
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
    b.view.auto_columns = False
    b.scene.set_columns(3)
    return b


def idea_id(model: SessionModel, text: str) -> int:
    return next(i.id for i in model.store.ideas() if i.text == text)


def test_cards_flow_into_theme_lanes_with_unsorted_first(board: Board, model: SessionModel) -> None:
    themes = model.store.themes()
    assert list(board.scene.lanes) == [None, *(t.id for t in themes)]
    assert board.scene.lane_of(idea_id(model, "Falls policy in one folder")) == themes[1].id
    unsorted = board.scene.lanes[None]
    assert [board.scene.cards[i].text for _, i in unsorted.order] == [f"Unsorted idea {n}" for n in range(7)]
    # Three columns: the seventh unsorted card starts a third row, and lanes never overlap.
    rects = [lane.sceneBoundingRect() for lane in board.scene.lanes.values()]
    assert unsorted.height > 2 * CARD_H
    for upper, lower in itertools.pairwise(rects):
        assert upper.bottom() < lower.top()
    assert board.match_label.text() == "10 cards"


def test_every_card_is_the_same_and_shows_no_author(session_path: Path, qtbot, tmp_path: Path) -> None:
    store = SessionStore.open(session_path)
    session_ops.update_rules(store, Rules(anonymous=False))
    people_ops.add_participants(store, "Dr Senior Consultant\nNew Starter")
    rt.record_idea(store, "Short")
    rt.record_idea(store, "A much longer idea " * 30)
    model = SessionModel(store)
    board = Board(model)
    qtbot.addWidget(board)
    cards = list(board.scene.cards.values())
    assert len(cards) == 2
    assert all(c.author_id is not None for c in store.ideas())  # the file names them...
    assert {c.boundingRect().size().toTuple() for c in cards} == {(CARD_W + 4, CARD_H + 4)}
    assert len({c.colour.name() for c in cards}) == 1
    for card in cards:  # ...the cards do not
        drawn = " ".join(card.lines) + card.toolTip() + card.badge
        assert "Senior" not in drawn and "Starter" not in drawn
    model.close()


def test_long_text_is_elided_and_opens_in_full_when_current(board: Board, model: SessionModel) -> None:
    long_text = "Every word matters here. " * 60
    model.run("Add idea", idea_ops.add_idea, long_text)
    card = board.scene.cards[idea_id(model, long_text.strip())]
    face = list(card.lines)
    assert face[-1].endswith("…")
    assert card.boundingRect().height() == CARD_H + 4
    board.scene.set_current(card.idea_id)
    assert card.is_open and len(card.lines) > len(face)
    assert card.boundingRect().height() > CARD_H + 4
    assert board.detail.toPlainText() == long_text.strip()
    board.scene.set_current(None)
    assert not card.is_open and card.boundingRect().height() == CARD_H + 4


def test_a_new_idea_adds_one_card_and_rebuilds_nothing(board: Board, model: SessionModel) -> None:
    before = dict(board.scene.cards)
    lanes_before = dict(board.scene.lanes)
    result = model.run("Add idea", idea_ops.add_idea, "Brand new")
    new_id = result.value
    assert set(board.scene.cards) == {*before, new_id}
    assert all(board.scene.cards[i] is card for i, card in before.items())  # same items, not rebuilt
    assert all(board.scene.lanes[k] is lane for k, lane in lanes_before.items())
    assert board.scene.order().index(new_id) == 7  # end of Unsorted
    model.undo_stack.undo()
    assert new_id not in board.scene.cards and set(board.scene.cards) == set(before)


def test_moving_to_a_theme_moves_the_card_between_lanes(board: Board, model: SessionModel) -> None:
    safety = model.store.themes()[1].id
    target = idea_id(model, "Unsorted idea 2")
    card = board.scene.cards[target]
    model.run("Move to theme", idea_ops.move_to_theme, [target], safety)
    assert board.scene.cards[target] is card
    assert board.scene.lane_of(target) == safety
    assert card.colour.name().upper() == model.store.themes()[1].colour
    assert len(board.scene.lanes[None].order) == 6


def test_arrow_keys_walk_the_grid(board: Board, model: SessionModel, qtbot) -> None:
    view = board.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    order = board.scene.order()
    assert board.scene.current_id() == order[0]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert board.scene.current_id() == order[1]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert board.scene.current_id() == order[4]  # three columns: one row down
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)  # the third row has one card; then the next lane
    assert board.scene.current_id() == idea_id(model, "Huddle at every shift start")
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert board.scene.current_id() == order[-1]
    assert board.scene.cards[order[-1]].isSelected()


def test_search_dims_the_rest_and_navigation_skips_dimmed_cards(
    board: Board, model: SessionModel, qtbot
) -> None:
    qtbot.keyClicks(board.search, "SHIFT")
    assert board.match_label.text() == "2 of 10 match"
    matched = [i for i, c in board.scene.cards.items() if c.matched]
    assert {board.scene.cards[i].text for i in matched} == {
        "Huddle at every shift start",
        "A quiet room after a difficult shift",
    }
    assert board.scene.cards[idea_id(model, "Unsorted idea 0")].opacity() < 0.5
    board.view.setFocus()
    qtbot.keyClick(board.view, Qt.Key.Key_Home)
    qtbot.keyClick(board.view, Qt.Key.Key_Right)
    assert board.scene.current_id() == matched[1]
    board.search.clear()
    assert board.match_label.text() == "10 cards"
    assert all(c.matched for c in board.scene.cards.values())


def test_zoom_to_fit_shows_the_whole_board(board: Board, model: SessionModel, qtbot) -> None:
    for n in range(40):
        model.run("Add idea", idea_ops.add_idea, f"More {n}")
    viewport = QRectF(board.view.viewport().rect())
    whole = board.view.mapFromScene(board.scene.itemsBoundingRect()).boundingRect()
    assert not viewport.contains(QRectF(whole))
    qtbot.keyClick(
        board.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    whole = board.view.mapFromScene(board.scene.itemsBoundingRect()).boundingRect()
    assert viewport.adjusted(-1, -1, 1, 1).contains(QRectF(whole))


def test_edit_in_place_is_undoable_and_keeps_the_old_wording(
    board: Board, model: SessionModel, qtbot
) -> None:
    target = idea_id(model, "Falls policy in one folder")
    board.scene.set_current(target)
    board.view.setFocus()
    qtbot.keyClick(board.view, Qt.Key.Key_F2)
    assert board.editor.isVisible() and board.editor.toPlainText() == "Falls policy in one folder"
    board.editor.selectAll()
    qtbot.keyClicks(board.editor, "One falls policy folder on the ward PC")
    qtbot.keyClick(board.editor, Qt.Key.Key_Return)
    assert not board.editor.isVisible()
    assert model.store.idea(target).text == "One falls policy folder on the ward PC"
    assert board.scene.cards[target].text == "One falls policy folder on the ward PC"
    edits = model.state().edits
    assert [(e.old_text, e.new_text) for e in edits] == [
        ("Falls policy in one folder", "One falls policy folder on the ward PC")
    ]
    assert model.undo_stack.undoText() == "Edit idea"
    model.undo_stack.undo()
    assert board.scene.cards[target].text == "Falls policy in one folder"
    assert model.state().edits == []


def test_refused_edit_keeps_the_editor_open_with_its_text(board: Board, model: SessionModel, qtbot) -> None:
    target = idea_id(model, "Unsorted idea 0")
    board.start_edit(target)
    board.editor.setPlainText("x" * 10_001)
    qtbot.keyClick(board.editor, Qt.Key.Key_Return)
    assert board.editor.isVisible() and len(board.editor.toPlainText()) == 10_001
    qtbot.keyClick(board.editor, Qt.Key.Key_Escape)
    assert not board.editor.isVisible()
    assert model.store.idea(target).text == "Unsorted idea 0"


def test_withdraw_needs_a_reason_inline_and_undo_brings_the_card_back(
    board: Board, model: SessionModel, qtbot
) -> None:
    target = idea_id(model, "Unsorted idea 3")
    board.scene.set_current(target)
    board.view.setFocus()
    qtbot.keyClick(board.view, Qt.Key.Key_Delete)
    bar = board.withdraw_bar
    assert bar.isVisible() and not bar.confirm.isEnabled()
    assert board.window().findChildren(QWidget, "withdrawReason")[0].hasFocus()
    qtbot.keyClick(bar.reason, Qt.Key.Key_Return)  # no reason: nothing happens
    assert not model.store.idea(target).withdrawn
    qtbot.keyClicks(bar.reason, "Said in anger; the speaker asked to take it back")
    assert bar.confirm.isEnabled()
    qtbot.keyClick(bar.reason, Qt.Key.Key_Return)
    assert not bar.isVisible()
    idea = model.store.idea(target)
    assert idea.withdrawn and idea.withdrawn_reason.startswith("Said in anger")
    assert target not in board.scene.cards
    assert model.undo_stack.undoText() == "Withdraw idea"
    model.undo_stack.undo()
    assert target in board.scene.cards and not model.store.idea(target).withdrawn
    model.undo_stack.redo()
    assert target not in board.scene.cards


def test_withdrawn_ideas_can_be_shown_and_restored(board: Board, model: SessionModel) -> None:
    target = idea_id(model, "Unsorted idea 1")
    model.run("Withdraw idea", idea_ops.withdraw_idea, target, "Duplicate of a card from the survey")
    board.withdrawn_box.setChecked(True)
    assert board.scene.lane_of(target) == WITHDRAWN
    board.scene.set_current(target)
    assert board.detail.toPlainText().startswith("Withdrawn: Duplicate of a card")
    assert board.restore_button.isVisible() and not board.edit_button.isEnabled()
    board.restore_button.click()
    assert not model.store.idea(target).withdrawn
    assert board.scene.lane_of(target) is None
    assert model.undo_stack.undoText() == "Restore idea"


def test_dropping_cards_on_a_lane_reports_it_and_snaps_back(board: Board, model: SessionModel, qtbot) -> None:
    board.scene.set_movable(True)
    board.view.reset_zoom()
    support = model.store.themes()[2].id
    target = idea_id(model, "Unsorted idea 0")
    card = board.scene.cards[target]
    home = card.pos()
    board.view.centerOn(card)
    start = board.view.mapFromScene(card.sceneBoundingRect().center())
    lane = board.scene.lanes[support].sceneBoundingRect()
    drop_scene = QPointF(lane.center().x(), lane.top() + 20)
    with qtbot.waitSignal(board.scene.cards_dropped) as dropped:
        qtbot.mousePress(board.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
        board.view.centerOn(drop_scene)
        qtbot.mouseMove(board.view.viewport(), board.view.mapFromScene(drop_scene))
        qtbot.mouseRelease(
            board.view.viewport(), Qt.MouseButton.LeftButton, pos=board.view.mapFromScene(drop_scene)
        )
    assert dropped.args == [[target], support]
    assert card.pos() == home
    assert board.scene.lane_of(target) is None  # data decides; nothing moved yet


def test_theme_changes_rebuild_the_lanes(board: Board, model: SessionModel) -> None:
    from facilitator.ops import themes as theme_ops

    safety = model.store.themes()[1]
    model.run("Rename theme", theme_ops.rename_theme, safety.id, "Patient safety")
    assert board.scene.lanes[safety.id].name == "Patient safety"
    model.run("Remove theme", theme_ops.remove_theme, safety.id)
    assert safety.id not in board.scene.lanes
    assert board.scene.lane_of(idea_id(model, "Falls policy in one folder")) is None
