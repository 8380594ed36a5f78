"""The repository for one open .roundtable file.

Every write goes through `transaction()`, which commits when the block ends
(write-through: there is no unsaved state) and records each row before and
after, so the operation can be undone exactly. Writes outside
`insert`/`update`/`delete` would escape undo, so there are none.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import errno
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, ClassVar

from facilitator.core import model as m
from facilitator.core.followup import Predecessor, ReviewItem, ReviewStatus
from facilitator.store import errors, sealing
from facilitator.store.connection import Connection, decode_text, fetch
from facilitator.store.delta import Changes, Delta, RowChange
from facilitator.store.inspect import inspect, readonly_uri
from facilitator.store.lock import SessionLock, identity
from facilitator.store.queries import Queries
from facilitator.store.schema import APPLICATION_ID, SCHEMA_VERSION, SESSION_TABLES, migrations

DEFAULT_THEMES = (
    ("Communication", "#4C78A8"),
    ("Safety", "#E45756"),
    ("Support", "#54A24B"),
)


_SEALING_COLUMNS = ("rounds_sealed",)
# A column default that is a constant: a number, a quoted string or NULL.
_CONSTANT = re.compile(r"[-+]?\d+(\.\d+)?|'([^']|'')*'|NULL", re.IGNORECASE)


def now() -> str:
    return _dt.datetime.now().isoformat(timespec="seconds")


def _temp_beside(target: Path) -> str:
    """A new temporary file in the target's folder, with the usual permissions.

    Same folder, so `os.replace` is an atomic rename; mkstemp's 0600 would make
    the session unreadable to the colleagues it is shared with.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    os.close(fd)
    return tmp


def _identity_or_none(path: Path) -> tuple[int, int] | None:
    try:
        return identity(path)
    except OSError:
        return None


def _connect(target: str, uri: bool = False) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves (through sqlite-utils).
    conn = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False)
    # A damaged byte inside a text shows as U+FFFD instead of making the whole
    # session unreadable (SQLite's integrity check does not validate UTF-8).
    conn.text_factory = decode_text
    # Rollback journal (DELETE), not WAL: between writes the .roundtable file is
    # complete on its own, so copying or emailing it never misses a -wal file.
    # synchronous=FULL makes each commit durable before the call returns.
    # Nothing in the file's schema may call a function with side effects (see store/foreign.py).
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    # Deleted content (an undone ballot, say) is zeroed, not left in free pages.
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("PRAGMA busy_timeout=2000")
    # Temporary tables (sealing's id map) stay in memory, never in a file beside the session.
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


class Recording:
    """The row changes of one transaction, in order."""

    def __init__(self) -> None:
        self.rows: list[RowChange] = []

    @property
    def delta(self) -> Delta:
        return Delta(tuple(self.rows))


@dataclasses.dataclass
class Work:
    """What `SessionStore.measure_work` counted. `steps` is in ticks of STEPS_PER_TICK VM steps."""

    STEPS_PER_TICK: ClassVar[int] = 100
    statements: int = 0
    commits: int = 0
    steps: int = 0


