"""Fixtures of the durability tests: the fake OpenAI answering, services on the Twilio channel."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.db import migrate
from bot.core.models import Message, ReplyJob
from bot.services import Services, build_services
from tests.conftest import FixedClock, make_settings
from tests.fakes.fake_openai import FakeOpenAI, Script
from tests.fakes.fake_twilio import RunningFake
from tests.utils.databases import drop_postgres, postgres_or_skip

LLM_ANSWER = "LLM: we work 08:30-16:30."


class StampedRequests(list[dict[str, Any]]):
    """The fake OpenAI's request log, with the arrival time of each request."""

    def append(self, item: dict[str, Any]) -> None:
        super().append({**item, "at": time.time()})


@pytest.fixture
def fake_openai(fake_openai: FakeOpenAI) -> FakeOpenAI:
    """The shared fake, answering every chat with LLM_ANSWER and stamping each request's arrival."""
    fake_openai.script = Script(content=json.dumps({"topic": "support-hours", "answer": LLM_ANSWER}))
    fake_openai.requests = StampedRequests()
    return fake_openai


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database of its own, for a `bot serve` process to use (SQLite file or PostgreSQL)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'server.db'}"
        migrate(url)
        yield url
        return
    url = postgres_or_skip()
    try:
        migrate(url)
        yield url
    finally:
        drop_postgres(url)


def twilio_services(tmp_path: Path, engine: Engine, clock: FixedClock, fake_twilio: RunningFake,
                    fake_openai: FakeOpenAI | None = None, timeout: float = 5.0) -> Services:
    """Services on the real Twilio channel (fake server); with `fake_openai`, an LLM answerer too."""
    options: dict[str, Any] = {"channel": "twilio", "twilio_api_base": fake_twilio.base_url,
                               "twilio_status_callback": False}
    if fake_openai is not None:
        options.update(openai_api_key="test-key", openai_base_url=fake_openai.base_url, openai_model="fake-chat",
                       openai_timeout_seconds=timeout)
    return build_services(make_settings(tmp_path, **options), engine=engine, clock=clock)


def wait_for(predicate: Any, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def outbound(engine: Engine) -> list[Message]:
    with Session(engine) as session:
        return list(session.exec(select(Message).where(Message.direction == "outbound").order_by(Message.id)).all())


def reply_jobs(engine: Engine) -> list[ReplyJob]:
    with Session(engine) as session:
        return list(session.exec(select(ReplyJob).order_by(ReplyJob.id)).all())  # type: ignore[arg-type]
