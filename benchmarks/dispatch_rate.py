"""Dispatch rate and CPU per message: a 10,000-guest campaign to the local fake Twilio server.

    .venv/bin/python -m benchmarks.dispatch_rate [--guests 10000] [--rate 200] [--database-url URL]

The real TwilioChannel (twilio client) sends over HTTP to the fake, which runs in its own process.
Prints the configured and achieved rate (first to last call), this process's CPU time per message
(process_time over the whole dispatch: planning, outbox rows, claims, HTTP, bookkeeping), and checks
that every guest got exactly one message.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.dispatch_common import NOW, database, fake_stats, seed, start_fake
from bot.channels import TwilioChannel
from scheduler.campaigns.audiences import LinkMaker
from scheduler.campaigns.dispatch import Dispatcher
from scheduler.campaigns.rules import rules_for
from tests.fakes.fake_twilio import free_port


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guests", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    from bot.core.settings import ROOT
    from bot.core.workspaces import load_workspaces

    workspace = load_workspaces(ROOT / "workspaces").by_slug("event-rsvp")
    assert workspace is not None
    port = free_port()
    fake = start_fake(port)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url, engine = database(args.database_url, Path(tmp))
            campaign_id = seed(engine, args.guests)
            channel = TwilioChannel(account_sid="AC" + "4" * 32, auth_token="bench", api_base=f"http://127.0.0.1:{port}")
            dispatcher = Dispatcher(engine=engine, channel=channel, rules=rules_for(workspace),
                                    links=LinkMaker("https://bot.example.com", "bench-secret"), clock=lambda: NOW,
                                    status_callback="https://bot.example.com/webhooks/twilio/status", rate=args.rate)
            cpu, wall = time.process_time(), time.perf_counter()
            result = dispatcher.dispatch(campaign_id)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            stats = fake_stats(port)
            engine.dispose()
    finally:
        fake.terminate()
        fake.wait(10)
    sent = result.counts.get("sent", 0)
    achieved = result.rate or 0.0
    print(f"database:            {url.split(':')[0]}")
    print(f"guests:              {args.guests}")
    print(f"outcome:             {result.outcome}, sent {sent}, counts {result.counts}")
    print(f"configured rate:     {args.rate:.1f} msg/s")
    print(f"achieved rate:       {achieved:.2f} msg/s ({(achieved / args.rate - 1) * 100:+.2f}%)")
    print(f"wall time:           {wall:.1f} s")
    print(f"CPU (this process):  {cpu:.2f} s = {cpu / max(sent, 1) * 1000:.3f} ms per message")
    print(f"fake received:       {stats['count']} requests, {stats['numbers']} numbers, "
          f"max per number {stats['max_per_number']}")


if __name__ == "__main__":
    main()