class SessionStore(Queries):
    """One open session file."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection, read_only: bool, lock: SessionLock | None = None
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.db = Connection(conn)
        self._recording: Recording | None = None
        self._columns: dict[str, list[str]] = {}
        self._templates: dict[str, tuple[str, dict[str, Any], tuple[str, ...]]] = {}  # `_row_template`
        self._seal_after = False
        self._lock = lock
        # True when another writer (a window, `facilitator import`) holds the file: opened read-only.
        self.in_use = False
        # The file's device and inode when opened: a write to a file that has since been
        # moved, deleted or replaced is refused with a message that says so.
        self._identity = lock.identity if lock is not None else _identity_or_none(path)
        self.closed = False
        self.rekeyed: dict[int, int] = {}  # old -> new idea ids of the last sealing, until taken

    # ---- opening and creating -------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        title: str = "Listening session",
        fill: Callable[[SessionStore], None] | None = None,
    ) -> SessionStore:
        """Make a new session file. It is built beside the target, then moved into place.

        `fill` writes the new session's first contents (a follow-up's carried actions)
        before the move, so the file appears whole or not at all.
        """
        path = Path(path)
        if path.exists():
            raise FileExistsError(f"{path.name} already exists. Choose another name.")
        tmp = _temp_beside(path)
        try:
            try:
                cls._build(tmp, title, fill)
            except sqlite3.Error as exc:
                translated = errors.write_error_from(exc)
                if isinstance(translated, errors.DiskFull):
                    raise OSError(errno.ENOSPC, "the disk is full, so it was not created", str(path)) from exc
                if translated is not None:
                    raise OSError(errno.EIO, f"it could not be written ({exc})", str(path)) from exc
                raise
            if fill is not None and path.exists():
                raise FileExistsError(f"{path.name} already exists. Choose another name.")
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            with contextlib.suppress(OSError):
                os.unlink(tmp + "-journal")
            raise
        return cls.open(path)

    @classmethod
    def _build(cls, tmp: str, title: str, fill: Callable[[SessionStore], None] | None = None) -> None:
        """The schema and the first rows of a new session, in the file `tmp`."""
        conn = _connect(tmp)
        try:
            db = Connection(conn)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            migrations().apply(db.utils())
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("VACUUM")  # a new file starts with no free pages
            with db.atomic():
                conn.execute("INSERT INTO session (id, title, created_at) VALUES (1, ?, ?)", (title, now()))
                for position, (name, colour) in enumerate(DEFAULT_THEMES):
                    conn.execute(
                        "INSERT INTO theme (name, colour, position) VALUES (?, ?, ?)",
                        (name, colour, position),
                    )
            if fill is not None:
                fill(cls(Path(tmp), conn, read_only=False))
        finally:
            conn.close()

    @classmethod
    def open(cls, path: Path | str, read_only: bool = False) -> SessionStore:
        """Open an existing file, or raise a `SessionFileError` and leave it unchanged.

        Opening for writing takes the file's lock (see store/lock.py). If another
        writer holds it, the file opens read-only and `in_use` is True.
        """
        path = Path(path)
        facts = inspect(path)
        read_only = read_only or not facts.writable
        lock = None
        in_use = False
        if not read_only:
            lock = SessionLock.acquire(path)
            if lock is None:
                read_only = in_use = True
        try:
            if read_only:
                if facts.schema_version < SCHEMA_VERSION:
                    raise errors.NoPermission(
                        path, "it was made by an older version and must be upgraded, but it is read-only"
                    )
                conn = _connect(readonly_uri(path), uri=True)
            else:
                conn = _connect(str(path))
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        store = cls(path, conn, read_only, lock)
        store.in_use = in_use
        if not read_only and facts.schema_version < SCHEMA_VERSION:
            try:
                store.migrate()
            except BaseException:
                store.close()
                raise
        if not read_only:
            store.seal()  # a file written before sealing existed, or closed without it
        return store

    def migrate(self) -> None:
        migrations().apply(self.db.utils())
        self.db.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        # Rebuild the file: the old layout's pages (zeroed by secure_delete) leave it.
        self.db.conn.execute("VACUUM")

    def close(self) -> None:
        """Seal (an anonymous session leaves no capture order behind) and close the file.

        A file that cannot be written now (full disk) stays as it is and is sealed when
        it is next opened for writing."""
        if self.closed:
            return
        with contextlib.suppress(errors.WriteError):
            self.seal()
        self.db.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self.closed = True

    def _connection(self) -> sqlite3.Connection:
        return self.db.conn

    def reader(self) -> SessionStore:
        """A second, read-only store on the same file, for work off the UI thread: it reads
        what is committed (every operation commits at once), so the open store can keep
        writing meanwhile. Close it when done. Raises `FileMissing` if the file at this path
        is no longer the one open here (moved away, deleted or replaced)."""
        if self._identity is None or _identity_or_none(self.path) != self._identity:
            raise errors.FileMissing(self.path)
        conn = _connect(readonly_uri(self.path), uri=True)
        return SessionStore(self.path, conn, read_only=True)

    @property
    def schema_version(self) -> int:
        return self.db.conn.execute("PRAGMA user_version").fetchone()[0]

    def save_as(self, target: Path | str) -> None:
        """Copy the whole session to `target` and carry on working in the copy.

        The copy is written to a temporary file beside the target and moved into
        place, so a failed copy never leaves half a file behind.
        """
        target = Path(target)
        tmp = _temp_beside(target)
        try:
            dest = sqlite3.connect(tmp)
            try:
                self.db.conn.backup(dest)
            finally:
                dest.close()
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self.db.conn.close()
        if self._lock is not None:
            self._lock.release()
        old, old_writable = self.path, not self.read_only
        self.path = target
        self.read_only = False
        self.in_use = False
        self._lock = SessionLock.acquire(target)  # a fresh file: nobody else holds it
        self._identity = self._lock.identity if self._lock is not None else _identity_or_none(target)
        self.db = Connection(_connect(str(target)))
        if old_writable:
            # The file left behind is closed like any other: sealed (the copy carries on open).
            with contextlib.suppress(errors.SessionFileError, errors.WriteError, OSError):
                SessionStore.open(old).close()

    # ---- writing ---------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Recording]:
        """One committed unit of work. Yields the `Recording` of its row changes.

        SQLite errors a user can fix (disk full, read-only) become `WriteError`;
        the transaction is rolled back, so the file holds everything up to the
        previous change and nothing of this one.
        """
        if self.read_only:
            raise errors.ReadOnly("opened read-only")
        if self._recording is not None:  # nested: part of the outer operation
            yield self._recording
            return
        if _identity_or_none(self.path) != self._identity:
            raise errors.FileMoved(str(self.path))
        self._recording = Recording()
        self._seal_after = False
        try:
            with self.db.atomic():
                yield self._recording
        except sqlite3.Error as exc:
            translated = errors.write_error_from(exc)
            if translated is None:
                raise
            raise translated from exc
        finally:
            self._recording = None
        if self._seal_after:
            self._seal_after = False
            self.rekeyed.update(self.seal())

    def seal_when_done(self) -> None:
        """Seal the capture order once the current operation has committed (leaving the
        round table, Reveal): its own transaction, then a rebuild of the file."""
        self._seal_after = True

    def take_rekeyed(self) -> dict[int, int]:
        """Old -> new idea ids from sealing since the last call (the undo history follows them)."""
        mapping, self.rekeyed = self.rekeyed, {}
        return mapping

    def remap_delta(self, delta: Delta, mapping: dict[int, int]) -> Delta:
        """A recorded delta with idea ids re-keyed by sealing; changes to per-turn rows,
        which sealing folded into totals, are left out."""
        if not mapping:
            return delta
        refs: dict[str, set[str]] = {"idea": {"id", "merged_into"}}
        for table, column in sealing.idea_references(self.db.conn):
            refs.setdefault(table, set()).add(column)

        def fix(table: str, row: dict | None) -> dict | None:
            if row is None:
                return None
            row = dict(row)
            for column in refs.get(table, ()):
                if row.get(column) in mapping:
                    row[column] = mapping[row[column]]
            if table == "event" and row.get("kind") == sealing.DUPLICATE_DISMISSED:
                row["detail"] = sealing.remap_pair(str(row.get("detail", "")), mapping)
            if table == "idea":
                day = str(row.get("created_at") or "")[:10]
                row.update(author_id=None, turn_id=None, round=None, created_at=day, updated_at=day)
            return row

        rows = []
        for change in delta.rows:
            if change.table == "turn":
                continue
            rowid = mapping.get(change.rowid, change.rowid) if change.table == "idea" else change.rowid
            rows.append(
                RowChange(
                    change.table, rowid, fix(change.table, change.before), fix(change.table, change.after)
                )
            )
        return Delta(tuple(rows))

    def _row(self, table: str, rowid: int) -> dict | None:
        cur = self.db.conn.execute(f"SELECT * FROM [{table}] WHERE rowid = ?", (rowid,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def _require_recording(self) -> list[RowChange]:
        if self._recording is None:
            raise RuntimeError("writes must happen inside store.transaction()")
        return self._recording.rows

    def insert(self, table: str, values: dict[str, Any]) -> int:
        rec = self._require_recording()
        cols = ", ".join(f"[{c}]" for c in values)
        marks = ", ".join("?" for _ in values)
        sql = (
            f"INSERT INTO [{table}] ({cols}) VALUES ({marks})"
            if values
            else f"INSERT INTO [{table}] DEFAULT VALUES"
        )
        rowid = self.db.conn.execute(sql, tuple(values.values())).lastrowid
        rec.append(RowChange(table, rowid, None, self._row(table, rowid)))
        return rowid

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[int]:
        """Insert rows that each give `columns` (not the id), with one prepared statement (an
        import of thousands). Returns their new ids, in order.

        Each row is recorded as built here, with the defaults of the columns it does not give,
        without reading it back: values must already have their column's type.
        """
        rec = self._require_recording()
        key, template, computed = self._row_template(table)
        # Columns with a constant default are left to SQLite; one whose default is worked out
        # (a time, say) is written with the value recorded.
        extra = tuple(c for c in computed if c not in columns)
        extra_values = tuple(template[c] for c in extra)
        conn = self.db.conn
        first = (conn.execute(f"SELECT max(rowid) FROM [{table}]").fetchone()[0] or 0) + 1
        built, params = [], []
        for rowid, values in enumerate(rows, start=first):
            row = template.copy()
            row.update(zip(columns, values, strict=False))  # executemany checks the count
            row[key] = rowid
            built.append(row)
            params.append((*values, *extra_values) if extra else values)
        if not built:
            return []
        names = ", ".join(f"[{c}]" for c in (*columns, *extra))
        marks = ", ".join("?" * (len(columns) + len(extra)))
        # SQLite gives each new row the highest id so far plus one (SQLite's documented rowid
        # choice), so ids need not be sent: checked below, and rolled back if it did otherwise.
        conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", params)
        last = first + len(built) - 1
        if conn.execute(f"SELECT max(rowid) FROM [{table}]").fetchone()[0] != last:
            raise RuntimeError(f"the new rows of {table} did not get the ids {first}-{last}")
        rec.extend(map(RowChange, repeat(table), range(first, last + 1), repeat(None), built))
        return list(range(first, last + 1))

    def _row_template(self, table: str) -> tuple[str, dict[str, Any], tuple[str, ...]]:
        """The id column of `table`, a row of its columns in order holding their defaults, and
        the columns whose default is not a constant."""
        if table not in self._templates:
            conn = self.db.conn
            columns = [
                (name, kind, default, pk)
                for _, name, kind, _, default, pk in conn.execute(f"PRAGMA table_info([{table}])")
            ]
            keys = [(name, kind) for name, kind, _, pk in columns if pk]
            if len(keys) != 1 or keys[0][1].upper() != "INTEGER":
                raise ValueError(f"{table} has no INTEGER PRIMARY KEY")
            template = {
                name: None if default is None else conn.execute(f"SELECT {default}").fetchone()[0]
                for name, _, default, _ in columns
            }
            computed = tuple(
                name
                for name, _, default, _ in columns
                if default is not None and not _CONSTANT.fullmatch(default)
            )
            self._templates[table] = (keys[0][0], template, computed)
        return self._templates[table]

    def update(self, table: str, rowid: int, values: dict[str, Any]) -> None:
        rec = self._require_recording()
        before = self._row(table, rowid)
        if before is None:
            raise KeyError(f"{table} {rowid} does not exist")
        sets = ", ".join(f"[{c}] = ?" for c in values)
        self.db.conn.execute(f"UPDATE [{table}] SET {sets} WHERE rowid = ?", (*values.values(), rowid))
        after = self._row(table, rowid)
        if after != before:
            rec.append(RowChange(table, rowid, before, after))

    def delete(self, table: str, rowid: int) -> None:
        rec = self._require_recording()
        before = self._row(table, rowid)
        if before is None:
            return
        self.db.conn.execute(f"DELETE FROM [{table}] WHERE rowid = ?", (rowid,))
        rec.append(RowChange(table, rowid, before, None))

    @contextlib.contextmanager
    def measure_work(self) -> Iterator[Work]:
        """Count the SQL statements, commits and SQLite VM steps run inside the block.

        Work counted this way does not depend on how busy the machine is, so tests and
        benchmarks can check that an operation grows linearly with its input.
        """
        work = Work()
        conn = self.db.conn

        def traced(sql: str) -> None:
            work.statements += 1
            if sql.strip().upper().startswith("COMMIT"):
                work.commits += 1

        def step() -> int:
            work.steps += 1
            return 0

        conn.set_trace_callback(traced)
        conn.set_progress_handler(step, Work.STEPS_PER_TICK)
        try:
            yield work
        finally:
            conn.set_trace_callback(None)
            conn.set_progress_handler(None, 0)

    def shuffle_tables(self, *tables: str) -> None:
        """Rewrite whole tables (parents first) in a random order, inside the current
        transaction, so the file's layout does not follow the order their rows were
        written (see `sealing`).

        The rows keep their ids and values, so the recorded delta still undoes the operation.
        """
        self._require_recording()
        sealing.rewrite_shuffled(self.db.conn, *tables)

    def ids_where(self, table: str, where: str, params: tuple = ()) -> list[int]:
        return [r[0] for r in self.db.conn.execute(f"SELECT rowid FROM [{table}] WHERE {where}", params)]

    # ---- sealing ----------------------------------------------------------------------

    def needs_sealing(self) -> bool:
        """True when an anonymous session's file may still hold the order ideas were captured in."""
        return sealing.needs_sealing(self.db.conn)

    def seal(self) -> dict[int, int]:
        """Seal the capture order of an anonymous session out of the file (see `sealing.seal`).

        One transaction, then a rebuild of the whole file (VACUUM) so no page keeps the old
        layout. Returns old idea id -> new idea id, for whoever holds ids (the undo history).
        Nothing happens in a named session, a read-only file, or one sealed already.
        """
        if self.read_only or self.schema_version < SCHEMA_VERSION or not self.needs_sealing():
            return {}
        with self.transaction():
            mapping = sealing.seal(self.db.conn)
        self.vacuum()
        return mapping

    def vacuum(self) -> None:
        """Rebuild the file so free pages and the layout of earlier writes leave it."""
        try:
            self.db.conn.execute("VACUUM")
        except sqlite3.Error as exc:
            translated = errors.write_error_from(exc)
            if translated is None:
                raise
            raise translated from exc

    # ---- undo and redo -----------------------------------------------------------

    def undo(self, delta: Delta) -> Changes:
        return self._apply(delta, undo=True)

    def redo(self, delta: Delta) -> Changes:
        return self._apply(delta, undo=False)

    def _apply(self, delta: Delta, undo: bool) -> Changes:
        rows = reversed(delta.rows) if undo else delta.rows
        with self.transaction():
            conn = self.db.conn
            for change in rows:
                target = change.before if undo else change.after
                current = change.after if undo else change.before
                if target is None:
                    conn.execute(f"DELETE FROM [{change.table}] WHERE rowid = ?", (change.rowid,))
                elif current is None:
                    cols = ", ".join(f"[{c}]" for c in target)
                    marks = ", ".join("?" for _ in target)
                    conn.execute(
                        f"INSERT INTO [{change.table}] ({cols}) VALUES ({marks})", tuple(target.values())
                    )
                else:
                    # Only the columns this change changed: a later write to the same row by
                    # something that is not an undo step (sealing's start and end times, a
                    # phone's count) stays as it is.
                    target = {k: v for k, v in target.items() if current.get(k) != v}
                    if change.table == "session":  # sealing's own state is never undone
                        target = {k: v for k, v in target.items() if k not in _SEALING_COLUMNS}
                    if not target:
                        continue
                    sets = ", ".join(f"[{c}] = ?" for c in target)
                    conn.execute(
                        f"UPDATE [{change.table}] SET {sets} WHERE rowid = ?",
                        (*target.values(), change.rowid),
                    )
        return delta.changes

    # ---- reading -------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple = ()) -> list[dict]:
        cur, rows = fetch(self.db.conn, sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in rows]

    def info(self) -> m.SessionInfo:
        row = self._rows("SELECT * FROM session WHERE id = 1")[0]
        return _session_info(row)

    def participants(self) -> list[m.Participant]:
        return [_participant(r) for r in self._rows("SELECT * FROM participant ORDER BY seat, id")]

    def themes(self) -> list[m.Theme]:
        return [m.Theme(**r) for r in self._rows("SELECT * FROM theme ORDER BY position, id")]

    def idea(self, idea_id: int) -> m.Idea | None:
        rows = fetch(self.db.conn, f"SELECT {_IDEA_COLUMNS} FROM idea WHERE id = ?", (idea_id,))[1]
        return _idea_from(rows[0]) if rows else None

    def ideas(self) -> list[m.Idea]:
        # Straight from the row tuples: thousands of ideas open on every change.
        rows = fetch(self.db.conn, f"SELECT {_IDEA_COLUMNS} FROM idea ORDER BY position, id")[1]
        return [_idea_from(r) for r in rows]

    def data_version(self) -> int:
        """Changes when another connection (another program) commits to the file."""
        return self.db.conn.execute("PRAGMA data_version").fetchone()[0]

    def phone_voters(self) -> int:
        """How many phones in the room have voted (never which ballot is a phone's)."""
        row = self.db.conn.execute("SELECT phone_voters FROM room WHERE id = 1").fetchone()
        return row[0] if row else 0

    def count(self, table: str, where: str = "1", params: tuple = ()) -> int:
        return self.db.conn.execute(f"SELECT count(*) FROM [{table}] WHERE {where}", params).fetchone()[0]

    def load(self) -> m.SessionState:
        """The whole session as plain objects."""
        ballots: dict[int, m.Ballot] = {
            r["id"]: m.Ballot(r["id"]) for r in self._rows("SELECT id FROM ballot")
        }
        for r in self._rows("SELECT ballot_id, idea_id, count FROM dot ORDER BY id"):
            ballot = ballots[r["ballot_id"]]
            ballot.dots[r["idea_id"]] = ballot.dots.get(r["idea_id"], 0) + r["count"]
        return m.SessionState(
            info=self.info(),
            participants=self.participants(),
            themes=self.themes(),
            ideas=self.ideas(),
            edits=[m.IdeaEdit(**r) for r in self._rows("SELECT * FROM idea_edit ORDER BY id")],
            turns=[_turn(r) for r in self._rows("SELECT * FROM turn ORDER BY id")],
            ballots=list(ballots.values()),
            voters=[
                m.Voter(r["participant_id"], r["revisions"])
                for r in self._rows("SELECT * FROM voter ORDER BY participant_id")
            ],
            tallies=[m.Tally(**r) for r in self._rows("SELECT * FROM tally ORDER BY id")],
            ratings=[m.Rating(**r) for r in self._rows("SELECT * FROM rating ORDER BY id")],
            placements=[
                m.Placement(r["idea_id"], r["feasibility"], r["impact"], bool(r["pinned"]))
                for r in self._rows("SELECT * FROM placement ORDER BY idea_id")
            ],
            actions=[
                _action_from(r)
                for r in fetch(self.db.conn, f"SELECT {_ACTION_COLUMNS} FROM action ORDER BY idea_id")[1]
            ],
            events=[m.Event(**r) for r in self._rows("SELECT * FROM event ORDER BY id")],
            airtime=[
                m.AirtimeTotal(**r) for r in self._rows("SELECT * FROM airtime ORDER BY participant_id")
            ],
            phone_voters=self.phone_voters(),
            review=self.review(),
        )

    def review(self) -> list[ReviewItem]:
        """The actions carried from the previous session, in review order."""
        return [_review_item(r) for r in self._rows("SELECT * FROM review ORDER BY position, id")]

    def predecessor(self) -> Predecessor | None:
        """The session this one follows up, by title and date; None for a first session."""
        info = self.info()
        if not (info.predecessor_title or info.predecessor_date):
            return None
        return Predecessor(info.predecessor_title, info.predecessor_date)

    def snapshot(self) -> dict[str, list[tuple]]:
        """Every row of every session table; tests compare these for exact equality."""
        return {
            t: self.db.conn.execute(f"SELECT * FROM [{t}] ORDER BY rowid").fetchall() for t in SESSION_TABLES
        }


