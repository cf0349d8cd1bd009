"""kill -9 of the server under 8-way signed webhook load, repeated; then count what each message got.

    .venv/bin/python -m benchmarks.durability_kill [--messages 1000] [--kills 5] [--concurrency 8] [--database-url URL]

Starts `bot serve` (Twilio channel pointed at an in-process fake Twilio; a fresh SQLite file unless
--database-url names a PostgreSQL server database to create a scratch database on), sends signed
webhooks from 8 clients (each message from its own number; like Twilio with a retry policy, a
request that gets no 200 is sent again), kills the server with SIGKILL at evenly spread moments
and restarts it at once. After the load it waits for the sweep (orphaned claims run out after
20 s) and prints, per message, whether it was stored once and answered exactly once (the TwiML of
its 200, or a REST send by the sweep).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.core.db import migrate
from tests.durability.harness import Load, Server, settle
from tests.fakes.fake_twilio import running_fake_twilio


def scratch_database(url: str | None, prefix: str) -> tuple[Path, str, Callable[[], None]]:
    """(folder, url, cleanup) of a fresh migrated database: a SQLite file in a new temporary folder,
    or a new database on the PostgreSQL server `url` names."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if not url:
        made, cleanup = f"sqlite:///{folder / 'bench.db'}", lambda: None
    else:
        from tests.utils.databases import drop_postgres, postgres_or_skip

        os.environ["TEST_DATABASE_URL"] = url
        made = postgres_or_skip()
        cleanup = lambda: drop_postgres(made)  # noqa: E731
    migrate(made)
    return folder, made, cleanup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", default=None, help="PostgreSQL server URL (default: SQLite)")
    args = parser.parse_args()
    folder, url, cleanup = scratch_database(args.database_url, "durability-kill-")
    started = time.monotonic()
    with running_fake_twilio() as fake:
        server = Server(url, folder, fake.base_url)
        server.start()
        load = Load(server.port, args.messages, args.concurrency, run=secrets.token_hex(2))
        load.start()
        try:
            for kill in range(1, args.kills + 1):
                while load.done() < kill * args.messages // (args.kills + 1):
                    time.sleep(0.01)
                server.kill()
                print(f"kill {kill}: SIGKILL after {load.done()} messages got their 200; restarting", flush=True)
                server.start()
            result = settle(url, load, fake, load_timeout=3600, quiet_timeout=300)
        finally:
            server.stop()
    cleanup()
    statuses = dict(sorted(load.outcome.statuses.items()))
    print(f"database: {url.split(':')[0]}; kills: {args.kills}; clients: {args.concurrency}; "
          f"elapsed {time.monotonic() - started:.0f} s")
    print(f"responses by status (0 = connection error at a kill): {statuses}; "
          f"requests {sum(load.outcome.attempts.values())}")
    for line in result.lines():
        print(line)
    print("OK: every message stored once and answered exactly once" if result.ok() else "FAILED")
    sys.exit(0 if result.ok() else 1)


if __name__ == "__main__":
    main()
