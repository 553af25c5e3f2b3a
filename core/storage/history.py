"""The history: every session done, the routine given, and how each item felt.

Kept in one SQLite file (stdlib :mod:`sqlite3`) in the user's data folder:

- ``sessions``: one row per session: the day, guided or logged, the context
  and the routine given (as JSON), pain 0-10 before and after.
- ``items``: one row per routine item: the exercise, the rung and dose given,
  whether it was done, and its feedback (easier / right / harder; pain before
  and after, when given for the item alone).

The file is marked as lowback's with ``PRAGMA application_id`` (:data:`APPLICATION_ID`)
and its schema versioned with ``PRAGMA user_version``, brought up to date by
:data:`MIGRATIONS` in one transaction. Nothing is changed in a file (not even
its journal mode) until it is known to be lowback's: a history from an earlier
lowback, without the id, is recognised by its tables and adopted; any other
program's database is refused untouched. The database runs in WAL
mode with a busy timeout, so that several processes can log at the same moment;
each session is written in one transaction, so it lands whole or not at all.

Reading never creates the file, and works from a read-only folder (the file is
then opened read-only and nothing is migrated). Every failure (a file that is not
a database, one written by a newer lowback or another program, one locked by
another program, a full disk) raises :class:`~lowback.storage.StorageError`
naming the file and what to do, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from ..models import Context, Dose, Routine
from ..models.base import Bool, Day, Int, Model
from ..models.progress import RECENT_MAX, Done, ExerciseProgress, Pain, Progress, Rating
from ..validation import invalid
from . import BUSY_TIMEOUT_ENV as BUSY_TIMEOUT_ENV  # kept importable from here
from . import DEFAULT_BUSY_TIMEOUT as DEFAULT_BUSY_TIMEOUT
from . import StorageError, busy_timeout
from .files import NotAFileError, regular_target
from .paths import history_path

SessionKind = Literal["guided", "logged"]

_V1 = (
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        logged_at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('guided', 'logged')),
        pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
        pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        context TEXT NOT NULL,
        routine TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE items (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        exercise TEXT NOT NULL,
        name TEXT NOT NULL,
        rung TEXT NOT NULL,
        sets INTEGER NOT NULL,
        amount INTEGER NOT NULL,
        dose TEXT NOT NULL,
        done INTEGER NOT NULL CHECK (done IN (0, 1)),
        rating TEXT CHECK (rating IN ('easier', 'right', 'harder')),
        pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
        pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        PRIMARY KEY (session_id, step)
    )
    """,
)

_V2 = (
    # Progression reads an exercise's latest sessions; the schedule reads days.
    "CREATE INDEX items_by_exercise ON items (exercise, done)",
    "CREATE INDEX sessions_by_day ON sessions (day, id)",
)

_V3 = (
    # A guided session stopped part-way (Ctrl-C, SIGTERM, SIGHUP): stored as partial.
    "ALTER TABLE sessions ADD COLUMN partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1))",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3)
