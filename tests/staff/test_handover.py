"""A full handover through aiogram and a local fake Telegram server: alert, Take, relay both ways, Close."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.models import Conversation, StaffNotification, Ticket
from bot.core.settings import Settings
from bot.services import Services
from bot.staff.telegram import webhook_secret
from tests.conftest import FixedClock
from tests.staff.conftest import STAFF_CHAT, button_press, post_update, staff_reply, staff_user
from tests.staff.fake_telegram import FakeTelegram
from tests.utils.twilio import inbound_form, post_signed

CUSTOMER = "+972502345678"
TOKEN = {"Authorization": "Bearer demo-token-msg-software-0001"}
TWILIO = "/webhooks/twilio/messages"


def _create_customer(client: TestClient, plan: str = "advanced") -> None:
    response = client.post("/api/workspaces/msg-software/customers", headers=TOKEN,
                           json={"phone": CUSTOMER, "name": "Dana", "plan": plan, "status": "active",
                                 "paid_until": "2027-06-30"})
    assert response.status_code == 200, response.text


def _customer_says(client: TestClient, settings: Settings, text: str, whatsapp: bool = True) -> str:
    response = post_signed(client, settings, TWILIO, inbound_form(text, sender=CUSTOMER, whatsapp=whatsapp))
    assert response.status_code == 200
    return response.text


def _alert(fake: FakeTelegram, engine: Engine) -> dict:
    """The ticket card as the fake server stored it, once the outbox has recorded its message id."""
    card = dict(fake.wait_for(lambda: [m for (chat, _), m in list(fake.messages.items())
                                       if chat == STAFF_CHAT and m["text"].startswith("🔔")])[0])

    _wait_recorded(fake, engine, card["message_id"])
    return card


def _wait_recorded(fake: FakeTelegram, engine: Engine, message_id: int) -> None:
    """Until the outbox has stored Telegram's id for this message (replies are traced through it)."""
    def recorded() -> bool:
        with Session(engine) as session:
            return session.exec(select(StaffNotification).where(
                StaffNotification.telegram_message_id == message_id)).first() is not None
    fake.wait_for(recorded)


def test_full_handover_alert_take_relay_close_and_bot_again(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel) -> None:
    client, settings, fake = staff_client, staff_settings, fake_telegram
    # the webhook was registered with its secret
    hook = fake.wait_for(lambda: fake.called("setWebhook"))[0]
    assert hook["url"] == f"{settings.public_base_url}/webhooks/telegram/{webhook_secret(settings)}"
    assert hook["secret_token"] == webhook_secret(settings)
    _create_customer(client)

    # 1. the customer asks for a person in business hours: ticket + alert with Take/Close
    twiml = _customer_says(client, settings, "אני רוצה לדבר עם נציג")
    assert "MS-00001" in twiml
    card = _alert(fake, staff_services.engine)
    assert "Dana" in card["text"] and CUSTOMER in card["text"] and "Advanced" in card["text"]
    assert "אני רוצה לדבר עם נציג" in card["text"]  # the last messages
    buttons = [b["callback_data"] for b in card["reply_markup"]["inline_keyboard"][0]]
    assert buttons == ["tk:take:1", "tk:close:1"]

    # 2. Take: answered, card edited to Close only, the customer hears a person joined
    assert post_update(client, settings, button_press(card, "tk:take:1")) == 200
    assert fake.called("answerCallbackQuery")[-1]["text"].startswith("✅")
    edited = fake.called("editMessageText")[-1]
    assert "Noa Levi" in edited["text"]
    assert [b["callback_data"] for b in edited["reply_markup"]["inline_keyboard"][0]] == ["tk:close:1"]
    assert channel.sent[-1].to == CUSTOMER and "Noa" in channel.sent[-1].body

    # 3. while held the bot is silent and the customer's message is relayed under the card
    silent = _customer_says(client, settings, "ההודעות לא נשלחות מאתמול")
    assert "<Message>" not in silent
    relay = fake.wait_for(lambda: [p for p in fake.sent(STAFF_CHAT) if "ההודעות לא נשלחות" in p["text"]])[0]
    assert relay["reply_parameters"]["message_id"] == card["message_id"]
    relay_message = next(m for m in fake.messages.values() if "ההודעות לא נשלחות" in m.get("text", ""))
    _wait_recorded(fake, staff_services.engine, relay_message["message_id"])

    # 4. a staff reply (to the relayed message) reaches the customer on WhatsApp as free text
    before = len(channel.sent)
    assert post_update(client, settings, staff_reply(relay_message, "Please restart the sender, then try again")) == 200
    sent = channel.sent[before:]
    assert [(s.to, s.body, s.whatsapp, s.content_sid) for s in sent] == [
        (CUSTOMER, "Please restart the sender, then try again", True, None)]
    assert "✉️" in fake.sent(STAFF_CHAT)[-1]["text"]
    with Session(staff_services.engine) as session:
        ticket = session.exec(select(Ticket)).one()
        assert ticket.status == "assigned" and ticket.first_response_at is not None
        assert ticket.assignee and "Noa Levi" in ticket.assignee

    # 5. Close: the ticket closes, the customer is told, the bot answers again
    assert post_update(client, settings, button_press(card, "tk:close:1")) == 200
    assert "☑️" in fake.called("editMessageText")[-1]["text"]
    assert fake.called("editMessageText")[-1].get("reply_markup") in (None, "")
    assert "MS-00001" in channel.sent[-1].body
    again = _customer_says(client, settings, "שלום")
    assert "<Message>" in again
    with Session(staff_services.engine) as session:
        ticket = session.exec(select(Ticket)).one()
        conversation = session.exec(select(Conversation)).one()
        assert ticket.status == "closed" and ticket.close_reason == "staff"
        assert conversation.status == "pending" and conversation.assignee is None

    # the owner API shows the ticket with its transcript, staff reply included
    detail = client.get("/api/workspaces/msg-software/tickets/ms-00001", headers=TOKEN).json()
    bodies = [m["body"] for m in detail["transcript"]]
    assert "ההודעות לא נשלחות מאתמול" in bodies and "Please restart the sender, then try again" in bodies


