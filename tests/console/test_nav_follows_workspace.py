"""The owner of a support workspace (msg-software: a help desk, no RSVP events) saw "My events" first in
the navigation, a page about weddings for a software company. The navigation follows the workspace: the
events page is listed for owners only where the workspace file has an `rsvp` section; an event owner's
role is events, so they keep it anywhere."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.channels import ConsoleChannel
from bot.services import Services
from tests.console.conftest import log_in, make_user


def _nav(client: TestClient) -> str:
    page = client.get("/app/account")
    assert page.status_code == 200
    start = page.text.index("<nav")
    return page.text[start:page.text.index("</nav>", start)]


def test_a_support_owner_sees_no_events(client: TestClient, engine: Engine, services: Services,
                                        channel: ConsoleChannel) -> None:
    make_user(engine, services, phone="+972522000091", name="Boss", role="owner", workspace="msg-software")
    log_in(client, channel, "+972522000091")
    nav = _nav(client)
    assert "/app/events" not in nav and "האירועים שלי" not in nav
    assert "/app/inbox" in nav and "/app/tickets" in nav


def test_an_event_workspace_owner_and_an_event_owner_keep_events(client: TestClient, engine: Engine,
                                                                 services: Services, channel: ConsoleChannel) -> None:
    make_user(engine, services, phone="+972522000092", name="Boss", role="owner", workspace="event-rsvp")
    log_in(client, channel, "+972522000092")
    assert "/app/events" in _nav(client)
    client.cookies.clear()
    make_user(engine, services, phone="+972522000093", name="Planner", role="event_owner", workspace="msg-software")
    log_in(client, channel, "+972522000093")
    assert "/app/events" in _nav(client)
