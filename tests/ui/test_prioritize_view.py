"""The Prioritize view driven as a facilitator would: mouse drags, arrow keys, typed
and handed-over ratings, then the file is closed and read again."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from facilitator.core import matrix
from facilitator.core.model import Phase, Quadrant
from facilitator.ops import ideas as idea_ops
from facilitator.ops import matrix as matrix_ops
from facilitator.ops import participants as people_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.matrix.scene import CARD_H, CARD_W, plot_rect, spread_out, to_scene
from facilitator.ui.phases.prioritize.view import PrioritizeView
from facilitator.ui.session.session_model import SessionModel
from facilitator.ui.shell.main_window import MainWindow
from tests.sealed import ids_by_text

# Closing an anonymous session seals it: ideas get random ids and are numbered by text, so
# the texts sort in the order of this list.
TEXTS = [
    "A ten-minute huddle at the start of every shift.",
    "Bay 3: replace the broken hoist.",
    "Build a new discharge lounge so beds free up earlier.",
    "Quiet room to decompress after a difficult shift.",
]


@pytest.fixture
def session(tmp_path: Path) -> tuple[Path, list[int]]:
    """Four ideas, the first three put on the matrix by hand, two people to rate."""
    path = tmp_path / "prioritize.roundtable"
    store = SessionStore.create(path)
    try:
        ids = [idea_ops.add_idea(store, text).value for text in TEXTS]
        for idea_id in ids[:3]:
            matrix_ops.set_candidate(store, idea_id, True)
        people_ops.add_participants(store, "Amara Okafor\nDeclan Byrne")
    finally:
        store.close()  # seals: the ids change
    return path, ids_by_text(path, TEXTS)


@pytest.fixture
def window(make_window):
    return make_window(size=(1280, 800))


def _open(window: MainWindow, path: Path) -> PrioritizeView:
    assert window.open_session(path)
    window.show_phase(Phase.PRIORITIZE)
    view = window.workspace.view(Phase.PRIORITIZE)
    assert isinstance(view, PrioritizeView)
    return view


def _viewport_point(view: PrioritizeView, scene_point: QPointF) -> QPoint:
    return view.matrix_view.mapFromScene(scene_point)


def _drag(qtbot, view: PrioritizeView, idea_id: int, target: QPointF) -> None:
    """Press on the card, move in a few steps, release: a real mouse drag on the viewport."""
    viewport = view.matrix_view.viewport()
    card = view.scene.cards[idea_id]
    start = _viewport_point(view, card.pos())
    end = _viewport_point(view, target)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for n in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * n / 5)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def _stored(path: Path) -> dict[int, matrix.Position]:
    """Positions by the index of the idea's text in TEXTS (closing the window sealed the
    file again, so the ids are new)."""
    store = SessionStore.open(path)
    try:
        text = {i.id: i.text for i in store.ideas()}
        return {TEXTS.index(text[k]): p for k, p in matrix.positions(store.load()).items()}
    finally:
        store.close()


def test_drag_keys_and_ratings_survive_reopening(qtbot, window: MainWindow, session) -> None:
    path, ids = session
    view = _open(window, path)
    stack = window.model.undo_stack
    assert set(view.scene.cards) == set(ids[:3])
    assert all(c.data.position is None for c in view.scene.cards.values())  # all in the tray

    # 1. Drag card 1 from the tray to "easy, high impact", a little off the grid point.
    _drag(qtbot, view, ids[0], to_scene(4.8, 5.2))
    assert stack.count() == 1 and stack.undoText() == "Place card 1"
    card = view.scene.cards[ids[0]]
    assert card.pos() == to_scene(5, 5)  # snapped once, and not moved again by the refresh
    assert (card.data.position.feasibility, card.data.position.impact) == (5, 5)

    # 2. Drag card 2 to "hard, high impact".
    _drag(qtbot, view, ids[1], to_scene(1.3, 3.8))
    assert stack.count() == 2
    assert view.scene.cards[ids[1]].data.position.quadrant is Quadrant.HEAVIER_LIFT

    # 3. Tab walks the cards by number; arrow keys: each press is one step and one undoable command.
    view.scene.select(ids[0])
    view.matrix_view.setFocus()
    qtbot.keyClick(view.matrix_view, Qt.Key.Key_Tab)
    assert view.scene.selected_idea() == ids[1]
    qtbot.keyClick(view.matrix_view, Qt.Key.Key_Right)
    qtbot.keyClick(view.matrix_view, Qt.Key.Key_Right)
    qtbot.keyClick(view.matrix_view, Qt.Key.Key_Right)
    qtbot.keyClick(view.matrix_view, Qt.Key.Key_Down)
    assert stack.count() == 6 and stack.undoText() == "Move card 2 down"
    position = view.scene.cards[ids[1]].data.position
    assert (position.feasibility, position.impact) == (4, 3)
    assert view.scene.cards[ids[1]].pos() == to_scene(4, 3)
    assert "Quick wins" in view.details.where.text()

    # 4. Ratings typed into the facilitator's grid: card 3 gets two sheets.
    view.tabs.setCurrentWidget(view.grid)
    grid = view.grid
    for pair in ("2 4", "1,5"):
        grid.add_button.click()
        row = grid.ids.index(ids[2])
        grid.table.setCurrentCell(row, grid.table.currentColumn())
        qtbot.keyClicks(grid.table, pair[0])
        editor = QApplication.focusWidget()
        qtbot.keyClicks(editor, pair[1:])
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the loop
        qtbot.waitUntil(lambda: grid.table.state() != grid.table.State.EditingState)
    assert stack.undoText() == "Rate card 3"
    rated = view.scene.cards[ids[2]].data.position
    assert rated.raters == 2 and (rated.feasibility, rated.impact) == (1.5, 4.5)
    assert grid.table.item(grid.ids.index(ids[2]), 2).text() == "1 5"

    # 5. The private hand-over: Amara rates card 1 from the keyboard.
    qtbot.keyClick(view.matrix_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    hand_over = view.hand_over
    assert view.pages.currentWidget() is hand_over
    assert hand_over.name.text() == "Amara Okafor"
    assert not view.matrix_view.isVisible()  # the rater never sees the matrix
    assert hand_over.start_button.hasFocus()
    qtbot.keyClick(hand_over.start_button, Qt.Key.Key_Return)
    form = hand_over.form
    assert form.first_input().hasFocus()
    for key in (Qt.Key.Key_2, Qt.Key.Key_3):  # card 1: feasibility 2, impact 3; focus moves on itself
        qtbot.keyClick(QApplication.focusWidget(), key)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert hand_over.heading.text().startswith("Saved, thank you.")
    assert not form.inputs  # nothing of Amara's stays on screen
    assert hand_over.name.text() == "Amara Okafor"  # her thanks: the next name waits until she is done
    qtbot.keyClick(hand_over.start_button, Qt.Key.Key_Return)  # "Done: hand the laptop on"
    assert hand_over.name.text() == "Declan Byrne"
    qtbot.keyClick(hand_over, Qt.Key.Key_Escape)
    assert view.pages.currentIndex() == 0

    # Card 1 was placed by the room, unpinned: Amara's rating now places it.
    after_rating = view.scene.cards[ids[0]].data.position
    assert after_rating.source == "ratings" and (after_rating.feasibility, after_rating.impact) == (2, 3)

    # 6. P pins card 1 where the ratings put it; a drag on it keeps it pinned.
    view.scene.select(ids[0])
    view.matrix_view.setFocus()
    qtbot.keyClick(view.matrix_view, Qt.Key.Key_P)
    _drag(qtbot, view, ids[0], to_scene(5, 1))
    assert stack.undoText() == "Place card 1"

    keys_in_file = {r.rater_key for r in window.model.state().ratings}
    assert len(keys_in_file) == 3 and not any("Amara" in k for k in keys_in_file)

    window.close_session()
    stored = _stored(path)
    assert (stored[0].feasibility, stored[0].impact) == (5, 1)
    assert stored[0].pinned and stored[0].rated_at == (2, 3)
    assert stored[0].quadrant is Quadrant.EASY_EXTRA
    assert (stored[1].feasibility, stored[1].impact) == (4, 3)
    assert stored[1].quadrant is Quadrant.QUICK_WIN
    assert (stored[2].feasibility, stored[2].impact) == (1.5, 4.5)
    assert stored[2].quadrant is Quadrant.HEAVIER_LIFT
    assert 3 not in stored


def test_undo_and_redo_of_a_drag_move_the_card_once(qtbot, window: MainWindow, session) -> None:
    path, ids = session
    view = _open(window, path)
    tray_pos = view.scene.cards[ids[0]].pos()
    assert not plot_rect().contains(tray_pos)
    card = view.scene.cards[ids[0]]
    viewport = view.matrix_view.viewport()
    start = _viewport_point(view, tray_pos)
    end = _viewport_point(view, to_scene(2.2, 1.9))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, (start + end) / 2)
    qtbot.mouseMove(viewport, end)
    assert card.pos() == to_scene(2, 2)  # snapped while dragging, before anything is stored
    assert window.model.undo_stack.count() == 0
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert card.pos() == to_scene(2, 2)  # the refresh from the store leaves it where it was let go
    assert window.model.undo_stack.count() == 1
    window.actions_by_key["undo"].trigger()
    assert card.pos() == tray_pos and card.data.position is None
    window.actions_by_key["redo"].trigger()
    assert card.pos() == to_scene(2, 2)
    # a click that does not move the card adds nothing to the history
    count = window.model.undo_stack.count()
    point = _viewport_point(view, card.pos())
    qtbot.mouseClick(view.matrix_view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.model.undo_stack.count() == count
    assert card.isSelected()


def test_cards_at_one_point_do_not_cover_each_other(qtbot, window: MainWindow, session) -> None:
    path, ids = session
    view = _open(window, path)
    for idea_id in ids[:3]:
        window.model.run("Place", matrix_ops.place, idea_id, 3, 3)
    rects = [c.sceneBoundingRect() for c in view.scene.cards.values()]
    shapes = [c.mapRectToScene(c.shape().boundingRect()) for c in view.scene.cards.values()]
    for n, a in enumerate(shapes):
        for b in shapes[n + 1 :]:
            overlap = a.intersected(b)
            assert overlap.isEmpty() or overlap.height() < 1
    assert all(plot_rect().adjusted(-1, -1, 1, 1).contains(r.center()) for r in rects)
    assert shapes[0].width() == CARD_W and shapes[0].height() == CARD_H


def test_candidates_can_be_taken_off_and_put_back(qtbot, window: MainWindow, session) -> None:
    path, ids = session
    view = _open(window, path)
    items = {
        view.candidates.item(r).data(Qt.ItemDataRole.UserRole): view.candidates.item(r) for r in range(4)
    }
    assert items[ids[3]].checkState() == Qt.CheckState.Unchecked
    items[ids[3]].setCheckState(Qt.CheckState.Checked)
    assert ids[3] in view.scene.cards and view.scene.cards[ids[3]].data.number == 4
    view.scene.select(ids[0])
    qtbot.mouseClick(view.details.remove_button, Qt.MouseButton.LeftButton)
    assert ids[0] not in view.scene.cards
    assert view.scene.cards[ids[1]].data.number == 1  # numbers follow the list
    window.actions_by_key["undo"].trigger()
    assert ids[0] in view.scene.cards


def test_spread_and_disagreement_are_shown(qtbot, window: MainWindow, session) -> None:
    path, ids = session
    view = _open(window, path)
    for key, (f, i) in {"a": (1, 3), "b": (5, 3), "c": (3, 4)}.items():
        window.model.run("Rate", matrix_ops.rate, ids[1], key, f, i)
    card = view.scene.cards[ids[1]]
    assert card.data.position.disputed
    assert view.discuss.isVisible() or not view.isVisible()
    assert view.discuss.text().startswith("Discuss: 2")
    view.scene.select(ids[1])
    assert "disagrees" in view.details.where.text()
    assert "Middle half of the ratings: feasibility 2–4" in view.details.where.text()


def test_pick_names_and_fit_to_window(qtbot, window: MainWindow, session) -> None:
    path, _ids = session
    view = _open(window, path)
    view.pick_box.click()
    assert view.scene.backdrop.pick
    assert window.model.store.info().rules.pick_names
    window.actions_by_key["undo"].trigger()
    assert not view.scene.backdrop.pick and not view.pick_box.isChecked()
    for size in ((900, 600), (1900, 1060)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: window.width() == s[0])
        viewport = view.matrix_view.viewport().rect()
        shown = view.matrix_view.mapFromScene(view.scene.sceneRect()).boundingRect()
        assert viewport.adjusted(-2, -2, 2, 2).contains(shown)
        assert shown.width() >= viewport.width() - 4 or shown.height() >= viewport.height() - 4


def test_window_shortcuts_are_held_while_someone_rates(qtbot, window: MainWindow, session) -> None:
    path, ids = session
    view = _open(window, path)
    window.model.run("Place", matrix_ops.place, ids[0], 4, 4)
    view.start_hand_over()
    qtbot.mouseClick(view.hand_over.start_button, Qt.MouseButton.LeftButton)
    focus = QApplication.focusWidget()
    qtbot.keyClick(focus, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.undo_stack.count() == 1  # Ctrl+Z did not undo the placement
    assert window.model.store.count("placement") == 1
    qtbot.keyClick(focus, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert window.workspace.current_phase is Phase.PRIORITIZE
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Rate at least one card" in view.hand_over.form.error.text()


half_steps = st.sampled_from([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5])
grid_point = st.tuples(half_steps, half_steps)


# 50 cards fill the matrix edge to edge (5 across, 10 down); up to then none may cover another,
# however crowded their points (the old push-apart layout left 30 cards overlapping 3 times in 5).
@settings(max_examples=150, deadline=None)
@given(st.lists(grid_point, min_size=1, max_size=50))
@example([(3, 3), (3, 4), (3, 4), (3, 4.5), (3, 4.5), (3, 5), (3, 5), (3, 4.5), (3, 4)])  # a full column
def test_layout_never_lets_cards_cover_each_other(points) -> None:
    anchors = [(to_scene(f, i).x(), to_scene(f, i).y()) for f, i in points]
    centres = spread_out(anchors, plot_rect())
    assert spread_out(anchors, plot_rect()) == centres  # deterministic: a redraw never shuffles
    for n, (x1, y1) in enumerate(centres):
        assert plot_rect().contains(QPointF(x1, y1))
        for x2, y2 in centres[n + 1 :]:
            assert abs(x1 - x2) >= CARD_W - 0.5 or abs(y1 - y2) >= CARD_H - 0.5


def test_a_read_only_file_shows_the_matrix_but_changes_nothing(qtbot, session) -> None:
    path, ids = session
    store = SessionStore.open(path)
    try:
        matrix_ops.place(store, ids[0], 2, 4)
    finally:
        store.close()
    model = SessionModel(SessionStore.open(path, read_only=True))
    view = PrioritizeView(model)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    before = model.store.snapshot()
    card = view.scene.cards[ids[0]]
    assert not card.flags() & card.GraphicsItemFlag.ItemIsMovable
    _drag(qtbot, view, ids[0], to_scene(5, 5))
    view.scene.select(ids[0])
    view.matrix_view.setFocus()
    qtbot.keyClick(view.matrix_view, Qt.Key.Key_Left)
    qtbot.keyClick(view.matrix_view, Qt.Key.Key_P)
    assert card.pos() == to_scene(2, 4)
    assert model.last_write_error == ""  # nothing was even attempted
    assert not view.rate_button.isEnabled() and not view.candidates.isEnabled()
    assert not view.grid.add_button.isEnabled()
    assert model.store.snapshot() == before and model.undo_stack.count() == 0
    model.close()


def test_a_rater_can_change_their_own_ratings_and_nothing_goes_on_the_undo_stack(
    qtbot, window: MainWindow, session
) -> None:
    path, ids = session
    view = _open(window, path)
    stack = window.model.undo_stack
    steps = stack.count()
    view.start_hand_over()
    hand_over = view.hand_over
    assert hand_over.name.text() == "Amara Okafor" and not hand_over.change_button.isVisible()
    qtbot.mouseClick(hand_over.start_button, Qt.MouseButton.LeftButton)
    for key in (Qt.Key.Key_2, Qt.Key.Key_3):  # card 1: feasibility 2, impact 3
        qtbot.keyClick(QApplication.focusWidget(), key)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert hand_over.heading.text().startswith("Saved, thank you.")
    assert stack.count() == steps  # the ratings are Amara's, not a step the facilitator can undo
    ratings = window.model.state().ratings
    assert [(r.feasibility, r.impact) for r in ratings] == [(2, 3)]

    # Amara changes her mind before handing on: her ratings come back into the form, and only hers.
    assert hand_over.change_button.isVisible() and hand_over.name.text() == "Amara Okafor"
    qtbot.mouseClick(hand_over.change_button, Qt.MouseButton.LeftButton)
    first, second = hand_over.form.inputs[ids[0]]
    assert (first.value(), second.value()) == (2, 3)
    first.set_value(5)
    second.set_value(4)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ratings = window.model.state().ratings
    assert [(r.idea_id, r.feasibility, r.impact) for r in ratings] == [(ids[0], 5, 4)]
    assert stack.count() == steps
    assert hand_over.thanking and hand_over.name.text() == "Amara Okafor"

    # Done: Declan's name shows; Amara's ratings are out of memory, nothing to change any more.
    qtbot.mouseClick(hand_over.start_button, Qt.MouseButton.LeftButton)
    assert hand_over.name.text() == "Declan Byrne" and hand_over._saved is None
    assert not hand_over.change_button.isVisible()


def test_the_list_of_hundreds_of_ideas_reaches_the_last_one_from_the_keyboard(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """Rows are worked out as the list shows them: the last of 300 ideas is there, in the
    order of the list, scrolled to with the keyboard and put on the matrix with Space."""
    path = tmp_path / "many.roundtable"
    store = SessionStore.create(path)
    ids = [idea_ops.add_idea(store, f"Idea {n:03} for the matrix list").value for n in range(300)]
    matrix_ops.set_candidate(store, ids[5], True)
    store.close()  # seals: new ids, the ideas numbered by their words
    view = _open(window, path)
    last_id = next(i.id for i in window.model.store.ideas() if i.text.startswith("Idea 299"))
    listing = view.candidates
    assert listing.count() == 300
    shown = [listing.model().index(r, 0).data() for r in range(300)]  # what the list draws
    assert shown[0] == "1. Idea 005 for the matrix list  (0 dots)"
    assert sorted(shown[1:]) == sorted(
        f"– Idea {n:03} for the matrix list  (0 dots)" for n in range(300) if n != 5
    )
    listing.setFocus()
    qtbot.keyClick(listing, Qt.Key.Key_End)
    last = listing.currentIndex()
    assert last.row() == 299 and last.data(Qt.ItemDataRole.UserRole) == last_id
    assert listing.viewport().rect().contains(listing.visualRect(last))  # scrolled into view
    assert listing.indexAt(listing.visualRect(last).center()) == last
    assert view.details.text.text() == "Idea 299 for the matrix list"  # the row's card, in full
    qtbot.keyClick(listing, Qt.Key.Key_Space)
    assert view.scene.cards[last_id].data.number == 2
    assert listing.item(1).data(Qt.ItemDataRole.UserRole) == last_id
    assert listing.item(1).checkState() == Qt.CheckState.Checked


def test_the_typed_ratings_tab_fills_when_shown_with_what_changed_while_it_was_hidden(
    qtbot, window, session
) -> None:
    """Its cells wait for the tab: at 2,000 ideas filling them on every change would cost each change."""
    path, ids = session
    view = _open(window, path)
    grid = view.grid
    assert not grid.isVisible()
    window.model.run("Rate card 1", matrix_ops.rate, ids[0], "k1", 4, 2)
    assert grid.add_button.isEnabled() and grid.remove_button.isEnabled()  # kept current, hidden or not
    view.tabs.setCurrentWidget(grid)
    qtbot.waitUntil(grid.isVisible)
    row = grid.ids.index(ids[0])
    assert grid.table.item(row, 1).text() == "4 2"
    window.model.run("Rate card 2", matrix_ops.rate, ids[1], "k1", 1, 5)
    assert grid.table.item(grid.ids.index(ids[1]), 1).text() == "1 5"  # shown: filled on each change