def test_staff_reply_outside_the_whatsapp_window_goes_as_the_template(
        engine: Engine, staff_client: TestClient, staff_settings: Settings, fake_telegram: FakeTelegram,
        channel: ConsoleChannel, clock: FixedClock) -> None:
    _create_customer(staff_client)
    _customer_says(staff_client, staff_settings, "I want to talk to a person")
    card = _alert(fake_telegram, engine)
    clock.set(clock.now + timedelta(hours=25))
    assert post_update(staff_client, staff_settings, staff_reply(card, "Sorry for the wait: fixed now")) == 200
    last = channel.sent[-1]
    assert last.content_sid == "HX00000000000000000000000000000001"  # support.whatsapp_templates.staff_reply
    assert last.variables == {"1": "MS-00001", "2": "Sorry for the wait: fixed now"}
    assert "template" in fake_telegram.sent(STAFF_CHAT)[-1]["text"]


def test_no_template_means_staff_are_told_not_silence(
        engine: Engine, staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel, clock: FixedClock) -> None:
    """A workspace copy without approved templates: the reply is not sent and staff are told why."""
    workspace = staff_services.workspaces.by_slug("msg-software")
    assert workspace is not None
    support = workspace.support.model_copy(update={"whatsapp_templates": {}})
    staff_services.workspaces.workspaces["msg-software"] = workspace.model_copy(update={"support": support})
    _create_customer(staff_client)
    _customer_says(staff_client, staff_settings, "agent")
    card = _alert(fake_telegram, engine)
    clock.set(clock.now + timedelta(days=2))
    before = len(channel.sent)
    post_update(staff_client, staff_settings, staff_reply(card, "hello again"))
    assert len(channel.sent) == before
    note = fake_telegram.sent(STAFF_CHAT)[-1]["text"]
    assert "❗" in note and "whatsapp_templates.staff_reply" in note


def test_a_redelivered_update_is_handled_once(
        engine: Engine, staff_client: TestClient, staff_settings: Settings, fake_telegram: FakeTelegram,
        channel: ConsoleChannel) -> None:
    _create_customer(staff_client)
    _customer_says(staff_client, staff_settings, "agent")
    card = _alert(fake_telegram, engine)
    update = staff_reply(card, "one answer only")
    assert post_update(staff_client, staff_settings, update) == 200
    assert post_update(staff_client, staff_settings, update) == 200
    assert [s.body for s in channel.sent].count("one answer only") == 1


