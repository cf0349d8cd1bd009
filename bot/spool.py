"""A local journal for inbound messages that arrive while the database cannot take them.

Nothing received is lost: the webhook writes the normalised message here and fsyncs it (the file,
then the folder that names it) *before* it answers 503, so Twilio's retry is a second chance, not
the only one. One file per message: a replay stores each one (the unique MessageSid makes that
idempotent, also against Twilio's own retry) and deletes its file only after the store committed,
so a replay while the database is still down keeps everything. The background worker
(`bot/replies/worker.py`) replays as soon as the database answers; no restart is needed.

Files hold personal data (numbers, texts): the folder is 0700 and each file 0600.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import time
from dataclasses import asdict
from pathlib import Path

from handlers.turn import Inbound

log = logging.getLogger("bot.spool")
SUFFIX = ".json"
_sequence = itertools.count()
_STALE_TMP_SECONDS = 60.0  # a .tmp this old was never renamed: its writer died before any 503 was sent


def spool_dir(data_dir: Path) -> Path:
    return data_dir / "spool"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _ensure_dir(data_dir: Path) -> Path:
    folder = spool_dir(data_dir)
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _fsync_dir(folder.parent)
    return folder


def append(data_dir: Path, inbound: Inbound) -> Path:
    """Write one message durably; returns only once file and folder entry are on disk."""
    folder = _ensure_dir(data_dir)
    name = f"{time.time_ns():020d}-{os.getpid()}-{next(_sequence):06d}{SUFFIX}"
    temporary = folder / f"{name}.tmp"
    payload = json.dumps(asdict(inbound), ensure_ascii=False).encode("utf-8")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, payload)
        os.fsync(fd)
    finally:
        os.close(fd)
    final = folder / name
    os.replace(temporary, final)  # a reader never sees half a message
    _fsync_dir(folder)
    return final


def pending(data_dir: Path) -> list[Path]:
    """Spooled messages, oldest first (file names start with the arrival time)."""
    folder = spool_dir(data_dir)
    if not folder.is_dir():
        return []
    _adopt_legacy(data_dir)
    return sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX))


def pending_count(data_dir: Path | None = None) -> int:
    """How many messages wait in the spool (readiness and /healthz report it; 0 when healthy)."""
    if data_dir is None:
        from bot.core.settings import get_settings

        data_dir = get_settings().data_dir
    folder = spool_dir(data_dir)
    if not folder.is_dir():
        return 0
    return sum(1 for p in folder.iterdir() if p.name.endswith(SUFFIX) or p.suffix in (".jsonl", ".replaying"))


def load(path: Path) -> Inbound | None:
    """The message in a spool file; an unreadable file is set aside (`bad/`), never silently dropped."""
    try:
        return Inbound(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError, OSError):
        bad = path.parent / "bad"
        bad.mkdir(exist_ok=True, mode=0o700)
        os.replace(path, bad / path.name)
        log.error("spool: an unreadable file was moved to %s", bad)
        return None


def remove(path: Path) -> None:
    """Forget a message once the database has committed it."""
    path.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def clean_stale_temporaries(data_dir: Path) -> None:
    folder = spool_dir(data_dir)
    if not folder.is_dir():
        return
    cutoff = time.time() - _STALE_TMP_SECONDS
    for path in folder.glob("*.tmp"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _adopt_legacy(data_dir: Path) -> None:
    """Spools written by earlier versions (one JSON-lines file) become one file per message."""
    folder = spool_dir(data_dir)
    for old in (folder / "inbound.jsonl", folder / "inbound.replaying"):
        if not old.exists():
            continue
        for line in old.read_text(encoding="utf-8").splitlines():
            try:
                append(data_dir, Inbound(**json.loads(line)))
            except (ValueError, TypeError):
                log.error("spool: an unreadable line of %s was skipped", old.name)
        old.unlink()
        _fsync_dir(folder)
