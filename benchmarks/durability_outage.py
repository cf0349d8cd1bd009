"""The database unavailable for 60 s under signed webhook load, without restarting the server.

    .venv/bin/python -m benchmarks.durability_outage [--seconds 60] [--messages 2000] [--rate 25] [--database-url URL]

SQLite (default): another process holds the database's write lock for the outage. PostgreSQL
(--database-url of a server; a scratch database is created on it): the server reaches it through
a TCP proxy that is cut (connection refused, open connections dropped) and restored. Load runs
from 8 clients at about --rate messages a second before, during and after; every request without
a 200 is retried as Twilio would. Prints how each message was answered once the database is back.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time

from benchmarks.durability_kill import scratch_database
from tests.durability.harness import Load, Server, settle
from tests.durability.test_outage import Blackout
from tests.fakes.fake_twilio import running_fake_twilio


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=25.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", default=None, help="PostgreSQL server URL (default: SQLite)")
    args = parser.parse_args()
    folder, url, cleanup = scratch_database(args.database_url, "durability-outage-")
    blackout = Blackout(url)
    with running_fake_twilio() as fake:
        server = Server(blackout.server_url, folder, fake.base_url)
        server.start()
        load = Load(server.port, args.messages, args.concurrency, run=secrets.token_hex(2), rate=args.rate)
        load.start()
        try:
            while load.done() < args.messages // 5:
                time.sleep(0.01)
            blackout.cut()
            print(f"database unavailable after {load.done()} answered messages", flush=True)
            time.sleep(args.seconds)
            blackout.restore()
            back = time.monotonic()
            print(f"database back after {args.seconds:.0f} s; {load.done()} answered so far", flush=True)
            result = settle(url, load, fake, load_timeout=3600, quiet_timeout=300)
            settled = time.monotonic() - back
            alive = server.process is not None and server.process.poll() is None
        finally:
            server.stop()
            if blackout.proxy is not None:
                blackout.proxy.cut()
    cleanup()
    print(f"database: {url.split(':')[0]}; outage {args.seconds:.0f} s; server restarted: {'no' if alive else 'DIED'}")
    print(f"responses by status: {dict(sorted(load.outcome.statuses.items()))}; "
          f"requests {sum(load.outcome.attempts.values())}")
    print(f"all answered {settled:.1f} s after the database came back")
    for line in result.lines():
        print(line)
    ok = result.ok() and alive
    print("OK: every message stored once and answered exactly once, no restart" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
