from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.fake_twilio import RunningFake, running_fake_twilio


@pytest.fixture(scope="session")
def fake_twilio_server() -> Iterator[RunningFake]:
    with running_fake_twilio() as fake:
        yield fake


@pytest.fixture
def fake_twilio(fake_twilio_server: RunningFake) -> Iterator[RunningFake]:
    fake_twilio_server.state.reset()
    yield fake_twilio_server
    fake_twilio_server.state.reset()
