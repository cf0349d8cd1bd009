"""The database unavailable for a few seconds under signed webhook load, no restart (the benchmark
holds it 60 s): every message is stored once and answered exactly once after it comes back.

SQLite: another process holds the write lock. PostgreSQL: the server reaches it through a proxy
that is cut (connection refused, open connections dropped) and restored.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.durability.harness import Load, Server, settle
from tests.durability.tcp_proxy import TcpProxy
from tests.fakes.fake_twilio import RunningFake

MESSAGES = 120
OUTAGE_SECONDS = 6.0


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
        scratch_database_url: str, tmp_path: Path, fake_twilio: RunningFake) -> None:
    blackout = Blackout(scratch_database_url)
    server = Server(blackout.server_url, tmp_path, fake_twilio.base_url)
    server.start()
    load = Load(server.port, MESSAGES, concurrency=8, run=secrets.token_hex(2), rate=40)
    load.start()
    try:
        deadline = time.monotonic() + 300
        while load.done() < MESSAGES // 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        blackout.cut()
        time.sleep(OUTAGE_SECONDS)
        blackout.restore()
        result = settle(scratch_database_url, load, fake_twilio, load_timeout=600, quiet_timeout=120)
        never_restarted = server.process is not None and server.process.poll() is None
    finally:
        server.stop()
        if blackout.proxy is not None:
            blackout.proxy.cut()
    assert result.ok(), "\n".join(result.lines())
    assert load.outcome.statuses[503] > 0, "the outage did not touch any request"
    assert never_restarted  # the one process started before the outage did all of it
