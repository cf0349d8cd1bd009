"""The console's top bar and tab title name the logged-in person's business: a support agent of
MsgSender read "ניהול אירועים" (event management) over their inbox, a product they do not run. Before
login the product's own name stays."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.services import Services
from tests.console.conftest import log_in, make_user


def _brand(html: str) -> str:
    found = re.search(r'<a class="brand" href="/app">([^<]*)</a>', html)
    assert found, html[:1000]
    return found.group(1)


def test_staff_see_their_business_and_owners_theirs(client: TestClient, channel: object, engine: Engine,
                                                     services: Services) -> None:
    assert _brand(client.get("/app/login").text) == "ניהול אירועים"
    make_user(engine, services, phone="+972545551212", name="Michal", role="staff", workspace="msg-software")
    log_in(client, channel, "+972545551212")  # type: ignore[arg-type]
    inbox = client.get("/app/inbox")
    assert inbox.status_code == 200
    assert _brand(inbox.text) == "MsgSender (demo)"
    assert re.search(r"<title>[^<]*MsgSender \(demo\)</title>", inbox.text)


def test_an_event_owner_sees_the_rsvp_business(logged_in: tuple[TestClient, str]) -> None:
    client, _ = logged_in
    assert _brand(client.get("/app/events").text) == "RSVP Pro (demo)"