"""Step ``n`` (from 0) brings a database at schema version ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)

APPLICATION_ID = 0x4C57424B
"""``PRAGMA application_id`` of a lowback history: "LWBK" in ASCII. Set by every
migration; histories of earlier versions (id 0, schema 1 or 2) get it when next written."""

_LEGACY_VERSION = 2
"""The newest schema written without :data:`APPLICATION_ID`."""

_OUR_COLUMNS = {
    "sessions": ("day", "logged_at", "kind", "pain_before", "pain_after", "context", "routine"),
    "items": ("session_id", "step", "exercise", "rung", "dose", "done", "rating"),
}
"""Columns a lowback history's tables have had since schema 1: how an earlier
version's history (without the id) is told from another program's database."""

EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(9998, 12, 31)
"""A session's day lies between these: the plan and the next session due are computed
up to a year after a session, which must stay within the calendar."""


class ItemRecord(Model):
    """One routine item of a logged session, with its feedback."""

    step: Int = Field(ge=1)
    exercise: str
    name: str
    rung: str
    dose: Dose
    done: Bool
    rating: Rating | None = None
    pain_before: Pain | None = None
    pain_after: Pain | None = None


class SessionRecord(Model):
    """One session as the history keeps it (``lowback history --format json``)."""

    id: Int
    day: Day
    logged_at: str
    kind: SessionKind
    partial: Bool = False
    """A guided session stopped part-way (Ctrl-C, SIGTERM, SIGHUP): what was done is kept."""
    pain_before: Pain | None = None
    pain_after: Pain | None = None
    items: tuple[ItemRecord, ...]


class ExportedSession(SessionRecord):
    """One session of ``lowback history export --format json``: the record, and the
    context and routine it was given, so that an import loses nothing."""

    context: dict[str, Any]
    routine: dict[str, Any]

    @model_validator(mode="after")
    def _readable(self) -> ExportedSession:
        Routine.model_validate(self.routine)
        Context.model_validate(self.context)
        return self

    def context_json(self) -> str:
        return Context.model_validate(self.context).model_dump_json()

    def routine_json(self) -> str:
        return Routine.model_validate(self.routine).model_dump_json()


EXPORT_FORMAT = "lowback-history"
EXPORT_VERSION = 1


class HistoryExport(Model):
    """The whole of ``lowback history export --format json``."""

    format: Literal["lowback-history"]
    version: Literal[1]
    sessions: tuple[ExportedSession, ...]


def _item_row(item: ItemRecord) -> tuple[object, ...]:
    """An item as the ``items`` table holds it (without its session id)."""
    d = item.dose
    return (
        item.step,
        item.exercise,
        item.name,
        item.rung,
        d.sets,
        d.reps or d.hold_s or d.duration_s or 1,
        d.model_dump_json(),
        int(item.done),
        item.rating,
        item.pain_before,
        item.pain_after,
    )


class Feedback(Model):
    """Feedback on one item: a rating and, optionally, pain before and after it alone."""

    rating: Rating | None = None
    pain_before: Pain | None = None
    pain_after: Pain | None = None


def _corrected(
    record: SessionRecord,
    day: dt.date | None,
    pains: tuple[int | None, int | None],
    feedback: dict[str, Feedback],
) -> SessionRecord:
    """``record`` with what :meth:`History.edit` was given; the rest kept (unchecked yet)."""

    def keep(new: int | None, old: int | None) -> int | None:
        return old if new is None else new

    items = []
    for item in record.items:
        fb = feedback.get(item.exercise)
        if fb is not None:
            item = item.model_copy(
                update={
                    "rating": fb.rating,
                    "pain_before": keep(fb.pain_before, item.pain_before),
                    "pain_after": keep(fb.pain_after, item.pain_after),
                }
            )
        items.append(item)
    return record.model_copy(
        update={
            "day": day or record.day,
            "pain_before": keep(pains[0], record.pain_before),
            "pain_after": keep(pains[1], record.pain_after),
            "items": tuple(items),
        }
    )


def _fault(path: Path, exc: sqlite3.Error) -> StorageError:
    message = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in message or "busy" in message):
        return StorageError(
            path,
            f"the history is locked by another program ({message})",
            "try again when it has finished; nothing was written",
        )
    if "disk is full" in message or "disk I/O error" in message:
        return StorageError(
            path,
            f"the disk is full or failing ({message})",
            "free some space and try again; nothing was written",
        )
    if "readonly" in message or "read-only" in message:
        return StorageError(
            path,
            f"the history or its folder is read-only ({message})",
            "check the permissions of the file and its folder; nothing was written",
        )
    if isinstance(exc, sqlite3.DatabaseError) and (
        "not a database" in message or "malformed" in message or "corrupt" in message
    ):
        return StorageError(
            path,
            f"not a readable lowback history ({message})",
            "move the file aside (lowback has left it untouched) and a new history "
            "will be started, or restore it from a backup",
        )
    return StorageError(path, f"cannot use the history ({message})", "nothing was written")


def _check_file(path: Path) -> None:
    """Refuse a history that is not a regular file (a FIFO would hang SQLite)."""
    try:
        regular_target(path)
    except NotAFileError as exc:
        raise StorageError(
            path, f"{exc.strerror}", "the history must be a regular file; nothing was written"
        ) from None
    except OSError as exc:
        raise StorageError(
            path, f"cannot use the history ({exc.strerror or exc})", "nothing was written"
        ) from None


def _writable(path: Path) -> bool:
    """Whether the history and its folder can be written (SQLite writes beside the file)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _read_only(path: Path) -> str:
    """The URI query to read ``path`` without writing anything.

    A WAL database needs its ``-shm`` index, which a read-only folder cannot hold:
    with no ``-wal`` file beside it (lowback's connections remove it on closing)
    everything is in the file itself, and ``immutable`` reads it without one.
    """
    if os.access(path.parent, os.W_OK) or os.path.exists(f"{path}-wal"):
        return "?mode=ro"
    return "?mode=ro&immutable=1"


