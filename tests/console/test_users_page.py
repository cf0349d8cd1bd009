"""Users page (owners): add staff, link an account to its Telegram user; a linked Telegram member then acts
under the account's name, so the staff chat and the inbox agree on who holds a conversation."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.console.pages.inbox import WebStaff
from bot.core.models import ConsoleUser, Ticket
from bot.services import Services
from bot.staff import actions
from tests.console.conftest import log_in, make_user
from tests.console.test_inbox import customer_asks_for_a_person

OWNER = "+972522000055"
STAFF_CHAT = "-1001000000001"  # msg-software's staff chat


def _owner(client: TestClient, engine: Engine, services: Services, channel: ConsoleChannel) -> str:
    make_user(engine, services, phone=OWNER, name="Rina Owner", role="owner", workspace="msg-software")
    return log_in(client, channel, OWNER)


def _user(engine: Engine, phone: str) -> ConsoleUser:
    with Session(engine) as session:
        return session.exec(select(ConsoleUser).where(ConsoleUser.phone == phone)).one()


def test_owner_adds_staff_and_links_telegram(client: TestClient, engine: Engine, services: Services,
                                             channel: ConsoleChannel) -> None:
    csrf = _owner(client, engine, services, channel)
    added = client.post("/app/users", data={"csrf": csrf, "name": "Avi Levi", "phone": "052-300-0001",
                                            "role": "staff"}, follow_redirects=False)
    assert added.status_code == 303 and "done=" in added.headers["location"]
    avi = _user(engine, "+972523000001")
    assert avi.role == "staff" and avi.workspace == "msg-software"

    client.post(f"/app/users/{avi.id}/telegram", data={"csrf": csrf, "telegram_id": "4242"})
    assert _user(engine, "+972523000001").telegram_user_id == 4242
    assert '<span dir="ltr" class="tg-id">4242</span>' in client.get("/app/users").text

    owner = _user(engine, OWNER)
    taken = client.post(f"/app/users/{owner.id}/telegram", data={"csrf": csrf, "telegram_id": "4242"},
                        follow_redirects=False)
    assert "error=" in taken.headers["location"] and _user(engine, OWNER).telegram_user_id is None
    bad = client.post(f"/app/users/{owner.id}/telegram", data={"csrf": csrf, "telegram_id": "-5"},
                      follow_redirects=False)
    assert "error=" in bad.headers["location"]
    client.post(f"/app/users/{avi.id}/telegram", data={"csrf": csrf, "telegram_id": ""})
    assert _user(engine, "+972523000001").telegram_user_id is None


def test_staff_have_no_users_page(client: TestClient, engine: Engine, services: Services,
                                  channel: ConsoleChannel) -> None:
    make_user(engine, services, phone="+972522000066", name="Staff", role="staff", workspace="msg-software")
    log_in(client, channel, "+972522000066")
    assert client.get("/app/users").status_code == 404
    assert "/app/users" not in client.get("/app/inbox").text


def test_a_linked_telegram_member_holds_under_the_console_name(client: TestClient, engine: Engine,
                                                               services: Services, channel: ConsoleChannel) -> None:
    customer_asks_for_a_person(engine, services)
    csrf = _owner(client, engine, services, channel)
    avi = make_user(engine, services, phone="+972523000001", name="Avi Levi", role="staff", workspace="msg-software")
    client.post(f"/app/users/{avi.id}/telegram", data={"csrf": csrf, "telegram_id": "4242"})
    with Session(engine) as session:
        ticket_id = session.exec(select(Ticket.id)).one()
    in_telegram = actions.StaffMember(telegram_id=4242, first_name="avi", full_name="avi_tg_nick")
    outcome = actions.take(services, ticket_id or 0, STAFF_CHAT, in_telegram)
    assert outcome.ok and "Avi Levi" in outcome.toast
    with Session(engine) as session:
        holder = session.exec(select(Ticket)).one().assignee
    assert holder == WebStaff(_user(engine, "+972523000001")).assignee == "Avi Levi (tg:4242)"
    page = client.get(f"/app/inbox/{conversation_id_held(client)}").text
    assert "Avi Levi" in page and "avi_tg_nick" not in page  # the card names the person, without the id
    assert [m.body for m in channel.sent if "Avi" in m.body], "the customer hears the console name"


def conversation_id_held(client: TestClient) -> int:
    import re

    match = re.search(r'href="/app/inbox/(\d+)"', client.get("/app/inbox?state=held").text)
    assert match
    return int(match.group(1))