def test_webhook_refuses_wrong_secret_and_garbage(staff_client: TestClient, staff_settings: Settings) -> None:
    assert staff_client.post("/webhooks/telegram/not-the-secret", json={"update_id": 1}).status_code == 403
    secret = webhook_secret(staff_settings)
    wrong_header = staff_client.post(f"/webhooks/telegram/{secret}", json={"update_id": 1},
                                     headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
    assert wrong_header.status_code == 403
    # the path alone (kept by proxies and logs) does not open the webhook: Telegram always sends the header
    assert staff_client.post(f"/webhooks/telegram/{secret}", json={"update_id": 1}).status_code == 403
    garbage = staff_client.post(f"/webhooks/telegram/{secret}", content=b"{not json",
                                headers={"X-Telegram-Bot-Api-Secret-Token": secret})
    assert garbage.status_code == 400
    assert post_update(staff_client, staff_settings, {"update_id": "x"}) == 400


def test_another_workspaces_chat_cannot_take_the_ticket(
        engine: Engine, staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram) -> None:
    _create_customer(staff_client)
    _customer_says(staff_client, staff_settings, "agent")
    card = _alert(fake_telegram, engine)
    foreign = card | {"chat": {"id": -1001000000003, "type": "supergroup", "title": "Other"}}
    assert post_update(staff_client, staff_settings, button_press(foreign, "tk:take:1", staff_user(555))) == 200
    assert fake_telegram.called("answerCallbackQuery")[-1]["show_alert"] in ("true", True)
    with Session(staff_services.engine) as session:
        assert session.exec(select(Ticket)).one().status == "open"


def test_two_staff_pressing_take_one_wins(
        engine: Engine, staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram) -> None:
    _create_customer(staff_client)
    _customer_says(staff_client, staff_settings, "agent")
    card = _alert(fake_telegram, engine)
    post_update(staff_client, staff_settings, button_press(card, "tk:take:1", staff_user(1, "Avi", "Cohen")))
    post_update(staff_client, staff_settings, button_press(card, "tk:take:1", staff_user(2, "Maya", "Katz")))
    answers = fake_telegram.called("answerCallbackQuery")
    assert "Avi Cohen" in answers[-2]["text"] and "Avi Cohen" in answers[-1]["text"]  # taken by / already taken
    with Session(staff_services.engine) as session:
        assert "Avi Cohen" in (session.exec(select(Ticket)).one().assignee or "")


def test_alerts_wait_in_the_outbox_while_telegram_is_down(
        engine: Engine, staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, clock: FixedClock) -> None:
    fake_telegram.wait_for(lambda: fake_telegram.called("setWebhook"))
    fake_telegram.down = True
    _create_customer(staff_client)
    twiml = _customer_says(staff_client, staff_settings, "agent")
    assert "MS-00001" in twiml  # the customer is answered whatever Telegram does

    def failed_once() -> bool:
        with Session(staff_services.engine) as session:
            row = session.exec(select(StaffNotification)).first()
            return row is not None and row.attempts >= 1
    fake_telegram.wait_for(failed_once)
    with Session(staff_services.engine) as session:
        row = session.exec(select(StaffNotification)).one()
        assert row.status == "pending" and row.last_error and row.telegram_message_id is None
    fake_telegram.down = False
    clock.set(clock.now + timedelta(minutes=5))  # past the back-off
    staff_services.extras["staff_delivery"].kick()
    _alert(fake_telegram, engine)
    with Session(staff_services.engine) as session:
        row = session.exec(select(StaffNotification)).one()
        ticket = session.exec(select(Ticket)).one()
        assert row.status == "sent" and ticket.staff_message_id == row.telegram_message_id


def test_long_polling_when_the_server_is_not_https(
        tmp_path, engine, channel: ConsoleChannel, clock: FixedClock, fake_telegram: FakeTelegram) -> None:  # type: ignore[no-untyped-def]
    from bot.app import create_app
    from bot.services import build_services
    from tests.conftest import make_settings
    from tests.staff.conftest import link_members

    settings = make_settings(tmp_path, telegram_bot_token="42:TEST", telegram_api_base=fake_telegram.url,
                             public_base_url="http://127.0.0.1:8000")
    services = build_services(settings, engine=engine, channel=channel, clock=clock)
    link_members(services)
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        fake_telegram.wait_for(lambda: fake_telegram.called("getUpdates"))
        assert fake_telegram.called("deleteWebhook") and not fake_telegram.called("setWebhook")
        _create_customer(client)
        _customer_says(client, settings, "agent")
        card = _alert(fake_telegram, engine)
        fake_telegram.updates.append(button_press(card, "tk:take:1"))
        fake_telegram.wait_for(lambda: fake_telegram.called("answerCallbackQuery"))
        fake_telegram.wait_for(lambda: any("Noa" in s.body for s in channel.sent))
        with Session(engine) as session:
            assert session.exec(select(Ticket)).one().status == "assigned"


def test_sms_customers_get_staff_replies_by_sms_with_no_window(
        engine: Engine, staff_client: TestClient, staff_settings: Settings, fake_telegram: FakeTelegram,
        channel: ConsoleChannel, clock: FixedClock) -> None:
    _create_customer(staff_client)
    _customer_says(staff_client, staff_settings, "agent", whatsapp=False)
    card = _alert(fake_telegram, engine)
    clock.set(clock.now + timedelta(hours=30))
    post_update(staff_client, staff_settings, staff_reply(card, "Answer by SMS"))
    last = channel.sent[-1]
    assert (last.body, last.whatsapp, last.content_sid) == ("Answer by SMS", False, None)


def test_non_text_staff_replies_are_refused_with_a_note(
        engine: Engine, staff_client: TestClient, staff_settings: Settings, fake_telegram: FakeTelegram,
        channel: ConsoleChannel) -> None:
    _create_customer(staff_client)
    _customer_says(staff_client, staff_settings, "agent")
    card = _alert(fake_telegram, engine)
    before = len(channel.sent)
    sticker = staff_reply(card, "x")
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1,
                                     "height": 1, "is_animated": False, "is_video": False}
    assert post_update(staff_client, staff_settings, sticker) == 200
    assert len(channel.sent) == before
    assert "Only text" in fake_telegram.sent(STAFF_CHAT)[-1]["text"]
