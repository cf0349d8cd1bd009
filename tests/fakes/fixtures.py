"""Pytest fixtures for the local fakes, shared by every test folder (imported by tests/conftest.py).

Each server starts once per session, on first use, and is reset before each test that asks for it,
so no test sees another's script, requests or failures.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.fake_openai import FakeOpenAI, Script
from tests.fakes.fake_twilio import RunningFake, running_fake_twilio


@pytest.fixture(scope="session")
def openai_server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_openai(openai_server: FakeOpenAI) -> FakeOpenAI:
    """The fake OpenAI server with the default script and an empty request log."""
    openai_server.script = Script()
    openai_server.requests = []
    return openai_server


@pytest.fixture(scope="session")
def twilio_server() -> Iterator[RunningFake]:
    with running_fake_twilio() as fake:
        yield fake


@pytest.fixture
def fake_twilio(twilio_server: RunningFake) -> Iterator[RunningFake]:
    """The fake Twilio server with no messages, failures or open windows left from another test."""
    twilio_server.state.reset()
    yield twilio_server
    twilio_server.state.reset()
