"""What `PRAGMA synchronous=FULL` costs the inbound path against NORMAL, on this machine's disk.

    .venv/bin/python -m benchmarks.sqlite_synchronous [--messages 400] [--rounds 3] [--folder DIR] [--store-only]

Runs the webhook's own work without HTTP (store the message and its reply job, claim, the turn,
commit: two write transactions a message, `bot.inbound.store` + `answer_now`) on a fresh SQLite
file, alternating rounds of NORMAL and FULL so drift on a shared machine hits both alike, and
prints messages a second and p50/p99 per message for each. --folder picks the disk (default: a
temporary folder).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bot import inbound as inbound_door
from bot.channels import ConsoleChannel
from bot.core.db import make_engine, migrate
from bot.core.settings import ROOT, Settings
from bot.services import build_services
from handlers.turn import Inbound

QUESTIONS = ["What are your support hours?", "how much is the advanced plan?", "מה שעות התמיכה?", "hello"]


def run(folder: Path, mode: str, messages: int, offset: int, store_only: bool) -> list[float]:
    url = f"sqlite:///{folder / f'sync-{mode}-{offset}.db'}"
    migrate(url)
    engine = make_engine(url)

    def pragma(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA synchronous={mode}")

    event.listen(engine, "connect", pragma)  # after the engine's own pragmas
    settings = Settings(_env_file=None, database_url=url, data_dir=folder, scheduler_enabled=False,  # type: ignore[call-arg]
                        workspaces_dir=ROOT / "workspaces", knowledge_dir=ROOT / "knowledge" / "bases")
    services = build_services(settings, engine=engine, channel=ConsoleChannel(echo=False))
    warm = Inbound(workspace="msg-software", sender="+972502000000", text="hello", provider_sid=f"SMwarm{offset}",
                   recipient="whatsapp:+972500000001")
    inbound_door.receive(services, warm)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == {"NORMAL": 1, "FULL": 2}[mode]
    timings = []
    for index in range(messages):
        message = Inbound(workspace="msg-software", sender=f"+97250{2100000 + index:07d}",
                          text=QUESTIONS[index % len(QUESTIONS)], provider_sid=f"SM{mode}{offset}x{index:020d}",
                          recipient="whatsapp:+972500000001")
        started = time.perf_counter()
        if store_only:
            assert inbound_door.store(services, message, inline=False).new
        else:
            result = inbound_door.receive(services, message)
            assert result is not None and result.reply
        timings.append(time.perf_counter() - started)
    engine.dispose()
    return timings


def raw_commits(folder: Path, mode: str, commits: int) -> list[float]:
    """The disk's share alone: one small INSERT a commit through sqlite3, WAL, no ORM and no turn."""
    import sqlite3

    connection = sqlite3.connect(folder / f"raw-{mode}.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA synchronous={mode}")
    connection.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body TEXT)")
    timings = []
    for index in range(commits):
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("INSERT INTO t (body) VALUES (?)", (f"message {index}",))
        connection.execute("COMMIT")
        timings.append(time.perf_counter() - started)
    connection.close()
    return timings


def report(label: str, timings: list[float]) -> None:
    ordered = sorted(timings)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    print(f"{label}: {len(timings) / sum(timings):8.1f} /s   p50 {statistics.median(timings) * 1000:7.3f} ms   "
          f"p99 {p99 * 1000:7.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--store-only", action="store_true",
                        help="only the webhook's store transaction (message + reply job), no turn")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="sqlite-sync-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, list[float]] = {"NORMAL": [], "FULL": []}
    for round_ in range(args.rounds):
        for mode in ("NORMAL", "FULL") if round_ % 2 == 0 else ("FULL", "NORMAL"):
            results[mode] += run(folder, mode, args.messages, round_, args.store_only)
    what = "store only (1 write transaction)" if args.store_only else "store + answer (2 write transactions)"
    print(f"inbound path, {what} a message, {args.messages} messages x "
          f"{args.rounds} rounds per mode, folder {folder}")
    for mode, timings in results.items():
        report(f"synchronous={mode:6s} messages", timings)
    normal, full = (statistics.median(results[m]) for m in ("NORMAL", "FULL"))
    print(f"FULL costs {(full - normal) * 1000:+.2f} ms a message at the median ({full / normal:.2f}x)")
    for mode in ("NORMAL", "FULL"):
        report(f"synchronous={mode:6s} raw commits", raw_commits(folder, mode, args.messages * args.rounds))


if __name__ == "__main__":
    main()
