"""kill -9 of the server under 8-way signed webhook load (shorter than the benchmark: 2 kills).

Every message ends up stored once and answered exactly once: in the TwiML of its 200, or (a turn
cut by the kill) through the REST API by the sweep after restart. Real `bot serve` processes,
the real twilio client against the fake Twilio.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.db import make_engine, migrate
from tests.durability.harness import Load, Server, audit, wait_quiet
from tests.fakes.fake_twilio import RunningFake, running_fake_twilio
from tests.utils.databases import drop_postgres, postgres_or_skip

MESSAGES = 160
KILLS = 2


@pytest.fixture(scope="module")
def fake_twilio() -> Iterator[RunningFake]:
    with running_fake_twilio() as fake:
        yield fake


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kill.db'}"
        migrate(url)
        yield url
        return
    url = postgres_or_skip()
    try:
        migrate(url)
        yield url
    finally:
        drop_postgres(url)


def test_every_acknowledged_message_is_answered_exactly_once_across_kill_9(
        database_url: str, tmp_path: Path, fake_twilio: RunningFake) -> None:
    fake_twilio.state.reset()
    server = Server(database_url, tmp_path, fake_twilio.base_url)
    server.start()
    load = Load(server.port, MESSAGES, concurrency=8, run=secrets.token_hex(2))
    load.start()
    try:
        for kill in range(1, KILLS + 1):
            deadline = time.monotonic() + 120
            while load.done() < kill * MESSAGES // (KILLS + 1) and time.monotonic() < deadline:
                time.sleep(0.02)
            server.kill()
            server.start()
        load.join(timeout=180)
        engine = make_engine(database_url)
        wait_quiet(engine, timeout=60)  # orphaned claims are swept after their lease (20 s)
        with fake_twilio.state.lock:
            sends = list(fake_twilio.state.requests)
        result = audit(engine, load, sends)
        engine.dispose()
    finally:
        server.stop()
    assert result.ok(), "\n".join(result.lines())
    assert result.job_states.get("done", 0) == MESSAGES
