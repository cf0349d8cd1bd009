"""kill -9 of the server under 8-way signed webhook load (shorter than the benchmark: 2 kills).

Every message ends up stored once and answered exactly once: in the TwiML of its 200, or (a turn
cut by the kill) through the REST API by the sweep after restart. Real `bot serve` processes,
the real twilio client against the fake Twilio.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from tests.durability.harness import Load, Server, settle
from tests.fakes.fake_twilio import RunningFake

MESSAGES = 160
KILLS = 2


def test_every_acknowledged_message_is_answered_exactly_once_across_kill_9(
        scratch_database_url: str, tmp_path: Path, fake_twilio: RunningFake) -> None:
    server = Server(scratch_database_url, tmp_path, fake_twilio.base_url)
    server.start()
    load = Load(server.port, MESSAGES, concurrency=8, run=secrets.token_hex(2))
    load.start()
    try:
        for kill in range(1, KILLS + 1):
            deadline = time.monotonic() + 300
            while load.done() < kill * MESSAGES // (KILLS + 1) and time.monotonic() < deadline:
                time.sleep(0.02)
            server.kill()
            server.start()
        # orphaned claims are swept after their 20 s lease
        result = settle(scratch_database_url, load, fake_twilio, load_timeout=600, quiet_timeout=120)
    finally:
        server.stop()
    assert result.ok(), "\n".join(result.lines())
    assert result.job_states.get("done", 0) == MESSAGES
