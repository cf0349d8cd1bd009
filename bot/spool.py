"""A local journal for inbound messages that arrive while the database is down.

Nothing received is lost: the webhook appends the normalised message here, answers 503 so
Twilio retries, and the spool is replayed (deduplicated by MessageSid) once the database is back.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import asdict
from pathlib import Path

from handlers.turn import Inbound

log = logging.getLogger("bot.spool")
_lock = threading.Lock()


def spool_path(data_dir: Path) -> Path:
    return data_dir / "spool" / "inbound.jsonl"


def append(data_dir: Path, inbound: Inbound) -> None:
    path = spool_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock, path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(inbound), ensure_ascii=False) + "\n")


def drain(data_dir: Path) -> list[Inbound]:
    """Take every spooled message out of the journal (the caller stores them, deduplicating)."""
    path = spool_path(data_dir)
    with _lock:
        if not path.exists():
            return []
        taken = path.with_suffix(".replaying")
        path.replace(taken)
    items = []
    for line in taken.read_text(encoding="utf-8").splitlines():
        try:
            items.append(Inbound(**json.loads(line)))
        except (ValueError, TypeError):
            log.warning("spool: skipped an unreadable line")
    taken.unlink()
    return items
