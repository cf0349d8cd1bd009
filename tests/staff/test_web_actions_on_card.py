"""Browser actions show on the ticket's card in the staff chat (issue 16): the card is edited through the
bot (editMessageText on the fake Telegram server) to name who holds it and carry only the buttons that
apply, so Take does not stay under a ticket taken in the browser."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.models import Conversation, StaffNotification
from bot.core.settings import Settings
from bot.services import Services
from tests.console.conftest import log_in, make_user
from tests.staff.conftest import STAFF_CHAT, button_press, post_update
from tests.staff.fake_telegram import FakeTelegram
from tests.staff.test_handover import _alert, _create_customer, _customer_says

WEB_STAFF = "+972523000077"


def _buttons(markup: Any) -> list[str]:
    return [b["callback_data"] for row in (markup or {}).get("inline_keyboard", []) for b in row]


def _edit_after(fake: FakeTelegram, seen: int, card: dict[str, Any], needle: str) -> dict[str, Any]:
    """The first edit of the card, after the first `seen` edits, whose text holds `needle`."""
    return fake.wait_for(lambda: [p for p in fake.called("editMessageText")[seen:]
                                  if str(p["message_id"]) == str(card["message_id"]) and str(p["chat_id"]) == STAFF_CHAT
                                  and needle in p["text"]])[0]


def _setup(client: TestClient, settings: Settings, services: Services, engine: Engine, fake: FakeTelegram,
           channel: ConsoleChannel) -> tuple[dict[str, Any], int, str]:
    _create_customer(client)
    _customer_says(client, settings, "אני רוצה לדבר עם נציג")
    card = _alert(fake, engine)
    make_user(engine, services, phone=WEB_STAFF, name="Yael Cohen", role="staff", workspace="msg-software")
    csrf = log_in(client, channel, WEB_STAFF)
    with Session(engine) as session:
        conversation_id = session.exec(select(Conversation.id)).one()
    return card, conversation_id or 0, csrf


def test_take_in_the_browser_edits_the_card_and_telegram_take_is_gone(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel) -> None:
    client, fake, engine = staff_client, fake_telegram, staff_services.engine
    card, conversation_id, csrf = _setup(client, staff_settings, staff_services, engine, fake, channel)
    assert _buttons(card["reply_markup"]) == ["tk:take:1", "tk:close:1"]
    seen = len(fake.called("editMessageText"))

    taken = client.post(f"/app/inbox/{conversation_id}/take", data={"csrf": csrf}, follow_redirects=False)
    assert taken.status_code == 303 and "notice=" not in taken.headers["location"]
    edited = _edit_after(fake, seen, card, "Yael Cohen")
    assert edited["text"].startswith(card["text"])  # the card itself stays, the holder is added
    assert _buttons(edited["reply_markup"]) == ["tk:close:1"]
    assert fake.message_dict(STAFF_CHAT, card["message_id"])["text"] == edited["text"]
    # the post under the card is still there (an edit notifies nobody)
    fake.wait_for(lambda: [p for p in fake.sent(STAFF_CHAT) if p["text"].startswith("🌐")])

    # snooze: the card says so and keeps Close; hand back: the buttons go
    seen = len(fake.called("editMessageText"))
    client.post(f"/app/inbox/{conversation_id}/snooze", data={"csrf": csrf, "until": ""}, follow_redirects=False)
    snoozed = _edit_after(fake, seen, card, "💤")
    assert "Yael Cohen" in snoozed["text"] and _buttons(snoozed["reply_markup"]) == ["tk:close:1"]
    seen = len(fake.called("editMessageText"))
    client.post(f"/app/inbox/{conversation_id}/bot", data={"csrf": csrf}, follow_redirects=False)
    back = _edit_after(fake, seen, card, "↩️")
    assert _buttons(back.get("reply_markup")) == []


def test_close_in_the_browser_removes_the_buttons(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel) -> None:
    client, fake, engine = staff_client, fake_telegram, staff_services.engine
    card, conversation_id, csrf = _setup(client, staff_settings, staff_services, engine, fake, channel)
    seen = len(fake.called("editMessageText"))
    client.post(f"/app/inbox/{conversation_id}/close", data={"csrf": csrf}, follow_redirects=False)
    closed = _edit_after(fake, seen, card, "☑️")
    assert "Yael Cohen" in closed["text"] and _buttons(closed.get("reply_markup")) == []
    # a late press on the old card's Take is refused as closed and changes nothing
    assert post_update(client, staff_settings, button_press(card, "tk:take:1")) == 200
    answer = fake.called("answerCallbackQuery")[-1]
    assert str(answer["show_alert"]).lower() == "true" and answer["text"] == "הפנייה כבר סגורה."


def test_web_reply_takes_and_the_card_names_the_holder(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel) -> None:
    client, fake, engine = staff_client, fake_telegram, staff_services.engine
    card, conversation_id, csrf = _setup(client, staff_settings, staff_services, engine, fake, channel)
    seen = len(fake.called("editMessageText"))
    client.post(f"/app/inbox/{conversation_id}/reply", data={"csrf": csrf, "body": "Hi, Yael here"},
                follow_redirects=False)
    edited = _edit_after(fake, seen, card, "Yael Cohen")
    assert _buttons(edited["reply_markup"]) == ["tk:close:1"]
    def card_rows() -> list[StaffNotification]:
        with Session(engine) as session:
            rows = session.exec(select(StaffNotification).where(StaffNotification.kind == "card")).all()
            return list(rows) if all(r.status == "sent" for r in rows) else []
    rows = fake.wait_for(card_rows)
    assert len(rows) == 1 and rows[0].telegram_message_id == card["message_id"]
