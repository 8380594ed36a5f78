"""The vote phase driven as a facilitator and six voters would, through real widgets."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QWidget,
)

from facilitator.core import voting
from facilitator.core.model import Phase
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import session as session_ops
from facilitator.ops import voting as vote_ops
from facilitator.store.session_store import SessionStore
from facilitator.ui.shell.main_window import MainWindow

NAMES = ["Amara", "Tomasz", "Priya", "Declan", "Sofia", "Kwame"]
# Closing the (anonymous) session seals it and the cards are then listed by text: these sort
# in the order given, so ids taken from the board follow this list.
IDEAS = [
    "Daily huddle at the start of each shift",
    "Laminated sepsis card at every station",
    "Protect a real break with a cover list",
    "Quiet room after a difficult shift",
    "Replace the broken hoist on bay 3",
    "Weekly leadership walk round",
]
TOTAL = re.compile(r"\b\d+ votes?\b")


@pytest.fixture
def vote_path(tmp_path: Path) -> Path:
    """Six people, six ideas (one withdrawn); 4 dots each, at most 2 on one idea."""
    path = tmp_path / "vote.roundtable"
    store = SessionStore.create(path)
    people_ops.add_participants(store, "\n".join(NAMES))
    ids = [idea_ops.add_idea(store, text).value for text in IDEAS]
    idea_ops.withdraw_idea(store, ids[5], "Already happening")
    vote_ops.set_vote_rules(store, votes_per_person=4, max_votes_per_idea=2)
    session_ops.set_phase(store, Phase.VOTE)
    store.close()
    return path


@pytest.fixture
def window(make_window, vote_path: Path):
    return make_window(vote_path)


def view_of(window: MainWindow):
    return window.workspace.view(Phase.VOTE)


def widget_texts(root: QWidget) -> list[str]:
    """Every piece of text a person or a screen reader could get from the widget tree."""
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            texts.append(widget.text())
        if isinstance(widget, QListWidget):
            texts += [widget.item(n).text() for n in range(widget.count())]
        if isinstance(widget, QTableView):  # every cell, as shown and as its tooltip, and the headers
            model = widget.model()
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        texts.append(str(model.index(r, c).data(role) or ""))
            texts += [
                str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
                for c in range(model.columnCount())
            ]
    return [t for t in texts if t]


def shown_totals(window: MainWindow) -> list[str]:
    return [t for t in widget_texts(view_of(window)) if TOTAL.search(t)]


def click_card(qtbot, view, idea_id: int, button=Qt.MouseButton.LeftButton) -> None:
    qtbot.mouseClick(view.ballot.cards[idea_id], button)


def type_count(qtbot, table, text: str) -> None:
    """Type a count into the current cell and press Enter, as a facilitator would."""
    row = table.currentRow()
    qtbot.keyClicks(table, text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # The delegate commits on the next turn of the event loop.
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert table.currentRow() == min(row + 1, table.rowCount() - 1)


def test_a_mixed_vote_from_hand_over_to_reveal(qtbot, window: MainWindow, vote_path: Path) -> None:
    view = view_of(window)
    model = window.model
    ids = [i.id for i in model.store.ideas()]
    assert shown_totals(window) == []

    # Ballots as the six voters place them (by clicking cards, or by keyboard).
    ballots = [
        {ids[0]: 2, ids[1]: 2},
        {ids[0]: 1, ids[2]: 2, ids[3]: 1},
        {ids[1]: 2, ids[4]: 1},  # one dot left unused
        {ids[0]: 2, ids[3]: 2},
        {ids[2]: 1, ids[4]: 2, ids[1]: 1},
        {ids[0]: 1, ids[1]: 1, ids[2]: 1, ids[3]: 1},
    ]
    for n, (name, dots) in enumerate(zip(NAMES, ballots, strict=True)):
        if n == 0:
            qtbot.keyClick(view.overview, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        assert view.pages.currentWidget() is view.hand_over
        assert view.hand_over.voter_name.text() == name  # seat order
        assert shown_totals(window) == []
        qtbot.keyClick(view.hand_over, Qt.Key.Key_Return)
        assert view.pages.currentWidget() is view.ballot
        assert name in view.ballot.title.text()
        assert ids[5] not in view.ballot.cards  # the withdrawn idea takes no votes
        if n == 1:  # keyboard: arrows move, Space and + place, minus takes off
            view.ballot.cards[ids[0]].setFocus()
            for key in (Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Right):
                qtbot.keyClick(QApplication.focusWidget(), key)
            assert view.ballot.cards[ids[2]].hasFocus()
            for key in (Qt.Key.Key_Plus, Qt.Key.Key_Plus, Qt.Key.Key_Plus):
                qtbot.keyClick(QApplication.focusWidget(), key)
            assert "At most 2 dots" in view.ballot.message.text()  # over the cap: refused
            for key in (Qt.Key.Key_Minus, Qt.Key.Key_Plus, Qt.Key.Key_Right, Qt.Key.Key_Space):
                qtbot.keyClick(QApplication.focusWidget(), key)
            assert view.ballot.cards[ids[3]].hasFocus()
        else:
            for idea_id, count in dots.items():
                for _ in range(count):
                    click_card(qtbot, view, idea_id)
        if n == 0:  # over budget and over the cap are refused with a clear message
            click_card(qtbot, view, ids[0])
            assert "All 4 dots are placed" in view.ballot.message.text()
            click_card(qtbot, view, ids[1], Qt.MouseButton.RightButton)
            click_card(qtbot, view, ids[0])
            assert "At most 2 dots can go on one idea" in view.ballot.message.text()
            click_card(qtbot, view, ids[1])
        assert view.ballot.draft.ballot() == dots
        assert "dots left" in view.ballot.counter.text()
        assert shown_totals(window) == []
        if n == 2:  # a dot unused: the first press only says so
            view.ballot.submit_button.click()
            assert "1 dot left" in view.ballot.message.text()
            assert view.pages.currentWidget() is view.ballot
            view.ballot.submit_button.click()
        else:
            qtbot.keyClick(view.ballot.cards[ids[0]], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        # Submitting hides the ballot and thanks the voter, who may still change it; the next
        # name shows only once they hand the laptop on.
        assert view.ballot.draft is None and not view.ballot.cards
        assert view.hand_over.thanking and view.hand_over.voter_name.text() == name
        assert view.hand_over.change_button.isVisible() and shown_totals(window) == []
        if n != 2:
            qtbot.keyClick(view.hand_over, Qt.Key.Key_Return)  # done: hand the laptop on
        if n == 2:  # paper dots typed in between ballots, from the keyboard
            qtbot.keyClick(view.hand_over, Qt.Key.Key_Escape)
            assert view.pages.currentWidget() is view.overview
            qtbot.keyClick(view.overview, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
            table = view.tally
            assert table.hasFocus()
            table.setCurrentCell(table.row_of(ids[3]), 1)
            for text in ("5", "2"):
                type_count(qtbot, table, text)
            assert voting.tally_totals(model.store.load().tallies)["paper"] == {ids[3]: 5, ids[4]: 2}
            table.setCurrentCell(table.row_of(ids[0]), 2)
            type_count(qtbot, table, "3")
            assert shown_totals(window) == []
            qtbot.keyClick(view.overview, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)

    assert view.pages.currentWidget() is view.overview  # everyone has voted
    assert all(view.progress_list.item(n).text().startswith("✓") for n in range(6))

    # Bad tallies are refused with a clear message and nothing changes.
    before = model.store.snapshot()
    table = view.tally
    for bad, message in (("abc", "whole number"), ("-3", "cannot be negative")):
        table.item(table.row_of(ids[1]), 1).setText(bad)
        assert message in window.workspace.messages.text()
        assert table.item(table.row_of(ids[1]), 1).text() == ""
    # A second ballot from the same person is refused.
    model.run("Cast a ballot", vote_ops.cast_ballot, model.store.participants()[0].id, {ids[0]: 1})
    assert "Amara has already voted" in window.workspace.messages.text()
    assert model.store.snapshot() == before

    # Totals: every dot on every ballot plus the tallies.
    expected = {i: 0 for i in ids}
    for dots in ballots:
        for idea_id, count in dots.items():
            expected[idea_id] += count
    expected[ids[3]] += 5
    expected[ids[4]] += 2
    expected[ids[0]] += 3
    state = model.state()
    assert voting.totals(state) == expected
    assert voting.total_votes(state) == sum(sum(d.values()) for d in ballots) + 10
    assert shown_totals(window) == []
    assert view.chart.rows == []

    # Reveal: the ranked chart appears, and the walk now finds the totals it looked for.
    qtbot.keyClick(
        view.overview, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert model.store.info().revealed
    shown = {row.text: row.votes for row in view.chart.rows}
    assert shown == {IDEAS[k]: expected[ids[k]] for k in range(5)}
    assert shown_totals(window)
    ranks = [row.rank_text for row in view.chart.rows]
    ranked = voting.ranking(model.state())
    assert ranks == ["=1", "=1", "3", "4", "5"]  # 9 and 9 are a tie, shown as a tie
    for row, r in zip(view.chart.rows, ranked, strict=True):
        tied = sum(x.rank == r.rank for x in ranked) > 1
        assert row.rank_text == (f"={r.rank}" if tied else str(r.rank))

    # Merge, then unmerge: the votes follow the card, on screen.
    model.run("Merge", idea_ops.merge_ideas, ids[0], [ids[4]])
    shown = {row.text: row.votes for row in view.chart.rows}
    assert shown[IDEAS[0]] == expected[ids[0]] + expected[ids[4]]
    assert IDEAS[4] not in shown
    model.run("Unmerge", idea_ops.unmerge_idea, ids[0])
    shown = {row.text: row.votes for row in view.chart.rows}
    assert shown == {IDEAS[k]: expected[ids[k]] for k in range(5)}

    # The facilitator's steps are undoable; a ballot is the voter's and is not among them,
    # so undoing everything hides the results and takes off the tallies, never a ballot.
    stack = model.undo_stack
    labels = [stack.text(n) for n in range(stack.count())]
    assert "Cast a ballot" not in labels
    assert labels.count("Tally paper dots") == 2 and labels.count("Count hands") == 1
    assert "Reveal results" in labels
    while stack.canUndo():
        stack.undo()
    assert model.store.count("tally") == 0 and not model.store.info().revealed
    assert model.store.count("ballot") == model.store.count("voter") == 6
    assert shown_totals(window) == []
    assert all(view.progress_list.item(n).text().startswith("✓") for n in range(6))
    while stack.canRedo():
        stack.redo()
    assert voting.totals(model.state()) == expected
    window.close_session()

    # The file, read with sqlite3 alone: ballots carry no one's name and no order.
    conn = sqlite3.connect(vote_path)
    try:
        assert [r[1] for r in conn.execute("PRAGMA table_info(ballot)")] == ["id"]
        assert {r[1] for r in conn.execute("PRAGMA table_info(dot)")} == {
            "id",
            "ballot_id",
            "idea_id",
            "count",
        }
        ballot_ids = [r[0] for r in conn.execute("SELECT id FROM ballot ORDER BY rowid")]
        assert len(ballot_ids) == 6 and all(b > 2**20 for b in ballot_ids)
        stored = [
            dict(conn.execute("SELECT idea_id, count FROM dot WHERE ballot_id = ?", (b,))) for b in ballot_ids
        ]
        assert sorted(map(sorted, (d.items() for d in stored))) == sorted(
            map(sorted, (d.items() for d in ballots))
        )
        assert conn.execute("SELECT count(*) FROM event WHERE detail != ''").fetchone()[0] == 0
    finally:
        conn.close()


def test_window_shortcuts_are_held_while_a_voter_has_the_laptop(qtbot, window: MainWindow) -> None:
    view = view_of(window)
    ids = [i.id for i in window.model.store.ideas()]
    view.hand_to_next()
    view.hand_over.start_button.click()
    click_card(qtbot, view, ids[0])
    view.ballot.submit_button.click()
    view.ballot.submit_button.click()
    assert view.pages.currentWidget() is view.hand_over
    stack = window.model.undo_stack
    window.model.run("Tally paper dots", vote_ops.set_tally, ids[1], 2)
    view.hand_to_next()
    index = stack.index()
    qtbot.keyClick(view.hand_over.start_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.hand_over.start_button, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert stack.index() == index  # the facilitator's last step cannot be undone by the voter
    assert window.workspace.current_phase is Phase.VOTE
    qtbot.keyClick(view.hand_over, Qt.Key.Key_Escape)
    assert view.pages.currentWidget() is view.overview
    qtbot.keyClick(view.next_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stack.index() == index - 1
    assert window.model.store.count("tally") == 0 and window.model.store.count("ballot") == 1


def test_revision_only_while_the_app_remembers_the_ballot(qtbot, window: MainWindow, vote_path: Path) -> None:
    view = view_of(window)
    model = window.model
    ids = [i.id for i in model.store.ideas()]
    view.hand_to_next()
    view.hand_over.start_button.click()
    click_card(qtbot, view, ids[0])
    click_card(qtbot, view, ids[0])
    view.ballot.submit_button.click()
    view.ballot.submit_button.click()
    qtbot.keyClick(view.hand_over, Qt.Key.Key_Escape)

    view.progress_list.setCurrentRow(0)
    assert view.revise_button.isEnabled()
    view.revise_button.click()
    assert view.pages.currentWidget() is view.hand_over
    assert "revise" in view.hand_over.heading.text()
    view.hand_over.start_button.click()
    assert view.ballot.draft.ballot() == {ids[0]: 2}  # reopened as they left it
    click_card(qtbot, view, ids[0], Qt.MouseButton.RightButton)
    click_card(qtbot, view, ids[2])
    click_card(qtbot, view, ids[3])
    view.ballot.submit_button.click()
    view.ballot.submit_button.click()
    assert view.pages.currentWidget() is view.overview
    state = model.state()
    assert [b.dots for b in state.ballots] == [{ids[0]: 1, ids[2]: 1, ids[3]: 1}]
    assert state.voters[0].revisions == 1
    assert [(e.kind, e.detail) for e in state.events if e.kind == voting.BALLOT_REVISED] == [
        (voting.BALLOT_REVISED, "")
    ]
    assert model.undo_stack.count() == 0  # casting and revising are the voter's, not undo steps

    # Reopen the file: the app no longer knows whose ballot is whose, and says so.
    window.close_session()
    window.open_session(vote_path)
    view = view_of(window)
    view.progress_list.setCurrentRow(0)
    view.revise_button.click()
    assert view.pages.currentWidget() is view.overview
    assert "Ballots are stored without names" in window.workspace.messages.text()


def test_a_voter_changes_their_own_ballot_before_handing_the_laptop_on(
    qtbot, window: MainWindow, vote_path: Path
) -> None:
    view = view_of(window)
    model = window.model
    ids = [i.id for i in model.store.ideas()]
    view.hand_to_next()
    assert view.hand_over.voter_name.text() == NAMES[0] and not view.hand_over.change_button.isVisible()
    view.hand_over.start_button.click()
    for idea in (ids[0], ids[0], ids[1], ids[2]):
        click_card(qtbot, view, idea)
    view.ballot.submit_button.click()
    assert view.hand_over.thanking and view.hand_over.voter_name.text() == NAMES[0]
    assert NAMES[1] not in widget_texts(view.hand_over)  # the next voter is not called yet

    # Amara changes her mind: her ballot comes back as she left it; Cancel keeps it as saved.
    qtbot.mouseClick(view.hand_over.change_button, Qt.MouseButton.LeftButton)
    assert view.pages.currentWidget() is view.ballot
    assert view.ballot.draft.ballot() == {ids[0]: 2, ids[1]: 1, ids[2]: 1}
    view.ballot.back_requested.emit()
    assert view.hand_over.thanking and view.pages.currentWidget() is view.hand_over
    qtbot.mouseClick(view.hand_over.change_button, Qt.MouseButton.LeftButton)
    click_card(qtbot, view, ids[0], Qt.MouseButton.RightButton)
    click_card(qtbot, view, ids[3])
    view.ballot.submit_button.click()
    assert view.hand_over.thanking  # thanked again, still hers to change
    state = model.state()
    assert [b.dots for b in state.ballots] == [{ids[0]: 1, ids[1]: 1, ids[2]: 1, ids[3]: 1}]
    assert len(state.voters) == 1 and model.undo_stack.count() == 0

    # Done: the next name shows, and nothing of Amara's ballot can be reached from it.
    qtbot.keyClick(view.hand_over, Qt.Key.Key_Return)
    assert view.hand_over.voter_name.text() == NAMES[1]
    assert not view.hand_over.thanking and not view.hand_over.change_button.isVisible()


def test_rules_and_suggestion(qtbot, window: MainWindow) -> None:
    view = view_of(window)
    model = window.model
    assert view.suggest_label.text() == "Suggested for 5 cards: 3"
    view.suggest_button.click()
    rules = model.store.info().rules
    assert (rules.votes_per_person, rules.max_votes_per_idea) == (3, 2)
    view.cap_spin.setValue(3)
    assert model.store.info().rules.max_votes_per_idea == 3
    view.votes_spin.setValue(2)  # lowering the dots lowers the cap with them
    rules = model.store.info().rules
    assert (rules.votes_per_person, rules.max_votes_per_idea) == (2, 2)
    model.undo_stack.undo()
    assert model.store.info().rules.votes_per_person == 3
    assert view.votes_spin.value() == 3
    view.facilitator_check.setChecked(True)
    assert view.progress_list.count() == 7
    assert view.progress_list.item(6).text() == "○  The facilitator"
    view.hand_to_next()
    view.hand_over.start_button.click()
    click_card(qtbot, view, model.store.ideas()[0].id)
    view.ballot.submit_button.click()
    view.ballot.submit_button.click()
    assert not view.votes_spin.isEnabled()  # fixed once a ballot is cast
    model.run("Change", vote_ops.set_vote_rules, votes_per_person=5)
    assert "already been cast" in window.workspace.messages.text()


def test_no_cards_means_no_suggestion_and_no_ballot(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "empty.roundtable"
    store = SessionStore.create(path)
    people_ops.add_participants(store, "Amara")
    store.close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_session(path)
    window.show_phase(Phase.VOTE)
    view = view_of(window)
    assert view.suggest_label.text() == "No cards to vote on yet"
    assert not view.suggest_button.isVisible()
    view.hand_to_next()
    assert view.pages.currentWidget() is view.overview
    assert "no cards to vote on" in window.workspace.messages.text()
    window.close_session()


def test_a_read_only_session_offers_no_vote_actions(qtbot, vote_path: Path) -> None:
    from facilitator.ui.phases.vote.view import VoteView
    from facilitator.ui.session.session_model import SessionModel

    model = SessionModel(SessionStore.open(vote_path, read_only=True))
    view = VoteView(model)
    qtbot.addWidget(view)
    try:
        view.hand_to_next()
        assert view.pages.currentWidget() is view.overview
        for widget in (view.next_button, view.reveal_button, view.votes_spin, view.facilitator_check):
            assert not widget.isEnabled()
        assert view.tally.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    finally:
        model.close()


def test_a_tally_of_hundreds_of_cards_reaches_the_last_card_from_the_keyboard(
    qtbot, make_window, tmp_path: Path
) -> None:
    """The tally works its cells out as they are shown: the last of 300 cards is still there,
    scrolled to with the keyboard, with its words and its count, and takes a typed count."""
    path = tmp_path / "big-vote.roundtable"
    store = SessionStore.create(path)
    people_ops.add_participants(store, "\n".join(NAMES))
    ids = [idea_ops.add_idea(store, f"Card number {n:03} of the big tally").value for n in range(300)]
    vote_ops.set_tally(store, ids[-1], 4, "hands")
    session_ops.set_phase(store, Phase.VOTE)
    store.close()  # seals: new ids, the cards numbered by their words
    window = make_window(path, active=True)
    last_id = next(i.id for i in window.model.store.ideas() if i.text.startswith("Card number 299"))
    table = view_of(window).tally
    assert table.rowCount() == 300
    qtbot.keyClick(view_of(window).overview, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert table.hasFocus() and table.currentRow() == 0
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = table.currentIndex()
    assert last.row() == table.row_of(last_id) == 299
    assert table.viewport().rect().contains(table.visualRect(last))  # scrolled into view
    assert table.indexAt(table.visualRect(last).center()) == last
    shown = [last.siblingAtColumn(c).data() for c in range(3)]  # what the table draws
    assert shown == ["Card number 299 of the big tally", "", "4"]
    table.setCurrentCell(299, 1)
    type_count(qtbot, table, "7")
    totals = voting.tally_totals(window.model.store.load().tallies)
    assert totals == {"paper": {last_id: 7}, "hands": {last_id: 4}}
    assert table.item(299, 1).text() == "7"


def test_the_chart_reads_out_the_cards_with_votes_then_counts_the_rest() -> None:
    """A screen reader hears the result, not two thousand cards with no votes one by one."""
    from facilitator.ui.phases.vote.results_chart import ChartRow, describe

    rows = [
        ChartRow("1", "Huddle", 3, "#000", False),
        ChartRow("=2", "Quiet room", 1, "#000", True),
        ChartRow("=2", "Hoist", 1, "#000", True),
        *(ChartRow("=4", f"Card {n}", 0, "#000", True) for n in range(1998)),
    ]
    assert describe(rows).splitlines() == [
        "1. Huddle — 3 votes",
        "=2. Quiet room — 1 vote",
        "=2. Hoist — 1 vote",
        "1998 more cards have no votes.",
    ]
    assert describe(rows[:4]).splitlines()[-1] == "1 more card has no votes."
    assert describe(rows[:1]) == "1. Huddle — 3 votes"
