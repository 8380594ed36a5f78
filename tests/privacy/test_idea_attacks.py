"""Attacks on anonymous ideas, by someone who holds the closed file and every export and
knows the participant list, the seating order and the rules: each hands every idea to a
speaker, and the tests check that no way of doing it beats chance. Ground truth: the test
knows who said each idea."""

from __future__ import annotations

import csv
import random
import sqlite3
from pathlib import Path

from facilitator.core.model import Phase
from facilitator.ops import participants as people_ops
from facilitator.ops import roundtable as rt
from facilitator.ops import session as session_ops
from facilitator.store.session_store import SessionStore
from tests.privacy.attack import chance_limit
from tests.privacy.pages import RawFile, columns

PEOPLE = 10
ROUNDS = 3


def run_round_table(store: SessionStore, seed: int = 141) -> dict[str, int | None]:
    """A realistic anonymous round table: passes, several ideas in one turn, open floor.
    Returns the truth: idea text -> speaker (None from the open floor)."""
    rng = random.Random(seed)
    people_ops.add_participants(store, "\n".join(f"Speaker {n}" for n in range(PEOPLE)))
    session_ops.set_phase(store, Phase.ROUND_TABLE)
    truth: dict[str, int | None] = {}
    n = 0
    for _round in range(ROUNDS):
        for _seat in range(PEOPLE):
            speaker = rt.position(store).participant_id
            given = rng.choice([0, 1, 1, 1, 2, 3])
            if given == 0:
                rt.pass_turn(store)
            for k in range(given):
                n += 1
                # The words say nothing about when they were said (a counter in them would).
                text = f"Idea {rng.getrandbits(40):010x} {rng.choice(['rota', 'handover', 'breaks', 'kit'])}"
                rt.record_idea(store, text, keep_turn=k < given - 1)
                truth[text] = speaker
            if rng.random() < 0.1:
                n += 1
                text = f"Idea {rng.getrandbits(40):010x} from a comment card"
                rt.open_floor_idea(store, text)
                truth[text] = None
    return truth


def speaker_sequence(path: Path) -> list[int]:
    """The speakers in the order their ideas were given, as the file tells it: turns in
    order with their idea counts, or else each person's total in seat order."""
    conn = sqlite3.connect(path)
    turns = conn.execute("SELECT participant_id, ideas FROM turn ORDER BY id").fetchall()
    if not turns and "airtime" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}:
        turns = conn.execute(
            "SELECT a.participant_id, a.ideas FROM airtime a JOIN participant p ON p.id = a.participant_id "
            "ORDER BY p.seat"
        ).fetchall()
    conn.close()
    return [pid for pid, count in turns for _ in range(count)]


def idea_orders(path: Path) -> dict[str, list[str]]:
    """The spoken ideas (open-floor ones left out when the file shows which) in every
    order the file offers: ids, positions, times, raw cell positions."""
    conn = sqlite3.connect(path)
    has_round = conn.execute("SELECT count(*) FROM idea WHERE round IS NOT NULL").fetchone()[0] > 0
    where = "WHERE round IS NOT NULL" if has_round else ""
    orders = {
        name: [r[0] for r in conn.execute(f"SELECT text FROM idea {where} ORDER BY {order}")]
        for name, order in (
            ("idea id", "id"),
            ("position", "position, id"),
            ("created_at", "created_at, updated_at, id"),
        )
    }
    conn.close()
    cols = columns(path, "idea")
    text, round_col = cols.index("text"), cols.index("round")
    cells = sorted(RawFile(path).table_cells("idea"), key=lambda c: c.physical)
    orders["idea cells"] = [c.values[text] for c in cells if not has_round or c.values[round_col] is not None]
    return orders


def score(sequence: list[int], order: list[str], truth: dict[str, int | None]) -> tuple[int, int]:
    """Hits of handing the k-th idea to the k-th speaker, and chance's limit for the same guess."""
    guess = dict(zip(order, sequence, strict=False))
    spoken = [t for t in order if t in guess]
    guessed = [guess[t] for t in spoken]
    actual = [truth[t] for t in spoken]
    hits = sum(1 for g, a in zip(guessed, actual, strict=True) if g == a)
    return hits, chance_limit(guessed, actual)


def attack_file(path: Path, truth: dict[str, int | None]) -> dict[str, tuple[int, int]]:
    sequence = speaker_sequence(path)
    return {name: score(sequence, order, truth) for name, order in idea_orders(path).items()}


def test_anonymous_ideas_cannot_be_traced_by_walking_the_turns(session_path: Path) -> None:
    """Attack 2: walk the turns (or the per-person totals) in order and hand out the ideas in
    id, position, time or raw page order. Before: 22 of 22 traced to their speaker."""
    store = SessionStore.open(session_path)
    truth = run_round_table(store)
    session_ops.set_phase(store, Phase.GROUP)  # the room leaves the round table
    store.close()
    results = attack_file(session_path, truth)
    spoken = sum(1 for v in truth.values() if v is not None)
    print(f"idea attack results (hits of {spoken}, chance limit):", results)
    for name, (found, limit) in results.items():
        assert found <= limit, (name, found, limit)


def test_exports_carry_no_capture_order(session_path: Path, tmp_path: Path, capsys) -> None:
    """Attack 2b: the CSV's rows and its id column, and the minutes' idea list, in capture
    order. Before: the id column is the capture order."""
    from facilitator import cli

    store = SessionStore.open(session_path)
    truth = run_round_table(store, seed=142)
    store.close()  # closed in the middle of the round table
    out = tmp_path / "ideas.csv"
    assert cli.main(["export", str(session_path), "--csv", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    sequence = speaker_sequence(session_path)
    spoken = set(idea_orders(session_path)["idea id"])  # the file tells open-floor ideas apart, if it can
    orders = {
        "csv rows": [r["text"] for r in rows if r["text"] in spoken],
        "csv id column": [r["text"] for r in sorted(rows, key=lambda r: int(r["id"])) if r["text"] in spoken],
    }
    results = {name: score(sequence, order, truth) for name, order in orders.items()}
    results.update(attack_file(session_path, truth))
    print("export attack results (hits, chance limit):", results)
    for name, (found, limit) in results.items():
        assert found <= limit, (name, found, limit)
    assert sorted(r["text"] for r in rows) == sorted(truth)
