"""Shared set-up for the dispatch benchmarks: a migrated database with one event, N guests and a
campaign, and the fake Twilio server in its own process (so its CPU is not counted as ours)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.db import make_engine, migrate
from bot.core.models import Campaign, Event, Guest, RsvpAccount
from bot.core.settings import ROOT

EVENT_START = datetime(2027, 3, 12, 17, 30, tzinfo=UTC)
NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)  # a Sunday 10:00 in Israel: outside quiet hours


def mobile(i: int) -> str:
    return f"+97250{2000000 + i:07d}"


def database(url: str | None, tmp: Path) -> tuple[str, Engine]:
    url = url or f"sqlite:///{tmp / 'bench.db'}"
    migrate(url)
    return url, make_engine(url)


def seed(engine: Engine, guests: int, balance: int = 10_000_000) -> int:
    """Account, event, `guests` not-invited guests and a scheduled invitation; returns the campaign id."""
    with Session(engine, expire_on_commit=False) as session:
        phone = f"+9725029{secrets.randbelow(10**5):05d}"
        account = RsvpAccount(workspace="event-rsvp", owner_name="Bench", owner_phone=phone, plan="digital",
                              sms_balance=balance, package_bought=True)
        session.add(account)
        session.commit()
        assert account.id is not None
        event = Event(workspace="event-rsvp", account_id=account.id, key=f"bench-{secrets.token_hex(4)}",
                      title="החתונה של דנה ואבי", starts_at=EVENT_START, venue="אולם הגן", venue_key="אולם הגן")
        session.add(event)
        session.commit()
        assert event.id is not None
        session.add_all(Guest(workspace="event-rsvp", event_id=event.id, name=f"Guest {i}", phone=mobile(i),
                              token_id=secrets.token_urlsafe(16)) for i in range(guests))
        campaign = Campaign(workspace="event-rsvp", event_id=event.id, kind="invitation", channel="sms",
                            send_at=NOW, state="scheduled")
        session.add(campaign)
        session.commit()
        assert campaign.id is not None
        return campaign.id


def start_fake(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-m", "tests.fakes.fake_twilio", "--port", str(port)], cwd=ROOT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/_fake/stats", timeout=1)
            return process
        except httpx.HTTPError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("fake twilio did not start") from None
            time.sleep(0.1)


def fake_stats(port: int) -> dict[str, object]:
    return httpx.get(f"http://127.0.0.1:{port}/_fake/stats", timeout=30).json()  # type: ignore[no-any-return]
