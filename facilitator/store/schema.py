"""The .roundtable file format: identity, schema and ordered migrations.

A session file is an SQLite database. `PRAGMA application_id` marks it as ours
and `PRAGMA user_version` holds the number of migrations applied. Migrations
are append-only: never edit one that has shipped, add a new one instead.
Each runs in its own transaction (sqlite-utils `Migrations`).

sqlite-utils is imported only when a file is created or migrated (see
`migrations()`): opening a current file needs none of it, and its import
costs a tenth of a second of every start-up.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Migrations

# "FaCl" in ASCII. Lets us tell our files from any other SQLite database.
APPLICATION_ID = 0x4661436C

# Anything with `execute`: a sqlite-utils Database, or a plain sqlite3 connection.
Database = Any

STEPS: list = []


def _step(fn):
    """Register a migration, in order."""
    STEPS.append(fn)
    return fn


def _run(db: Database, script: str) -> None:
    """Run statements one by one: `executescript` would commit the migration's
    transaction half-way."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


@_step
def m001_initial(db: Database) -> None:
    """The first schema: the whole session domain."""
    _run(
        db,
        """
        CREATE TABLE session (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            title TEXT NOT NULL DEFAULT 'Listening session',
            question TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            facilitator TEXT NOT NULL DEFAULT '',
            team TEXT NOT NULL DEFAULT '',
            organisation TEXT NOT NULL DEFAULT '',
            anonymous INTEGER NOT NULL DEFAULT 1,
            votes_per_person INTEGER NOT NULL DEFAULT 5,
            max_votes_per_idea INTEGER NOT NULL DEFAULT 3,
            facilitator_votes INTEGER NOT NULL DEFAULT 0,
            turn_seconds INTEGER NOT NULL DEFAULT 120,
            break_minutes INTEGER NOT NULL DEFAULT 50,
            silent_seconds INTEGER NOT NULL DEFAULT 0,
            pick_names INTEGER NOT NULL DEFAULT 0,
            phase TEXT NOT NULL DEFAULT 'setup',
            current_round INTEGER NOT NULL DEFAULT 1,
            current_seat INTEGER NOT NULL DEFAULT 0,
            revealed INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE participant (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            team TEXT NOT NULL DEFAULT '',
            seat INTEGER NOT NULL,
            absent INTEGER NOT NULL DEFAULT 0,
            joined_round INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE theme (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            colour TEXT NOT NULL,
            position INTEGER NOT NULL
        );
        CREATE TABLE turn (
            id INTEGER PRIMARY KEY,
            participant_id INTEGER REFERENCES participant(id),
            round INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL DEFAULT '',
            passed INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE idea (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            theme_id INTEGER REFERENCES theme(id),
            author_id INTEGER REFERENCES participant(id),
            merged_into INTEGER REFERENCES idea(id),
            withdrawn INTEGER NOT NULL DEFAULT 0,
            withdrawn_reason TEXT NOT NULL DEFAULT '',
            round INTEGER,
            turn_id INTEGER REFERENCES turn(id),
            position INTEGER NOT NULL DEFAULT 0,
            candidate INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idea_theme ON idea(theme_id);
        CREATE INDEX idea_merged_into ON idea(merged_into);
        -- Ballots carry no participant and no time, and their ids are random,
        -- so nothing in the file links a ballot to the person who cast it.
        CREATE TABLE ballot (
            id INTEGER PRIMARY KEY
        );
        CREATE TABLE dot (
            id INTEGER PRIMARY KEY,
            ballot_id INTEGER NOT NULL REFERENCES ballot(id),
            idea_id INTEGER NOT NULL REFERENCES idea(id),
            count INTEGER NOT NULL CHECK (count > 0)
        );
        CREATE INDEX dot_ballot ON dot(ballot_id);
        -- Who has voted. Never what they voted for.
        CREATE TABLE voter (
            id INTEGER PRIMARY KEY,
            participant_id INTEGER NOT NULL UNIQUE REFERENCES participant(id),
            voted_at TEXT NOT NULL,
            revisions INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE tally (
            id INTEGER PRIMARY KEY,
            idea_id INTEGER NOT NULL REFERENCES idea(id),
            count INTEGER NOT NULL CHECK (count >= 0),
            method TEXT NOT NULL DEFAULT 'paper'
        );
        CREATE TABLE rating (
            id INTEGER PRIMARY KEY,
            idea_id INTEGER NOT NULL REFERENCES idea(id),
            rater_key TEXT NOT NULL DEFAULT '',
            feasibility INTEGER NOT NULL CHECK (feasibility BETWEEN 1 AND 5),
            impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5)
        );
        CREATE TABLE placement (
            id INTEGER PRIMARY KEY,
            idea_id INTEGER NOT NULL UNIQUE REFERENCES idea(id),
            feasibility REAL NOT NULL,
            impact REAL NOT NULL,
            pinned INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE action (
            id INTEGER PRIMARY KEY,
            idea_id INTEGER NOT NULL UNIQUE REFERENCES idea(id),
            decision TEXT,
            owner TEXT NOT NULL DEFAULT '',
            due_date TEXT NOT NULL DEFAULT '',
            first_step TEXT NOT NULL DEFAULT '',
            success_measure TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open'
        );
        """,
    )


