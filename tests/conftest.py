"""Fixtures shared by every test: databases (SQLite and PostgreSQL), services, the app client."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.core.settings import ROOT, Settings
from bot.services import Services, build_services
from tests.fakes.fixtures import fake_openai, fake_twilio, openai_server, twilio_server  # noqa: F401 (shared fixtures)
from tests.utils.databases import empty_tables, migrated_engine

DB_KINDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def _default_form_of_address() -> Iterator[None]:
    """A turn sets the Hebrew form of address for its thread; no test inherits the last test's form."""
    from knowledge.grammar import address

    with address.addressing(address.DEFAULT):
        yield


class FixedClock:
    """A clock tests move by hand: business hours and deadlines without sleeping."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, value: str | datetime) -> None:
        self.now = datetime.fromisoformat(value) if isinstance(value, str) else value


@pytest.fixture(scope="session", params=DB_KINDS)
def _session_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    yield from migrated_engine(request.param, tmp_path_factory.mktemp(request.param))


@pytest.fixture
def engine(_session_engine: Engine) -> Iterator[Engine]:
    """A migrated database, once on SQLite and once on PostgreSQL; empty at the start of each test."""
    yield _session_engine
    empty_tables(_session_engine)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 22, 8, 0, tzinfo=UTC))  # Sunday 10:00 in Israel


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": f"sqlite:///{tmp_path / 'unused.db'}",
        "public_base_url": "https://bot.example.com",
        "workspaces_dir": ROOT / "workspaces",
        "knowledge_dir": ROOT / "knowledge" / "bases",
        "data_dir": tmp_path / "data",
        "environment": "test",
        "scheduler_enabled": False,
        "twilio_auth_token": "test-auth-token-0123456789abcdef",
        "twilio_account_sid": "AC" + "0" * 32,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def channel() -> ConsoleChannel:
    return ConsoleChannel(echo=False)


@pytest.fixture
def services(settings: Settings, engine: Engine, channel: ConsoleChannel, clock: FixedClock) -> Services:
    return build_services(settings, engine=engine, channel=channel, clock=clock)


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=services), raise_server_exceptions=False) as test_client:
        yield test_client