def check_writable(path: Path | None = None) -> None:
    """Raise :class:`StorageError` now if the history (default: the usual one) could not
    be written, so that a guided session learns it before it starts, not after."""
    path = path or history_path()
    if os.path.isdir(path.parent):
        _refuse_read_only(path)


def _refuse_read_only(path: Path) -> None:
    """Refuse to write a history that cannot be written, naming the folder or the file."""
    if not os.access(path.parent, os.W_OK):
        raise StorageError(
            path.parent,
            "the folder is read-only, so the history in it cannot be written",
            "make the folder writable (or set LOWBACK_HOME to a writable folder); "
            "nothing was written",
        )
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise StorageError(
            path,
            "the history file is read-only",
            "make it writable to record sessions; nothing was written",
        )


class History:
    """The history database at ``path`` (default: :func:`~lowback.storage.paths.history_path`).

    Open it with :meth:`open` for writing (creating and migrating it as needed)
    or :meth:`open_existing` for reading (None when there is no file yet); use
    it as a context manager so that the connection is closed.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self.writable = True
        """False when opened read-only (a read-only file or folder): reading only."""
        self._schema = SCHEMA_VERSION

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None) -> History:
        """Open the database for writing, creating it and bringing its schema up to date."""
        path = path or history_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                path.parent, f"cannot create the folder ({exc.strerror})", "check its permissions"
            ) from None
        return cls._connect(path, create=True)

    @classmethod
    def open_existing(cls, path: Path | None = None) -> History | None:
        """Open the database if the file exists (migrating it if it is older), else None.

        When the file or its folder cannot be written, it is opened read-only:
        reading works, nothing is migrated, and writing fails with a clear error.
        """
        path = path or history_path()
        _check_file(path)
        if not os.path.lexists(path):
            return None
        return cls._connect(path, create=False, writable=_writable(path))

    @classmethod
    def _connect(cls, path: Path, *, create: bool, writable: bool = True) -> History:
        timeout = busy_timeout()
        _check_file(path)
        if create:
            _refuse_read_only(path)
        try:
            if create:
                conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            else:
                # mode=rw: never create a file that vanished since it was seen.
                uri = path.resolve().as_uri() + ("?mode=rw" if writable else _read_only(path))
                conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise _fault(path, exc) from None
        history = cls(path, conn)
        history.writable = writable
        try:
            history._prepare()
        except StorageError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise _fault(path, exc) from None
        return history

    def _version(self) -> int:
        row = self._conn.execute("PRAGMA user_version").fetchone()
        return int(row[0])

    def _state(self) -> tuple[int, int]:
        """The schema version and application id, checked: not newer than this
        lowback, not another program's."""
        # One statement, so one snapshot: another process may be migrating meanwhile.
        columns = " OR ".join(
            f"(t.name = '{table}' AND c.name IN ({', '.join(repr(n) for n in names)}))"
            for table, names in _OUR_COLUMNS.items()
        )
        app_id, version, tables, ours = self._conn.execute(
            "SELECT (SELECT application_id FROM pragma_application_id), user_version,"
            " (SELECT count(*) FROM sqlite_master),"
            " (SELECT count(*) FROM sqlite_master AS t, pragma_table_info(t.name) AS c"
            f"  WHERE t.type = 'table' AND ({columns}))"
            " FROM pragma_user_version"
        ).fetchone()
        if app_id not in (0, APPLICATION_ID):
            self._foreign(f"application id {app_id:#010x}; lowback's is {APPLICATION_ID:#010x}")
        self._check_version(int(version))
        # Without lowback's id: a new empty file, or an earlier lowback's history
        # (its tables, schema 1 to 2). Anything else is another program's,
        # refused before anything (WAL mode included) is changed.
        expected = sum(len(names) for names in _OUR_COLUMNS.values())
        if app_id == 0 and (
            (version == 0 and tables)
            or (version > 0 and ours < expected)
            or version > _LEGACY_VERSION
        ):
            self._foreign("it has tables lowback did not write")
        return int(version), int(app_id)

    def _foreign(self, why: str) -> None:
        raise StorageError(
            self.path,
            f"an SQLite database, but not a lowback history ({why})",
            "move the file aside (lowback has left it untouched) and a new history will be started",
        )

    def _prepare(self) -> None:
        # Reading first: a file that is not a database, or another program's,
        # fails here, before any statement that could write to it.
        version, app_id = self._state()
        self._schema = version
        if not self.writable:  # read as it is: an empty file (schema 0) has no sessions
            return
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._wal()
        if version < SCHEMA_VERSION or app_id != APPLICATION_ID:
            self._migrate()
            self._schema = SCHEMA_VERSION

    def _wal(self) -> None:
        """Switch to WAL mode (once: it stays with the file).

        SQLite answers "locked" at once, without waiting, when another connection
        is busy while the mode changes, as happens when several processes open a
        new history together: try again for up to the busy timeout.
        """
        deadline = time.monotonic() + busy_timeout()
        while True:
            try:
                mode = self._conn.execute("PRAGMA journal_mode").fetchone()[0]
                if str(mode).lower() != "wal":
                    self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StorageError(
                self.path,
                f"written by a newer lowback (history schema {version}; this lowback "
                f"knows up to {SCHEMA_VERSION})",
                "upgrade lowback to use it (pip install -U lowback); the file is left as it is",
            )

    def _migrate(self) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version, _ = self._state()
            for step in MIGRATIONS[version:]:
                for statement in step:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (a full disk): a second rollback
            # would hide the real cause behind "no transaction is active".
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise _fault(self.path, exc) from None
        except ValueError as exc:  # a record the models refuse, or a bad date
            if isinstance(exc, ValidationError):
                exc = invalid(exc.title, exc)
            problems = getattr(exc, "problems", None) or [str(exc)]
            raise StorageError(
                self.path,
                f"holds a record lowback cannot read ({problems[0]})",
                "move the file aside (lowback has left it untouched) to start a new history",
            ) from None

    # -- writing -------------------------------------------------------------

    def log(
        self,
        routine: Routine,
        *,
        day: dt.date,
        kind: SessionKind,
        done: Sequence[str] | None = None,
        feedback: dict[str, Feedback] | None = None,
        pain_before: int | None = None,
        pain_after: int | None = None,
        partial: bool = False,
        now: Callable[[], dt.datetime] | None = None,
    ) -> int:
        """Store one session in one transaction; returns its id.

        ``done`` names the exercises done (default: every item); ``feedback``
        maps an exercise to its :class:`Feedback`; ``partial`` marks a session
        stopped part-way.
        """
        done_set = {i.exercise for i in routine.items} if done is None else set(done)
        feedback = feedback or {}
        logged_at = (now or (lambda: dt.datetime.now(dt.UTC)))().isoformat(timespec="seconds")
        rows = []
        for item in routine.items:
            fb = feedback.get(item.exercise, Feedback())
            record = ItemRecord.model_construct(
                step=item.step,
                exercise=item.exercise,
                name=item.name,
                rung=item.variation.id,
                dose=item.dose,
                done=item.exercise in done_set,
                rating=fb.rating,
                pain_before=fb.pain_before,
                pain_after=fb.pain_after,
            )
            rows.append(_item_row(record))  # checked below, as the reader reads it
        self._check_storable(rows, day=day, kind=kind, pains=(pain_before, pain_after))
        head = (day.isoformat(), logged_at, kind, pain_before, pain_after, int(partial))
        with self._errors(), self._transaction():
            session_id = self._insert(
                head, routine.context.model_dump_json(), routine.model_dump_json(), rows
            )
        return session_id

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: everything in it lands, or nothing does."""
        if not self.writable:
            _refuse_read_only(self.path)
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _insert(
        self,
        head: tuple[object, ...],
        context: str,
        routine: str,
        rows: Sequence[tuple[object, ...]],
    ) -> int:
        cur = self._conn.execute(
            "INSERT INTO sessions (day, logged_at, kind, pain_before, pain_after, partial,"
            " context, routine) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*head, context, routine),
        )
        session_id = int(cur.lastrowid or 0)
        self._conn.executemany(
            "INSERT INTO items (session_id, step, exercise, name, rung, sets, amount,"
            " dose, done, rating, pain_before, pain_after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(session_id, *row) for row in rows],
        )
        return session_id

    def delete(self, session_id: int) -> bool:
        """Delete session ``session_id`` and its items; False when there is no such session."""
        with self._errors(), self._transaction():
            cur = self._conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        return cur.rowcount > 0

    def edit(
        self,
        session_id: int,
        *,
        day: dt.date | None = None,
        pain_before: int | None = None,
        pain_after: int | None = None,
        feedback: dict[str, Feedback] | None = None,
    ) -> tuple[SessionRecord, SessionRecord] | None:
        """Correct session ``session_id``: its day, its pain, its items' feedback.

        Only what is given changes (an item's pain is kept when its feedback gives
        none); the routine, the items done and the time logged stay as they were.
        Read, checked as :meth:`log` checks a new session and written in one
        transaction, so the check comes before the commit and nothing lands
        unless all of it can be read back. Returns ``(before, after)``, or None
        when there is no such session.
        """
        with self._errors(), self._transaction():
            before = self.session(session_id)
            if before is None:
                return None
            after = _corrected(before, day, (pain_before, pain_after), feedback or {})
            self._check_storable(
                [_item_row(i) for i in after.items],
                day=after.day,
                kind=after.kind,
                pains=(after.pain_before, after.pain_after),
            )
            self._conn.execute(
                "UPDATE sessions SET day = ?, pain_before = ?, pain_after = ? WHERE id = ?",
                (after.day.isoformat(), after.pain_before, after.pain_after, session_id),
            )
            self._conn.executemany(
                "UPDATE items SET rating = ?, pain_before = ?, pain_after = ?"
                " WHERE session_id = ? AND step = ?",
                [(i.rating, i.pain_before, i.pain_after, session_id, i.step) for i in after.items],
            )
        return before, after

    def import_sessions(self, sessions: Sequence[ExportedSession]) -> tuple[int, int]:
        """Add the sessions of an export, in one transaction; returns ``(added, already)``.

        Each session is checked as :meth:`log` checks one before anything is
        written, so a bad one leaves the history as it was. A session already
        in the history (same day, time logged, kind and routine) is not added again.
        """
        prepared = []
        for record in sessions:
            rows = [_item_row(item) for item in record.items]
            self._check_storable(
                rows,
                day=record.day,
                kind=record.kind,
                pains=(record.pain_before, record.pain_after),
            )
            head = (
                record.day.isoformat(),
                record.logged_at,
                record.kind,
                record.pain_before,
                record.pain_after,
                int(record.partial),
            )
            prepared.append((head, record.context_json(), record.routine_json(), rows))
        added = 0
        with self._errors(), self._transaction():
            for head, context, routine, rows in prepared:
                if self._conn.execute(
                    "SELECT 1 FROM sessions WHERE day = ? AND logged_at = ? AND kind = ?"
                    " AND routine = ?",
                    (head[0], head[1], head[2], routine),
                ).fetchone():
                    continue
                self._insert(head, context, routine, rows)
                added += 1
        return added, len(prepared) - added

    def exported(self) -> tuple[ExportedSession, ...]:
        """Every session with the context and routine it was given, for an export."""
        records = self.sessions()
        with self._errors():
            stored = {
                sid: (json.loads(ctx), json.loads(routine))
                for sid, ctx, routine in self._conn.execute(
                    "SELECT id, context, routine FROM sessions"
                )
            }
        return tuple(
            ExportedSession.model_validate(
                r.model_dump() | {"context": stored[r.id][0], "routine": stored[r.id][1]}
            )
            for r in records
        )

    def _check_storable(
        self,
        rows: Sequence[tuple[object, ...]],
        *,
        day: dt.date,
        kind: str,
        pains: tuple[int | None, int | None],
    ) -> None:
        """Refuse, before anything is written, a session the reader would refuse.

        Each row is read back through the reader's own models (:class:`SessionRecord`,
        :class:`ItemRecord`, the stored dose, and :class:`~lowback.models.progress.Done`
        for items done), so a session stored can always be read; the day must also
        fall between :data:`EARLIEST_DAY` and :data:`LATEST_DAY`.
        """
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise StorageError(
                self.path,
                f"a session on {day} cannot be stored (days from {EARLIEST_DAY} to {LATEST_DAY})",
                "nothing was written",
            )
        try:
            items = []
            for step, exercise, name, rung, sets, amount, dose, done, rating, ipb, ipa in rows:
                record = ItemRecord.model_validate(
                    {
                        "step": step,
                        "exercise": exercise,
                        "name": name,
                        "rung": rung,
                        "dose": Dose.model_validate_json(str(dose)),
                        "done": bool(done),
                        "rating": rating,
                        "pain_before": ipb,
                        "pain_after": ipa,
                    }
                )
                if record.done:
                    Done.model_validate(
                        {"session": 1, "day": day, "rung": rung, "sets": sets, "amount": amount}
                    )
                items.append(record)
            SessionRecord.model_validate(
                {"id": 1, "day": day, "logged_at": "", "kind": kind, "items": items}
                | {"pain_before": pains[0], "pain_after": pains[1]}
            )
        except ValidationError as exc:
            problem = invalid(exc.title, exc).problems[0]
            raise StorageError(
                self.path,
                f"this session cannot be stored: the history could not read it back ({problem})",
                "nothing was written",
            ) from None

    # -- reading -------------------------------------------------------------

    def sessions(self, *, last: int | None = None) -> tuple[SessionRecord, ...]:
        """Sessions, oldest first (only the ``last`` N when given)."""
        if not self._schema:  # an empty file opened read-only: no tables yet
            return ()
        # A history of an earlier schema, read-only (not migrated), has no partial column.
        partial = "partial" if self._schema >= 3 else "0"
        query = f"SELECT id, day, logged_at, kind, pain_before, pain_after, {partial} FROM sessions"
        if last is not None:
            query = f"SELECT * FROM ({query} ORDER BY day DESC, id DESC LIMIT {int(last)})"
        return self._records(query + " ORDER BY day, id")

    def ids_on(self, day: dt.date) -> tuple[int, ...]:
        """The ids of the sessions logged on ``day``, oldest first."""
        if not self._schema:
            return ()
        with self._errors():
            rows = self._conn.execute(
                "SELECT id FROM sessions WHERE day = ? ORDER BY id", (day.isoformat(),)
            ).fetchall()
        return tuple(row[0] for row in rows)

    def session(self, session_id: int) -> SessionRecord | None:
        """Session ``session_id``, or None when there is no such session."""
        if not self._schema:
            return None
        partial = "partial" if self._schema >= 3 else "0"
        found = self._records(
            f"SELECT id, day, logged_at, kind, pain_before, pain_after, {partial}"
            " FROM sessions WHERE id = ?",
            (session_id,),
        )
        return found[0] if found else None

    def _records(self, query: str, params: tuple[object, ...] = ()) -> tuple[SessionRecord, ...]:
        with self._errors():
            heads = self._conn.execute(query, params).fetchall()
            out = []
            for sid, day, logged_at, kind, pb, pa, partial in heads:
                items = tuple(
                    ItemRecord(
                        step=step,
                        exercise=exercise,
                        name=name,
                        rung=rung,
                        dose=Dose.model_validate_json(dose),
                        done=bool(done),
                        rating=rating,
                        pain_before=ipb,
                        pain_after=ipa,
                    )
                    for step, exercise, name, rung, dose, done, rating, ipb, ipa in (
                        self._conn.execute(
                            "SELECT step, exercise, name, rung, dose, done, rating,"
                            " pain_before, pain_after FROM items WHERE session_id = ?"
                            " ORDER BY step",
                            (sid,),
                        )
                    )
                )
                out.append(
                    SessionRecord(
                        id=sid,
                        day=dt.date.fromisoformat(day),
                        logged_at=logged_at,
                        kind=kind,
                        partial=bool(partial),
                        pain_before=pb,
                        pain_after=pa,
                        items=items,
                    )
                )
        return tuple(out)

    def count(self) -> int:
        """How many sessions the history holds."""
        if not self._schema:
            return 0
        with self._errors():
            return int(self._conn.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def progress(self, today: dt.date) -> Progress:
        """The history as of ``today`` (sessions on later days are not counted), as data
        for the rules: session count and days, and each exercise's latest sessions done.
        Only sessions in which some item was done count.

        An item's pain is its own when given, else its session's.
        """
        day = today.isoformat()
        if not self._schema:
            return Progress(sessions=0, first_day=None, last_day=None, today=today, exercises=())
        with self._errors():
            # A session with nothing done (every item skipped) is kept as a record, but
            # is no session done: it moves neither the schedule nor the count.
            count, first, last = self._conn.execute(
                "SELECT count(*), min(day), max(day) FROM sessions AS s WHERE day <= ? AND"
                " EXISTS (SELECT 1 FROM items AS i WHERE i.session_id = s.id AND i.done = 1)",
                (day,),
            ).fetchone()
            rows = self._conn.execute(
                """
                SELECT exercise, id, day, rung, sets, amount, rating, pb, pa FROM (
                    SELECT i.exercise AS exercise, s.id AS id, s.day AS day, i.rung AS rung,
                           i.sets AS sets, i.amount AS amount, i.rating AS rating,
                           coalesce(i.pain_before, s.pain_before) AS pb,
                           coalesce(i.pain_after, s.pain_after) AS pa,
                           row_number() OVER (
                               PARTITION BY i.exercise ORDER BY s.day DESC, s.id DESC
                           ) AS n
                    FROM items AS i JOIN sessions AS s ON s.id = i.session_id
                    WHERE i.done = 1 AND s.day <= ?
                ) WHERE n <= ? ORDER BY exercise, day, id
                """,
                (day, RECENT_MAX),
            ).fetchall()
            by_exercise: dict[str, list[Done]] = {}
            for exercise, sid, sday, rung, sets, amount, rating, pb, pa in rows:
                by_exercise.setdefault(exercise, []).append(
                    Done(
                        session=sid,
                        day=dt.date.fromisoformat(sday),
                        rung=rung,
                        sets=sets,
                        amount=amount,
                        rating=rating,
                        pain_before=pb,
                        pain_after=pa,
                    )
                )
            return Progress(
                sessions=count,
                first_day=dt.date.fromisoformat(first) if first else None,
                last_day=dt.date.fromisoformat(last) if last else None,
                today=today,
                exercises=tuple(
                    ExerciseProgress(exercise=k, recent=tuple(v)) for k, v in by_exercise.items()
                ),
            )


def read_progress(today: dt.date, path: Path | None = None) -> Progress | None:
    """The history's :class:`~lowback.models.Progress` as of ``today``, or None when
    no session is logged (no file, or an empty history): a first routine is the
    same as one without history."""
    history = History.open_existing(path)
    if history is None:
        return None
    with history:
        progress = history.progress(today)
    return progress if progress.sessions else None


def dumps_sessions(sessions: Sequence[SessionRecord]) -> str:
    """Sessions as a JSON list (``lowback history --format json``)."""
    return json.dumps([s.model_dump(mode="json") for s in sessions], separators=(",", ":"))
