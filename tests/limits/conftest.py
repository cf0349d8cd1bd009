"""Fixtures for the limits tests: the RSVP ones (session, workspace) and a client that starts in a second."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.services import Services
from tests.limits.seed import without_lifespan
from tests.rsvp.conftest import session, workspace  # noqa: F401


@pytest.fixture
def api(services: Services) -> Iterator[TestClient]:
    """The real app on the test database, without the start-up work (indexes, spool replay, jobs)."""
    app = create_app(services=services)
    app.state.services = services
    with TestClient(without_lifespan(app), raise_server_exceptions=False) as client:
        yield client
