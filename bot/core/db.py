"""Database engine and sessions.

SQLite is the embedded default (WAL, so the web server and the scheduler can read while one
writes); PostgreSQL is the scale path. Schema comes from Alembic, never `create_all`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; creates the SQLite file's folder so a fresh clone just works."""
    parsed = make_url(url)
    # An exception's text then carries the SQL, not its parameters (numbers, names, message texts).
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkin", _restore_busy_timeout)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
    return create_engine(url, **kwargs)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str) -> None:
    """Bring the schema to the newest revision of every branch."""
    command.upgrade(alembic_config(url), "heads")


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


_write_locks: dict[int, threading.Lock] = {}
_write_locks_guard = threading.Lock()


@contextmanager
def write_scope(engine: Engine) -> Iterator[Session]:
    """A unit of work that writes. SQLite allows one writer at a time and makes the others sleep
    and retry (long latency tails under concurrent webhooks); one in-process lock per SQLite
    engine queues writers instead. PostgreSQL needs no such lock."""
    if engine.dialect.name != "sqlite":
        with session_scope(engine) as session:
            yield session
        return
    with _write_locks_guard:
        lock = _write_locks.setdefault(id(engine), threading.Lock())
    with lock, session_scope(engine) as session:
        yield session
