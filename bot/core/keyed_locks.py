"""Per-key locks taken without waiting, in this process: "is anyone already doing this for X?"

Two places ask it: a campaign's dispatcher where the database has no advisory lock and no lock file
(`scheduler.campaigns.locks`), and an account reading a guest file in the console (one at a time,
review N15). Each keeps its own `KeyedLocks`; a key's lock is made on first use and kept.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager


class KeyedLocks:
    def __init__(self) -> None:
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def turn(self, key: Hashable) -> Iterator[bool]:
        """True when the key was free (held until the block ends), False when someone holds it now."""
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        got = lock.acquire(blocking=False)
        try:
            yield got
        finally:
            if got:
                lock.release()
