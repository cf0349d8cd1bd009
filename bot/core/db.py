"""Database engine and sessions.

SQLite is the embedded default (WAL, so the web server and the scheduler can read while one
writes); PostgreSQL is the scale path. Schema comes from Alembic, never `create_all`.
"""

from __future__ import annotations

import fcntl
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, Transaction, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

if TYPE_CHECKING:  # Alembic is imported only when a migration has to run (bot.core.schema_head)
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# pg_advisory_lock key of `migrate` (the scheduler's lock uses another key).
MIGRATION_LOCK_KEY = 72_0505_2027
MIGRATION_LOCK_SECONDS = 300.0


# How long a SQLite writer waits for another process's lock. The webhook's store uses a much
# shorter wait (`short_busy_timeout`) and spools instead, so Twilio is never kept waiting.
SQLITE_BUSY_MS = 5000
_SHORT_BUSY = "short_busy_timeout"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk (the WAL fsynced) before it returns, so a message acknowledged to
    # Twilio survives a power cut; NORMAL could lose the last commits. Cost: benchmarks, README.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def _begin_before_savepoint(connection: Any, _name: str) -> None:
    """Python's sqlite3 (legacy transaction control) opens no transaction before a SAVEPOINT, so a
    `session.begin_nested()` that comes before any other write of its unit of work would start the
    transaction itself, and its RELEASE would COMMIT everything so far: a status callback or a staff
    action could then commit part-way and a later error could not roll it back. Open the outer
    transaction first (IMMEDIATE: the savepoint is there to write), so RELEASE only releases."""
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection is not None and not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN IMMEDIATE")


def _restore_busy_timeout(dbapi_connection: Any, record: Any) -> None:
    """A pooled connection goes back with the normal lock wait, whatever its last user set."""
    if record.info.pop(_SHORT_BUSY, False):
        dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")


def short_busy_timeout(session: Session, milliseconds: int) -> None:
    """Make this session's SQLite connection give up on a held lock after `milliseconds` (reset when
    the connection returns to the pool). No-op on PostgreSQL."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql(f"PRAGMA busy_timeout={int(milliseconds)}")
    connection.connection.info[_SHORT_BUSY] = True


def make_engine(url: str, *, pool_size: int = 8, max_overflow: int = 8, prepared_statements: bool = True,
                **kwargs: Any) -> Engine:
    """An engine for `url`; creates the SQLite file's folder so a fresh clone just works. The pool
    and prepared-statement knobs apply to PostgreSQL (settings: DATABASE_POOL_SIZE, ...)."""
    parsed = make_url(url)
    # An exception's text then carries the SQL, not its parameters (numbers, names, message texts).
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkin", _restore_busy_timeout)
        event.listen(engine, "savepoint", _begin_before_savepoint)
        return engine
    # No ping per checkout: it was a round trip before every transaction. A connection the server
    # dropped fails one transaction and SQLAlchemy then empties the pool (the webhook answers 503
    # and Twilio retries); recycling bounds the age of idle connections.
    kwargs.setdefault("pool_pre_ping", False)
    kwargs.setdefault("pool_recycle", 1800)
    if "poolclass" not in kwargs:
        # Per process: a web worker needs about as many connections as turns it runs at once.
        kwargs.setdefault("pool_size", pool_size)
        kwargs.setdefault("max_overflow", max_overflow)
        kwargs.setdefault("pool_use_lifo", True)  # the warm connections get reused, idle ones recycle
    if parsed.get_driver_name() == "psycopg":
        # Server-side prepared statements from the second run of a query on a connection (psycopg
        # 3); off behind a transaction-mode pooler that cannot keep them (docs/deploy.md).
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("prepare_threshold", 2 if prepared_statements else None)
        kwargs["connect_args"] = connect_args
    return create_engine(url, **kwargs)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str) -> None:
    """Bring the schema to the newest revision of every branch; safe from many processes at once.

    Web workers, schedulers and `bot migrate` may all start together: without a lock two of them
    create `alembic_version` (or run one revision) at the same moment and one dies on a
    UniqueViolation. They queue on one lock instead (an advisory lock on PostgreSQL, a file lock
    next to the SQLite file); whoever comes second finds the schema current and does nothing.
    A database already at the newest revision is recognised without Alembic (a cheap read of
    `alembic_version`, see bot.core.schema_head), so a restart does not pay for it.
    """
    from bot.core.schema_head import schema_is_current

    if schema_is_current(url):
        return
    from alembic import command

    with migration_lock(url):
        command.upgrade(alembic_config(url), "heads")


@contextmanager
def migration_lock(url: str, timeout: float = MIGRATION_LOCK_SECONDS) -> Iterator[None]:
    """Hold the deployment-wide migration lock of this database (TimeoutError after `timeout`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with _file_lock(_sqlite_lock_path(parsed.database), timeout):
            yield
        return
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            deadline = time.monotonic() + timeout
            while not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY}).scalar():
                if time.monotonic() > deadline:
                    raise TimeoutError("another process has been migrating this database for too long")
                time.sleep(0.1)
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
    finally:
        engine.dispose()


