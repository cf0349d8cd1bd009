"""The staff inbox: a customer's request for a person shows up waiting; staff take it, reply through the
channel, note, close; the same actions as the Telegram buttons; other roles and workspaces see nothing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.db import session_scope
from bot.core.models import Message, Ticket
from bot.services import Services
from handlers.customers import CustomerIn, upsert_customer
from handlers.pipeline import handle_message
from handlers.turn import Inbound, TurnContext
from tests.console.conftest import log_in, make_user

CUSTOMER = "+972502345678"
STAFF_PHONE = "+972522000077"


def customer_asks_for_a_person(engine: Engine, services: Services, text: str = "אני רוצה לדבר עם נציג",
                               handoff: str | None = "human") -> None:
    workspace = services.workspaces.by_slug("msg-software")
    assert workspace is not None
    with session_scope(engine) as session:
        upsert_customer(session, workspace, CustomerIn(phone=CUSTOMER, name="Dana Levi", plan="advanced"),
                        services.now())
        ctx = TurnContext(session=session, workspace=workspace, now=services.now())
        result = handle_message(ctx, Inbound(workspace="msg-software", sender=CUSTOMER, text=text))
        assert handoff is None or result.handoff == handoff


def staff_client(client: TestClient, engine: Engine, services: Services, channel: ConsoleChannel,
                 role: str = "staff") -> str:
    make_user(engine, services, phone=STAFF_PHONE, name="Yael Cohen", role=role, workspace="msg-software")
    return log_in(client, channel, STAFF_PHONE)


def conversation_id(client: TestClient) -> int:
    match = re.search(r'href="/app/inbox/(\d+)"', client.get("/app/inbox?state=waiting").text)
    assert match
    return int(match.group(1))


def waiting_for_staff(client: TestClient, engine: Engine, services: Services,
                      channel: ConsoleChannel) -> tuple[str, int]:
    """A customer has asked for a person and a staff member is logged in: the CSRF token, the conversation."""
    customer_asks_for_a_person(engine, services)
    csrf = staff_client(client, engine, services, channel)
    return csrf, conversation_id(client)


def test_waiting_conversation_is_taken_answered_noted_and_closed(client: TestClient, engine: Engine,
                                                                 services: Services, channel: ConsoleChannel) -> None:
    customer_asks_for_a_person(engine, services)
    csrf = staff_client(client, engine, services, channel)
    listing = client.get("/app/inbox?state=waiting")
    assert listing.status_code == 200 and CUSTOMER in listing.text
    conv = conversation_id(client)
    page = client.get(f"/app/inbox/{conv}")
    assert "אני רוצה לדבר עם נציג" in page.text and "תחזוקה Advanced" in page.text and "Dana Levi" in page.text
    assert 'id="take"' in page.text

    assert client.post(f"/app/inbox/{conv}/take", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    with Session(engine) as session:
        ticket = session.exec(select(Ticket)).one()
        assert ticket.status == "assigned" and ticket.assignee == f"Yael Cohen (web:{_user_id(engine)})"

    before = len(channel.sent)
    client.post(f"/app/inbox/{conv}/reply", data={"csrf": csrf, "body": "שלום דנה, אני בודקת"})
    assert [m.body for m in channel.sent[before:] if m.to == CUSTOMER][-1] == "שלום דנה, אני בודקת"
    client.post(f"/app/inbox/{conv}/note", data={"csrf": csrf, "body": "called her yesterday"})
    assert all("called her yesterday" not in m.body for m in channel.sent), "a note is never sent"
    held = client.get(f"/app/inbox/{conv}/messages").text
    assert "שלום דנה, אני בודקת" in held and "called her yesterday" in held
    with Session(engine) as session:
        assert session.exec(select(Ticket)).one().first_response_at is not None

    client.post(f"/app/inbox/{conv}/close", data={"csrf": csrf})
    with Session(engine) as session:
        assert session.exec(select(Ticket)).one().status == "closed"
        notes = session.exec(select(Message).where(Message.direction == "note")).all()
        assert [n.body for n in notes] == ["called her yesterday"]


def _user_id(engine: Engine) -> int:
    from bot.core.models import ConsoleUser

    with Session(engine) as session:
        user = session.exec(select(ConsoleUser).where(ConsoleUser.phone == STAFF_PHONE)).one()
        assert user.id is not None
        return user.id


def test_search_and_live_list(client: TestClient, engine: Engine, services: Services,
                              channel: ConsoleChannel) -> None:
    customer_asks_for_a_person(engine, services)
    staff_client(client, engine, services, channel)
    assert CUSTOMER in client.get("/app/inbox/list", params={"q": "לדבר עם נציג"}).text
    assert CUSTOMER in client.get("/app/inbox/list", params={"q": "2345678"}).text
    assert CUSTOMER not in client.get("/app/inbox/list", params={"q": "nothing like this"}).text
    assert CUSTOMER not in client.get("/app/inbox/list", params={"state": "bot"}).text
    assert 'hx-trigger="every 500ms"' in client.get("/app/inbox").text


def test_event_owners_have_no_inbox_and_csrf_is_required(client: TestClient, engine: Engine, services: Services,
                                                         channel: ConsoleChannel) -> None:
    customer_asks_for_a_person(engine, services)
    staff_client(client, engine, services, channel)
    conv = conversation_id(client)
    assert client.post(f"/app/inbox/{conv}/take").status_code == 403  # no CSRF token
    client.cookies.clear()
    make_user(engine, services, phone="+972522000088", name="Owner", role="event_owner", workspace="msg-software")
    log_in(client, channel, "+972522000088")
    assert client.get("/app/inbox").status_code == 404
    assert client.get(f"/app/inbox/{conv}").status_code == 404


def test_snooze_until_the_customer_writes_and_hand_back_to_the_bot(client: TestClient, engine: Engine,
                                                                    services: Services,
                                                                    channel: ConsoleChannel) -> None:
    csrf, conv = waiting_for_staff(client, engine, services, channel)
    client.post(f"/app/inbox/{conv}/snooze", data={"csrf": csrf})
    assert f'data-id="{conv}"' in client.get("/app/inbox/list", params={"state": "snoozed"}).text
    customer_asks_for_a_person(engine, services, "עדיין מחכה לנציג", handoff=None)  # writing again wakes it
    assert f'data-id="{conv}"' not in client.get("/app/inbox/list", params={"state": "snoozed"}).text
    client.post(f"/app/inbox/{conv}/bot", data={"csrf": csrf})
    with Session(engine) as session:
        assert session.exec(select(Ticket)).one().status == "closed"
    assert f'data-id="{conv}"' in client.get("/app/inbox/list", params={"state": "bot"}).text
