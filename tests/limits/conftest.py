"""Fixtures for the limits tests: the RSVP ones (session, workspace) and a client that starts in a second."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.core.settings import Settings
from bot.services import Services
from tests.conftest import make_settings
from tests.limits.seed import without_lifespan
from tests.rsvp.conftest import session, workspace  # noqa: F401
from tests.staff.conftest import fake_telegram, staff_client, staff_services, staff_settings  # noqa: F401


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Throttling off: hundreds of generated requests with wrong tokens must reach the code behind the
    doors, not a 429 after the twentieth (throttling has tests of its own in tests/security)."""
    return make_settings(tmp_path, rate_limits_enabled=False)


@pytest.fixture
def api(services: Services) -> Iterator[TestClient]:
    """The real app on the test database, without the start-up work (indexes, spool replay, jobs)."""
    app = create_app(services=services)
    app.state.services = services
    with TestClient(without_lifespan(app), raise_server_exceptions=False) as client:
        yield client
