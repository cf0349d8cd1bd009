"""Console fixtures: an event owner's account and a logged-in test client (through the real code login)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.channels import ConsoleChannel
from bot.console.auth.users import create_user
from bot.core.db import session_scope
from bot.core.models import ConsoleUser
from bot.core.settings import ROOT
from bot.services import Services, build_services
from handlers.pipeline import handle_message
from handlers.turn import Inbound, TurnContext, TurnResult
from tests.conftest import FixedClock, make_settings

OWNER_PHONE = "+972522000001"
OTHER_PHONE = "+972522000002"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
HX_CSRF = re.compile(r'"X-CSRF-Token": "([^"]+)"')


def make_user(engine: Engine, services: Services, phone: str = OWNER_PHONE, name: str = "Dana",
              role: str = "event_owner", password: str | None = None, workspace: str = "event-rsvp") -> ConsoleUser:
    found = services.workspaces.by_slug(workspace)
    assert found is not None
    with Session(engine, expire_on_commit=False) as session:
        user = create_user(session, found, phone=phone, name=name, role=role, password=password)
        session.commit()
        return user


def form_csrf(client: TestClient, path: str = "/app/login") -> str:
    page = client.get(path)
    match = CSRF.search(page.text) or HX_CSRF.search(page.text)
    assert match, page.text[:500]
    return match.group(1)


def last_code(channel: ConsoleChannel, phone: str) -> str:
    sent = [r for r in channel.sent if r.to == phone]
    assert sent, "no code was sent"
    match = re.search(r"\b(\d{6})\b", sent[-1].body)
    assert match, sent[-1].body
    return match.group(1)


def log_in(client: TestClient, channel: ConsoleChannel, phone: str = OWNER_PHONE) -> str:
    """Log in with a code through the pages; returns the session's CSRF token."""
    token = form_csrf(client)
    answer = client.post("/app/login/code", data={"phone": phone, "csrf": token})
    assert answer.status_code == 200, answer.text
    answer = client.post("/app/login/verify", data={"phone": phone, "code": last_code(channel, phone), "csrf": token},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return form_csrf(client, "/app/account")


@pytest.fixture
def owner(engine: Engine, services: Services) -> ConsoleUser:
    return make_user(engine, services)


@pytest.fixture
def logged_in(client: TestClient, channel: ConsoleChannel, owner: ConsoleUser) -> tuple[TestClient, str]:
    return client, log_in(client, channel)


@pytest.fixture
def own_bases(tmp_path: Path) -> Path:
    """A copy of msg-software's knowledge base for the knowledge pages to edit (the shipped one stays)."""
    bases = tmp_path / "bases"
    shutil.copytree(ROOT / "knowledge" / "bases" / "msg-software", bases / "msg-software")
    return bases


@pytest.fixture
def kb_services(tmp_path: Path, own_bases: Path, engine: Engine, channel: ConsoleChannel,
                clock: FixedClock) -> Services:
    """Services answering from `own_bases`, so what a knowledge page saves is what the bot then answers."""
    return build_services(make_settings(tmp_path, knowledge_dir=own_bases), engine=engine, channel=channel,
                          clock=clock)


def ask(services: Services, text: str) -> TurnResult:
    """A customer's message to msg-software through the real pipeline."""
    workspace = services.workspaces.by_slug("msg-software")
    assert workspace is not None
    with session_scope(services.engine) as session:
        ctx = TurnContext(session=session, workspace=workspace, now=services.now(), knowledge=services.knowledge)
        return handle_message(ctx, Inbound(workspace="msg-software", sender="+972502345678", text=text))
