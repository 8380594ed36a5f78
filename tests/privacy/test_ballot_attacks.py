"""Attacks on ballots and ratings, by someone who holds the closed file and knows the
seating order: each guesses whose ballot (or rating sheet) is whose, and the tests
check that no guess beats chance. Ground truth comes from the operations themselves."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from facilitator.ops import ideas as idea_ops
from facilitator.ops import matrix as matrix_ops
from facilitator.ops import participants as people_ops
from facilitator.ops import voting as vote_ops
from facilitator.store.session_store import SessionStore
from tests.privacy.attack import chance_limit, hits, zip_guess
from tests.privacy.pages import RawFile

VOTERS = 30
IDEAS = 12


def _people_and_ideas(store: SessionStore) -> tuple[list[int], list[int]]:
    people = people_ops.add_participants(store, "\n".join(f"Person {n:02}" for n in range(VOTERS))).value
    ideas = [idea_ops.add_idea(store, f"Idea {n}").value for n in range(IDEAS)]
    return people, ideas


def _dots(rng: random.Random, ideas: list[int]) -> dict[int, int]:
    dots: dict[int, int] = {}
    while sum(dots.values()) < 5:
        idea = rng.choice(ideas)
        if dots.get(idea, 0) < 3:
            dots[idea] = dots.get(idea, 0) + 1
    return dots


def _voting_session(path: Path, revise: int = 6) -> tuple[list[int], list[int], dict[int, int]]:
    """30 people vote in a random order; some revise. Returns seat order, voting order,
    and the truth: person -> ballot id."""
    rng = random.Random(301)
    store = SessionStore.open(path)
    people, ideas = _people_and_ideas(store)
    order = people[:]
    rng.shuffle(order)
    truth: dict[int, int] = {}
    for person in order:
        truth[person] = vote_ops.cast_ballot(store, person, _dots(rng, ideas)).value
    for person in rng.sample(order, revise):
        truth[person] = vote_ops.revise_ballot(store, person, truth[person], _dots(rng, ideas)).value
    store.close()
    return people, order, truth


def _voter_orders(path: Path) -> dict[str, list[int]]:
    """Every order of voters the file offers: rowid, any time column, raw cell position."""
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(voter)")]
    orders = {"voter rowid": [r[0] for r in conn.execute("SELECT participant_id FROM voter ORDER BY rowid")]}
    if "voted_at" in cols:
        orders["voted_at"] = [
            r[0] for r in conn.execute("SELECT participant_id FROM voter ORDER BY voted_at, rowid")
        ]
    conn.close()
    raw = RawFile(path)
    pid = cols.index("participant_id")
    cells = sorted(raw.table_cells("voter"), key=lambda c: c.physical)
    orders["voter cells"] = [c.rowid if c.values[pid] is None else c.values[pid] for c in cells]
    return orders


def _ballot_orders(path: Path) -> dict[str, list[int]]:
    """Ballots in every order the file offers: raw ballot cells, raw dot cells, ids."""
    raw = RawFile(path)
    ballots = [c.rowid for c in sorted(raw.table_cells("ballot"), key=lambda c: c.physical)]
    first_dot: dict[int, tuple] = {}
    for cell in raw.table_cells("dot"):
        ballot = cell.values[1]
        first_dot[ballot] = min(first_dot.get(ballot, cell.physical), cell.physical)
    by_dots = sorted(first_dot, key=first_dot.__getitem__)
    by_id = sorted(c.rowid for c in raw.table_cells("ballot"))
    return {"ballot cells": ballots, "dot cells": by_dots, "ballot ids": by_id}


def test_ballots_cannot_be_linked_from_the_raw_pages_of_the_closed_file(session_path: Path) -> None:
    """Attack 1: ballot cells in page order, matched with voters in any order the file
    or the room gives (seat order, voter rows, voting times). Before: 30 of 30 linked."""
    seats, order, truth = _voting_session(session_path)
    # The attacker may even know the order people voted in (in a room it is usually the seats).
    voters = {"seat order": seats, "voting order": order, **_voter_orders(session_path)}
    ballots = _ballot_orders(session_path)
    limit = chance_limit([truth[p] for p in truth])
    results = {
        f"{v} x {b}": hits(zip_guess(vo, bo), truth) for v, vo in voters.items() for b, bo in ballots.items()
    }
    print("ballot attack results (hits of 30):", results, "chance limit:", limit)
    assert max(results.values()) <= limit, results


def test_voter_rows_keep_no_time_and_no_voting_order(session_path: Path) -> None:
    """Who has voted is kept as yes/no; the voter rows give no order of voting."""
    seats, order, _truth = _voting_session(session_path, revise=0)
    voters = _voter_orders(session_path)
    assert "voted_at" not in voters
    position = {p: i for i, p in enumerate(order)}
    for name, listed in voters.items():
        assert sorted(listed) == sorted(seats)
        matches = hits(zip_guess(listed, order), {p: p for p in order})
        limit = chance_limit(order)
        assert matches <= limit, (name, [position[p] for p in listed])


RATERS = 30
CARDS = 6


def test_ratings_cannot_be_linked_to_the_hand_over_order(session_path: Path) -> None:
    """Attack 3: rating hand-overs go round the seats; raters ordered by their first row
    (rowid or raw cell) give the seat order. Before: 30 of 30 linked."""
    rng = random.Random(303)
    store = SessionStore.open(session_path)
    people = people_ops.add_participants(store, "\n".join(f"Rater {n:02}" for n in range(RATERS))).value
    cards = [idea_ops.add_idea(store, f"Card {n}").value for n in range(CARDS)]
    truth: dict[int, str] = {}
    for person in people:  # seat order
        key = matrix_ops.new_rater_key()
        scores = {c: (rng.randint(1, 5), rng.randint(1, 5)) for c in cards if rng.random() < 0.8}
        scores = scores or {cards[0]: (3, 3)}
        matrix_ops.rate_all(store, key, scores)
        truth[person] = key
    store.close()
    conn = sqlite3.connect(session_path)
    by_rowid = [
        r[0] for r in conn.execute("SELECT rater_key FROM rating GROUP BY rater_key ORDER BY min(rowid)")
    ]
    conn.close()
    raw = RawFile(session_path)
    first: dict[str, tuple] = {}
    for cell in raw.table_cells("rating"):
        key = cell.values[2]
        first[key] = min(first.get(key, cell.physical), cell.physical)
    by_cells = sorted(first, key=first.__getitem__)
    limit = chance_limit(list(truth.values()))
    results = {
        "rating rowid": hits(zip_guess(people, by_rowid), truth),
        "rating cells": hits(zip_guess(people, by_cells), truth),
    }
    print("rating attack results (hits of 30):", results, "chance limit:", limit)
    assert max(results.values()) <= limit, results


@pytest.mark.parametrize("voters", [VOTERS])
def test_undo_after_reveal_recovers_no_ballot(qtbot, session_path: Path, voters: int) -> None:
    """Attack 4: after Reveal, undo Reveal, then undo step by step and diff the totals:
    each step that takes dots away is one voter's ballot, in seat order backwards.
    Before: 30 of 30 recovered."""
    from facilitator.core import voting
    from facilitator.ui.phases.vote.view import VoteView
    from facilitator.ui.session.session_model import SessionModel

    rng = random.Random(304)
    store = SessionStore.open(session_path)
    people, ideas = _people_and_ideas(store)
    model = SessionModel(store)
    view = VoteView(model)
    qtbot.addWidget(view)
    truth: dict[int, dict[int, int]] = {}
    for person in people:  # the laptop goes round the seats
        truth[person] = _dots(rng, ideas)
        view.on_ballot_submitted(person, truth[person])
    assert store.count("voter") == voters
    view.toggle_reveal()
    assert store.info().revealed

    def totals() -> dict[int, int]:
        return voting.totals(store.load())

    recovered: list[dict[int, int]] = []
    last = totals()
    while model.undo_stack.canUndo():
        model.undo()
        now = totals()
        diff = {i: last.get(i, 0) - now.get(i, 0) for i in set(last) | set(now)}
        diff = {i: n for i, n in diff.items() if n}
        if diff:
            recovered.append(diff)
        last = now
    guess = dict(zip(reversed(people), recovered, strict=False))
    found = sum(1 for p in people if guess.get(p) == truth[p])
    print("undo attack: ballots recovered", found, "of", voters)
    assert found == 0
    model.close()


def test_undo_after_a_rating_hand_over_recovers_no_rating(qtbot, session_path: Path) -> None:
    """Attack 4 on ratings: after the hand-over went round the seats, undo step by step and
    diff the ratings: each step that takes ratings away would be one person's, in seat
    order backwards. Before: every person's ratings recovered."""
    from facilitator.ops import matrix as matrix_ops
    from facilitator.ui.phases.prioritize.hand_over import RatingHandOver
    from facilitator.ui.session.session_model import SessionModel

    rng = random.Random(305)
    store = SessionStore.open(session_path)
    people = people_ops.add_participants(store, "\n".join(f"Person {n:02}" for n in range(8))).value
    cards = [idea_ops.add_idea(store, f"Card {n}").value for n in range(3)]
    for card in cards:
        matrix_ops.set_candidate(store, card, True)
    model = SessionModel(store)
    model.run("Place", matrix_ops.place, cards[0], 3, 3)  # one step of the facilitator's own
    hand_over = RatingHandOver(model)
    qtbot.addWidget(hand_over)
    hand_over.start()
    truth: dict[int, dict[int, tuple[int, int]]] = {}
    for person in people:
        assert hand_over.current[0] == person
        hand_over.on_start_clicked()
        truth[person] = {c: (rng.randint(1, 5), rng.randint(1, 5)) for c in cards}
        hand_over.on_form_submitted(truth[person])
        hand_over.on_start_clicked()  # "Done: hand the laptop on"
    assert store.count("rating") == len(people) * len(cards)

    def ratings() -> set[tuple]:
        return {(r.rater_key, r.idea_id, r.feasibility, r.impact) for r in store.load().ratings}

    recovered: list[set[tuple]] = []
    last = ratings()
    while model.undo_stack.canUndo():
        model.undo()
        now = ratings()
        if last - now:
            recovered.append(last - now)
        last = now
    guess = dict(zip(reversed(people), recovered, strict=False))
    found = sum(
        1
        for p in people
        if p in guess
        and {(i, f, m) for _, i, f, m in guess[p]} == set((i, f, m) for i, (f, m) in truth[p].items())
    )
    print("undo attack: rating sheets recovered", found, "of", len(people))
    assert found == 0 and recovered == []
    model.close()


