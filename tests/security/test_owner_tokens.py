"""Owner API tokens: random, stored hashed, several per workspace, named, revocable, expiring."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli.main import app as cli
from bot.core.auth_tokens import TokenError, create_token, list_tokens, revoke_token
from bot.core.db import session_scope
from bot.core.models import OwnerToken
from bot.services import Services
from tests.bot.test_cli_customers import cli_database  # noqa: F401  (DATABASE_URL for the CLI)
from tests.conftest import FixedClock

CUSTOMERS = "/api/workspaces/msg-software/customers"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_opens_its_own_workspace_only(prod_client: TestClient, owner_token: str) -> None:
    assert prod_client.get(CUSTOMERS, headers=bearer(owner_token)).status_code == 200
    assert prod_client.get("/api/workspaces/web-agency/customers", headers=bearer(owner_token)).status_code == 403
    assert prod_client.get(CUSTOMERS).status_code == 401
    assert prod_client.get(CUSTOMERS, headers=bearer(owner_token[:-1] + "x")).status_code == 403


def test_demo_tokens_are_refused_in_production(prod_client: TestClient) -> None:
    assert prod_client.get(CUSTOMERS, headers=bearer("demo-token-msg-software-0001")).status_code == 403


def test_only_a_hash_is_stored(prod_services: Services, owner_token: str) -> None:
    with Session(prod_services.engine) as session:
        row = session.exec(select(OwnerToken)).one()
    assert row.token_hash == hashlib.sha256(owner_token.encode()).hexdigest()
    assert owner_token not in repr(row.model_dump()) and owner_token.startswith(row.prefix)
    assert len(owner_token) >= 40  # 32 random bytes


def test_revoked_and_expired_tokens_stop_working(prod_client: TestClient, prod_services: Services,
                                                 owner_token: str, clock: FixedClock) -> None:
    with session_scope(prod_services.engine) as session:
        second = create_token(session, workspace="msg-software", name="zapier", days=1, now=clock.now).secret
    assert prod_client.get(CUSTOMERS, headers=bearer(second)).status_code == 200
    with session_scope(prod_services.engine) as session:
        revoke_token(session, workspace="msg-software", which="tests", now=clock.now)
    assert prod_client.get(CUSTOMERS, headers=bearer(owner_token)).status_code == 403
    assert prod_client.get(CUSTOMERS, headers=bearer(second)).status_code == 200  # the other one still works
    clock.set(clock.now + timedelta(days=1, seconds=1))
    assert prod_client.get(CUSTOMERS, headers=bearer(second)).status_code == 403


def test_last_use_is_noted(prod_client: TestClient, prod_services: Services, owner_token: str,
                          clock: FixedClock) -> None:
    prod_client.get(CUSTOMERS, headers=bearer(owner_token))
    with Session(prod_services.engine) as session:
        assert session.exec(select(OwnerToken)).one().last_used_at == clock.now


def test_names_are_unique_among_working_tokens(engine: Engine, clock: FixedClock) -> None:
    with session_scope(engine) as session:
        first = create_token(session, workspace="saas-billing", name="crm", days=30, now=clock.now)
        with pytest.raises(TokenError, match="already has a working token"):
            create_token(session, workspace="saas-billing", name="crm", days=30, now=clock.now)
        with pytest.raises(TokenError, match="--days"):
            create_token(session, workspace="saas-billing", name="other", days=0, now=clock.now)
        revoke_token(session, workspace="saas-billing", which=first.row.prefix, now=clock.now)
        again = create_token(session, workspace="saas-billing", name="crm", days=30, now=clock.now)
        assert again.secret != first.secret
        assert [row.name for row in list_tokens(session, "saas-billing")] == ["crm", "crm"]
        with pytest.raises(TokenError, match="no working token"):
            revoke_token(session, workspace="saas-billing", which="nope", now=clock.now)


def test_cli_prints_the_token_once_and_lists_without_it(cli_database: Engine) -> None:  # noqa: F811
    runner = CliRunner()
    made = runner.invoke(cli, ["tokens", "create", "--workspace", "event-rsvp", "--name", "dana-laptop",
                               "--days", "7"])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("bo_") and len(token) > 40
    listed = runner.invoke(cli, ["tokens", "list", "--workspace", "event-rsvp"])
    assert "dana-laptop" in listed.output and token[:10] in listed.output and token not in listed.output
    assert "active" in listed.output
    revoked = runner.invoke(cli, ["tokens", "revoke", "--workspace", "event-rsvp", "dana-laptop"])
    assert revoked.exit_code == 0, revoked.output
    listed = runner.invoke(cli, ["tokens", "list", "--workspace", "event-rsvp", "--json"])
    assert '"state": "revoked"' in listed.stdout
    unknown = runner.invoke(cli, ["tokens", "revoke", "--workspace", "event-rsvp", "dana-laptop"])
    assert unknown.exit_code == 2 and "no working token" in unknown.output