# ---- row mapping -----------------------------------------------------------------


def _session_info(r: dict) -> m.SessionInfo:
    rules = m.Rules(
        anonymous=bool(r["anonymous"]),
        votes_per_person=r["votes_per_person"],
        max_votes_per_idea=r["max_votes_per_idea"],
        facilitator_votes=bool(r["facilitator_votes"]),
        turn_seconds=r["turn_seconds"],
        break_minutes=r["break_minutes"],
        silent_seconds=r["silent_seconds"],
        pick_names=bool(r["pick_names"]),
    )
    return m.SessionInfo(
        title=r["title"],
        question=r["question"],
        date=r["date"],
        place=r["place"],
        facilitator=r["facilitator"],
        team=r["team"],
        organisation=r["organisation"],
        next_checkin=r.get("next_checkin", ""),
        started_at=r.get("started_at", ""),
        ended_at=r.get("ended_at", ""),
        note_taker=r.get("note_taker", ""),
        contact=r.get("contact", ""),
        approved=bool(r.get("approved", 0)),
        predecessor_title=r.get("predecessor_title", ""),
        predecessor_date=r.get("predecessor_date", ""),
        phase=m.Phase(r["phase"]),
        current_round=r["current_round"],
        current_seat=r["current_seat"],
        revealed=bool(r["revealed"]),
        created_at=r["created_at"],
        rules=rules,
        rounds_sealed=r.get("rounds_sealed", 0),
        removed_cards=r.get("removed_cards", 0),
    )


