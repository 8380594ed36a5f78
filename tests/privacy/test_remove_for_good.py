"""Removing a card for good, as an attacker would check it: the card's words (and every
earlier wording) are nowhere in the file's bytes, free pages included, once the removal
has committed; the minutes say a card was removed and nothing more; undo in the same run
puts everything back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator.core import voting
from facilitator.core.model import Decision, Phase
from facilitator.ops import duplicates as dup_ops
from facilitator.ops import ideas as idea_ops
from facilitator.ops import matrix as matrix_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import plan as plan_ops
from facilitator.ops import session as session_ops
from facilitator.ops import voting as vote_ops
from facilitator.store.session_store import SessionStore
from tests.sealed import ids_by_text

# Words that must leave the file: the card as it reads now, and each earlier wording.
NOW = "Zebulon Quarrington shouts at the night staff"
EARLIER = ["Zq first wording xylophone", "Zq second wording marzipan"]
MARKERS = [b"Quarrington", b"xylophone", b"marzipan"]


def _session(path: Path, anonymous: bool) -> tuple[int, int, int]:
    """A session where the hurtful card has history, a merged wording, dots, a tally, a
    rating, a placement, an action and a dismissed pair. Returns (card, merged, other)."""
    store = SessionStore.create(path)
    if not anonymous:
        rules = store.info().rules
        rules.anonymous = False
        session_ops.update_rules(store, rules)
    people = people_ops.add_participants(store, "Ann\nBo").value
    card = idea_ops.add_idea(store, EARLIER[0]).value
    idea_ops.edit_idea(store, card, EARLIER[1])
    idea_ops.edit_idea(store, card, NOW)
    merged = idea_ops.add_idea(store, "Staff are spoken to harshly at night").value
    other = idea_ops.add_idea(store, "More breaks on long shifts").value
    idea_ops.merge_ideas(store, card, [merged])
    dup_ops.dismiss_duplicate(store, card, other)
    session_ops.set_phase(store, Phase.VOTE)
    vote_ops.cast_ballot(store, people[0], {card: 2, other: 1})
    vote_ops.set_tally(store, card, 4)
    matrix_ops.set_candidate(store, card, True)
    matrix_ops.place(store, card, 4, 2)
    matrix_ops.rate(store, card, "rater-1", 3, 3)
    plan_ops.set_decision(store, card, Decision.DO_NOW)
    store.close()
    return card, merged, other


def _reopen_ids(path: Path) -> dict[str, int]:
    texts = [NOW, "Staff are spoken to harshly at night", "More breaks on long shifts"]
    return dict(zip(texts, ids_by_text(path, texts), strict=True))


@pytest.mark.parametrize("anonymous", [True, False], ids=["anonymous", "named"])
def test_a_removed_card_leaves_no_word_in_the_file(tmp_path: Path, anonymous: bool) -> None:
    path = tmp_path / "remove.roundtable"
    _session(path, anonymous)
    ids = _reopen_ids(path)  # closing an anonymous session sealed it: new ids
    card, merged, other = (
        ids[NOW],
        ids["Staff are spoken to harshly at night"],
        ids["More breaks on long shifts"],
    )
    data = path.read_bytes()
    assert all(marker in data for marker in MARKERS[1:]) and MARKERS[0] in data  # the attack finds them

    store = SessionStore.open(path)
    result = idea_ops.remove_idea_for_good(store, card)
    assert result.value == 1  # one merged wording went back on the board
    # Committed, file still open: the bytes are gone already (the journal too).
    data = path.read_bytes()
    assert not any(marker in data for marker in MARKERS), [m for m in MARKERS if m in data]
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith("-journal")]
    state = store.load()
    assert card not in {i.id for i in state.ideas}
    assert state.idea(merged).merged_into is None  # its merged wording is a card of its own again
    assert voting.totals(state) == {merged: 0, other: 1}  # the removed card's dots and tally went
    assert state.placements == [] and state.ratings == [] and state.actions == []
    assert dup_ops.dismissed_pairs(store) == set()
    assert state.info.removed_cards == 1
    store.close()

    data = path.read_bytes()
    assert not any(marker in data for marker in MARKERS)
    store = SessionStore.open(path, read_only=True)
    try:
        assert store.info().removed_cards == 1 and len(store.ideas()) == 2
    finally:
        store.close()


def test_undo_in_the_same_run_puts_the_card_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "remove.roundtable"
    _session(path, anonymous=True)
    ids = _reopen_ids(path)
    store = SessionStore.open(path)
    before = store.snapshot()
    result = idea_ops.remove_idea_for_good(store, ids[NOW])
    store.undo(result.delta)
    assert store.snapshot() == before
    assert MARKERS[0] in path.read_bytes()
    store.redo(result.delta)
    assert MARKERS[0] not in path.read_bytes()
    store.close()


def test_the_minutes_say_a_card_was_removed_and_nothing_of_it(tmp_path: Path) -> None:
    from facilitator.export.minutes_pdf import build_minutes_pdf
    from tests.export.conftest import norm, pdf_body

    path = tmp_path / "remove.roundtable"
    _session(path, anonymous=True)
    ids = _reopen_ids(path)
    store = SessionStore.open(path)
    idea_ops.remove_idea_for_good(store, ids[NOW])
    state = store.load()
    store.close()
    body = norm(pdf_body(build_minutes_pdf(state, generated=dt.datetime(2026, 11, 20), charts=False)))
    assert norm("One card was removed by the facilitator; nothing of it is kept.") in body
    assert "Quarrington" not in body and "xylophone" not in body
