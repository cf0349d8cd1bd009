"""`bot users create|list` against a throw-away SQLite database, and the demo owner of `make run`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from bot.cli.main import app
from bot.console.auth.passwords import verify_password
from bot.console.auth.users import find_user
from bot.console.demo import DEMO_PASSWORD, banner_lines, ensure_demo_owner
from bot.core.db import make_engine
from bot.core.settings import get_settings
from tests.conftest import make_settings

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_create_and_list_accounts(database: str) -> None:
    made = runner.invoke(app, ["users", "create", "--workspace", "event-rsvp", "--phone", "052-200-0001",
                               "--name", "Dana"])
    assert made.exit_code == 0, made.output
    again = runner.invoke(app, ["users", "create", "--workspace", "event-rsvp", "--phone", "+972522000001",
                                "--name", "Dana"])
    assert again.exit_code == 2 and "already has an account" in again.output
    bad_role = runner.invoke(app, ["users", "create", "--workspace", "event-rsvp", "--phone", "0522000003",
                                   "--name", "X", "--role", "admin"])
    assert bad_role.exit_code == 2 and "unknown role" in bad_role.output
    listed = runner.invoke(app, ["users", "list", "--workspace", "event-rsvp"])
    assert listed.exit_code == 0 and "+972522000001" in listed.output and "event_owner" in listed.output


def test_demo_owner_only_in_development(database: str, tmp_path: Path) -> None:
    from bot.core.db import migrate
    from bot.core.workspaces import load_workspaces

    migrate(database)
    dev = make_settings(tmp_path, database_url=database, environment="development")
    registry = load_workspaces(dev.workspaces_dir)
    lines = banner_lines(dev, registry, "http://127.0.0.1:8000")
    assert "/app" in lines[0] and DEMO_PASSWORD in lines[0]
    engine = make_engine(database)
    with Session(engine) as session:
        user = find_user(session, "event-rsvp", "+972522000099")
        assert user is not None and verify_password(user.password_hash, DEMO_PASSWORD)
    production = make_settings(tmp_path, database_url=database, environment="production")
    assert all(DEMO_PASSWORD not in line for line in banner_lines(production, registry, "https://x"))
    with Session(engine) as session, pytest.raises(PermissionError):
        ensure_demo_owner(session, production, registry)
    engine.dispose()


def test_link_a_staff_account_to_telegram_from_the_terminal(database: str) -> None:
    def users(*args: str) -> object:
        return runner.invoke(app, ["users", *args], env={"COLUMNS": "200"})  # the table unwrapped

    for phone, name in (("052-200-0001", "Dana"), ("052-200-0002", "Yael")):
        made = users("create", "--workspace", "msg-software", "--phone", phone, "--name", name, "--role", "staff")
        assert made.exit_code == 0, made.output  # type: ignore[attr-defined]
    linked = users("telegram", "--workspace", "msg-software", "--phone", "052-200-0001", "--id", "5123456789")
    assert linked.exit_code == 0 and "linked to Telegram user 5123456789" in linked.output  # type: ignore[attr-defined]
    taken = users("telegram", "--workspace", "msg-software", "--phone", "052-200-0002", "--id", "5123456789")
    assert taken.exit_code == 2 and "already linked to Dana" in taken.output  # type: ignore[attr-defined]
    neither = users("telegram", "--workspace", "msg-software", "--phone", "052-200-0002")
    assert neither.exit_code == 2 and "--unlink" in neither.output  # type: ignore[attr-defined]
    listed = users("list", "--workspace", "msg-software")
    assert "5123456789" in listed.output  # type: ignore[attr-defined]
    gone = users("telegram", "--workspace", "msg-software", "--phone", "052-200-0001", "--unlink")
    assert gone.exit_code == 0 and "unlinked" in gone.output  # type: ignore[attr-defined]
    assert "5123456789" not in users("list", "--workspace", "msg-software").output  # type: ignore[attr-defined]
