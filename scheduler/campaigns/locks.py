"""One dispatcher per campaign at a time, with a lock the operating system or database drops on death.

That is what makes crash recovery exact: whoever holds a campaign's lock knows that any row still in
`sending` belongs to a dispatcher that died (it would hold the lock otherwise), so it can be marked
`unknown` at once, without waiting for a lease to expire. PostgreSQL: a session advisory lock on a
dedicated connection. SQLite (one host by design): `flock` on a file next to the database file.

Lock files are removed again by data retention (`remove_idle_lock_file`, called for campaigns that are
done, cancelled or deleted). Removing a path that others may open is safe because of two rules:
- the remover takes the lock itself (non-blocking) and unlinks while holding it, so a file a live
  dispatcher holds is never removed (a crashed dispatcher's lock is dropped by the kernel; its campaign
  is still `sending`, so retention leaves its file alone and the restarted dispatcher reuses it);
- a dispatcher that got the lock checks that the path still names the file it locked (same inode); if
  the file was unlinked between its open() and its flock(), it drops that orphan and locks the path
  afresh. So two dispatchers can never hold locks on two different files for one campaign.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.core.keyed_locks import KeyedLocks

LOCK_CLASS = 7_205_301  # first key of the two-int advisory lock; the campaign id is the second
_memory_locks = KeyedLocks()
_ATTEMPTS = 5  # tries to lock a file that retention keeps unlinking under us (one is the rule)


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
        with _memory_locks.turn(campaign_id) as got:
            yield got
        return
    for _ in range(_ATTEMPTS):
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                if not _still_at(descriptor, path):
                    continue  # unlinked by retention between open() and flock(): lock the path afresh
                yield True
                return
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            os.close(descriptor)
    yield False  # the file was replaced under us every time (never seen in practice): act as busy



def _still_at(descriptor: int, path: Path) -> bool:
    """True while `path` names the very file open as `descriptor` (not unlinked, not replaced)."""
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def lock_files(engine: Engine) -> dict[int, Path]:
    """The campaign lock files next to this SQLite database, by campaign id (none on PostgreSQL/memory)."""
    if engine.dialect.name == "postgresql":
        return {}
    sample = _lock_file(engine, 0)
    if sample is None:
        return {}
    prefix, suffix = sample.name[: -len("0.lock")], ".lock"
    found: dict[int, Path] = {}
    try:
        entries = list(sample.parent.iterdir())
    except FileNotFoundError:
        return {}
    for entry in entries:
        name = entry.name
        if name.startswith(prefix) and name.endswith(suffix):
            number = name[len(prefix): -len(suffix)]
            if number.isdigit():
                found[int(number)] = entry
    return found


def remove_idle_lock_file(engine: Engine, campaign_id: int, removable: Callable[[], bool]) -> bool:
    """Unlink the campaign's lock file if nobody holds it and `removable()` (asked while this caller
    holds the lock) still agrees; True when it was removed. A held lock is left alone, never waited for.

    Call it only for campaigns that can never be dispatched again (done, cancelled, deleted): a dispatcher
    that opened the file just before the unlink gets the orphan, notices (see `_still_at`) and relocks a
    fresh file, so exclusivity holds anyway; at worst one such dispatcher answers "busy" once.
    """
    if engine.dialect.name == "postgresql":
        return False
    path = _lock_file(engine, campaign_id)
    if path is None:
        return False
    try:
        descriptor = os.open(path, os.O_RDWR)  # never O_CREAT: a missing file stays missing
    except FileNotFoundError:
        return False
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a live dispatcher holds it
        try:
            if not _still_at(descriptor, path) or not removable():
                return False
            os.unlink(path)  # while holding the lock: whoever opened this inode will see it is gone
            return True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
