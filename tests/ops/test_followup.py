"""Follow-up sessions: a new session for the same team that reviews the last one's open actions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.core.errors import RuleError
from facilitator.core.followup import ReviewStatus
from facilitator.ops.followup import create_followup, review_action
from facilitator.ops.plan import set_status
from facilitator.store import errors
from facilitator.store.session_store import SessionStore
from tests.badfiles import BAD_FILES, fingerprint


def _load(path: Path):
    store = SessionStore.open(path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def test_followup_round_trip_leaves_the_old_file_unchanged(demo_path: Path, tmp_path: Path) -> None:
    before = fingerprint(demo_path)
    old = _load(demo_path)
    new_path = tmp_path / "spring.roundtable"

    made = create_followup(demo_path, new_path, date="2027-02-18")

    assert fingerprint(demo_path) == before
    new = _load(new_path)
    assert new.info.predecessor_title == old.info.title == made.predecessor.title
    assert new.info.predecessor_date == old.info.date == "2026-11-19"
    assert new.info.title == f"{old.info.title} (follow-up)"
    assert new.info.date == "2027-02-18"
    assert new.info.team == old.info.team and new.info.rules == old.info.rules
    assert [p.name for p in new.seated()] == [p.name for p in old.seated()]
    assert all(p.to_confirm for p in new.participants)
    assert [(t.name, t.colour) for t in new.themes] == [(t.name, t.colour) for t in old.themes]
    assert new.ideas == [] and new.ballots == [] and new.actions == []
    # Every commitment or Later that is not done comes back; Not now does not.
    open_actions = {
        old.idea(a.idea_id).text: a
        for a in old.actions
        if a.decision is not None
        and a.decision.value in ("do_now", "plan", "later")
        and a.status.value != "done"
    }
    assert {i.idea_text for i in new.review} == set(open_actions) and len(new.review) == 10
    hoist = next(i for i in new.review if "hoist" in i.idea_text)
    assert (hoist.owner, hoist.due_date, hoist.theme) == ("Yusuf Demir", "2026-12-05", "Safety")
    assert hoist.agreed_on == "2026-11-19"
    assert all(i.status == ReviewStatus.PENDING for i in new.review)
    # No path of the old file is stored anywhere in the new one.
    assert str(demo_path.parent).encode() not in new_path.read_bytes()


def test_a_done_action_is_not_carried(demo_path: Path, tmp_path: Path) -> None:
    store = SessionStore.open(demo_path)
    hoist = next(i for i in store.ideas() if "hoist" in i.text)
    set_status(store, hoist.id, "done")
    store.close()
    create_followup(demo_path, tmp_path / "next.roundtable")
    texts = [i.idea_text for i in _load(tmp_path / "next.roundtable").review]
    assert len(texts) == 9 and not any("hoist" in t for t in texts)


def test_review_needs_a_reason_when_stuck_or_dropped_and_undoes(demo_path: Path, tmp_path: Path) -> None:
    new_path = tmp_path / "next.roundtable"
    create_followup(demo_path, new_path)
    store = SessionStore.open(new_path)
    try:
        first, second = store.review()[:2]
        for status in ("stuck", "dropped"):
            with pytest.raises(RuleError, match="Say why"):
                review_action(store, first.id, status, note="Asked twice")
        assert store.review()[0].status == ReviewStatus.PENDING
        done = review_action(store, first.id, "done", note="Huddle runs every shift", reason="ignored")
        review_action(store, second.id, "stuck", note="Asked Estates", reason="No budget until April")
        items = store.review()
        assert (items[0].status, items[0].note, items[0].reason) == (
            ReviewStatus.DONE,
            "Huddle runs every shift",
            "",
        )
        assert (items[1].status, items[1].reason) == (ReviewStatus.STUCK, "No budget until April")
        store.undo(done.delta)
        assert store.review()[0].status == ReviewStatus.PENDING and store.review()[0].note == ""
        store.redo(done.delta)
        assert store.review()[0].status == ReviewStatus.DONE
    finally:
        store.close()


def test_a_followup_of_a_followup_carries_what_is_still_going_on(demo_path: Path, tmp_path: Path) -> None:
    second = tmp_path / "second.roundtable"
    create_followup(demo_path, second, date="2027-02-18")
    store = SessionStore.open(second)
    items = store.review()
    review_action(store, items[0].id, "done", note="Done")
    review_action(store, items[1].id, "dropped", reason="The ward closed its bay 3")
    review_action(store, items[2].id, "in_progress", note="Half the staff trained")
    review_action(store, items[3].id, "stuck", reason="Waiting for funding")
    store.close()
    third = tmp_path / "third.roundtable"
    create_followup(second, third, title="Ward 7 summer check-in", date="2027-06-01")
    state = _load(third)
    assert state.info.title == "Ward 7 summer check-in"
    assert state.info.predecessor_title == "Ward 7 winter debrief (follow-up)"
    carried = [i.idea_text for i in state.review]
    assert items[0].idea_text not in carried and items[1].idea_text not in carried
    assert carried == [i.idea_text for i in items[2:]]  # still open: in progress, stuck, not reviewed
    assert all(i.agreed_on == "2026-11-19" for i in state.review)


@pytest.mark.parametrize("name", ["truncated-50pc", "foreign-sqlite", "newer-version", "text-file"])
def test_a_bad_old_file_is_refused_in_one_line(name: str, demo_path: Path, tmp_path: Path, capsys) -> None:
    make, error = BAD_FILES[name]
    old = tmp_path / f"{name}.roundtable"
    make(demo_path, old)
    before = fingerprint(old)
    with pytest.raises(error):
        create_followup(old, tmp_path / "new.roundtable")
    assert cli.main(["followup", str(old), str(tmp_path / "new.roundtable")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("facilitator: ")
    assert not (tmp_path / "new.roundtable").exists()
    assert fingerprint(old) == before
    assert issubclass(error, errors.SessionFileError)


def test_followup_refuses_an_existing_target(demo_path: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "taken.roundtable"
    target.write_bytes(b"keep me")
    assert cli.main(["followup", str(demo_path), str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_bytes() == b"keep me"
    assert cli.main(["followup", str(demo_path), str(demo_path)]) == 1


def test_cli_followup_then_check_json(demo_path: Path, tmp_path: Path, capsys) -> None:
    before = fingerprint(demo_path)
    new_path = tmp_path / "next.roundtable"
    assert cli.main(["followup", str(demo_path), str(new_path), "--date", "2027-02-18"]) == 0
    assert "10 actions to review" in capsys.readouterr().out
    assert cli.main(["check", str(new_path), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["actions_to_review"] == 10
    assert facts["predecessor"] == {"title": "Ward 7 winter debrief", "date": "2026-11-19"}
    assert fingerprint(demo_path) == before
