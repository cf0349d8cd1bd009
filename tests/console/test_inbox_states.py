"""Resolved and timed snoozes in the inbox: closing resolves (from the browser or from Telegram), the
customer's next message reopens the same conversation; a snooze for an hour or until tomorrow morning
(the workspace's zone and hours) ends by itself at its time, or earlier when the customer writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.models import ConsoleUser, Conversation, Ticket
from bot.services import Services
from bot.staff import actions
from handlers.snooze_times import snooze_until, tomorrow_morning
from tests.conftest import FixedClock
from tests.console.conftest import make_user
from tests.console.test_inbox import customer_asks_for_a_person, staff_client, waiting_for_staff

STAFF_CHAT = "-1001000000001"  # msg-software's staff chat
SUNDAY_10 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)  # 10:00 in Israel


def _listed(client: TestClient, conv: int, state: str) -> bool:
    return f'data-id="{conv}"' in client.get("/app/inbox/list", params={"state": state}).text


def _conversation(engine: Engine) -> Conversation:
    with Session(engine) as session:
        return session.exec(select(Conversation)).one()


def test_closing_resolves_and_the_customer_writing_again_reopens_it(client: TestClient, engine: Engine,
                                                                     services: Services,
                                                                     channel: ConsoleChannel) -> None:
    csrf, conv = waiting_for_staff(client, engine, services, channel)
    client.post(f"/app/inbox/{conv}/take", data={"csrf": csrf})
    client.post(f"/app/inbox/{conv}/close", data={"csrf": csrf})
    assert _conversation(engine).status == "resolved"
    assert _listed(client, conv, "resolved") and not _listed(client, conv, "bot")
    assert 'id="count-resolved">1<' in client.get("/app/inbox").text

    customer_asks_for_a_person(engine, services, "אני רוצה לדבר עם נציג שוב")
    assert _conversation(engine).id == conv, "the same conversation, history and all"
    assert not _listed(client, conv, "resolved") and _listed(client, conv, "waiting")


def test_close_from_telegram_resolves_too(client: TestClient, engine: Engine, services: Services,
                                          channel: ConsoleChannel) -> None:
    customer_asks_for_a_person(engine, services)
    staff_client(client, engine, services, channel)
    with Session(engine) as session:
        ticket_id = session.exec(select(Ticket.id)).one()
    member = actions.StaffMember(telegram_id=4242, first_name="Avi", full_name="Avi Levi")
    refused = actions.close(services, ticket_id or 0, STAFF_CHAT, member)  # in the chat, but not linked
    assert not refused.ok and not _listed(client, conversation_id_of(engine), "resolved")
    avi = make_user(engine, services, phone="+972523000001", name="Avi Levi", role="staff", workspace="msg-software")
    with Session(engine) as session:
        linked = session.get(ConsoleUser, avi.id)
        assert linked is not None
        linked.telegram_user_id = 4242
        session.commit()
    assert actions.close(services, ticket_id or 0, STAFF_CHAT, member).ok
    assert _listed(client, conversation_id_of(engine), "resolved")


def conversation_id_of(engine: Engine) -> int:
    conversation = _conversation(engine)
    assert conversation.id is not None
    return conversation.id


def test_a_conversation_the_bot_holds_can_be_marked_resolved(client: TestClient, engine: Engine,
                                                             services: Services, channel: ConsoleChannel) -> None:
    customer_asks_for_a_person(engine, services, "מה שעות הפעילות שלכם?", handoff=None)
    csrf = staff_client(client, engine, services, channel)
    conv = conversation_id_of(engine)
    assert _listed(client, conv, "bot")
    client.post(f"/app/inbox/{conv}/close", data={"csrf": csrf})
    assert _listed(client, conv, "resolved")
    with Session(engine) as session:
        assert session.exec(select(Ticket)).first() is None, "no ticket was opened to close it"


def test_snooze_for_an_hour_ends_by_itself(client: TestClient, engine: Engine, services: Services,
                                           channel: ConsoleChannel, clock: FixedClock) -> None:
    csrf, conv = waiting_for_staff(client, engine, services, channel)
    client.post(f"/app/inbox/{conv}/snooze", data={"csrf": csrf, "until": "hour"})
    assert _conversation(engine).snoozed_until == clock() + timedelta(hours=1)
    page = client.get(f"/app/inbox/{conv}").text
    assert 'id="snoozed-until"' in page and "11:00" in page  # shown in Israel's time
    listed = client.get("/app/inbox/list", params={"state": "snoozed"}).text
    assert '<span class="snoozed-until">עד <span dir="ltr">22.11 11:00</span>' in listed
    clock.set(clock() + timedelta(minutes=59))
    assert _listed(client, conv, "snoozed")
    clock.set(clock() + timedelta(minutes=2))
    assert _listed(client, conv, "waiting") and not _listed(client, conv, "snoozed")
    assert _conversation(engine).snoozed_until is None


def test_a_timed_snooze_ends_early_when_the_customer_writes(client: TestClient, engine: Engine,
                                                            services: Services, channel: ConsoleChannel) -> None:
    csrf, conv = waiting_for_staff(client, engine, services, channel)
    client.post(f"/app/inbox/{conv}/snooze", data={"csrf": csrf, "until": "morning"})
    assert _listed(client, conv, "snoozed")
    customer_asks_for_a_person(engine, services, "עדיין מחכה", handoff=None)
    assert _listed(client, conv, "waiting")
    assert _conversation(engine).snoozed_until is None


def test_a_polled_list_answers_204_until_something_changes(client: TestClient, engine: Engine,
                                                           services: Services, channel: ConsoleChannel,
                                                           clock: FixedClock) -> None:
    import re

    customer_asks_for_a_person(engine, services)
    staff_client(client, engine, services, channel)
    seen = re.search(r"seen=([^\"&]+)", client.get("/app/inbox").text)
    assert seen
    assert client.get("/app/inbox/list", params={"seen": seen.group(1)}).status_code == 204
    clock.set(clock() + timedelta(seconds=5))
    customer_asks_for_a_person(engine, services, "עוד שאלה", handoff=None)
    changed = client.get("/app/inbox/list", params={"seen": seen.group(1)}, headers={"HX-Request": "true"})
    assert changed.status_code == 200 and f"seen={seen.group(1)}" not in changed.text
    assert 'id="count-waiting" hx-swap-oob="true">1<' in changed.text  # the state counts follow the list


def test_tomorrow_morning_is_the_next_opening_in_the_workspace_zone(services: Services) -> None:
    workspace = services.workspaces.by_slug("msg-software")  # Sunday-Thursday 08:30-16:30, Asia/Jerusalem
    assert workspace is not None
    monday = tomorrow_morning(workspace, SUNDAY_10)
    assert monday.astimezone(workspace.tz).isoformat() == "2026-11-23T08:30:00+02:00"
    thursday_evening = SUNDAY_10 + timedelta(days=4, hours=12)  # Thursday 22:00 in Israel
    assert tomorrow_morning(workspace, thursday_evening).astimezone(workspace.tz).isoformat() \
        == "2026-11-29T08:30:00+02:00"  # Friday and Saturday are closed: Sunday morning
    assert snooze_until(workspace, "hour", SUNDAY_10) == SUNDAY_10 + timedelta(hours=1)
    assert snooze_until(workspace, "whenever", SUNDAY_10) is None


def test_what_is_done_in_the_browser_is_posted_under_the_telegram_card(client: TestClient, engine: Engine,
                                                                     services: Services,
                                                                     channel: ConsoleChannel) -> None:
    from bot.core.models import StaffNotification

    csrf, conv = waiting_for_staff(client, engine, services, channel)
    client.post(f"/app/inbox/{conv}/take", data={"csrf": csrf})
    client.post(f"/app/inbox/{conv}/reply", data={"csrf": csrf, "body": "Checking your licence now"})
    client.post(f"/app/inbox/{conv}/close", data={"csrf": csrf})
    with Session(engine) as session:
        ticket_id = session.exec(select(Ticket.id)).one()
        posted = session.exec(select(StaffNotification).where(StaffNotification.kind == "web")
                              .order_by(StaffNotification.id)).all()  # type: ignore[arg-type]
    assert [p.ticket_id for p in posted] == [ticket_id] * 3 and all(p.chat_id == STAFF_CHAT for p in posted)
    assert "Yael Cohen" in posted[0].text and "Checking your licence now" in posted[1].text
    assert all(p.text.startswith("🌐") for p in posted)


def test_the_customer_closing_their_request_resolves_too(client: TestClient, engine: Engine, services: Services,
                                                         channel: ConsoleChannel) -> None:
    customer_asks_for_a_person(engine, services)
    staff_client(client, engine, services, channel)
    customer_asks_for_a_person(engine, services, "הסתדרתי לבד, תבטלו את הקריאה", handoff=None)
    with Session(engine) as session:
        assert session.exec(select(Ticket)).one().close_reason == "customer"
    conv = conversation_id_of(engine)
    assert _listed(client, conv, "resolved")
