"""The group phase driven as a facilitator would: drag, keys, the card menu, merging and suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from facilitator.core import voting
from facilitator.core.similarity import suggest_duplicates
from facilitator.ops import duplicates as dup_ops
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import voting as vote_ops
from facilitator.store.delta import Changes
from facilitator.store.session_store import SessionStore
from facilitator.ui.phases.group.view import GroupView
from facilitator.ui.session.session_model import SessionModel

# The offscreen platform cannot raise a popup or grab the keyboard for it; a real screen can.
POPUP_NOTICES = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
# Sealing (closing an anonymous session) lays the cards out by text, so the texts sort in
# the order of this list and the tests can speak of "the next card".
IDEAS = [
    "A ten-minute huddle at the start of every shift",  # 0 unsorted
    "At the start of each shift, a short huddle",  # 1 unsorted: a duplicate of 0
    "Bay 3: replace the broken hoist",  # 2 unsorted
    "Leaders walk the ward once a week",  # 3 unsorted
    "Quiet room after a difficult shift",  # 4 Support
    "Sepsis card, laminated, at every station",  # 5 Safety
]


@pytest.fixture
def group_path(tmp_path: Path) -> Path:
    path = tmp_path / "group.roundtable"
    store = SessionStore.create(path)
    themes = {t.name: t.id for t in store.themes()}
    for n, text in enumerate(IDEAS):
        theme = {4: themes["Support"], 5: themes["Safety"]}.get(n)
        idea_ops.add_idea(store, text, theme_id=theme)
    people_ops.add_participants(store, "Amara\nTomasz\nPriya")
    store.close()
    return path


@pytest.fixture
def model(group_path: Path, qtbot):
    m = SessionModel(SessionStore.open(group_path))
    yield m
    m.close()


@pytest.fixture
def view(model: SessionModel, qtbot) -> GroupView:
    v = GroupView(model)
    qtbot.addWidget(v)
    v.resize(1300, 850)
    v.show()
    qtbot.waitExposed(v)
    v.board.view.auto_columns = False
    v.board.scene.set_columns(3)
    v.board.view.reset_zoom()
    return v


def ids(model: SessionModel) -> list[int]:
    """Idea ids in the order of IDEAS: an anonymous session's file keeps no capture order
    (closing it sealed it), so the ideas are found by their text."""
    by_text = {i.text: i.id for i in model.store.ideas()}
    return [by_text[t] for t in IDEAS if t in by_text] + [
        i.id for i in model.store.ideas() if i.text not in IDEAS
    ]


def theme(model: SessionModel, name: str) -> int:
    return next(t.id for t in model.store.themes() if t.name == name)


def idea_rows(model: SessionModel) -> list[tuple]:
    return model.store.db.conn.execute("SELECT * FROM idea ORDER BY id").fetchall()


@contextmanager
def reopened(path: Path) -> Iterator[SessionStore]:
    """The file as another program would find it."""
    store = SessionStore.open(path)
    try:
        yield store
    finally:
        store.close()


def drag(qtbot, view: GroupView, start_scene: QPointF, end_scene: QPointF) -> None:
    """Press on a point of the board, move in steps as a hand would, release on another point."""
    board = view.board.view
    viewport = board.viewport()
    board.centerOn(start_scene)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=board.mapFromScene(start_scene))
    qtbot.mouseMove(viewport, board.mapFromScene(start_scene + QPointF(12, 12)))
    board.centerOn(end_scene)
    qtbot.mouseMove(viewport, board.mapFromScene(end_scene + QPointF(6, 6)))
    qtbot.mouseMove(viewport, board.mapFromScene(end_scene))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=board.mapFromScene(end_scene))


def card_centre(view: GroupView, idea_id: int) -> QPointF:
    return view.board.scene.cards[idea_id].sceneBoundingRect().center()


def click_card(qtbot, view: GroupView, idea_id: int, ctrl: bool = False) -> None:
    board = view.board.view
    board.centerOn(card_centre(view, idea_id))
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(
        board.viewport(), Qt.MouseButton.LeftButton, modifier, board.mapFromScene(card_centre(view, idea_id))
    )


# ---- moving cards between themes ----------------------------------------------------------------


def test_dragging_a_card_to_another_lane_stores_its_theme_in_one_undo_step(
    view: GroupView, model: SessionModel, qtbot, group_path: Path
) -> None:
    hoist = ids(model)[2]
    safety = theme(model, "Safety")
    lane = view.board.scene.lanes[safety].sceneBoundingRect()
    steps = model.undo_stack.count()
    drag(qtbot, view, card_centre(view, hoist), QPointF(lane.right() - 40, lane.bottom() - 20))
    assert model.store.idea(hoist).theme_id == safety
    assert view.board.scene.lane_of(hoist) == safety  # the card landed in the lane
    assert model.undo_stack.count() == steps + 1
    assert model.undo_stack.undoText() == "Move card to Safety"
    with reopened(group_path) as store:
        assert store.idea(hoist).theme_id == safety
    model.undo_stack.undo()
    assert model.store.idea(hoist).theme_id is None
    assert view.board.scene.lane_of(hoist) is None
    model.undo_stack.redo()
    assert view.board.scene.lane_of(hoist) == safety


def test_dropping_a_card_back_in_its_own_lane_changes_nothing(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    hoist = ids(model)[2]
    lane = view.board.scene.lanes[None].sceneBoundingRect()
    before = idea_rows(model)
    steps = model.undo_stack.count()
    drag(qtbot, view, card_centre(view, hoist), QPointF(lane.right() - 30, lane.bottom() - 10))
    assert idea_rows(model) == before
    assert model.undo_stack.count() == steps
    assert view.board.scene.lane_of(hoist) is None


def test_dragging_several_selected_cards_moves_them_together(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    first, _, hoist, leaders = ids(model)[:4]
    click_card(qtbot, view, hoist)
    click_card(qtbot, view, leaders, ctrl=True)
    assert set(view.board.selected_ids()) == {hoist, leaders}
    support = theme(model, "Support")
    lane = view.board.scene.lanes[support].sceneBoundingRect()
    drag(qtbot, view, card_centre(view, leaders), QPointF(lane.right() - 30, lane.bottom() - 15))
    assert model.store.idea(hoist).theme_id == support
    assert model.store.idea(leaders).theme_id == support
    assert model.store.idea(first).theme_id is None
    assert model.undo_stack.undoText() == "Move 2 cards to Support"


def test_a_digit_key_moves_the_selected_cards_to_that_theme(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    hoist, leaders = ids(model)[2:4]
    themes = [t.id for t in model.store.themes()]
    view.focus_default()
    view.board.scene.set_current(hoist)
    qtbot.keyClick(view.board.view, Qt.Key.Key_2)
    assert model.store.idea(hoist).theme_id == themes[1]
    assert view.board.scene.lane_of(hoist) == themes[1]
    # Shift+Right takes the next card into the selection; 3 sends both to the third theme.
    view.board.scene.set_current(hoist)
    qtbot.keyClick(view.board.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    chosen = view.board.selected_ids()
    assert len(chosen) == 2 and hoist in chosen
    other = next(i for i in chosen if i != hoist)
    qtbot.keyClick(view.board.view, Qt.Key.Key_3)
    assert {model.store.idea(i).theme_id for i in (hoist, other)} == {themes[2]}
    assert model.undo_stack.undoText() == "Move 2 cards to Support"
    # 0 is Unsorted; pressing the key of the lane a card is in changes nothing.
    view.board.scene.set_current(hoist)
    steps = model.undo_stack.count()
    qtbot.keyClick(view.board.view, Qt.Key.Key_3)
    assert model.undo_stack.count() == steps
    qtbot.keyClick(view.board.view, Qt.Key.Key_0)
    assert model.store.idea(hoist).theme_id is None
    model.undo_stack.undo()
    assert model.store.idea(hoist).theme_id == themes[2]
    model.undo_stack.redo()
    assert model.store.idea(hoist).theme_id is None
    assert leaders in ids(model)


def test_sorting_a_lane_by_keyboard_keeps_the_selection_in_that_lane(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    """Digit after digit sorts the Unsorted lane with no click: the selection stays on
    the next card in that lane, not on the card that just left it."""
    themes = [t.id for t in model.store.themes()]
    unsorted = [i for _, i in view.board.scene.lanes[None].order]
    assert len(unsorted) == 4
    view.focus_default()
    view.board.scene.set_current(unsorted[0])
    for n, key in enumerate((Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3)):
        qtbot.keyClick(view.board.view, key)
        assert model.store.idea(unsorted[n]).theme_id == themes[n]
        assert view.board.scene.current_id() == unsorted[n + 1]
        assert view.board.selected_ids() == [unsorted[n + 1]]
    qtbot.keyClick(view.board.view, Qt.Key.Key_1)  # the lane's last card: nothing is left to stay on
    assert model.store.idea(unsorted[3]).theme_id == themes[0]
    assert view.board.scene.lanes[None].order == []


def test_a_digit_with_no_such_theme_says_so_and_changes_nothing(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    hoist = ids(model)[2]
    view.board.scene.set_current(hoist)
    before = idea_rows(model)
    with qtbot.waitSignal(model.refused) as refused:
        qtbot.keyClick(view.board.view, Qt.Key.Key_7)
    assert "no theme 7" in refused.args[0]
    assert idea_rows(model) == before


@POPUP_NOTICES
def test_the_card_menu_moves_merges_and_opens_from_the_keyboard(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    hoist = ids(model)[2]
    view.board.scene.set_current(hoist)
    menu = view.board.build_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[0] == "Move to theme"
    assert [a.text().split("\t")[0].replace("&", "") for a in menu.actions()[1:] if a.text()] == [
        "Merge selected (1)",
        "Unmerge",
        "Edit",
        "Withdraw…",
        "Remove for good…",
    ]
    move = menu.findChild(type(menu.actions()[0]), "moveToTheme1")
    assert move.text() == "Communication\t1"
    move.trigger()
    assert model.store.idea(hoist).theme_id == theme(model, "Communication")
    assert not menu.findChild(type(move), "mergeSelected").isEnabled()  # one card cannot merge
    # The Menu key, Shift+F10 and a right-click each pop the menu up, without blocking.
    for open_menu in (
        lambda: QApplication.sendEvent(
            view.board.view,
            QContextMenuEvent(
                QContextMenuEvent.Reason.Keyboard, QPoint(5, 5), view.board.view.mapToGlobal(QPoint(5, 5))
            ),
        ),
        lambda: qtbot.keyClick(view.board.view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier),
    ):
        open_menu()
        qtbot.waitUntil(lambda: view.board.menu is not None and view.board.menu.isVisible())
        view.board.menu.close()
    withdraw = view.board.build_menu().findChild(type(move), "withdrawCard")
    withdraw.trigger()
    assert view.board.withdraw_bar.isVisible() and view.board.withdraw_bar.idea_id == hoist


@POPUP_NOTICES
def test_a_right_click_on_another_card_opens_the_menu_for_that_card(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    first, _, hoist = ids(model)[:3]
    view.board.scene.set_current(first)
    board = view.board.view
    point = board.mapFromScene(card_centre(view, hoist))
    QApplication.sendEvent(
        board.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, board.viewport().mapToGlobal(point)),
    )
    qtbot.waitUntil(lambda: view.board.menu is not None and view.board.menu.isVisible())
    assert view.board.scene.current_id() == hoist
    view.board.menu.close()


# ---- merging ------------------------------------------------------------------------------------


def test_merge_selected_shows_a_count_and_every_wording(view: GroupView, model: SessionModel, qtbot) -> None:
    first, second, hoist = ids(model)[:3]
    click_card(qtbot, view, first)
    click_card(qtbot, view, second, ctrl=True)
    click_card(qtbot, view, hoist, ctrl=True)
    assert view.board.selected_ids() == [first, second, hoist]
    assert "3 cards selected" in view.board.detail.toPlainText()
    action = view.board.build_menu().findChild(type(view.board.build_menu().actions()[0]), "mergeSelected")
    assert action.text().startswith("&Merge selected (3)")
    action.trigger()
    assert [i.merged_into for i in model.store.ideas()[:3]] == [None, first, first]
    assert set(view.board.scene.cards) == set(ids(model)) - {second, hoist}
    card = view.board.scene.cards[first]
    assert card.badge == "×3"
    detail = view.board.detail.toPlainText()
    for text in IDEAS[:3]:
        assert text in detail
    assert "×3" in detail
    model.undo_stack.undo()
    assert view.board.scene.cards[first].badge == ""
    assert {second, hoist} <= set(view.board.scene.cards)
    model.undo_stack.redo()
    assert view.board.scene.cards[first].badge == "×3"


def test_dropping_a_card_on_another_merges_it_into_that_card(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    first, second = ids(model)[:2]
    before = idea_rows(model)
    drag(qtbot, view, card_centre(view, second), card_centre(view, first))
    assert model.store.idea(second).merged_into == first
    assert second not in view.board.scene.cards
    assert view.board.scene.cards[first].badge == "×2"
    assert view.board.scene.current_id() == first
    assert model.undo_stack.undoText() == "Merge two cards"
    model.undo_stack.undo()
    assert idea_rows(model) == before
    assert view.board.scene.cards[second].badge == ""


def test_dropping_a_card_on_a_card_of_another_theme_merges_it_there(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    hoist, sepsis = ids(model)[2], ids(model)[5]
    before = model.store.idea(hoist)
    drag(qtbot, view, card_centre(view, hoist), card_centre(view, sepsis))
    idea = model.store.idea(hoist)
    assert idea.merged_into == sepsis
    assert view.board.scene.lane_of(sepsis) == theme(model, "Safety")
    # Split again: the wording comes back exactly, in the theme it was sorted into before.
    view.board.scene.set_current(sepsis)
    assert view.board.unmerge_current()
    assert model.store.idea(hoist) == before
    model.undo_stack.undo()
    model.undo_stack.undo()
    assert model.store.idea(hoist) == before  # undo restores even the theme it came from


def test_unmerge_restores_the_original_ideas_exactly(view: GroupView, model: SessionModel, qtbot) -> None:
    first, second, hoist = ids(model)[:3]
    before = idea_rows(model)
    view.board.merge_into(first, [second, hoist])
    assert view.board.scene.cards[first].badge == "×3"
    view.board.scene.set_current(first)
    assert (
        view.board.build_menu()
        .findChild(type(view.board.build_menu().actions()[0]), "unmergeCard")
        .isEnabled()
    )
    qtbot.keyClick(
        view.board.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert idea_rows(model) == before
    assert {first, second, hoist} <= set(view.board.scene.cards)
    assert view.board.scene.cards[first].badge == ""
    assert set(view.board.selected_ids()) == {first, second, hoist}  # the originals, shown together
    steps = model.undo_stack.count()
    model.undo_stack.undo()
    assert model.undo_stack.count() == steps  # one step: undo only moves the index
    assert view.board.scene.cards[first].badge == "×3"
    model.undo_stack.redo()
    assert idea_rows(model) == before


def test_votes_follow_the_card_through_merge_and_unmerge(view: GroupView, model: SessionModel, qtbot) -> None:
    first, second, hoist = ids(model)[:3]
    people = [p.id for p in model.store.participants()]
    vote_ops.cast_ballot(model.store, people[0], {first: 2, second: 1})
    vote_ops.cast_ballot(model.store, people[1], {second: 3})
    vote_ops.cast_ballot(model.store, people[2], {hoist: 1, second: 1})
    vote_ops.set_tally(model.store, second, 4)
    model.reload()
    alone = voting.totals(model.store.load())
    assert (alone[first], alone[second]) == (2, 9)

    view.board.scene.set_current(first)
    view.board.scene.cards[second].setSelected(True)
    qtbot.keyClick(view.board.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    merged = voting.totals(model.store.load())
    assert merged[first] == 11 and second not in merged
    assert merged[hoist] == 1

    view.board.scene.set_current(first)
    assert view.board.unmerge_current()
    assert voting.totals(model.store.load()) == alone
    model.undo_stack.undo()
    assert voting.totals(model.store.load()) == merged


def test_merging_a_withdrawn_card_is_refused_with_nothing_saved(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    first, second = ids(model)[:2]
    idea_ops.withdraw_idea(model.store, second, "Said twice")
    model.reload()
    before = idea_rows(model)
    with qtbot.waitSignal(model.refused):
        view.board.merge_into(second, [first])
    assert idea_rows(model) == before


# ---- suggested duplicates ----------------------------------------------------------------------


def test_suggestions_accept_and_dismiss_persist_and_undo(
    view: GroupView, model: SessionModel, qtbot, group_path: Path
) -> None:
    first, second = ids(model)[:2]
    panel = view.duplicates
    qtbot.waitUntil(lambda: [(p.first, p.second) for p in panel.pairs] == [(first, second)])
    assert panel.list.item(0).text() == f"1. {IDEAS[0]}\n2. {IDEAS[1]}"
    # Choosing the pair shows both cards selected on the board.
    panel.list.setCurrentRow(-1)
    panel.list.setCurrentRow(0)
    assert set(view.board.selected_ids()) == {first, second}

    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)  # not duplicates
    assert panel.list.count() == 0
    with reopened(group_path) as store:
        assert (min(first, second), max(first, second)) in dup_ops.dismissed_pairs(store)
        assert suggest_duplicates(store.ideas(), dismissed=dup_ops.dismissed_pairs(store)) == []
    model.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.list.count() == 1)

    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # merge
    assert model.store.idea(second).merged_into == first
    assert view.board.scene.cards[first].badge == "×2"
    assert model.undo_stack.undoText() == "Merge suggested duplicates"
    with reopened(group_path) as store:
        assert store.idea(second).merged_into == first
    qtbot.waitUntil(lambda: not panel.timer.isActive())
    assert panel.pairs == []
    model.undo_stack.undo()
    assert model.store.idea(second).merged_into is None
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    model.undo_stack.redo()
    qtbot.waitUntil(lambda: panel.list.count() == 0 and not panel.timer.isActive())
    with reopened(group_path) as store:
        assert store.idea(second).merged_into == first
        assert dup_ops.dismissed_pairs(store) == set()


def test_suggestions_are_worked_out_once_changes_settle(view: GroupView, model: SessionModel, qtbot) -> None:
    panel = view.duplicates
    qtbot.waitUntil(lambda: len(panel.pairs) == 1 and not panel.timer.isActive())
    calls = []
    panel.timer.timeout.connect(lambda: calls.append(1))
    for text in (
        "Fix the broken hoist on bay 3 soon",
        "Walk the ward: leaders once a week",
        "Another quiet room",
    ):
        model.run("Add idea", idea_ops.add_idea, text)
    assert panel.timer.isActive() and calls == []  # three changes, nothing worked out yet
    qtbot.waitUntil(lambda: len(panel.pairs) >= 3)
    assert calls == [1]  # once, after the changes settled
    hoist = ids(model)[2]
    assert any(hoist in (p.first, p.second) for p in panel.pairs)


def test_moving_a_card_keeps_its_suggestions_without_working_them_out_again(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    first, second = ids(model)[:2]
    panel = view.duplicates
    qtbot.waitUntil(lambda: len(panel.pairs) == 1 and not panel.timer.isActive())
    view.board.move_to([second], theme(model, "Support"))
    assert not panel.timer.isActive()
    assert [(p.first, p.second) for p in panel.pairs] == [(first, second)]
    idea_ops.withdraw_idea(model.store, second, "Said twice")  # the same change, from another path
    model.notify(Changes({"idea": frozenset({second})}))
    assert panel.pairs == []


def test_a_hidden_panel_waits_until_it_is_shown(view: GroupView, model: SessionModel, qtbot) -> None:
    panel = view.duplicates
    qtbot.waitUntil(lambda: not panel.timer.isActive())
    view.hide()
    model.run("Add idea", idea_ops.add_idea, "Fix the broken hoist on bay 3 soon")
    assert not panel.timer.isActive()
    view.show()
    qtbot.waitUntil(lambda: len(panel.pairs) == 2)


# ---- themes -------------------------------------------------------------------------------------


def test_lane_headers_name_their_theme_and_key(view: GroupView, model: SessionModel) -> None:
    names = [lane.name for lane in view.board.scene.lanes.values()]
    assert names == ["0  Unsorted", "1  Communication", "2  Safety", "3  Support"]


def test_double_clicking_a_lane_header_renames_the_theme(view: GroupView, model: SessionModel, qtbot) -> None:
    safety = theme(model, "Safety")
    lane = view.board.scene.lanes[safety]
    header = lane.sceneBoundingRect().topLeft() + QPointF(120, 12)
    board = view.board.view
    board.centerOn(header)
    qtbot.mouseDClick(board.viewport(), Qt.MouseButton.LeftButton, pos=board.mapFromScene(header))
    editor = view.board.lane_editor
    assert editor.isVisible() and editor.text() == "Safety"
    editor.setText("Patient safety")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert model.store.themes()[1].name == "Patient safety"
    assert not editor.isVisible()
    assert view.board.scene.lanes[safety].name == "2  Patient safety"
    assert view.themes.table.item(2, 1).text() == "Patient safety"
    model.undo_stack.undo()
    assert view.board.scene.lanes[safety].name == "2  Safety"


def test_a_clashing_theme_name_is_refused_and_the_editor_stays(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    view.board.start_lane_name(theme(model, "Safety"))
    view.board.lane_editor.setText("support")
    with qtbot.waitSignal(model.refused):
        qtbot.keyClick(view.board.lane_editor, Qt.Key.Key_Return)
    assert view.board.lane_editor.isVisible()
    assert [t.name for t in model.store.themes()] == ["Communication", "Safety", "Support"]
    qtbot.keyClick(view.board.lane_editor, Qt.Key.Key_Escape)
    assert not view.board.lane_editor.isVisible()


def test_themes_are_renamed_and_reordered_from_the_panel_and_keys_follow(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    panel = view.themes
    support = theme(model, "Support")
    panel.select_theme(support)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [t.name for t in model.store.themes()] == ["Communication", "Support", "Safety"]
    assert panel.current_theme_id() == support
    assert [lane.name for lane in view.board.scene.lanes.values()][2] == "2  Support"
    # The digit follows the order: 2 now means Support.
    hoist = ids(model)[2]
    view.board.scene.set_current(hoist)
    qtbot.keyClick(view.board.view, Qt.Key.Key_2)
    assert model.store.idea(hoist).theme_id == support
    panel.up_button.click()
    assert [t.name for t in model.store.themes()] == ["Support", "Communication", "Safety"]
    assert not panel.up_button.isEnabled()
    model.undo_stack.undo()
    model.undo_stack.undo()
    model.undo_stack.undo()
    assert [t.name for t in model.store.themes()] == ["Communication", "Safety", "Support"]

    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 1).text() == "Safety")
    panel.table.item(row, 1).setText("Patient safety")
    assert model.store.themes()[1].name == "Patient safety"
    assert model.undo_stack.undoText() == "Rename theme"
    panel.table.item(row, 1).setText("")  # refused: the stored name comes back
    assert model.store.themes()[1].name == "Patient safety"
    assert panel.table.item(row, 1).text() == "Patient safety"


def test_adding_a_theme_makes_a_lane_and_a_key(view: GroupView, model: SessionModel, qtbot) -> None:
    view.themes.add_button.click()
    assert [t.name for t in model.store.themes()][-1] == "New theme"
    new = model.store.themes()[-1].id
    assert view.board.scene.lanes[new].name == "4  New theme"
    assert view.themes.table.state() == view.themes.table.State.EditingState


# ---- the view as a whole -----------------------------------------------------------------------


def test_focus_default_puts_the_keyboard_on_the_board(view: GroupView, qtbot) -> None:
    view.focus_default()
    qtbot.waitUntil(lambda: view.board.view.hasFocus())
    assert view.board.scene.current_id() is not None
    keys = " ".join(k for k, _ in view.shortcuts())
    for needed in ("Ctrl+M", "Ctrl+Shift+M", "Shift+F10", "0", "Ctrl+D"):
        assert needed in keys


def test_a_read_only_session_cannot_be_regrouped(group_path: Path, qtbot) -> None:
    model = SessionModel(SessionStore.open(group_path, read_only=True))
    view = GroupView(model)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    hoist = ids(model)[2]
    view.board.scene.set_current(hoist)
    qtbot.keyClick(view.board.view, Qt.Key.Key_2)
    assert model.store.idea(hoist).theme_id is None
    menu = view.board.build_menu()
    assert not any(a.isEnabled() for a in menu.actions() if a.text())
    qtbot.waitUntil(lambda: len(view.duplicates.pairs) == 1)
    assert not view.duplicates.accept_button.isEnabled()
    assert not view.themes.add_button.isEnabled()
    model.close()


def test_shift_arrows_and_a_dragged_box_select_several_cards(
    view: GroupView, model: SessionModel, qtbot
) -> None:
    first, second, hoist, leaders = ids(model)[:4]
    view.board.scene.set_current(first)
    qtbot.keyClick(view.board.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.board.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.board.selected_ids() == [first, second, hoist]
    assert view.board.merge_target(view.board.selected_ids()) == first  # where the selection began
    qtbot.keyClick(view.board.view, Qt.Key.Key_Escape)
    assert view.board.selected_ids() == [view.board.scene.current_id()]

    # A box dragged from an empty part of the lane over two cards selects both.
    before = idea_rows(model)
    scene = view.board.scene
    empty = scene.cards[leaders].sceneBoundingRect().center() + QPointF(
        2 * (scene.cards[leaders].rect().width() + 12), 0
    )
    assert view.board.card_under(empty, set()) is None
    board = view.board.view
    board.centerOn(empty)
    viewport = board.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=board.mapFromScene(empty))
    target = card_centre(view, second)
    for k in range(1, 6):
        qtbot.mouseMove(viewport, board.mapFromScene(empty + (target - empty) * (k / 5)))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=board.mapFromScene(target))
    assert view.board.selected_ids() == [second, hoist]
    assert idea_rows(model) == before  # drawing the box moved nothing


def test_suggestions_are_worked_out_off_the_ui_thread(view: GroupView, model: SessionModel, qtbot) -> None:
    view.show()
    panel = view.duplicates
    qtbot.waitUntil(lambda: not panel.timer.isActive() and not panel.working)
    before = len(panel.pairs)
    panel.refresh()
    assert panel.working  # refresh returned before the pairs were known: the window stays live
    assert "working them out" in panel.title.text()
    qtbot.waitUntil(lambda: not panel.working)
    assert len(panel.pairs) == before


# ---- removing a card for good -------------------------------------------------------------------


def test_shift_delete_asks_then_removes_a_card_for_good_and_undo_brings_it_back(
    view: GroupView, model: SessionModel, qtbot, group_path: Path
) -> None:
    hoist = ids(model)[2]
    words = IDEAS[2].encode()
    bar = view.board.remove_bar
    view.board.scene.set_current(hoist)
    view.board.view.setFocus()
    qtbot.keyClick(view.board.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert bar.isVisible() and bar.cancel.hasFocus()  # the keyboard starts on "Keep the card"
    assert "for good" in bar.label.text() and "Undo (Ctrl+Z)" in bar.label.text()
    qtbot.keyClick(bar.cancel, Qt.Key.Key_Escape)
    assert not bar.isVisible() and model.store.idea(hoist) is not None

    menu = view.board.build_menu()
    remove = menu.findChild(type(menu.actions()[0]), "removeCard")
    assert remove.isEnabled() and "Shift+Del" in remove.text()
    remove.trigger()
    assert bar.isVisible()
    qtbot.mouseClick(bar.confirm, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert model.store.idea(hoist) is None and hoist not in view.board.scene.cards
    assert model.store.info().removed_cards == 1
    assert words not in group_path.read_bytes()  # gone from the file at once, free space included
    assert model.undo_stack.undoText() == "Remove card for good"

    model.undo_stack.undo()
    assert model.store.idea(hoist).text == IDEAS[2] and hoist in view.board.scene.cards
    assert model.store.info().removed_cards == 0
    model.undo_stack.redo()
    assert hoist not in view.board.scene.cards
    assert words not in group_path.read_bytes()
