"""Counts that describe a session file, for `facilitator check`."""

from __future__ import annotations

from facilitator.core.outcome import unanswered
from facilitator.store.session_store import SessionStore

# (key, table, where): the facts `check --json` reports, in order.
_COUNTS = (
    ("participants", "participant", "1"),
    ("themes", "theme", "1"),
    ("ideas", "idea", "1"),
    ("merged", "idea", "merged_into IS NOT NULL"),
    ("withdrawn", "idea", "withdrawn = 1"),
    ("turns", "turn", "1"),
    ("passes", "turn", "passed = 1"),
    ("ballots", "ballot", "1"),
    ("tallies", "tally", "1"),
    ("ratings", "rating", "1"),
    ("placements", "placement", "1"),
    ("actions", "action", "decision IS NOT NULL"),
    ("reasons", "action", "reason != ''"),
)


def counts(store: SessionStore) -> dict[str, int]:
    conn = store.db.conn
    facts = {"schema_version": store.schema_version}
    for key, table, where in _COUNTS:
        facts[key] = store.count(table, where)
    # Turns of an anonymous session end up as per-person totals (sealing); count both.
    facts["turns"] += conn.execute("SELECT coalesce(sum(turns), 0) FROM airtime").fetchone()[0]
    facts["passes"] += conn.execute("SELECT coalesce(sum(passes), 0) FROM airtime").fetchone()[0]
    facts["rounds"] = conn.execute(
        "SELECT max(coalesce((SELECT max(round) FROM turn), 0), rounds_sealed) FROM session WHERE id = 1"
    ).fetchone()[0]
    facts["dots"] = conn.execute("SELECT coalesce(sum(count), 0) FROM dot").fetchone()[0]
    # Ideas with no outcome yet (principle 3): none once a session is finished.
    facts["unanswered"] = len(unanswered(store.load()))
    order = [
        "schema_version",
        "participants",
        "themes",
        "ideas",
        "merged",
        "withdrawn",
        "rounds",
        "turns",
        "passes",
        "ballots",
        "dots",
        "tallies",
        "ratings",
        "placements",
        "actions",
        "reasons",
        "unanswered",
    ]
    return {k: facts[k] for k in order}
