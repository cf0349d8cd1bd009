"""The database unavailable for a few seconds under signed webhook load, no restart (the benchmark
holds it 60 s): every message is stored once and answered exactly once after it comes back.

SQLite: another process holds the write lock. PostgreSQL: the server reaches it through a proxy
that is cut (connection refused, open connections dropped) and restored.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.core.db import make_engine, migrate
from tests.durability.harness import Load, Server, audit, wait_quiet
from tests.durability.tcp_proxy import TcpProxy
from tests.fakes.fake_twilio import RunningFake, running_fake_twilio
from tests.utils.databases import drop_postgres, postgres_or_skip

MESSAGES = 120
OUTAGE_SECONDS = 6.0


@pytest.fixture(scope="module")
def fake_twilio() -> Iterator[RunningFake]:
    with running_fake_twilio() as fake:
        yield fake


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'outage.db'}"
        migrate(url)
        yield url
        return
    url = postgres_or_skip()
    try:
        migrate(url)
        yield url
    finally:
        drop_postgres(url)


class Blackout:
    """Takes the database away from the server process and gives it back."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.proxy: TcpProxy | None = None
        self.lock: sqlite3.Connection | None = None
        parsed = make_url(url)
        self.server_url = url
        if parsed.get_backend_name() != "sqlite":
            self.proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
            self.server_url = parsed.set(port=self.proxy.port).render_as_string(hide_password=False)

    def cut(self) -> None:
        if self.proxy is not None:
            self.proxy.cut()
            return
        self.lock = sqlite3.connect(str(make_url(self.url).database), isolation_level=None, timeout=30)
        self.lock.execute("BEGIN IMMEDIATE")
        self.lock.execute("CREATE TABLE IF NOT EXISTS _outage (x INTEGER)")

    def restore(self) -> None:
        if self.proxy is not None:
            self.proxy.restore()
        elif self.lock is not None:
            self.lock.execute("ROLLBACK")
            self.lock.close()


def test_every_message_is_answered_once_after_an_outage_without_a_restart(
        database_url: str, tmp_path: Path, fake_twilio: RunningFake) -> None:
    fake_twilio.state.reset()
    blackout = Blackout(database_url)
    server = Server(blackout.server_url, tmp_path, fake_twilio.base_url)
    server.start()
    load = Load(server.port, MESSAGES, concurrency=8, run=secrets.token_hex(2), rate=40)
    load.start()
    try:
        deadline = time.monotonic() + 120
        while load.done() < MESSAGES // 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        blackout.cut()
        time.sleep(OUTAGE_SECONDS)
        blackout.restore()
        load.join(timeout=300)
        engine = make_engine(database_url)
        wait_quiet(engine, timeout=90)
        with fake_twilio.state.lock:
            sends = list(fake_twilio.state.requests)
        result = audit(engine, load, sends)
        engine.dispose()
        never_restarted = server.process is not None and server.process.poll() is None
    finally:
        server.stop()
        if blackout.proxy is not None:
            blackout.proxy.cut()
    assert result.ok(), "\n".join(result.lines())
    assert load.outcome.statuses[503] > 0, "the outage did not touch any request"
    assert never_restarted  # the one process started before the outage did all of it
