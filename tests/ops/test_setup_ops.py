"""Setup operations: session details, participants, themes and rules.

Each is checked against a real file: it writes what it should, refuses what it
must with a sentence a facilitator can act on, and undoes exactly.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.core import model as m
from facilitator.core.errors import RuleError
from facilitator.ops import ideas as idea_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import session as session_ops
from facilitator.ops import themes as theme_ops
from facilitator.store.session_store import SessionStore


def _seat_order(store: SessionStore) -> list[str]:
    return [p.name for p in store.participants()]


# ---- session details ------------------------------------------------------------------------


def test_dates_are_stored_as_iso_or_refused(store: SessionStore) -> None:
    session_ops.update_info(store, date="2026-11-19", next_checkin="2027-02-18")
    info = store.info()
    assert (info.date, info.next_checkin) == ("2026-11-19", "2027-02-18")
    before = store.snapshot()
    for bad in ("19/11/2026", "2026-02-30", "tomorrow", "Not setDec2026", "20261215"):
        with pytest.raises(RuleError, match="15 Dec 2026 or 2026-12-15"):
            session_ops.update_info(store, date=bad)
    assert store.snapshot() == before
    session_ops.update_info(store, date="2 Dec 2026")  # as the window shows a date
    assert store.info().date == "2026-12-02"
    session_ops.update_info(store, next_checkin="")  # clearing a date is allowed
    assert store.info().next_checkin == ""


def test_empty_title_is_refused_and_nothing_changes(store: SessionStore) -> None:
    before = store.snapshot()
    with pytest.raises(RuleError, match="needs a title"):
        session_ops.update_info(store, title=" \n ")
    assert store.snapshot() == before


# ---- rules -----------------------------------------------------------------------------------


def test_max_votes_above_budget_names_both_numbers(store: SessionStore) -> None:
    rules = dataclasses.replace(store.info().rules, max_votes_per_idea=6)
    with pytest.raises(RuleError, match=r"\(6\) cannot be more than the votes per person \(5\)"):
        session_ops.update_rules(store, rules)
    assert store.info().rules == m.Rules()


def test_vote_budget_is_fixed_once_ballots_exist(store: SessionStore) -> None:
    session_ops.update_rules(store, dataclasses.replace(m.Rules(), votes_per_person=6))
    with store.transaction():
        store.insert("ballot", {})
    with pytest.raises(RuleError, match="Ballots have already been cast"):
        session_ops.update_rules(store, dataclasses.replace(store.info().rules, votes_per_person=4))
    # Rules that do not touch the budget can still change.
    session_ops.update_rules(store, dataclasses.replace(store.info().rules, turn_seconds=90))
    assert store.info().rules.turn_seconds == 90
    assert store.info().rules.votes_per_person == 6


@settings(max_examples=40, deadline=None)
@given(
    votes=st.integers(1, 50),
    max_votes=st.integers(1, 50),
    turn=st.integers(10, 3600),
    brk=st.integers(0, 600),
    silent=st.integers(0, 3600),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
)
def test_valid_rules_round_trip_through_the_file(
    tmp_path_factory, votes, max_votes, turn, brk, silent, flags
):
    path = tmp_path_factory.mktemp("rules") / "s.roundtable"
    store = SessionStore.create(path)
    try:
        rules = m.Rules(
            anonymous=flags[0],
            votes_per_person=votes,
            max_votes_per_idea=max_votes,
            facilitator_votes=flags[1],
            turn_seconds=turn,
            break_minutes=brk,
            silent_seconds=silent,
            pick_names=flags[2],
        )
        if max_votes > votes:
            with pytest.raises(RuleError):
                session_ops.update_rules(store, rules)
            assert store.info().rules == m.Rules()
        else:
            result = session_ops.update_rules(store, rules)
            store.close()
            store = SessionStore.open(path)
            assert store.info().rules == rules
            store.undo(result.delta)
            assert store.info().rules == m.Rules()
    finally:
        store.close()


# ---- participants -------------------------------------------------------------------------------


def test_remove_participant_keeps_the_others_seats_and_undoes(store: SessionStore) -> None:
    people_ops.add_participants(store, "Ann\nBo\nCy")
    bo = store.participants()[1]
    with store.transaction():
        store.update("session", 1, {"current_seat": 2})  # Cy's turn
    before = store.snapshot()
    result = people_ops.remove_participant(store, bo.id)
    assert _seat_order(store) == ["Ann", "Cy"]
    assert [p.seat for p in store.participants()] == [0, 2]  # the turn stays with Cy
    store.undo(result.delta)
    assert store.snapshot() == before


def test_someone_who_took_a_turn_cannot_be_removed(store: SessionStore) -> None:
    people_ops.add_participants(store, "Ann\nBo")
    ann = store.participants()[0]
    with store.transaction():
        store.insert("turn", {"participant_id": ann.id, "round": 1, "started_at": "t", "passed": 1})
    before = store.snapshot()
    with pytest.raises(RuleError, match=r"Ann has already taken part.*Tick Absent instead"):
        people_ops.remove_participant(store, ann.id)
    assert store.snapshot() == before


def test_named_author_cannot_be_removed(store: SessionStore) -> None:
    session_ops.update_rules(store, dataclasses.replace(m.Rules(), anonymous=False))
    people_ops.add_participants(store, "Ann")
    ann = store.participants()[0]
    idea_ops.add_idea(store, "More breaks", author_id=ann.id)
    with pytest.raises(RuleError, match="stay in the record"):
        people_ops.remove_participant(store, ann.id)


def test_removing_a_missing_participant_says_so(store: SessionStore) -> None:
    with pytest.raises(RuleError, match="no longer in the session"):
        people_ops.remove_participant(store, 999)


def test_late_arrival_joins_the_current_round(store: SessionStore) -> None:
    people_ops.add_participants(store, "Ann\nBo")
    with store.transaction():
        store.update("session", 1, {"current_round": 3})
    people_ops.add_participants(store, "Cy", joined_round=store.info().current_round)
    cy = store.participants()[-1]
    assert (cy.name, cy.seat, cy.joined_round) == ("Cy", 2, 3)


@settings(max_examples=30, deadline=None)
@given(order=st.permutations(range(5)))
def test_reorder_seats_is_exactly_undone(tmp_path_factory, order) -> None:
    path = tmp_path_factory.mktemp("seats") / "s.roundtable"
    store = SessionStore.create(path)
    try:
        people_ops.add_participants(store, "A\nB\nC\nD\nE")
        ids = [p.id for p in store.participants()]
        before = store.snapshot()
        result = people_ops.reorder_seats(store, [ids[i] for i in order])
        assert [p.id for p in store.participants()] == [ids[i] for i in order]
        store.undo(result.delta)
        assert store.snapshot() == before
    finally:
        store.close()


# ---- themes ---------------------------------------------------------------------------------------


def test_default_themes_and_duplicate_names_are_refused(store: SessionStore) -> None:
    assert [t.name for t in store.themes()] == ["Communication", "Safety", "Support"]
    before = store.snapshot()
    with pytest.raises(RuleError, match="already a theme called 'safety'"):
        theme_ops.add_theme(store, "safety")
    with pytest.raises(RuleError, match="already a theme"):
        theme_ops.rename_theme(store, store.themes()[0].id, "Support")
    assert store.snapshot() == before


def test_remove_theme_leaves_its_ideas_unsorted(store: SessionStore) -> None:
    safety = store.themes()[1].id
    idea = idea_ops.add_idea(store, "Fix the hoist", theme_id=safety).value
    before = store.snapshot()
    result = theme_ops.remove_theme(store, safety)
    assert store.idea(idea).theme_id is None
    assert [t.name for t in store.themes()] == ["Communication", "Support"]
    store.undo(result.delta)
    assert store.snapshot() == before


def test_minutes_record_fields_are_stored_and_checked(store: SessionStore) -> None:
    session_ops.update_info(
        store, started_at="9.30", ended_at="1105", note_taker="Sofia", contact="Ask Priya"
    )
    info = store.info()
    assert (info.started_at, info.ended_at, info.note_taker, info.contact) == (
        "09:30",
        "11:05",
        "Sofia",
        "Ask Priya",
    )
    with pytest.raises(RuleError, match="not a time of day"):
        session_ops.update_info(store, ended_at="25:00")
    assert store.info().ended_at == "11:05"  # nothing changed
    result = session_ops.set_approved(store, True)
    assert store.info().approved is True
    store.undo(result.delta)
    assert store.info().approved is False
