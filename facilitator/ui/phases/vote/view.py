"""The vote phase: rules, progress, private ballots, tallies, and the reveal.

Pages: the facilitator's overview (rules, who has voted, the tally, the results),
and the two private pages the voter holds (hand-over, ballot). Nothing on any
page shows a total until Reveal.

Which ballot is whose is known only to `BallotMemory`, in memory, from the
moment a ballot is cast until the results are revealed or the session closes;
that is the only window in which the facilitator can reopen a ballot (see
`facilitator.ops.voting`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.core import model as m
from facilitator.core import voting
from facilitator.core.errors import RuleError
from facilitator.ops import voting as vote_ops
from facilitator.room.room import Mode
from facilitator.store.delta import Changes
from facilitator.ui.common.naming import named as _named
from facilitator.ui.common.room_panel import ROOM_KEYS, RoomPanel
from facilitator.ui.common.table_keys import LEAVE_KEYS, let_tab_leave
from facilitator.ui.phases.base import PhaseView
from facilitator.ui.phases.vote.ballot import BallotWidget, HandOver
from facilitator.ui.phases.vote.results_box import ResultsBox
from facilitator.ui.phases.vote.tally import TallyTable
from facilitator.ui.session.session_model import SessionModel

VOTE_TABLES = ("session", "participant", "idea", "theme", "ballot", "dot", "voter", "tally", "event")
NEXT_VOTER_KEYS = "Ctrl+B"
REVEAL_KEYS = "Ctrl+Shift+R"
TALLY_KEYS = "Ctrl+T"


class VoteView(PhaseView):
    phase = m.Phase.VOTE

    def __init__(self, model: SessionModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.memory = vote_ops.BallotMemory()
        self._revising = False
        self._changing_own = False  # a voter reopening the ballot they have just cast
        self._sized_for_reveal: bool | None = None

        self.pages = QStackedWidget()
        self.pages.setObjectName("votePages")
        self.overview = self._build_overview()
        self.hand_over = HandOver()
        self.hand_over.start_requested.connect(self.on_start_requested)
        self.hand_over.change_requested.connect(self.on_change_requested)
        self.hand_over.handed_on.connect(self.on_handed_on)
        self.hand_over.back_requested.connect(self.show_overview)
        self.ballot = BallotWidget()
        self.ballot.submitted.connect(self.on_ballot_submitted)
        self.ballot.back_requested.connect(self.on_ballot_cancelled)
        for page in (self.overview, self.hand_over, self.ballot):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        for keys, slot in (
            (NEXT_VOTER_KEYS, self.hand_to_next),
            (REVEAL_KEYS, self.toggle_reveal),
            (TALLY_KEYS, self.tally.focus_entry),
            (ROOM_KEYS, self.room_panel.toggle),
        ):
            # Window-wide, but only while the overview is visible: never on a voter's screen.
            shortcut = QShortcut(QKeySequence(keys), self.overview)
            shortcut.activated.connect(slot)
        self.on_changes(Changes(reload=True))

    # ---- building -----------------------------------------------------------------------------

    def _build_overview(self) -> QWidget:
        page = QWidget()
        page.setObjectName("voteOverview")

        rules = self._build_rules()
        progress_box = self._build_progress()
        tally_box = self._build_tally()

        # Results
        results_box = ResultsBox(REVEAL_KEYS)
        self.reveal_button = results_box.reveal_button
        self.reveal_button.clicked.connect(self.toggle_reveal)
        self.results_note = results_box.note
        self.chart = results_box.chart
        self.results_box = results_box

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("voteSplitter")
        self.splitter.addWidget(tally_box)
        self.splitter.addWidget(results_box)
        self.splitter.setChildrenCollapsible(False)

        # Phones in the room: their ballots join the same count, anonymously.
        self.room_panel = RoomPanel(self.model, Mode.VOTE)
        self.room_panel.setFixedWidth(300)
        for signal in (
            self.room_panel.controller.status_changed,
            self.room_panel.controller.opened,
            self.room_panel.controller.closed,
        ):
            signal.connect(self.on_room_status_changed)
        left = QVBoxLayout()
        left.addWidget(progress_box, 1)
        left.addWidget(self.room_panel)

        columns = QHBoxLayout()
        columns.addLayout(left)
        columns.addWidget(self.splitter, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(rules)
        layout.addLayout(columns, 1)
        return page

    def _build_rules(self) -> QHBoxLayout:
        """The vote's rules: dots per person, most on one idea, whether the facilitator votes."""
        self.votes_spin = _named(QSpinBox(), "votesPerPerson", "Dots per person")
        self.cap_spin = _named(QSpinBox(), "maxVotesPerIdea", "Most dots on one idea")
        for spin in (self.votes_spin, self.cap_spin):
            spin.setRange(1, 50)
            spin.setKeyboardTracking(False)
        self.votes_spin.valueChanged.connect(self.on_votes_spin_value_changed)
        self.cap_spin.valueChanged.connect(self.on_cap_spin_value_changed)
        self.facilitator_check = _named(
            QCheckBox("The facilitator votes"), "facilitatorVotes", "The facilitator votes"
        )
        self.facilitator_check.toggled.connect(self.on_facilitator_check_toggled)
        self.suggest_label = _named(QLabel(), "suggestedVotes", "Suggested dots per person")
        self.suggest_button = _named(
            QPushButton("Use suggestion"), "useSuggestedVotes", "Use the suggested dots"
        )
        self.suggest_button.clicked.connect(self.on_suggest_clicked)
        rules = QHBoxLayout()
        for text, spin in (("Dots per person", self.votes_spin), ("Most on one idea", self.cap_spin)):
            label = QLabel(text)
            label.setBuddy(spin)
            rules.addWidget(label)
            rules.addWidget(spin)
            rules.addSpacing(12)
        rules.addWidget(self.facilitator_check)
        rules.addSpacing(12)
        rules.addWidget(self.suggest_label)
        rules.addWidget(self.suggest_button)
        rules.addStretch(1)
        return rules

    def _build_progress(self) -> QGroupBox:
        """Who has voted (names only, never choices), and the hand-over and revise buttons."""
        self.progress_label = _named(QLabel(), "voteProgressSummary", "Voting progress")
        self.progress_label.setWordWrap(True)  # the laptop's voters, then the phones'
        self.progress_list = _named(QListWidget(), "voteProgress", "Who has voted")
        self.progress_list.setAccessibleDescription("Names only: who has voted and who has not, never what.")
        self.progress_list.itemActivated.connect(self.on_progress_item_activated)
        self.next_button = _named(
            QPushButton(f"Hand over to the next voter ({NEXT_VOTER_KEYS})"), "handOverButton", "Hand over"
        )
        self.next_button.clicked.connect(self.hand_to_next)
        self.revise_button = _named(
            QPushButton("Revise the selected ballot"), "reviseBallotButton", "Revise ballot"
        )
        self.revise_button.setToolTip(
            "Reopen a voter's ballot so they can change it. Possible only until the results are revealed, "
            "and only in the session where they voted: the file never records whose ballot is whose."
        )
        self.revise_button.clicked.connect(self.on_revise_clicked)
        self.progress_list.currentItemChanged.connect(self._update_buttons)
        progress_box = QGroupBox("Ballots")
        progress_box.setObjectName("progressBox")
        box = QVBoxLayout(progress_box)
        box.addWidget(self.progress_label)
        box.addWidget(self.progress_list, 1)
        box.addWidget(self.next_button)
        box.addWidget(self.revise_button)
        progress_box.setFixedWidth(300)
        return progress_box

    def _build_tally(self) -> QGroupBox:
        """Paper dots and a show of hands, typed in per card."""
        self.tally = TallyTable()
        self.tally.setMinimumHeight(110)
        self.tally.count_entered.connect(self.on_count_entered)
        let_tab_leave(self.tally)
        tally_box = QGroupBox(f"Paper dots and show of hands ({TALLY_KEYS} to type)")
        tally_box.setObjectName("tallyBox")
        QVBoxLayout(tally_box).addWidget(self.tally)
        return tally_box

    # ---- refreshing -------------------------------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        if not changes.touches(*VOTE_TABLES):
            return
        state = self.model.state()
        self._refresh_rules(state)
        self._refresh_progress(state)
        if changes.touches("idea", "theme", "tally"):
            self._refresh_tally(state)
        self._refresh_results(state)
        if self.pages.currentWidget() is self.hand_over and not self._revising:
            self._refresh_hand_over(state)

    def _cards(self, state: m.SessionState) -> list[m.Idea]:
        return voting.ballot_cards(state)

    def _refresh_rules(self, state: m.SessionState) -> None:
        rules = state.info.rules
        fixed = bool(state.ballots)
        for widget, value in (
            (self.votes_spin, rules.votes_per_person),
            (self.cap_spin, rules.max_votes_per_idea),
        ):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)
            widget.setEnabled(not fixed and not self.model.read_only)
            widget.setToolTip(
                "Fixed once the first ballot is cast, so every voice weighs the same." if fixed else ""
            )
        self.facilitator_check.blockSignals(True)
        self.facilitator_check.setChecked(rules.facilitator_votes)
        self.facilitator_check.blockSignals(False)
        self.facilitator_check.setEnabled(not self.model.read_only)
        count = len(self._cards(state))
        suggested = voting.suggested_votes_per_person(count, rules.max_votes_per_idea)
        self._suggested = suggested
        if suggested:
            self.suggest_label.setText(
                f"Suggested for {count} {'card' if count == 1 else 'cards'}: {suggested}"
            )
        else:
            self.suggest_label.setText("No cards to vote on yet")
        self.suggest_button.setVisible(bool(suggested) and suggested != rules.votes_per_person and not fixed)

    def _refresh_progress(self, state: m.SessionState) -> None:
        rows = voting.progress(state)
        current = self._selected_voter()
        self.progress_list.blockSignals(True)
        self.progress_list.clear()
        for row in rows:
            item = QListWidgetItem(f"✓  {row.name}" if row.voted else f"○  {row.name}")
            item.setData(Qt.ItemDataRole.UserRole, (row.participant_id, row.voted))
            item.setToolTip("Has voted" if row.voted else "Has not voted yet")
            self.progress_list.addItem(item)
            if current is not None and row.participant_id == current[0]:
                self.progress_list.setCurrentItem(item)
        phones = self._phones()
        if phones is not None:
            # A yes/no per phone, voted first: no name, no number, no order of joining.
            for voted in [True] * phones.voted + [False] * (phones.joined - phones.voted):
                item = QListWidgetItem("✓  A phone" if voted else "○  A phone (joined)")
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # nothing to hand over or revise from here
                item.setToolTip("Has voted on a phone" if voted else "Joined on a phone, has not voted yet")
                self.progress_list.addItem(item)
        self.progress_list.blockSignals(False)
        done = sum(r.voted for r in rows)
        text = f"{done} of {len(rows)} have voted on the laptop"
        if phones is not None:
            text += f"; {phones.text(Mode.VOTE)}"
        self.progress_label.setText(text)
        self.progress_label.setAccessibleDescription(self.progress_label.text())
        self._update_buttons()

    def _phones(self):
        """The open room's phones (a RoomStatus), or None when no room is open for the vote."""
        controller = self.room_panel.controller
        if controller.is_open and controller.mode is Mode.VOTE:
            return controller.status()
        return None

    def on_room_status_changed(self, *_args) -> None:
        self._refresh_progress(self.model.state())

    def _refresh_tally(self, state: m.SessionState) -> None:
        self.tally.set_rows(self._cards(state), state.themes, voting.tally_totals(state.tallies))
        if self.model.read_only:
            self.tally.setEditTriggers(self.tally.EditTrigger.NoEditTriggers)

    def _refresh_results(self, state: m.SessionState) -> None:
        revealed = state.info.revealed
        if revealed != self._sized_for_reveal:  # give the chart the room, or the tally back
            self._sized_for_reveal = revealed
            total = sum(self.splitter.sizes()) or 600
            tally = total // 4 if revealed else total * 4 // 5
            self.splitter.setSizes([tally, total - tally])
        self.results_box.show_state(state, writable=not self.model.read_only)

    def _refresh_hand_over(self, state: m.SessionState) -> None:
        waiting = voting.waiting(state)
        if self.hand_over.thanking:
            return  # the voter who has just voted still holds the laptop
        if not any(w.participant_id == self.hand_over.voter for w in waiting):
            if waiting:
                self.hand_over.show_voter(waiting[0], waiting)
            else:
                self.show_overview()

    # ---- progress and hand-over -----------------------------------------------------------------------

    def _selected_voter(self) -> tuple[int | None, bool] | None:
        item = self.progress_list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _update_buttons(self, *_args) -> None:
        selected = self._selected_voter()
        writable = not self.model.read_only
        self.revise_button.setEnabled(writable and selected is not None and selected[1])
        self.next_button.setEnabled(writable and bool(voting.waiting(self.model.state())))

    def hand_to_next(self) -> None:
        """Show the hand-over screen for the first person, in seat order, who has not voted."""
        if self.model.read_only:
            return
        state = self.model.state()
        waiting = voting.waiting(state)
        if not waiting:
            self.model.refused.emit("Everyone on the list has voted. Press Reveal to show the results.")
            return
        if not self._cards(state):
            self.model.refused.emit("There are no cards to vote on yet.")
            return
        self._revising = False
        self.hand_over.show_voter(waiting[0], waiting)
        self._show_private(self.hand_over)
        self.hand_over.start_button.setFocus()

    def on_progress_item_activated(self, item: QListWidgetItem) -> None:
        voter, voted = item.data(Qt.ItemDataRole.UserRole)
        if voted:
            self.on_revise_clicked()
            return
        waiting = voting.waiting(self.model.state())
        chosen = next(w for w in waiting if w.participant_id == voter)
        self._revising = False
        self.hand_over.show_voter(chosen, waiting)
        self._show_private(self.hand_over)
        self.hand_over.start_button.setFocus()

    def on_revise_clicked(self) -> None:
        selected = self._selected_voter()
        if selected is None:
            return
        voter = selected[0]
        try:
            vote_ops.revisable(self.model.store, voter, self.memory.ballot_of(voter))
        except RuleError as exc:
            self.model.refused.emit(str(exc))
            return
        status = next(r for r in voting.progress(self.model.state()) if r.participant_id == voter)
        self._revising = True
        self.hand_over.show_voter(status, [], revising=True)
        self._show_private(self.hand_over)
        self.hand_over.start_button.setFocus()

    def on_start_requested(self, voter: int | None) -> None:
        state = self.model.state()
        name = next((r.name for r in voting.progress(state) if r.participant_id == voter), "")
        dots = None
        if self._revising:
            try:
                dots = vote_ops.revisable(self.model.store, voter, self.memory.ballot_of(voter))
            except RuleError as exc:
                self.model.refused.emit(str(exc))
                self.show_overview()
                return
        self.ballot.open_ballot(voter, name, state.info.rules, state.ideas, state.themes, dots)
        self._show_private(self.ballot)
        self.ballot.focus_first()

    # ---- ballots --------------------------------------------------------------------------------------

    def on_ballot_submitted(self, voter: int | None, dots: dict[int, int]) -> None:
        # A ballot is the voter's, not a step of the facilitator's: it stays off the undo
        # history, so undoing (even past Reveal) can never take one ballot out of the totals.
        if self._revising:
            result = self.model.run_untracked(
                vote_ops.revise_ballot, voter, self.memory.ballot_of(voter), dots
            )
        else:
            result = self.model.run_untracked(vote_ops.cast_ballot, voter, dots)
        if result is None:
            return  # refused: the message bar says why; the ballot stays open
        self.memory.remember(voter, result.value)
        self.ballot.close_ballot()
        revising, self._revising = self._revising, False
        changing, self._changing_own = self._changing_own, False
        if revising and not changing:
            self.show_overview()  # a revision the facilitator set up from the overview
            return
        self._thank(voter)

    def _thank(self, voter: int | None) -> None:
        status = next((r for r in voting.progress(self.model.state()) if r.participant_id == voter), None)
        if status is None:
            self.on_handed_on()
            return
        self.hand_over.show_thanks(status)
        self._show_private(self.hand_over)
        self.hand_over.start_button.setFocus()

    def on_change_requested(self, voter: int | None) -> None:
        """The voter who has just voted takes their ballot back, before handing the laptop on."""
        self._revising = True
        self._changing_own = True
        self.on_start_requested(voter)

    def on_handed_on(self) -> None:
        waiting = voting.waiting(self.model.state())
        if not waiting:
            self.show_overview()
            self.results_note.setText("Everyone on the list has voted. Press Reveal to show the results.")
            return
        self.hand_over.show_voter(waiting[0], waiting)
        self._show_private(self.hand_over)
        self.hand_over.start_button.setFocus()

    def on_ballot_cancelled(self) -> None:
        self.ballot.close_ballot()
        if self._changing_own:  # back to the thanks: the saved ballot stands
            self._revising = self._changing_own = False
            self._thank(self.hand_over.voter)
            return
        if self._revising:
            self._revising = False
            self.show_overview()
            return
        self._show_private(self.hand_over)
        self.hand_over.start_button.setFocus()

    # ---- rules, tallies, reveal -----------------------------------------------------------------------

    def on_votes_spin_value_changed(self, value: int) -> None:
        cap = min(self.cap_spin.value(), value)
        self._set_rules("Change dots per person", votes_per_person=value, max_votes_per_idea=cap)

    def on_cap_spin_value_changed(self, value: int) -> None:
        self._set_rules("Change the most dots on one idea", max_votes_per_idea=value)

    def on_facilitator_check_toggled(self, checked: bool) -> None:
        self._set_rules("Change whether the facilitator votes", facilitator_votes=checked)

    def on_suggest_clicked(self) -> None:
        value = self._suggested
        self._set_rules(
            "Use the suggested dots per person",
            votes_per_person=value,
            max_votes_per_idea=min(self.cap_spin.value(), value),
        )

    def _set_rules(self, label: str, **rules) -> None:
        if self.model.run(label, vote_ops.set_vote_rules, **rules) is None:
            self._refresh_rules(self.model.state())  # refused: show the rules as stored

    def on_count_entered(self, idea_id: int, method: str, text: str) -> None:
        label = "Tally paper dots" if method == "paper" else "Count hands"
        if self.model.run(label, vote_ops.set_tally, idea_id, text, method) is None:
            self._refresh_tally(self.model.state())  # refused: put back what is stored

    def toggle_reveal(self) -> None:
        revealed = self.model.store.info().revealed
        label = "Hide results" if revealed else "Reveal results"
        if self.model.run(label, vote_ops.set_revealed, not revealed) is not None and not revealed:
            # The vote is closed: forget even in memory which ballot was whose.
            self.memory.forget_all()

    # ---- pages ---------------------------------------------------------------------------------------

    def _show_private(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)

    def show_overview(self) -> None:
        self.ballot.close_ballot()
        self._revising = False
        self.pages.setCurrentWidget(self.overview)
        self.focus_overview()

    def focus_overview(self) -> None:
        """The next voter while anyone waits; then Reveal; once revealed, the tally."""
        if self.next_button.isEnabled():
            self.next_button.setFocus()
        elif self.reveal_button.isEnabled() and not self.model.store.info().revealed:
            self.reveal_button.setFocus()
        else:
            self.tally.focus_entry()

    def focus_default(self) -> None:
        page = self.pages.currentWidget()
        if page is self.ballot:
            self.ballot.focus_first()
        elif page is self.hand_over:
            self.hand_over.start_button.setFocus()
        else:
            self.focus_overview()

    def shortcuts(self) -> list[tuple[str, str]]:
        return [
            (NEXT_VOTER_KEYS, "Hand the laptop to the next voter"),
            (REVEAL_KEYS, "Reveal or hide the results"),
            (TALLY_KEYS, "Type counts of paper dots or hands"),
            (ROOM_KEYS, "Open or close the room for phones"),
            ("Enter (tally)", "Save the count and go to the next card"),
            (LEAVE_KEYS, "Leave the tally (so does Tab past its last cell)"),
            ("Arrows (ballot)", "Move between cards"),
            ("Space or + (ballot)", "Place a dot"),
            ("− or Backspace (ballot)", "Take a dot off"),
            ("Ctrl+Enter (ballot)", "Submit the ballot"),
            ("Esc (ballot, hand-over)", "Go back"),
        ]