def _sqlite_lock_path(database: str | None) -> Path | None:
    if not database or database == ":memory:":
        return None
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(path.name + ".migrate.lock")


@contextmanager
def _file_lock(path: Path | None, timeout: float) -> Iterator[None]:
    """An exclusive flock on `path` (released by the kernel if the holder dies)."""
    if path is None:
        yield
        return
    with path.open("a+b") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{path} is held by another process") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise


class DatabaseBusy(Exception):
    """SQLite was found locked by another process a moment ago: a short-wait writer gives up at once."""


# After a short-wait writer (`busy_ms`) timed out on another process's lock, the next short-wait
# writers fail at once for this long instead of each waiting again in turn.
BUSY_BACKOFF_SECONDS = 2.0
# Group commit (SQLite, `write_scope(group=True)`): a transaction is handed on to the next grouped
# writer instead of committed while one is waiting, at most this many turns and this long, so one
# fsync covers several turns and none waits long for it.
GROUP_MAX_TURNS = 16
GROUP_MAX_SECONDS = 0.05


@dataclass(eq=False)
class _Group:
    """One open SQLite transaction shared by grouped writers, committed by the last of them."""

    connection: Connection
    transaction: Transaction
    started: float
    turns: int = 0
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


@dataclass(eq=False)
class _Writer:
    """The in-process writer state of one SQLite engine."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    busy_until: float = 0.0
    group: _Group | None = None       # touched only by the lock's holder
    grouped_waiting: int = 0          # grouped writers queued for the lock
    waiting_guard: threading.Lock = field(default_factory=threading.Lock)
    # The grouped writers' connection, kept from one group to the next by the lock's holder (writers
    # are one at a time anyway): no pool checkout, return, reset and busy_timeout PRAGMAs each turn.
    connection: Connection | None = None
    pool: Any = None                  # the engine's pool it came from (a disposed engine has a new one)


# Keyed by the engine itself, weakly: an id could be reused by a later engine (tests make many), and
# a writer holds a connection to its own database.
_writers: weakref.WeakKeyDictionary[Engine, _Writer] = weakref.WeakKeyDictionary()
_writers_guard = threading.Lock()


def _writer(engine: Engine) -> _Writer:
    with _writers_guard:
        writer = _writers.get(engine)
        if writer is None:
            writer = _writers[engine] = _Writer()
        return writer


@contextmanager
def write_scope(engine: Engine, *, busy_ms: int | None = None, group: bool = False) -> Iterator[Session]:
    """A unit of work that writes. SQLite allows one writer at a time and makes the others sleep
    and retry (long latency tails under concurrent webhooks); one in-process lock per SQLite
    engine queues writers instead. PostgreSQL needs no such lock.

    On SQLite the transaction is opened with BEGIN IMMEDIATE: Python's sqlite3 opens none before a
    SAVEPOINT, so without it the RELEASE of `session.begin_nested()` (insert-or-get) COMMITS
    everything so far and the unit of work is no longer atomic (a message could be committed
    without its reply job). `busy_ms`: how long to wait for another process's lock (default 5 s);
    with it, DatabaseBusy for BUSY_BACKOFF_SECONDS after such a wait timed out.

    `group` (SQLite; the webhook's turn): group commit. With synchronous=FULL each commit waits for
    an fsync (10+ ms on a shared disk) while holding the write lock, longer than a turn's own work.
    A grouped unit of work runs in a SAVEPOINT of a transaction that may be shared with the grouped
    writers queued behind it: when one is waiting, the transaction is handed on uncommitted, and
    the last of the group (or any other writer taking the lock) commits it, once. The scope still
    returns only after the COMMIT that covers its work, so nothing is acknowledged before it is on
    disk; a unit that raises rolls back its own savepoint only; a failed COMMIT (or a database
    error inside any unit) fails every unit of the group, each with OperationalError."""
    if engine.dialect.name != "sqlite":
        with session_scope(engine) as session:
            yield session
        return
    writer = _writer(engine)
    if group:
        with _grouped(engine, writer, busy_ms) as session:
            yield session
        return
    with writer.lock:
        _commit_group(writer)  # a grouped transaction left open goes to disk before this one starts
        with session_scope(engine) as session:
            if busy_ms is not None:
                if time.monotonic() < writer.busy_until:
                    raise DatabaseBusy()
                short_busy_timeout(session, busy_ms)
            try:
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            except OperationalError:
                if busy_ms is not None:  # the writers queued behind this one will not wait again
                    writer.busy_until = time.monotonic() + BUSY_BACKOFF_SECONDS
                raise
            writer.busy_until = 0.0  # the lock was had: the database is writable again, no one skips it
            yield session


@contextmanager
def _grouped(engine: Engine, writer: _Writer, busy_ms: int | None) -> Iterator[Session]:
    with writer.waiting_guard:
        writer.grouped_waiting += 1
    writer.lock.acquire()
    with writer.waiting_guard:
        writer.grouped_waiting -= 1
    group: _Group | None = None
    try:
        group = writer.group or _open_group(engine, writer, busy_ms)
        writer.group = group
        group.turns += 1
        # The group's first unit works in the transaction itself (it holds nothing else, so its
        # failure may roll all of it back); the units that join it get a SAVEPOINT each.
        first = group.turns == 1
        session = Session(bind=group.connection, join_transaction_mode="rollback_only" if first else "create_savepoint",
                          expire_on_commit=False)
        try:
            yield session
            session.commit()  # flushed (and a savepoint released): in the group's transaction, not yet on disk
        except OperationalError as exc:  # the shared transaction may be broken: the whole group fails
            session.close()
            _fail_group(writer, group, exc)
            raise
        except BaseException as exc:
            if first:  # nothing but this unit's work in the transaction: drop it
                session.close()
                _fail_group(writer, group, exc)
            else:
                session.rollback()  # this unit's savepoint only; the others' work stays
                session.close()
                _leave(writer)
            raise
        session.close()
    except BaseException:
        if group is None:  # could not open the transaction
            writer.lock.release()
        raise
    _leave(writer)
    group.done.wait()
    if group.error is not None:
        raise OperationalError("group commit", None, group.error) from group.error  # type: ignore[arg-type]


def _open_group(engine: Engine, writer: _Writer, busy_ms: int | None) -> _Group:
    if busy_ms is not None and time.monotonic() < writer.busy_until:
        raise DatabaseBusy()
    connection = _group_connection(engine, writer)
    try:
        transaction = connection.begin()
        wanted = busy_ms if busy_ms is not None else SQLITE_BUSY_MS
        if connection.info.get(_SHORT_BUSY, SQLITE_BUSY_MS) != wanted:  # set once, not each turn
            connection.exec_driver_sql(f"PRAGMA busy_timeout={int(wanted)}")
            connection.info[_SHORT_BUSY] = wanted  # the pool restores the default if it gets it back
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except OperationalError:
            if busy_ms is not None:
                writer.busy_until = time.monotonic() + BUSY_BACKOFF_SECONDS
            raise
        writer.busy_until = 0.0
    except BaseException:
        _drop_connection(writer)
        raise
    return _Group(connection, transaction, time.monotonic())


def _group_connection(engine: Engine, writer: _Writer) -> Connection:
    """The grouped writers' kept connection (a new one after a failure or the engine's dispose)."""
    connection = writer.connection
    if connection is not None and (writer.pool is not engine.pool or connection.closed or connection.invalidated):
        _drop_connection(writer)
        connection = None
    if connection is None:
        connection = writer.connection = engine.connect()
        writer.pool = engine.pool
    return connection


def _drop_connection(writer: _Writer) -> None:
    """Give the kept connection back (after an error its state is not to be trusted)."""
    connection, writer.connection = writer.connection, None
    if connection is not None:
        with suppress(Exception):
            connection.close()


def _leave(writer: _Writer) -> None:
    """The lock's holder is done: hand an open group on to a grouped writer that is waiting (within
    the group's bounds), else commit it; then release the lock."""
    try:
        group = writer.group
        if group is not None:
            with writer.waiting_guard:
                waiting = writer.grouped_waiting
            if not (waiting and group.turns < GROUP_MAX_TURNS
                    and time.monotonic() - group.started < GROUP_MAX_SECONDS):
                _commit_group(writer)
    finally:
        writer.lock.release()


def _commit_group(writer: _Writer) -> None:
    """Commit the open group, if any (the caller holds the lock), and wake its members."""
    group = writer.group
    if group is None:
        return
    writer.group = None
    try:
        group.transaction.commit()
    except BaseException as exc:
        group.error = exc
        with suppress(Exception):
            group.transaction.rollback()
        _drop_connection(writer)
    finally:
        group.done.set()


def _fail_group(writer: _Writer, group: _Group, error: BaseException) -> None:
    """A database error inside a unit: roll the whole group back, fail its members, release the lock."""
    writer.group = None
    group.error = error
    try:
        with suppress(Exception):
            if group.transaction.is_active:  # a first unit's session has rolled it back already
                group.transaction.rollback()
        _drop_connection(writer)
    finally:
        group.done.set()
        writer.lock.release()
