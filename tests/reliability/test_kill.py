"""SIGKILL a process that is recording ideas, over and over: nothing acknowledged is lost.

The child prints an idea's id only after `add_idea` has returned (the commit is
durable). The parent kills it at a random moment, then checks the file the way
a facilitator's next start would meet it: `facilitator check` passes, SQLite's
integrity check passes, and every idea ever acknowledged is there, word for word.
Half the files are recorded through the round table's Enter (idea, turn count and
seat in one transaction), and there every idea must also be counted by its turn.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.ops.participants import add_participants
from facilitator.store.session_store import SessionStore
from tests.badfiles import fingerprint
from tests.reliability._kill_child import (
    IMPORT_BATCH,
    doomed_text,
    followups_to_pipe,
    idea_text,
    import_row_text,
    import_to_pipe,
    phone_ballot_dots,
    record_to_pipe,
)

KILLS_PER_FILE = 30
FILES = 5  # 150 kills in all
SUBPROCESS_KILLS = 4  # plus a few with a fresh interpreter, exactly as a user would start one
MAX_DELAY = 0.06  # seconds after the first acknowledgement


@dataclass
class Ledger:
    """Every idea acknowledged so far in one file, by its exact text (sealing re-keys ids)."""

    acked: set[str] = field(default_factory=set)
    kills: int = 0
    hot_journals: int = 0


def _read_acks(fd: int, deadline: float | None, buffer: bytearray) -> bool:
    """Read acknowledgements until the deadline (or the first line if None). False at EOF."""
    while True:
        timeout = None if deadline is None else max(deadline - time.monotonic(), 0)
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        chunk = os.read(fd, 65536)
        if not chunk:
            return False
        buffer += chunk
        if deadline is None and b"\n" in buffer:
            return True


def _parse(buffer: bytes, iteration: int, seed: int) -> set[str]:
    acked = set()
    for line in buffer.decode().splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # the kill cut this line short: not acknowledged
        n, _idea_id = map(int, line.split())
        acked.add(idea_text(iteration, n, seed))
    return acked


def _verify(path: Path, ledger: Ledger, capsys: pytest.CaptureFixture[str], subprocess_check: bool) -> None:
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size > 0:
        ledger.hot_journals += 1
    # `facilitator check` first: it meets the file exactly as the kill left it.
    if subprocess_check:
        done = subprocess.run(
            [sys.executable, "-m", "facilitator", "check", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "OK" in done.stdout
    else:
        capsys.readouterr()
        assert cli.main(["check", str(path)]) == 0, capsys.readouterr().err
        assert "OK, a Facilitator session" in capsys.readouterr().out
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = [r[0] for r in conn.execute("SELECT text FROM idea")]
    finally:
        conn.close()
    assert len(stored) == len(set(stored)), "an idea was stored twice"
    missing = ledger.acked - set(stored)
    assert not missing, f"acknowledged ideas lost or changed after kill {ledger.kills}: {len(missing)}"


def _kill_forked(ctx, path: Path, iteration: int, seed: int, delay: float, how: str) -> bytes:
    read_end, write_end = ctx.Pipe(duplex=False)
    child = ctx.Process(target=record_to_pipe, args=(str(path), iteration, seed, write_end, how))
    try:
        child.start()
        write_end.close()
        buffer = bytearray()
        assert _read_acks(read_end.fileno(), None, buffer), "the child died before its first idea"
        _read_acks(read_end.fileno(), time.monotonic() + delay, buffer)
        os.kill(child.pid, signal.SIGKILL)
        child.join(30)
        assert child.exitcode == -signal.SIGKILL
        while _read_acks(read_end.fileno(), time.monotonic() + 5, buffer):
            pass  # drain what was written before the kill
        return bytes(buffer)
    finally:
        read_end.close()
        child.close() if child.exitcode is not None else child.kill()


def _kill_subprocess(path: Path, iteration: int, seed: int, delay: float) -> bytes:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability._kill_child", str(path), str(iteration), str(seed)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        buffer = bytearray()
        assert _read_acks(child.stdout.fileno(), None, buffer), "the child died before its first idea"
        _read_acks(child.stdout.fileno(), time.monotonic() + delay, buffer)
        child.send_signal(signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
        buffer += child.stdout.read()
        return bytes(buffer)
    finally:
        child.stdout.close()


def _new_session(path: Path) -> None:
    store = SessionStore.create(path, title="Kill test")
    add_participants(store, "Ann\nBo\nCy\nDee\nEd")
    store.close()


def _verify_round_table(path: Path) -> None:
    """The round table writes the idea, its turn's count and the seat in one transaction:
    after any kill, every idea is counted by exactly one turn, or by its speaker's totals
    once sealing has folded the turns."""
    conn = sqlite3.connect(path)
    try:
        counted = conn.execute("SELECT coalesce(sum(ideas), 0) FROM turn").fetchone()[0]
        counted += conn.execute("SELECT coalesce(sum(ideas), 0) FROM airtime").fetchone()[0]
        ideas = conn.execute("SELECT count(*) FROM idea").fetchone()[0]
        seat, round_no = conn.execute("SELECT current_seat, current_round FROM session").fetchone()
    finally:
        conn.close()
    assert counted == ideas
    assert 0 <= seat < 5 and round_no >= 1


def _verify_removed(path: Path, ledger: Ledger) -> None:
    """Every acknowledged removal is whole: the card and its words are gone, even from free
    space, and the session counts it."""
    data = path.read_bytes()
    conn = sqlite3.connect(path)
    try:
        stored = {r[0] for r in conn.execute("SELECT text FROM idea")}
        removed = conn.execute("SELECT removed_cards FROM session").fetchone()[0]
    finally:
        conn.close()
    for text in ledger.acked:
        assert doomed_text(text) not in stored
        assert doomed_text(text).encode() not in data
    assert removed >= len(ledger.acked)


# Files record with the bare operation, through the round table's Enter, or through the
# round table while the room keeps leaving it, so sealing (re-keying the ideas, folding
# the turns, rebuilding the file) is killed at random points too.
HOW = ("add_idea", "record_idea", "seal", "remove", "seal")


@pytest.mark.parametrize("file_number", range(FILES))
def test_kill_while_recording_loses_nothing_acknowledged(
    file_number: int, forkserver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(9_000 + file_number)
    how = HOW[file_number % len(HOW)]
    path = tmp_path / f"kill-{file_number}.roundtable"
    _new_session(path)
    ledger = Ledger()
    for iteration in range(KILLS_PER_FILE):
        seed = rng.randrange(2**31)
        buffer = _kill_forked(forkserver, path, iteration, seed, rng.uniform(0, MAX_DELAY), how)
        ledger.kills += 1
        acked = _parse(buffer, iteration, seed)
        assert acked, "each child acknowledges at least one idea before it is killed"
        ledger.acked |= acked
        _verify(path, ledger, capsys, subprocess_check=iteration % 10 == 9)
        if how in ("record_idea", "seal"):
            _verify_round_table(path)
        if how == "remove":
            _verify_removed(path, ledger)
    assert ledger.kills == KILLS_PER_FILE
    print(f"{ledger.kills} kills, {len(ledger.acked)} ideas kept, {ledger.hot_journals} hot journals")


PHONE_KILLS = 20


def _verify_phone_ballots(path: Path, acked: dict[int, dict[int, int]]) -> None:
    """Every acknowledged phone ballot is there with exactly its dots, and the count of phone
    voters matches the ballots stored: ballot, dots and count were written in one transaction."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored: dict[int, dict[int, int]] = {}
        for ballot_id, idea_id, count in conn.execute("SELECT ballot_id, idea_id, count FROM dot"):
            stored.setdefault(ballot_id, {})[idea_id] = count
        ballots = conn.execute("SELECT count(*) FROM ballot").fetchone()[0]
        voters = conn.execute("SELECT coalesce(sum(phone_voters), 0) FROM room").fetchone()[0]
    finally:
        conn.close()
    assert {b: stored.get(b) for b in acked} == acked
    assert voters == ballots == len(stored)


