"""Random sequences of add, merge, unmerge, withdraw, restore, vote, tally, undo and redo.

A hypothesis state machine drives the real operations on a real file and keeps
its own undo stack of `OpResult.delta`, with QUndoStack's semantics (a new
operation clears what could be redone). After every step:
- no idea is lost: the idea rows are exactly those whose add is done and not undone,
  each with its text as recorded;
- a refused operation changes nothing;
- vote totals are consistent: every dot and tally counts once, for the card it is on;
- budgets are respected: no ballot holds more dots than a person has, nor more than
  the cap on one idea, and nobody has two ballots;
- and undoing everything restores the start exactly, after which redoing everything
  restores where we were.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from facilitator.core import voting
from facilitator.core.errors import RuleError
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops.base import OpResult
from facilitator.store.delta import Delta
from facilitator.store.session_store import SessionStore

vote_ops = pytest.importorskip("facilitator.ops.voting")

PEOPLE = 5
texts = st.text(alphabet=st.sampled_from("abcdé <&>🙂\x00\n"), min_size=1, max_size=12)
pick = st.integers(min_value=0, max_value=10_000)


def _idea_inserts(delta: Delta) -> dict[int, str]:
    """Ideas a delta adds (rowid -> text)."""
    return {
        c.rowid: c.after["text"] for c in delta.rows if c.table == "idea" and c.before is None and c.after
    }


class SessionMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._dir = tempfile.TemporaryDirectory(prefix="facilitator-rules-")
        self.store = SessionStore.create(Path(self._dir.name) / "rules.roundtable")
        # Durability is the kill test's business; here an fsync per commit would only slow
        # the machine down, and the rules are the same without it.
        self.store.db.conn.execute("PRAGMA synchronous=OFF")
        people_ops.add_participants(self.store, "\n".join(f"Person {n}" for n in range(PEOPLE)))
        self.people = [p.id for p in self.store.participants()]
        self.start = self.store.snapshot()
        self.done: list[OpResult] = []
        self.undone: list[OpResult] = []
        self.ballot_of: dict[int, int] = {}  # as the app's BallotMemory: voter -> ballot, in memory only

    def teardown(self) -> None:
        try:
            self._undo_all()
            assert self.store.snapshot() == self.start
        finally:
            self.store.close()
            self._dir.cleanup()

    # ---- helpers ----------------------------------------------------------------------------

    def _ids(self, active_only: bool = False) -> list[int]:
        return [i.id for i in self.store.ideas() if i.is_active or not active_only]

    def _choose(self, ids: list[int], n: int) -> int:
        return ids[n % len(ids)]

    def _run(self, op, *args) -> OpResult | None:
        before = self.store.snapshot()
        try:
            result = op(self.store, *args)
        except RuleError as exc:
            event(f"{op.__name__} refused")
            assert str(exc).strip(), "a refusal says why"
            assert self.store.snapshot() == before, "a refused operation changed the file"
            return None
        event(f"{op.__name__} done")
        if result.delta:
            self.done.append(result)
            self.undone.clear()  # as QUndoStack: a new command drops the redo list
        return result

    def _undo_all(self) -> None:
        while self.done:
            self.undo()

    # ---- operations -------------------------------------------------------------------------

    @rule(text=texts)
    def add(self, text: str) -> None:
        self._run(idea_ops.add_idea, text)

    @precondition(lambda self: self.store.count("idea") >= 2)
    @rule(into=pick, sources=st.lists(pick, min_size=1, max_size=3))
    def merge(self, into: int, sources: list[int]) -> None:
        ids = self._ids()
        self._run(idea_ops.merge_ideas, self._choose(ids, into), [self._choose(ids, s) for s in sources])

    @precondition(lambda self: self.store.count("idea", "merged_into IS NOT NULL") > 0)
    @rule(n=pick)
    def unmerge(self, n: int) -> None:
        cards = [r[0] for r in self.store.db.conn.execute("SELECT DISTINCT merged_into FROM idea ORDER BY 1")]
        cards = [c for c in cards if c is not None]
        self._run(idea_ops.unmerge_idea, self._choose(cards, n))

    @precondition(lambda self: self.store.count("idea") > 0)
    @rule(n=pick, reason=texts)
    def withdraw(self, n: int, reason: str) -> None:
        self._run(idea_ops.withdraw_idea, self._choose(self._ids(), n), reason)

    @precondition(lambda self: self.store.count("idea", "withdrawn = 1") > 0)
    @rule(n=pick)
    def restore(self, n: int) -> None:
        withdrawn = [i.id for i in self.store.ideas() if i.withdrawn]
        self._run(idea_ops.restore_idea, self._choose(withdrawn, n))

    @precondition(lambda self: self.store.count("idea") > 0)
    @rule(voter=pick, dots=st.lists(st.tuples(pick, st.integers(0, 4)), min_size=1, max_size=4))
    def vote(self, voter: int, dots: list[tuple[int, int]]) -> None:
        ids = self._ids()
        ballot: dict[int, int] = {}
        for n, count in dots:
            ballot[self._choose(ids, n)] = count
        person = self._choose(self.people, voter)
        result = self._run(vote_ops.cast_ballot, person, ballot)
        if result is not None:
            self.ballot_of[person] = result.value

    @precondition(lambda self: bool(self.ballot_of) and self.store.count("idea") > 0)
    @rule(voter=pick, dots=st.lists(st.tuples(pick, st.integers(0, 3)), min_size=1, max_size=3))
    def revise(self, voter: int, dots: list[tuple[int, int]]) -> None:
        person = self._choose(sorted(self.ballot_of), voter)
        ids = self._ids()
        ballot = {self._choose(ids, n): count for n, count in dots}
        result = self._run(vote_ops.revise_ballot, person, self.ballot_of[person], ballot)
        if result is not None:
            self.ballot_of[person] = result.value

    @precondition(lambda self: self.store.count("idea") > 0)
    @rule(n=pick, count=st.integers(0, 12), hands=st.booleans())
    def tally(self, n: int, count: int, hands: bool) -> None:
        self._run(vote_ops.set_tally, self._choose(self._ids(), n), count, "hands" if hands else "paper")

    @precondition(lambda self: bool(self.done))
    @rule()
    def undo(self) -> None:
        result = self.done.pop()
        self.store.undo(result.delta)
        self.undone.append(result)

    @precondition(lambda self: bool(self.undone))
    @rule()
    def redo(self) -> None:
        result = self.undone.pop()
        self.store.redo(result.delta)
        self.done.append(result)

    @precondition(lambda self: len(self.done) >= 2)
    @rule()
    def undo_to_start_and_back(self) -> None:
        here = self.store.snapshot()
        steps = len(self.done)
        self._undo_all()
        assert self.store.snapshot() == self.start
        for _ in range(steps):
            self.redo()
        assert self.store.snapshot() == here

    # ---- invariants -------------------------------------------------------------------------

    @invariant()
    def no_idea_is_lost(self) -> None:
        expected: dict[int, str] = {}
        for result in self.done:
            expected.update(_idea_inserts(result.delta))
        stored = dict(self.store.db.conn.execute("SELECT id, text FROM idea"))
        assert stored == expected

    @invariant()
    def vote_totals_are_consistent(self) -> None:
        state = self.store.load()
        totals = voting.totals(state)
        ideas = {i.id: i for i in state.ideas}
        expected: dict[int, int] = {i.id: 0 for i in state.ideas if i.merged_into is None}
        for ballot in state.ballots:
            for idea_id, count in ballot.dots.items():
                expected[voting.card_of(idea_id, ideas)] += count
        for tally in state.tallies:
            expected[voting.card_of(tally.idea_id, ideas)] += tally.count
        assert totals == expected
        assert sum(totals.values()) == voting.total_votes(state)
        # Every card a merged idea points at is itself a card (one level deep).
        assert all(ideas[i.merged_into].merged_into is None for i in state.ideas if i.merged_into)

    @invariant()
    def budgets_are_respected(self) -> None:
        state = self.store.load()
        rules = state.info.rules
        for ballot in state.ballots:
            assert sum(ballot.dots.values()) <= rules.votes_per_person
            assert all(0 < c <= rules.max_votes_per_idea for c in ballot.dots.values())
        # One ballot per voter, and one voter row per ballot: every voice weighs the same.
        assert len(state.ballots) == len(state.voters)
        assert len({v.participant_id for v in state.voters}) == len(state.voters)
        ideas = {i.id: i for i in state.ideas}
        for ballot in state.ballots:
            per_card: dict[int, int] = {}
            for idea_id, count in ballot.dots.items():
                card = voting.card_of(idea_id, ideas)
                per_card[card] = per_card.get(card, 0) + count
            if any(c > rules.max_votes_per_idea for c in per_card.values()):
                event("a merge put more than the cap from one ballot on one card")


SessionMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_rules_under_random_operations = SessionMachine.TestCase
