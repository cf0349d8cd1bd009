"""Ready means ready: what must hold before a process takes traffic, and how it is checked.

The lifespan calls `prepare` before the server accepts a connection: every workspace's knowledge
base is loaded and indexed (from the on-disk index cache when `bot serve` or an earlier process
built it), so no customer's message waits for an index. `/readyz` then reports `check`: the
database answers, every index is built, the spool can take a message, and how many spooled
messages wait to be replayed.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.core.settings import Settings
from bot.services import Services

log = logging.getLogger("bot.readiness")


def index_cache_dir(settings: Settings) -> Path:
    """Where built knowledge indexes are kept between runs (shared by every worker and `bot ask`)."""
    return settings.data_dir / "cache"


_frozen = False


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic collection while indexes load (millions of objects, none of them garbage)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _resume_collection() -> None:
    """Start-up (imports, ~150 routes, the models, five indexes) allocates a few hundred thousand
    long-lived containers and almost no garbage (a few thousand objects), so the cyclic collector
    walking them again and again was ~15% of the CPU to ready: `bot serve` pauses it from its first
    line and the indexes load with it paused. At the first ready of the process, what start-up built
    moves to the permanent generation (gc.freeze), so full collections while serving no longer walk
    the indexes either, and collection resumes. Freezing once per process: tests build many apps and
    need not pin each one's leftovers."""
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True
    gc.enable()


def warm_knowledge(settings: Settings, slugs: list[str] | None = None) -> list[str]:
    """Load (or build and store) every KB index in this process; `bot serve` does it before it
    starts its workers, so each worker only reads the files."""
    from knowledge import index_cache
    from knowledge.registry import KnowledgeRegistry

    index_cache.configure(index_cache_dir(settings))
    with _collection_paused():
        return KnowledgeRegistry(settings.knowledge_dir).load_all(slugs)


def prepare(services: Services) -> None:
    """Load and index the KB of every workspace now; the lifespan runs this before serving."""
    from knowledge import index_cache

    started = time.perf_counter()
    index_cache.configure(index_cache_dir(services.settings))
    registry = services.knowledge
    with _collection_paused():
        loaded = registry.load_all([w.slug for w in services.workspaces]) if registry is not None else []
        warm_understanding()
    _resume_collection()
    services.extras["knowledge_ready"] = True
    log.info("knowledge bases ready: %d in %.2f s", len(loaded), time.perf_counter() - started)


# Built on first use and kept for the process: built here instead, so the first customer of the
# day does not wait for them. (module, function); a missing one is skipped.
WARM_UP = [("handlers.understanding.learned", "_index"),
           # translit's lexicons (index cache) and its word sets from translit.yaml ("ok" counts for
           # neither language, "net" reads as Russian first), both read by the first Latin message
           ("knowledge.translit", "lexicons"), ("knowledge.translit", "_word_sets"),
           # ... and the Hebrew one's word list (translit_he.yaml, folded to keys)
           ("knowledge.translit_he", "lexicon"),
           ("knowledge.thesaurus", "default_thesaurus"), ("knowledge.gate", "default_gate"),
           # the webhook's first turn built these (about 7 s of CPU; issue 14): spelling's lexicon,
           # slang table and the Russian analyzer (the one knowledge.grammar.russian shares, so it
           # needs no entry of its own), then the intents' and dialogue word lists
           ("handlers.understanding.spelling", "warm"), ("handlers.intents", "lexicon"),
           ("handlers.dialogue.words", "lexicon"),
           # the bot's sentence files (texts.yaml and the others imported by now), read by the first reply
           ("handlers.texts", "load")]


def warm_understanding() -> None:
    for module, name in WARM_UP:
        try:
            builder = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if builder is not None:
            builder()


# Work this process does once its server is ready, not before (`bot serve` in development: the demo
# traffic); `served` starts each in a background thread. Guarded: `bot serve` adds and cancels from
# its own thread.
_after_ready: list[Callable[[], None]] = []
_after_ready_guard = threading.Lock()


def after_ready(job: Callable[[], None]) -> Callable[[], None]:
    """Run `job` in a background thread once this process's server has finished starting (the
    lifespan calls `served`); returns a function that cancels it if it has not started yet."""
    with _after_ready_guard:
        _after_ready.append(job)

    def cancel() -> None:
        with _after_ready_guard:
            if job in _after_ready:
                _after_ready.remove(job)

    return cancel


def served() -> None:
    """The server is ready (the lifespan's start-up is done): start the work kept for this moment."""
    with _after_ready_guard:
        jobs = list(_after_ready)
        _after_ready.clear()
    for job in jobs:
        threading.Thread(target=_logged(job), name=f"after-ready-{getattr(job, '__name__', 'job')}",
                         daemon=True).start()


def _logged(job: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            job()
        except Exception:  # background work must never take the server down
            log.exception("work after ready failed: %s", getattr(job, "__name__", job))

    return run


def _database_ok(services: Services) -> bool:
    try:
        with services.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


def _spooled(services: Services) -> int:
    """Messages waiting in the spool (replayed by the durability worker once the database is back)."""
    from bot import spool

    counter = getattr(spool, "pending_count", None)
    return int(counter(services.settings.data_dir)) if counter is not None else 0


def _spool_writable(services: Services) -> bool:
    """Whether a message that arrives while the database is down has somewhere to go: the spool
    folder (or the nearest existing folder above it, which the first spooled message creates it
    in) is a writable directory."""
    from bot import spool

    folder = spool.spool_dir(services.settings.data_dir)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def check(services: Services) -> tuple[bool, dict[str, Any]]:
    """(ready, details): ready once the database answers, every index is built and the spool can
    take a message. Spooled messages do not hold readiness back: with the database up they are
    being replayed."""
    database = _database_ok(services)
    registry = services.knowledge
    wanted = {w.slug for w in services.workspaces} & set(registry.workspaces() if registry is not None else [])
    loaded = set(registry.loaded()) if registry is not None else set()
    indexes = bool(services.extras.get("knowledge_ready")) and wanted <= loaded
    spooled = _spooled(services)
    writable = _spool_writable(services)
    ready = database and indexes and writable
    details = {
        "status": "ready" if ready else "not ready",
        "database": "ok" if database else "unreachable",
        "knowledge": "ready" if indexes else "loading",
        "indexes": len(loaded & wanted),
        "spool": "not writable" if not writable else
                 "empty" if not spooled else ("replaying" if database else "waiting"),
        "spooled": spooled,
    }
    return ready, details
