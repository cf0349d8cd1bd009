"""The tickets board: live tickets by priority (open before taken), the first-response target with the time
left or overdue, queued ones with the next opening, the inactive-close timer where the workspace sets it."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.db import session_scope
from bot.core.models import Ticket
from bot.services import Services
from bot.staff import actions
from handlers.customers import CustomerIn, upsert_customer
from handlers.pipeline import handle_message
from handlers.turn import Inbound, TurnContext, TurnResult
from tests.conftest import FixedClock
from tests.console.conftest import log_in, make_user


class Agent:
    first_name, full_name, assignee = "Yael", "Yael Cohen", "Yael Cohen (web:1)"


def ask_for_a_person(services: Services, workspace_slug: str, phone: str,
                     body: str = "אני רוצה לדבר עם נציג") -> TurnResult:
    plan = {"web-agency": "standard"}.get(workspace_slug, "advanced")
    workspace = services.workspaces.by_slug(workspace_slug)
    assert workspace is not None
    with session_scope(services.engine) as session:
        upsert_customer(session, workspace, CustomerIn(phone=phone, name="C" + phone[-2:], plan=plan),
                        services.now())
        result = handle_message(TurnContext(session=session, workspace=workspace, now=services.now()),
                                Inbound(workspace=workspace_slug, sender=phone, text=body))
    assert result.handoff in ("human", "queued"), result.reply
    return result


def ticket_id(engine: Engine, number: str | None) -> int:
    with Session(engine) as session:
        found = session.exec(select(Ticket.id).where(Ticket.number == number)).one()
        assert found is not None
        return found


def staff(client: TestClient, engine: Engine, services: Services, channel: ConsoleChannel, workspace: str) -> None:
    make_user(engine, services, phone="+972522000077", name="Yael Cohen", role="staff", workspace=workspace)
    log_in(client, channel, "+972522000077")
    client.get("/app/lang/en")  # the board's words in English, whatever the workspace speaks


def order(page: str) -> list[str]:
    return re.findall(r'data-number="([^"]+)"', page)


def test_open_before_taken_with_the_first_response_timer(client: TestClient, engine: Engine, services: Services,
                                                         channel: ConsoleChannel, clock: FixedClock) -> None:
    first = ask_for_a_person(services, "msg-software", "+972502000011")
    clock.set(clock.now + timedelta(minutes=30))
    second = ask_for_a_person(services, "msg-software", "+972502000012")
    door = actions.Door(workspace="msg-software")
    assert actions.take(services, ticket_id(engine, first.ticket_number), door, Agent()).ok
    staff(client, engine, services, channel, "msg-software")
    page = client.get("/app/tickets")
    assert page.status_code == 200
    assert order(page.text) == [second.ticket_number, first.ticket_number]  # the waiting one first
    assert "3 h 30 min left" in page.text  # 240 min target, 30 min gone
    conv = re.search(r'href="/app/inbox/(\d+)"', page.text)
    assert conv and client.get(f"/app/inbox/{conv.group(1)}").status_code == 200

    clock.set(clock.now + timedelta(hours=5))  # Sunday 15:30 in Israel: both targets passed
    rows = client.get("/app/tickets/rows").text
    assert rows.count("overdue by") == 2
    assert actions.reply_to_ticket(services, ticket_id(engine, first.ticket_number), door, Agent(), "כאן").ok
    rows = client.get("/app/tickets/rows").text
    assert rows.count('class="sla warn"') == 1  # the answered one is no longer overdue
    assert actions.close(services, ticket_id(engine, second.ticket_number), door, Agent()).ok
    assert order(client.get("/app/tickets/rows").text) == [first.ticket_number]


def test_queued_shows_the_next_opening_and_the_inactive_timer_runs(
        client: TestClient, engine: Engine, services: Services, channel: ConsoleChannel, clock: FixedClock) -> None:
    clock.set("2026-11-22T21:30:00+00:00")  # Sunday night, closed
    night = ask_for_a_person(services, "web-agency", "+972502000021")
    assert night.handoff == "queued"
    staff(client, engine, services, channel, "web-agency")
    page = client.get("/app/tickets").text
    assert night.ticket_number in page and re.search(r"answered from 23\.11 \d\d:\d\d", page)
    assert "silent for 2 days" in page

    clock.set("2026-11-23T07:00:00+00:00")  # Monday morning: staff answer, the customer now owes the reply
    assert actions.take(services, ticket_id(engine, night.ticket_number), actions.Door(workspace="web-agency"),
                        Agent()).ok
    assert actions.reply_to_ticket(services, ticket_id(engine, night.ticket_number),
                                   actions.Door(workspace="web-agency"), Agent(), "שלום").ok
    rows = client.get("/app/tickets/rows").text
    workspace = services.workspaces.by_slug("web-agency")
    assert workspace is not None
    closes = (clock.now + timedelta(days=2)).astimezone(workspace.tz).strftime("%d.%m %H:%M")
    assert f'<span class="inactive">Closes if the customer is silent until {closes}' in rows
    assert "answered from" not in rows


def test_event_owners_have_no_board(client: TestClient, engine: Engine, services: Services,
                                    channel: ConsoleChannel) -> None:
    make_user(engine, services, phone="+972522000088", name="Owner", role="event_owner", workspace="msg-software")
    log_in(client, channel, "+972522000088")
    assert client.get("/app/tickets").status_code == 404
    assert client.get("/app/tickets/rows").status_code == 404