def test_kill_while_phones_vote_loses_no_acknowledged_ballot(forkserver, tmp_path: Path) -> None:
    from facilitator.core.model import Phase
    from facilitator.ops.ideas import add_idea
    from facilitator.ops.session import set_phase

    rng = random.Random(4_242)
    path = tmp_path / "kill-phones.roundtable"
    _new_session(path)
    store = SessionStore.open(path)
    for text in ("One", "Two", "Three"):
        add_idea(store, text)
    set_phase(store, Phase.VOTE)
    store.close()  # seals: the ideas get random ids
    store = SessionStore.open(path, read_only=True)
    ideas = [i.id for i in sorted(store.ideas(), key=lambda i: i.text)]
    store.close()
    acked: dict[int, dict[int, int]] = {}
    for iteration in range(PHONE_KILLS):
        seed = rng.randrange(2**31)
        buffer = _kill_forked(forkserver, path, iteration, seed, rng.uniform(0, MAX_DELAY), "phone_ballot")
        lines = [line for line in buffer.decode().splitlines(keepends=True) if line.endswith("\n")]
        assert lines, "each child acknowledges at least one ballot before it is killed"
        for line in lines:
            n, ballot_id = map(int, line.split())
            acked[ballot_id] = phone_ballot_dots(idea_text(iteration, n, seed), ideas)
        _verify_phone_ballots(path, acked)
    assert cli.main(["check", str(path)]) == 0


