"""Issue 13, item 2: ENVIRONMENT=production refuses to start with any default, and says what to set."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.app import create_app
from bot.cli.main import app as cli
from bot.core.db import make_engine, session_scope
from bot.core.models import Event
from bot.core.settings import Settings, get_settings
from bot.core.workspaces import load_workspaces
from bot.deps import demo_token_matches
from bot.security.production import UnsafeProduction, database_problems, production_problems
from bot.services import Services, build_services
from scheduler.rsvp.demo import ensure_demo_event
from tests.conftest import FixedClock, make_settings
from tests.security.conftest import STRONG_SECRET, production_overrides


def _bare_production(**values: object) -> Settings:
    return Settings(_env_file=None, environment="production", **values)  # type: ignore[call-arg]


def test_defaults_in_production_are_listed_with_what_to_set() -> None:
    problems = "\n".join(_bare_production().validate_for_production())
    for setting in ("SECRET_KEY", "PUBLIC_BASE_URL", "CHANNEL=console", "TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID"):
        assert setting in problems
    assert "secrets.token_urlsafe" in problems  # says how to make a secret, not only that it is wrong


@pytest.mark.parametrize("secret", ["", "x", "dev-only-secret-key-change-in-production", "short-but-random-Q9",
                                    "a" * 64, "abababababababababababababababab12"])
def test_weak_secret_keys_are_refused(secret: str, tmp_path: Path, real_workspaces: Path) -> None:
    settings = make_settings(tmp_path, **{**production_overrides(real_workspaces), "secret_key": secret})
    assert any(problem.startswith("SECRET_KEY") for problem in settings.validate_for_production())


def test_a_complete_production_configuration_passes(prod_settings: Settings) -> None:
    assert prod_settings.validate_for_production() == []
    assert production_problems(prod_settings, load_workspaces(prod_settings.workspaces_dir)) == []


def test_demo_tokens_in_workspace_files_refuse_production(tmp_path: Path, workspaces_copy: Path) -> None:
    settings = make_settings(tmp_path, **production_overrides(workspaces_copy))
    problems = production_problems(settings, load_workspaces(workspaces_copy))
    assert len(problems) == 5 and all("api_token" in p and "bot tokens create" in p for p in problems)


def test_demo_tokens_never_open_the_api_in_production(tmp_path: Path, workspaces_copy: Path, engine: Engine,
                                                      clock: FixedClock) -> None:
    """Defence in depth: even if the start check were bypassed, a file's token is ignored in production."""
    for environment, expected in (("production", False), ("development", True)):
        settings = make_settings(tmp_path, **{**production_overrides(workspaces_copy), "environment": environment})
        services = build_services(settings, engine=engine, clock=clock)
        workspace = services.workspaces.by_slug("msg-software")
        assert workspace is not None and workspace.api_token
        assert demo_token_matches(services, workspace, workspace.api_token) is expected


def test_app_refuses_to_start_on_a_database_with_demo_data(prod_services: Services) -> None:
    with session_scope(prod_services.engine) as session:
        ensure_demo_event(session, prod_services.workspaces, prod_services.now(), secret=STRONG_SECRET)
    with pytest.raises(UnsafeProduction, match="demo event"), TestClient(create_app(services=prod_services)):
        pass


def test_app_refuses_to_start_with_defaults_however_it_is_started(tmp_path: Path, engine: Engine,
                                                                   clock: FixedClock) -> None:
    """`uvicorn bot.main:app` does not go through `bot serve`: the lifespan checks too."""
    settings = make_settings(tmp_path, environment="production")
    services = build_services(settings, engine=engine, clock=clock)
    with pytest.raises(UnsafeProduction, match="api_token"), TestClient(create_app(services=services)):
        pass


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, object]:
    """`bot serve` reads the environment; uvicorn.run is replaced so nothing listens."""
    calls: dict[str, object] = {"database": tmp_path / "serve.db", "runs": []}
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{calls['database']}")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: calls["runs"].append(kwargs))  # type: ignore[union-attr]
    get_settings.cache_clear()
    yield calls
    get_settings.cache_clear()


def _events(database: object) -> list[int]:
    engine = make_engine(f"sqlite:///{database}")
    try:
        with Session(engine) as session:
            return list(session.exec(select(Event.id)).all())
    finally:
        engine.dispose()


def test_serve_with_defaults_in_production_refuses_and_says_what_to_set(cli_env: dict[str, object]) -> None:
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 2, result.output
    for setting in ("refusing to start", "SECRET_KEY", "PUBLIC_BASE_URL", "TWILIO_AUTH_TOKEN", "api_token"):
        assert setting in result.output
    assert cli_env["runs"] == [] and "/r/" not in result.output
    assert not Path(str(cli_env["database"])).exists()  # refused before touching the database


def test_serve_in_production_writes_no_demo_data_and_prints_no_link(cli_env: dict[str, object],
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     real_workspaces: Path) -> None:
    for name, value in production_overrides(real_workspaces).items():
        monkeypatch.setenv(name.upper(), str(value))
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "1" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "f" * 8 + "0123456789abcdef" + "e" * 8)
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert len(cli_env["runs"]) == 1  # type: ignore[arg-type]
    assert "/r/" not in result.output and "Demo RSVP" not in result.output
    assert _events(cli_env["database"]) == []


def test_serve_in_development_still_prints_the_demo_link(cli_env: dict[str, object],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The newcomer's path (`make run`) is unchanged."""
    monkeypatch.setenv("ENVIRONMENT", "development")
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert "Demo RSVP link" in result.output and "/r/" in result.output
    assert len(_events(cli_env["database"])) == 1
    # ...and that database can never become a production one: every kind of demo row is named.
    engine = make_engine(f"sqlite:///{cli_env['database']}")
    try:
        problems = "\n".join(database_problems(engine))
    finally:
        engine.dispose()
    assert "demo event" in problems and "demo owner's console account" in problems and "demo customers" in problems
