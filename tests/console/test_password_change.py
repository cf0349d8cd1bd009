"""A password set or changed by its owner on /app/account, and reset by the operator with
`bot users password`: an account made without one (login by code) can add one, a set one is needed
to change it, and saving ends the account's other sessions but not the one that saved it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.cli.main import app as cli
from bot.console.auth.passwords import verify_password
from bot.console.auth.users import find_user, set_password
from bot.console.i18n import text
from bot.core.settings import get_settings
from bot.services import Services
from tests.console.conftest import OWNER_PHONE, form_csrf, log_in, make_user

NEW = "blue tulips at nine"


def he(key: str, **values: object) -> str:
    """The console's Hebrew words (the demo workspace's language), as the page shows them."""
    return text(key, "he", **values)


def _stored_hash(engine: Engine) -> str | None:
    with Session(engine) as session:
        user = find_user(session, "event-rsvp", OWNER_PHONE)
        assert user is not None
        return user.password_hash


def _give_password(engine: Engine, password: str) -> None:
    with Session(engine) as session:
        user = find_user(session, "event-rsvp", OWNER_PHONE)
        assert user is not None
        set_password(session, user, password)
        session.commit()


def _change(client: TestClient, token: str, **fields: str) -> str:
    """Posts the form and returns the account page it lands on."""
    answer = client.post("/app/account/password", data={"csrf": token, **fields}, follow_redirects=True)
    assert answer.status_code == 200, answer.text[:300]
    return answer.text


def test_a_code_login_account_sets_a_password_and_other_devices_are_logged_out(
        services: Services, channel: ConsoleChannel, engine: Engine) -> None:
    make_user(engine, services)
    app = create_app(services=services)
    with TestClient(app) as phone, TestClient(app) as laptop:
        log_in(phone, channel)
        token = log_in(laptop, channel)
        assert he("account.password_none") in laptop.get("/app/account").text
        assert he("account.password_mismatch") in _change(laptop, token, new=NEW, repeat=NEW + "!")
        assert he("account.password_short", count=10) in _change(laptop, token, new="short", repeat="short")
        assert _stored_hash(engine) is None
        page = _change(laptop, token, new=NEW, repeat=NEW)
        assert he("account.password_saved") in page and 'id="current"' in laptop.get("/app/account").text
        assert verify_password(_stored_hash(engine), NEW)
        assert laptop.get("/app/account", follow_redirects=False).status_code == 200  # the one that saved stays
        assert phone.get("/app/account", follow_redirects=False).status_code == 303  # the other is out
        fresh = TestClient(app)
        login = fresh.post("/app/login/password", data={"phone": OWNER_PHONE, "password": NEW,
                                                        "csrf": form_csrf(fresh, "/app/login?step=password")},
                           follow_redirects=False)
        assert login.status_code == 303


def test_changing_a_set_password_needs_the_current_one(logged_in: tuple[TestClient, str], engine: Engine,
                                                      services: Services) -> None:
    client, token = logged_in
    _give_password(engine, "the old one is long")
    assert he("account.password_wrong") in _change(client, token, new=NEW, repeat=NEW)
    assert he("account.password_wrong") in _change(client, token, current="not the old one", new=NEW, repeat=NEW)
    assert verify_password(_stored_hash(engine), "the old one is long")
    assert he("account.password_saved") in _change(client, token, current="the old one is long", new=NEW, repeat=NEW)
    assert verify_password(_stored_hash(engine), NEW)


def test_wrong_current_passwords_are_throttled_like_logins(logged_in: tuple[TestClient, str], engine: Engine,
                                                           services: Services) -> None:
    client, token = logged_in
    _give_password(engine, "the old one is long")
    pages = [_change(client, token, current=f"guess number {i}", new=NEW, repeat=NEW) for i in range(12)]
    too_many = he("login.too_many", seconds=0).split("0")[0].strip()
    assert too_many in pages[-1]
    assert too_many in _change(client, token, current="the old one is long", new=NEW, repeat=NEW)
    assert verify_password(_stored_hash(engine), "the old one is long")


def test_a_forged_notice_is_not_shown(logged_in: tuple[TestClient, str]) -> None:
    client, _ = logged_in
    page = client.get("/app/account?error=Call+us+at+0501234567&done=password").text
    assert 'id="error"' not in page and he("account.password_saved") not in page


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    return url


def test_the_operator_resets_and_removes_a_password_from_the_terminal(database: str) -> None:
    from bot.core.db import make_engine

    runner = CliRunner()
    made = runner.invoke(cli, ["users", "create", "--workspace", "event-rsvp", "--phone", "052-200-0001",
                               "--name", "Dana"])
    assert made.exit_code == 0, made.output
    short = runner.invoke(cli, ["users", "password", "--workspace", "event-rsvp", "--phone", "052-200-0001"],
                          input="short\nshort\n")
    assert short.exit_code == 2 and "at least 10 characters" in short.output
    reset = runner.invoke(cli, ["users", "password", "--workspace", "event-rsvp", "--phone", "052-200-0001"],
                          input=f"{NEW}\n{NEW}\n")
    assert reset.exit_code == 0 and "password set for Dana" in reset.output, reset.output
    assert NEW not in reset.output  # not echoed
    engine = make_engine(database)
    try:
        assert verify_password(_stored_hash(engine), NEW)
        cleared = runner.invoke(cli, ["users", "password", "--workspace", "event-rsvp", "--phone", "0522000001",
                                      "--clear"])
        assert cleared.exit_code == 0 and "removed" in cleared.output
        assert _stored_hash(engine) is None
    finally:
        engine.dispose()
    unknown = runner.invoke(cli, ["users", "password", "--workspace", "event-rsvp", "--phone", "052-200-0009",
                                  "--clear"])
    assert unknown.exit_code == 2 and "has no account" in unknown.output
    get_settings.cache_clear()
