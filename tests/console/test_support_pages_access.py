"""Every route of the support pages (inbox, tickets, analytics, knowledge) answers an event owner as a
page that does not exist, GET and POST alike, through the one StaffDep dependency; staff get in."""

from __future__ import annotations

import re

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.channels import ConsoleChannel
from bot.services import Services
from tests.console.conftest import form_csrf, log_in, make_user

PAGES = ("/app/inbox", "/app/tickets", "/app/analytics", "/app/knowledge")


def _routes(client: TestClient) -> list[tuple[str, str]]:
    found = []
    for route in client.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, APIRoute) and route.path.startswith(PAGES):
            path = re.sub(r"\{(\w+)(:\w+)?\}", "1", route.path)
            found.extend((method, path) for method in sorted(route.methods))
    return found


def test_event_owners_get_404_on_every_support_route(client: TestClient, engine: Engine, services: Services,
                                                     channel: ConsoleChannel) -> None:
    make_user(engine, services, phone="+972522000088", name="Owner", role="event_owner", workspace="msg-software")
    log_in(client, channel, "+972522000088")
    csrf = form_csrf(client, "/app/events")
    routes = _routes(client)
    assert len(routes) >= 15 and {p for _, p in routes} >= {"/app/inbox", "/app/tickets", "/app/analytics",
                                                            "/app/knowledge"}
    for method, path in routes:
        response = client.request(method, path, data={"csrf": csrf} if method == "POST" else None,
                                  headers={"X-CSRF-Token": csrf}, follow_redirects=False)
        assert response.status_code == 404, (method, path, response.status_code)


def test_staff_and_owners_open_the_support_pages(client: TestClient, engine: Engine, services: Services,
                                                 channel: ConsoleChannel) -> None:
    for phone, role in (("+972522000066", "staff"), ("+972522000067", "owner")):
        client.cookies.clear()
        make_user(engine, services, phone=phone, name=role, role=role, workspace="msg-software")
        log_in(client, channel, phone)
        for page in PAGES:
            assert client.get(page).status_code == 200, (role, page)