def _participant(r: dict) -> m.Participant:
    return m.Participant(
        id=r["id"],
        name=r["name"],
        seat=r["seat"],
        role=r["role"],
        team=r["team"],
        absent=bool(r["absent"]),
        joined_round=r["joined_round"],
        to_confirm=bool(r.get("to_confirm", 0)),
    )


# The idea columns in the order of `m.Idea`'s fields.
_IDEA_COLUMNS = (
    "id, text, theme_id, author_id, merged_into, withdrawn, withdrawn_reason, round, turn_id, "
    "position, candidate, created_at, updated_at"
)


def _idea_from(r: tuple) -> m.Idea:
    return m.Idea(
        r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8], r[9],
        None if r[10] is None else bool(r[10]), r[11], r[12],
    )  # fmt: skip


def _turn(r: dict) -> m.Turn:
    return m.Turn(
        id=r["id"],
        participant_id=r["participant_id"],
        round=r["round"],
        started_at=r["started_at"],
        ended_at=r["ended_at"],
        passed=bool(r["passed"]),
        ideas=r["ideas"],
    )


def _review_item(r: dict) -> ReviewItem:
    values = dict(r)
    try:
        values["status"] = ReviewStatus(values["status"])
    except ValueError:
        values["status"] = ReviewStatus.PENDING  # a value from a later version: review it again
    return ReviewItem(**values)


_ACTION_COLUMNS = "idea_id, decision, owner, due_date, first_step, success_measure, reason, status"
_DECISIONS = {d.value: d for d in m.Decision}
_STATUSES = {s.value: s for s in m.ActionStatus}


def _action_from(r: tuple) -> m.Action:
    """An action from its row (columns as `_ACTION_COLUMNS`); enums looked up, not called."""
    return m.Action(
        idea_id=r[0],
        decision=_DECISIONS[r[1]] if r[1] else None,
        owner=r[2],
        due_date=r[3],
        first_step=r[4],
        success_measure=r[5],
        reason=r[6],
        status=_STATUSES[r[7]],
    )
