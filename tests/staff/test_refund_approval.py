"""Refund requests decided on Telegram, end to end: a signed WhatsApp webhook, the alert with Approve /
Reject on a local fake Telegram server, the press, and the customer hearing the outcome in their language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.channels import ConsoleChannel
from bot.core.db import session_scope
from bot.core.models import Direction, Message, StaffNotification, SubscriptionRequest
from bot.core.settings import Settings
from bot.services import Services
from handlers.billing.refund import decide_refund
from tests.conftest import FixedClock
from tests.staff.conftest import button_press, post_update, staff_user
from tests.staff.fake_telegram import FakeTelegram
from tests.utils.twilio import inbound_form, post_signed

CUSTOMER = "+972502345611"
SAAS_NUMBER = "+972500000003"
SAAS_CHAT = "-1001000000003"           # saas-billing's support.staff_chat_id
OTHER_CHAT = "-1001000000001"          # msg-software's staff chat
NOTICE_SID = "HX00000000000000000000000000000006"  # saas-billing's whatsapp_templates.notice
TOKEN = {"Authorization": "Bearer demo-token-saas-billing-0003"}
TWILIO = "/webhooks/twilio/messages"


def _create_customer(client: TestClient) -> None:
    """A monthly Pro customer charged 5 days ago: inside the 14-day window, 199.00 - 5% fee = 189.05."""
    response = client.post("/api/workspaces/saas-billing/customers", headers=TOKEN, json={
        "phone": CUSTOMER, "name": "Dana", "plan": "pro", "billing_period": "monthly",
        "paid_from": "2026-11-17", "paid_until": "2026-12-17",
        "charges": [{"charged_on": "2026-11-17", "amount": "199.00", "period": "monthly"}]})
    assert response.status_code == 200, response.text


def _customer_says(client: TestClient, settings: Settings, text: str) -> str:
    response = post_signed(client, settings, TWILIO, inbound_form(text, sender=CUSTOMER, to=SAAS_NUMBER))
    assert response.status_code == 200
    return response.text


def _refund_alert(fake: FakeTelegram, engine: Engine) -> dict[str, Any]:
    """The refund alert as the fake server stored it, once the outbox recorded its Telegram message id."""
    def posted() -> list[dict[str, Any]]:
        return [m for (chat, _), m in list(fake.messages.items())
                if chat == SAAS_CHAT and m["text"].startswith("בקשת החזר")]
    alert = dict(fake.wait_for(posted)[0])

    def recorded() -> bool:
        with Session(engine) as session:
            return session.exec(select(StaffNotification).where(
                StaffNotification.telegram_message_id == alert["message_id"])).first() is not None
    fake.wait_for(recorded)
    return alert


def _buttons(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


def _request(engine: Engine) -> SubscriptionRequest:
    with Session(engine) as session:
        return session.exec(select(SubscriptionRequest)).one()


def _refund_asked(client: TestClient, settings: Settings, fake: FakeTelegram, engine: Engine,
                  words: str) -> tuple[dict[str, Any], int]:
    """The customer asks for a refund in `words`: the staff alert and the id of the recorded request."""
    _create_customer(client)
    _customer_says(client, settings, words)
    alert = _refund_alert(fake, engine)
    request_id = _request(engine).id
    assert request_id is not None
    return alert, request_id


def _shown_as_alert(answer: dict[str, Any]) -> bool:
    return answer.get("show_alert") in ("true", True)


def test_approve_on_telegram_tells_the_customer_in_their_language(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel) -> None:
    client, settings, fake, engine = staff_client, staff_settings, fake_telegram, staff_services.engine
    _create_customer(client)

    # the customer asks in Russian: the quote with its arithmetic, and the request waits for staff
    twiml = _customer_says(client, settings, "Хочу вернуть деньги")
    assert "199,00 − 9,95 = 189,05" in twiml  # Russian decimals
    request = _request(engine)
    assert (request.state, request.workspace) == ("awaiting_staff", "saas-billing")

    # the alert reaches the staff chat with Approve / Reject carrying the request id
    alert = _refund_alert(fake, engine)
    assert CUSTOMER in alert["text"] and "189.05" in alert["text"] and f"#{request.id}" in alert["text"]
    assert _buttons(alert) == [f"rf:approve:{request.id}", f"rf:reject:{request.id}"]
    with Session(engine) as session:
        row = session.exec(select(StaffNotification)).one()
        assert (row.kind, row.ref, row.ticket_id, row.status) == ("refund", f"refund:{request.id}", None, "sent")

    # Approve: answered, the alert shows who decided and loses its buttons, the customer hears it in Russian
    before = len(channel.sent)
    assert post_update(client, settings, button_press(alert, f"rf:approve:{request.id}")) == 200
    answer = fake.called("answerCallbackQuery")[-1]
    assert "Noa Levi" in answer["text"] and not _shown_as_alert(answer)
    edited = fake.called("editMessageText")[-1]
    assert edited["text"].startswith(alert["text"]) and "Noa Levi" in edited["text"] and "אושרה" in edited["text"]
    assert edited.get("reply_markup") in (None, "")
    [sent] = channel.sent[before:]
    assert (sent.to, sent.whatsapp, sent.content_sid) == (CUSTOMER, True, None)
    assert "одобрена" in sent.body and "189,05" in sent.body and f"№{request.id}" in sent.body

    decided = _request(engine)
    assert decided.state == "approved" and "Noa Levi" in (decided.decided_by or "")
    with Session(engine) as session:  # the outcome is in the conversation's record, like every outbound message
        last = session.exec(select(Message).where(Message.direction == Direction.outbound)
                            .order_by(col(Message.id).desc())).first()
        assert last is not None and last.body == sent.body and last.language == "ru"


def test_reject_outside_the_whatsapp_window_goes_as_the_notice_template(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel, clock: FixedClock) -> None:
    client, settings, fake, engine = staff_client, staff_settings, fake_telegram, staff_services.engine
    alert, request_id = _refund_asked(client, settings, fake, engine, "אני רוצה החזר כספי")

    clock.set(clock.now + timedelta(hours=26))  # staff decide the next day: WhatsApp allows a template only
    before = len(channel.sent)
    post_update(client, settings, button_press(alert, f"rf:reject:{request_id}", staff_user(5, "Avi", "Cohen")))
    [sent] = channel.sent[before:]
    assert (sent.to, sent.content_sid) == (CUSTOMER, NOTICE_SID)
    assert sent.variables["1"] == f"#{request_id}" and "לא אושרה" in sent.variables["2"]
    edited = fake.called("editMessageText")[-1]
    assert "נדחתה" in edited["text"] and "Avi Cohen" in edited["text"]
    decided = _request(engine)
    assert decided.state == "rejected" and "Avi Cohen" in (decided.decided_by or "")


def test_a_second_press_is_answered_with_who_decided_and_the_customer_hears_once(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel) -> None:
    client, settings, fake, engine = staff_client, staff_settings, fake_telegram, staff_services.engine
    alert, request_id = _refund_asked(client, settings, fake, engine, "I want a refund")
    before = len(channel.sent)

    post_update(client, settings, button_press(alert, f"rf:approve:{request_id}", staff_user(1, "Avi", "Cohen")))
    post_update(client, settings, button_press(alert, f"rf:reject:{request_id}", staff_user(2, "Maya", "Katz")))
    first, second = fake.called("answerCallbackQuery")[-2:]
    assert "Avi Cohen" in first["text"] and not _shown_as_alert(first)
    assert "Avi Cohen" in second["text"] and "כבר אושרה" in second["text"] and _shown_as_alert(second)
    assert [s.to for s in channel.sent[before:]] == [CUSTOMER]
    assert "was approved" in channel.sent[-1].body  # English, as the customer wrote
    decided = _request(engine)
    assert decided.state == "approved" and "Avi Cohen" in (decided.decided_by or "")
    # the late presser's stale copy loses its buttons, and no card says Maya decided anything
    assert fake.called("editMessageReplyMarkup")[-1].get("reply_markup") in (None, "")
    assert not any("Maya" in e["text"] for e in fake.called("editMessageText"))


def test_foreign_chats_unknown_requests_and_bad_buttons_are_answered_and_change_nothing(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel) -> None:
    client, settings, fake, engine = staff_client, staff_settings, fake_telegram, staff_services.engine
    alert, request_id = _refund_asked(client, settings, fake, engine, "I want a refund")
    before = len(channel.sent)

    foreign = alert | {"chat": {"id": int(OTHER_CHAT), "type": "supergroup", "title": "Other business"}}
    presses = [button_press(foreign, f"rf:approve:{request_id}", staff_user(555)),   # another business's staff
               button_press(alert, "rf:approve:999999"),                             # no such request
               button_press(alert, "rf:approve:not-a-number"),                       # malformed data
               button_press(alert, f"rf:refund-all:{request_id}"),                   # unknown action
               button_press(alert, "zz:whatever")]                                   # nobody's prefix
    for press in presses:
        assert post_update(client, settings, press) == 200
    answers = fake.called("answerCallbackQuery")[-len(presses):]
    assert len(answers) == len(presses) and all(_shown_as_alert(a) and a["text"] for a in answers)
    assert "#999999" in answers[1]["text"]
    assert len(channel.sent) == before
    assert _request(engine).state == "awaiting_staff"
    assert not fake.called("editMessageText")


def test_an_alert_delivered_after_the_decision_has_no_buttons(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, clock: FixedClock) -> None:
    """Telegram was down while the request was decided elsewhere: the late alert must not offer a decision."""
    client, settings, fake, engine = staff_client, staff_settings, fake_telegram, staff_services.engine
    fake.wait_for(lambda: fake.called("setWebhook"))
    fake.down = True
    _create_customer(client)
    _customer_says(client, settings, "I want a refund")

    def failed_once() -> bool:
        with Session(engine) as session:
            row = session.exec(select(StaffNotification)).first()
            return row is not None and row.attempts >= 1
    fake.wait_for(failed_once)
    with session_scope(engine) as session:
        decide_refund(session, _request(engine).id or 0, False, "owner (API)", clock.now)
    fake.down = False
    clock.set(clock.now + timedelta(minutes=5))  # past the back-off
    staff_services.extras["staff_delivery"].kick()
    alert = _refund_alert(fake, engine)
    assert _buttons(alert) == []
