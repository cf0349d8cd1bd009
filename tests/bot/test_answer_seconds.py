"""bot_answer_seconds times the whole answer, the wait for SQLite's write lock included: its name says so
(it was bot_turn_seconds, read as the turn's own time). A turn queued behind a writer holding the lock
for WAIT seconds is observed at WAIT or more."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy.engine import Engine

from bot.core import metrics
from bot.core.db import write_scope
from bot.core.metrics import ANSWER_SECONDS, REGISTRY
from bot.inbound import respond
from bot.services import Services
from handlers.turn import Inbound

WAIT = 0.3


def _observed() -> tuple[float, float]:
    count = REGISTRY.get_sample_value("bot_answer_seconds_count") or 0.0
    total = REGISTRY.get_sample_value("bot_answer_seconds_sum") or 0.0
    return count, total


def test_the_name_says_what_is_measured() -> None:
    assert not hasattr(metrics, "TURN_SECONDS")  # one name in the code too
    assert REGISTRY.get_sample_value("bot_turn_seconds_count") is None
    assert "write lock" in ANSWER_SECONDS._documentation  # type: ignore[attr-defined]


def test_a_queued_turn_counts_its_wait(engine: Engine, services: Services) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("only SQLite queues turns behind an in-process write lock")
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with write_scope(engine):
            holding.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(5)
    threading.Timer(WAIT, release.set).start()
    count, total = _observed()
    started = time.perf_counter()
    respond(services, Inbound(workspace="msg-software", sender="+972502345678", text="מה שעות הפעילות?"))
    waited = time.perf_counter() - started
    holder.join(5)
    after_count, after_total = _observed()
    assert after_count == count + 1
    assert WAIT <= after_total - total <= waited + 0.01