@_step
def m002_edit_history_and_checkin(db: Database) -> None:
    """Keep every earlier wording of an edited idea; count ideas per turn (so an
    anonymous session needs no idea-to-turn link); a session log; the next check-in."""
    _run(
        db,
        """
        CREATE TABLE idea_edit (
            id INTEGER PRIMARY KEY,
            idea_id INTEGER NOT NULL REFERENCES idea(id),
            old_text TEXT NOT NULL,
            new_text TEXT NOT NULL,
            at TEXT NOT NULL
        );
        ALTER TABLE session ADD COLUMN next_checkin TEXT NOT NULL DEFAULT '';
        ALTER TABLE turn ADD COLUMN ideas INTEGER NOT NULL DEFAULT 0;
        -- What happened, for the record (a ballot revised, results revealed).
        -- Never what anyone voted for.
        CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        """,
    )


@_step
def m003_ballots_without_order(db: Database) -> None:
    """Who has voted becomes a yes/no per person: no voting time and no voting-order id.

    The voter rows are keyed by participant, and they, the ballots, the dots and the
    ratings are written again in a random order (ratings under new random ids), so
    neither an id nor the layout of the file tells the order in which people voted
    or rated (see `facilitator.store.sealing`).
    """
    from facilitator.store import sealing

    _run(
        db,
        """
        ALTER TABLE voter RENAME TO voter_old;
        CREATE TABLE voter (
            participant_id INTEGER PRIMARY KEY REFERENCES participant(id),
            revisions INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO voter (participant_id, revisions) SELECT participant_id, revisions FROM voter_old;
        DROP TABLE voter_old
        """,
    )
    sealing.rewrite_shuffled(db, "voter")
    sealing.rewrite_shuffled(db, "ballot", "dot")
    sealing.rewrite_shuffled(db, "rating", rekey=True)


@_step
def m004_phone_voters(db: Database) -> None:
    """How many phones in the room voted: one number, never which phone cast which ballot.

    Its own one-row table, not a column of `session`: undoing a facilitator's step
    restores the whole session row, and must not touch the phones' count."""
    _run(
        db,
        """
        CREATE TABLE room (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            phone_voters INTEGER NOT NULL DEFAULT 0 CHECK (phone_voters >= 0)
        );
        """,
    )


@_step
def m005_minutes_record(db: Database) -> None:
    """What good minutes carry: when the session started and ended, who took the notes,
    how to give feedback or whom to contact, and whether the minutes are approved."""
    _run(
        db,
        """
        ALTER TABLE session ADD COLUMN started_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE session ADD COLUMN ended_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE session ADD COLUMN note_taker TEXT NOT NULL DEFAULT '';
        ALTER TABLE session ADD COLUMN contact TEXT NOT NULL DEFAULT '';
        ALTER TABLE session ADD COLUMN approved INTEGER NOT NULL DEFAULT 0
        """,
    )


@_step
def m006_followup(db: Database) -> None:
    """Follow-up sessions: the previous session by title and date (never its path), people
    carried over to confirm on the day, and the previous session's open actions under review."""
    _run(
        db,
        """
        ALTER TABLE session ADD COLUMN predecessor_title TEXT NOT NULL DEFAULT '';
        ALTER TABLE session ADD COLUMN predecessor_date TEXT NOT NULL DEFAULT '';
        ALTER TABLE participant ADD COLUMN to_confirm INTEGER NOT NULL DEFAULT 0;
        -- A carried action is a copy of what was agreed, so the review never needs
        -- the previous file (which may have moved, or been emailed away).
        CREATE TABLE review (
            id INTEGER PRIMARY KEY,
            position INTEGER NOT NULL,
            idea_text TEXT NOT NULL,
            theme TEXT NOT NULL DEFAULT '',
            decision TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT '',
            due_date TEXT NOT NULL DEFAULT '',
            first_step TEXT NOT NULL DEFAULT '',
            success_measure TEXT NOT NULL DEFAULT '',
            agreed_on TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT ''
        );
        """,
    )


@_step
def m007_sealed_capture_order(db: Database) -> None:
    """Equal-voice totals per person (what sealing folds the per-turn rows of an anonymous
    session into) and the rounds those turns covered."""
    _run(
        db,
        """
        CREATE TABLE airtime (
            participant_id INTEGER PRIMARY KEY REFERENCES participant(id),
            turns INTEGER NOT NULL DEFAULT 0,
            passes INTEGER NOT NULL DEFAULT 0,
            ideas INTEGER NOT NULL DEFAULT 0,
            seconds REAL NOT NULL DEFAULT 0
        );
        ALTER TABLE session ADD COLUMN rounds_sealed INTEGER NOT NULL DEFAULT 0
        """,
    )


@_step
def m008_removed_cards(db: Database) -> None:
    """How many cards the facilitator removed for good: the minutes say so, and nothing else
    of those cards is kept."""
    _run(db, "ALTER TABLE session ADD COLUMN removed_cards INTEGER NOT NULL DEFAULT 0")


SCHEMA_VERSION = len(STEPS)


@functools.cache
def migrations() -> Migrations:
    """The ordered migrations as a sqlite-utils `Migrations` set (imported on first use)."""
    from facilitator.store import import_sqlite_utils

    import_sqlite_utils()
    from sqlite_utils import Migrations

    steps = Migrations("facilitator")
    for fn in STEPS:
        steps()(fn)
    return steps


def __getattr__(name: str) -> object:
    if name == "MIGRATIONS":
        return migrations()
    raise AttributeError(name)


# Tables whose rows make up a session (undo tracks exactly these).
SESSION_TABLES = (
    "session",
    "participant",
    "theme",
    "turn",
    "idea",
    "idea_edit",
    "ballot",
    "dot",
    "voter",
    "tally",
    "rating",
    "placement",
    "action",
    "event",
    "room",
    "review",
    "airtime",
)
