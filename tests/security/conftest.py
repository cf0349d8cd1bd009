"""Production-mode fixtures: strong settings, workspace files without demo tokens, an owner token."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.core.auth_tokens import create_token
from bot.core.db import session_scope
from bot.core.settings import ROOT, Settings
from bot.services import Services, build_services
from tests.conftest import FixedClock, make_settings

STRONG_SECRET = "kq3V9xP0s7LmN2bR8tY4wZ6cD1fG5hJ0aE9uI3oQ7rT2yU8p"
METRICS_TOKEN = "mT4kR9pX2vL7qW3zN8bC5dF1gH6jK0sY4uE7iO2aP9rT3wQ"


def production_overrides(workspaces_dir: Path) -> dict[str, object]:
    """Everything production needs, set: what an operator following docs/security.md ends with."""
    return {"environment": "production", "secret_key": STRONG_SECRET, "channel": "twilio",
            "public_base_url": "https://bot.example.com", "workspaces_dir": workspaces_dir,
            "metrics_token": METRICS_TOKEN}


@pytest.fixture
def real_workspaces(tmp_path: Path) -> Path:
    """The shipped workspaces with their demo `api_token` lines removed, as production requires."""
    folder = tmp_path / "workspaces"
    folder.mkdir()
    for source in sorted((ROOT / "workspaces").glob("*.yaml")):
        lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
        (folder / source.name).write_text("".join(x for x in lines if not x.startswith("api_token:")), "utf-8")
    return folder


@pytest.fixture
def prod_settings(tmp_path: Path, real_workspaces: Path) -> Settings:
    return make_settings(tmp_path, **production_overrides(real_workspaces))


@pytest.fixture
def prod_services(prod_settings: Settings, engine: Engine, channel: ConsoleChannel, clock: FixedClock) -> Services:
    return build_services(prod_settings, engine=engine, channel=channel, clock=clock)


@pytest.fixture
def prod_client(prod_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=prod_services), raise_server_exceptions=False,
                    base_url="https://bot.example.com") as test_client:
        yield test_client


@pytest.fixture
def owner_token(prod_services: Services) -> str:
    """A real owner token of msg-software, made the way `bot tokens create` makes it."""
    with session_scope(prod_services.engine) as session:
        return create_token(session, workspace="msg-software", name="tests", days=30, now=prod_services.now()).secret


@pytest.fixture
def workspaces_copy(tmp_path: Path) -> Path:
    """The shipped workspaces as they are (demo tokens included)."""
    folder = tmp_path / "shipped"
    shutil.copytree(ROOT / "workspaces", folder)
    return folder