def _csv_votes(path: Path, out: Path) -> dict[str, str]:
    import csv

    from facilitator import cli

    assert cli.main(["export", str(path), "--csv", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    return {r["text"]: r["votes"] for r in rows}


def test_exports_between_voters_give_away_no_ballot(session_path: Path, tmp_path: Path, capsys) -> None:
    """Attack 5: export the CSV of an unrevealed session after each voter and diff the votes.
    Before: 30 of 30 ballots read off the exports."""
    rng = random.Random(305)
    store = SessionStore.open(session_path)
    people, ideas = _people_and_ideas(store)
    texts = {i: store.idea(i).text for i in ideas}
    truth: dict[int, dict[str, int]] = {}
    guess: dict[int, dict[str, int]] = {}
    last = _csv_votes(session_path, tmp_path / "0.csv")
    for n, person in enumerate(people):
        dots = _dots(rng, ideas)
        vote_ops.cast_ballot(store, person, dots)
        truth[person] = {texts[i]: c for i, c in dots.items()}
        now = _csv_votes(session_path, tmp_path / f"{n + 1}.csv")
        diff = {}
        for text, value in now.items():
            try:
                d = int(value or 0) - int(last.get(text) or 0)
            except ValueError:
                continue
            if d:
                diff[text] = d
        guess[person] = diff
        last = now
    store.close()
    found = hits(guess, truth)
    print("export attack: ballots read", found, "of", VOTERS)
    assert found == 0
    assert set(last.values()) == {"hidden"}
    assert "hidden" in capsys.readouterr().out
