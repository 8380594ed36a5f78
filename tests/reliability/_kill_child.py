"""The child of the kill test: records ideas through the real operation until it is killed.

It imports the store and the idea and vote operations only (no Qt), and prints each
idea's (or phone ballot's) id on stdout once the operation has returned, that is once
the commit is durable.
Run directly (`python -m tests.reliability._kill_child FILE ITERATION SEED`) or
forked from a preloaded server by the test, which is much faster.
"""

from __future__ import annotations

import os
import random
import sys

from facilitator.core.model import Phase
from facilitator.ops.followup import create_followup
from facilitator.ops.ideas import add_idea, remove_idea_for_good
from facilitator.ops.roundtable import record_idea
from facilitator.ops.session import set_phase
from facilitator.ops.voting import cast_phone_ballot
from facilitator.store.session_store import SessionStore


def phone_ballot_dots(text: str, ideas: list[int]) -> dict[int, int]:
    """The ballot a phone casts for the n-th acknowledgement, on the three ideas there are
    (listed by text: sealing gave them random ids); 5 dots at most, 3 on one."""
    rng = random.Random(text)
    first = rng.randint(0, 2)
    return {ideas[first]: rng.randint(1, 3), ideas[(first + 1) % 3]: rng.randint(1, 2)}


def cast_phone_ballot_for(store: SessionStore, text: str):
    ideas = [i.id for i in sorted(store.ideas(), key=lambda i: i.text)]
    return cast_phone_ballot(store, phone_ballot_dots(text, ideas))


def record_and_seal(store: SessionStore, text: str):
    """The round table's Enter; every third idea the room leaves the round table and comes
    back, so the file is sealed (its own transaction, then VACUUM) before the next idea."""
    result = record_idea(store, text)
    if store.count("idea") % 3 == 0:
        set_phase(store, Phase.ROUND_TABLE)
        set_phase(store, Phase.GROUP)
        set_phase(store, Phase.ROUND_TABLE)
    return result


def doomed_text(text: str) -> str:
    """The card written, then removed for good, after each acknowledged idea of a "remove" child."""
    return f"{text} doomed"


def record_and_remove(store: SessionStore, text: str):
    """Record an idea; then record a second card and remove it for good (hurtful words).
    The acknowledgement comes once the removal has committed."""
    result = add_idea(store, text)
    remove_idea_for_good(store, add_idea(store, doomed_text(text)).value)
    return result


# How the child records: the bare operation, the round table's Enter (idea, turn and
# seat written in one transaction), that with sealing in between, or a ballot from a
# phone in the room (ballot, dots and the phone count in one transaction).
RECORDERS = {
    "add_idea": add_idea,
    "record_idea": record_idea,
    "seal": record_and_seal,
    "phone_ballot": cast_phone_ballot_for,
    "remove": record_and_remove,
}


def idea_text(iteration: int, n: int, seed: int) -> str:
    """The text of the n-th idea of an iteration; the parent recomputes it to check."""
    rng = random.Random(seed * 1_000_003 + n)
    # Mostly short ideas; now and then a long one, so a commit spans several pages.
    size = rng.choice((0, 0, 0, 40, 400, 4000))
    filler = "ábc🙂 "[: rng.randint(1, 5)] * (size // 5)
    return f"kill {iteration} idea {n} {filler}".rstrip()


def record_until_killed(
    path: str, iteration: int, seed: int, out_fd: int | None = None, how: str = "add_idea"
) -> None:
    if out_fd is not None:
        os.dup2(out_fd, 1)
        sys.stdout = os.fdopen(1, "w", encoding="utf-8", closefd=False)
    record = RECORDERS[how]
    store = SessionStore.open(path)
    n = 0
    while True:
        result = record(store, idea_text(iteration, n, seed))
        print(f"{n} {result.value}", flush=True)
        n += 1


IMPORT_BATCH = 40  # rows per import


def import_row_text(iteration: int, batch: int, row: int) -> str:
    return f"import {iteration} batch {batch} row {row}"


def import_until_killed(path: str, iteration: int, out_fd: int) -> None:
    """Import CSV batches, one transaction each; print a batch's number once its import returned."""
    from facilitator.core.importing import CsvIdea
    from facilitator.ops.importing import import_ideas

    os.dup2(out_fd, 1)
    sys.stdout = os.fdopen(1, "w", encoding="utf-8", closefd=False)
    store = SessionStore.open(path)
    batch = 0
    while True:
        rows = [
            CsvIdea(import_row_text(iteration, batch, row), theme=f"Imported {batch % 3}")
            for row in range(IMPORT_BATCH)
        ]
        import_ideas(store, rows)
        print(batch, flush=True)
        batch += 1


def import_to_pipe(path: str, iteration: int, conn) -> None:
    import_until_killed(path, iteration, conn.fileno())


def record_to_pipe(path: str, iteration: int, seed: int, conn, how: str = "add_idea") -> None:
    """Entry point for a forked child: `conn` is the write end of a multiprocessing Pipe."""
    record_until_killed(path, iteration, seed, conn.fileno(), how)


def followups_to_pipe(old: str, folder: str, start: int, conn) -> None:
    """Write follow-up sessions of `old` (f-START, f-START+1, ...) until killed; print each
    number once its file is in place."""
    os.dup2(conn.fileno(), 1)
    out = os.fdopen(1, "w", encoding="utf-8", closefd=False)
    n = start
    while True:
        create_followup(old, os.path.join(folder, f"f-{n}.roundtable"), date="2027-02-18")
        print(f"{n} {n}", file=out, flush=True)
        n += 1


if __name__ == "__main__":
    record_until_killed(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
