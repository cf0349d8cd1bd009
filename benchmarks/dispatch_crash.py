"""kill -9 in the middle of a 10,000-guest dispatch, restart, and count what each guest received.

    .venv/bin/python -m benchmarks.dispatch_crash [--guests 10000] [--rate 200] [--kills 3] [--database-url URL]

The dispatcher runs as a subprocess (`bot campaigns dispatch`, the real TwilioChannel pointed at the
fake Twilio server in this process); it is killed with SIGKILL at random moments, restarted, and
finally run to the end. Printed: requests the fake received per guest (duplicates = guests with
more than one), lost = guests with no outbox row or a row left queued/sending, and the `unknown`
rows (in flight at a kill: never resent) with how many of them had in fact reached the provider.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from benchmarks.dispatch_common import database, mobile, seed
from bot.core.settings import ROOT
from tests.fakes.fake_twilio import running_fake_twilio

NOW = "2026-11-22T10:00:00+02:00"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guests", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory() as tmp, running_fake_twilio() as fake:
        url, engine = database(args.database_url, Path(tmp))
        campaign_id = seed(engine, args.guests)
        env = {**os.environ, "DATABASE_URL": url, "CHANNEL": "twilio", "TWILIO_API_BASE": fake.base_url,
               "TWILIO_ACCOUNT_SID": "AC" + "5" * 32, "TWILIO_AUTH_TOKEN": "bench",
               "SECRET_KEY": "bench-secret-0123456789",
               "PUBLIC_BASE_URL": "https://bot.example.com", "SCHEDULER_ENABLED": "false", "LOG_LEVEL": "ERROR",
               "DATA_DIR": tmp}
        command = [sys.executable, "-m", "bot", "campaigns", "dispatch", "--workspace", "event-rsvp", "--campaign",
                   str(campaign_id), "--rate", str(args.rate), "--json", "--quiet", "--now", NOW]
        marks = sorted(rng.randint(args.guests // 10, args.guests * 9 // 10) for _ in range(args.kills))
        started = time.perf_counter()
        for mark in marks:
            process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            while fake.state.count() < mark and process.poll() is None:
                time.sleep(0.001)
            time.sleep(rng.random() / args.rate)  # land anywhere within a send interval
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            print(f"killed the dispatcher after {fake.state.count()} requests")
        for _ in range(50):  # a killed process's database lock can take a moment to drop (exit 3 = busy)
            done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
            if done.returncode != 3:
                break
            time.sleep(0.2)
        assert done.returncode == 0, done.stderr
        elapsed = time.perf_counter() - started

        by_to = fake.state.by_to()
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT phone, state, reason FROM outboxitem WHERE campaign_id = :c"),
                                      {"c": campaign_id}).all()
        engine.dispose()

    states = Counter(state for _, state, _ in rows)
    phones = {phone for phone, _, _ in rows}
    expected = {mobile(i) for i in range(args.guests)}
    duplicates = sum(1 for count in by_to.values() if count > 1)
    lost = len(expected - phones) + states["queued"] + states["sending"]
    unknown = [phone for phone, state, _ in rows if state == "unknown"]
    sent_not_received = sum(1 for phone, state, _ in rows if state == "sent" and by_to.get(phone, 0) == 0)
    print(f"database:                  {url.split(':')[0]}")
    print(f"guests:                    {args.guests}, kills: {len(marks)}, rate {args.rate:.0f}/s, "
          f"total time {elapsed:.1f} s")
    print(f"requests received:         {sum(by_to.values())} for {len(by_to)} guests")
    print(f"duplicates:                {duplicates} (guests who received the campaign more than once)")
    print(f"lost:                      {lost} (guests without a row, or rows left queued/sending)")
    print(f"rows by state:             {dict(states)}")
    print(f"unknown (in flight at a kill, not resent): {len(unknown)}; of these the provider had received "
          f"{sum(1 for p in unknown if by_to.get(p, 0))}")
    print(f"sent rows the provider never saw: {sent_not_received}")
    if duplicates or lost or sent_not_received:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
