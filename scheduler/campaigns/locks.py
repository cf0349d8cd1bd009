"""One dispatcher per campaign at a time, with a lock the operating system or database drops on death.

That is what makes crash recovery exact: whoever holds a campaign's lock knows that any row still in
`sending` belongs to a dispatcher that died (it would hold the lock otherwise), so it can be marked
`unknown` at once, without waiting for a lease to expire. PostgreSQL: a session advisory lock on a
dedicated connection. SQLite (one host by design): `flock` on a file next to the database file.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

LOCK_CLASS = 7_205_301  # first key of the two-int advisory lock; the campaign id is the second
_memory_locks: dict[int, threading.Lock] = {}
_memory_guard = threading.Lock()


def _lock_file(engine: Engine, campaign_id: int) -> Path | None:
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(f"{database}.campaign-{campaign_id}.lock")


@contextmanager
def dispatch_lock(engine: Engine, campaign_id: int) -> Iterator[bool]:
    """Yields True while this caller is the campaign's only dispatcher, False when another one is."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            got = bool(connection.execute(text("SELECT pg_try_advisory_lock(:a, :b)"),
                                          {"a": LOCK_CLASS, "b": campaign_id}).scalar())
            connection.commit()
            try:
                yield got
            finally:
                if got:
                    connection.execute(text("SELECT pg_advisory_unlock(:a, :b)"), {"a": LOCK_CLASS, "b": campaign_id})
                    connection.commit()
        return
    path = _lock_file(engine, campaign_id)
    if path is None:
        with _memory_guard:
            lock = _memory_locks.setdefault(campaign_id, threading.Lock())
        got = lock.acquire(blocking=False)
        try:
            yield got
        finally:
            if got:
                lock.release()
        return
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