def test_kill_a_fresh_interpreter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same, with the child started exactly as a user would start a process."""
    rng = random.Random(77)
    path = tmp_path / "kill-subprocess.roundtable"
    _new_session(path)
    ledger = Ledger()
    for iteration in range(SUBPROCESS_KILLS):
        seed = rng.randrange(2**31)
        buffer = _kill_subprocess(path, iteration, seed, rng.uniform(0, MAX_DELAY))
        ledger.kills += 1
        acked = _parse(buffer, iteration, seed)
        assert acked
        ledger.acked |= acked
        _verify(path, ledger, capsys, subprocess_check=iteration == SUBPROCESS_KILLS - 1)


FOLLOWUP_KILLS = 12


def test_kill_while_writing_followups(forkserver, demo_path: Path, tmp_path: Path) -> None:
    """A follow-up session appears whole or not at all, and the previous session is never changed."""
    before = fingerprint(demo_path)
    folder = tmp_path / "followups"
    folder.mkdir()
    rng = random.Random(1_818)
    acked: set[int] = set()
    start = 0
    for _ in range(FOLLOWUP_KILLS):
        read_end, write_end = forkserver.Pipe(duplex=False)
        child = forkserver.Process(
            target=followups_to_pipe, args=(str(demo_path), str(folder), start, write_end)
        )
        try:
            child.start()
            write_end.close()
            buffer = bytearray()
            assert _read_acks(read_end.fileno(), None, buffer), "the child died before its first follow-up"
            _read_acks(read_end.fileno(), time.monotonic() + rng.uniform(0, 0.3), buffer)
            os.kill(child.pid, signal.SIGKILL)
            child.join(30)
            assert child.exitcode == -signal.SIGKILL
            while _read_acks(read_end.fileno(), time.monotonic() + 5, buffer):
                pass
        finally:
            read_end.close()
            child.close() if child.exitcode is not None else child.kill()
        numbers = [
            int(line.split()[0]) for line in buffer.decode().splitlines(keepends=True) if line.endswith("\n")
        ]
        acked.update(numbers)
        start = max(numbers) + 2  # the next child never reuses the name the kill may have left
    assert fingerprint(demo_path) == before
    written = sorted(folder.glob("f-*.roundtable"))
    assert {int(p.stem[2:]) for p in written} >= acked
    for path in written:  # acknowledged or not, every follow-up in place is whole
        store = SessionStore.open(path, read_only=True)
        try:
            assert len(store.review()) == 10 and len(store.participants()) == 10
            assert store.predecessor() is not None
        finally:
            store.close()


def test_kill_children_never_import_qt(forkserver) -> None:
    """The forked children are cheap because their server never imported Qt."""
    with forkserver.Pool(1) as pool:
        loaded = pool.apply(_qt_modules)
    assert loaded == []


def _qt_modules() -> list[str]:
    return sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))


IMPORT_KILLS = 20


def test_kill_while_importing_keeps_whole_imports_only(
    forkserver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV import is one transaction: after any kill, each batch is there whole or not at all,
    and every batch the child acknowledged is there."""
    rng = random.Random(4_242)
    path = tmp_path / "kill-import.roundtable"
    _new_session(path)
    acked_batches: set[tuple[int, int]] = set()
    for iteration in range(IMPORT_KILLS):
        read_end, write_end = forkserver.Pipe(duplex=False)
        child = forkserver.Process(target=import_to_pipe, args=(str(path), iteration, write_end))
        try:
            child.start()
            write_end.close()
            buffer = bytearray()
            assert _read_acks(read_end.fileno(), None, buffer), "the child died before its first import"
            _read_acks(read_end.fileno(), time.monotonic() + rng.uniform(0, MAX_DELAY), buffer)
            os.kill(child.pid, signal.SIGKILL)
            child.join(30)
            assert child.exitcode == -signal.SIGKILL
            while _read_acks(read_end.fileno(), time.monotonic() + 5, buffer):
                pass
        finally:
            read_end.close()
            child.close() if child.exitcode is not None else child.kill()
        for line in buffer.decode().splitlines(keepends=True):
            if line.endswith("\n"):
                acked_batches.add((iteration, int(line)))
        capsys.readouterr()
        assert cli.main(["check", str(path)]) == 0, capsys.readouterr().err
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            texts = [r[0] for r in conn.execute("SELECT text FROM idea")]
        finally:
            conn.close()
        rows_per_batch: dict[tuple[int, int], int] = {}
        for text in texts:
            _, it, _, batch, _, _row = text.split()
            rows_per_batch[(int(it), int(batch))] = rows_per_batch.get((int(it), int(batch)), 0) + 1
        assert set(rows_per_batch.values()) <= {IMPORT_BATCH}, "half an import survived a kill"
        assert acked_batches <= set(rows_per_batch), "an acknowledged import was lost"
        assert import_row_text(0, 0, 0) in texts
    assert len(acked_batches) >= IMPORT_KILLS
