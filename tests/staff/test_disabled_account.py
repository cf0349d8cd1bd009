"""A disabled console account loses its Telegram door too: Take / Close, replies and refund decisions from
the Telegram user linked to it are refused with a clear answer, through aiogram and the fake Telegram server."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.models import ConsoleUser, SubscriptionRequest, Ticket
from bot.core.settings import Settings
from bot.services import Services
from handlers.texts import text
from tests.staff.conftest import button_press, post_update, staff_user
from tests.staff.fake_telegram import FakeTelegram
from tests.staff.refusals import assert_card_refused, refused
from tests.staff.test_handover import _alert, _create_customer, _customer_says
from tests.staff.test_refund_approval import _refund_asked

LINKED = 777  # staff_user()'s Telegram id: the member pressing the buttons


def _linked_account(services: Services, workspace: str, *, disabled: bool) -> int:
    """The staff account linked to LINKED (tests/staff/conftest.link_members), renamed and maybe disabled."""
    with Session(services.engine, expire_on_commit=False) as session:
        user = session.exec(select(ConsoleUser).where(ConsoleUser.workspace == workspace,
                                                      ConsoleUser.telegram_user_id == LINKED)).one()
        user.name = "Noa Console"
        user.disabled_at = services.now() if disabled else None
        session.add(user)
        session.commit()
        assert user.id is not None
        return user.id


def _enable(engine: Engine, user_id: int) -> None:
    with Session(engine) as session:
        user = session.get(ConsoleUser, user_id)
        assert user is not None
        user.disabled_at = None
        session.add(user)
        session.commit()


REFUSAL = text("support_staff_account_disabled", "he")  # both staff chats answer in Hebrew


def _refused(answer: dict[str, Any]) -> bool:
    return refused(answer, REFUSAL)


def test_a_disabled_account_cannot_take_close_or_reply_from_telegram(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel) -> None:
    client, settings, fake, engine = staff_client, staff_settings, fake_telegram, staff_services.engine
    user_id = _linked_account(staff_services, "msg-software", disabled=True)
    _create_customer(client)
    _customer_says(client, settings, "I want to talk to a person")
    card = _alert(fake, engine)
    assert_card_refused(client, settings, fake, channel, engine, card, refusal=REFUSAL,
                        reply="hello from a disabled account")

    # enabled again, the same Telegram member acts under the account's name
    _enable(engine, user_id)
    assert post_update(client, settings, button_press(card, "tk:take:1")) == 200
    assert "Noa Console" in fake.called("answerCallbackQuery")[-1]["text"]
    with Session(engine) as session:
        assert session.exec(select(Ticket)).one().status == "assigned"


def test_an_unlinked_member_of_the_staff_chat_still_acts(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram) -> None:
    """Only the Telegram user of the disabled account is refused, not the rest of the staff chat."""
    client, settings, fake, engine = staff_client, staff_settings, fake_telegram, staff_services.engine
    _linked_account(staff_services, "msg-software", disabled=True)
    _create_customer(client)
    _customer_says(client, settings, "I want to talk to a person")
    card = _alert(fake, engine)
    assert post_update(client, settings, button_press(card, "tk:take:1", staff_user(5, "Avi", "Cohen"))) == 200
    assert "Avi Cohen" in fake.called("answerCallbackQuery")[-1]["text"]


def test_a_disabled_account_cannot_decide_a_refund_from_telegram(
        staff_client: TestClient, staff_settings: Settings, staff_services: Services,
        fake_telegram: FakeTelegram, channel: ConsoleChannel) -> None:
    client, settings, fake, engine = staff_client, staff_settings, fake_telegram, staff_services.engine
    _linked_account(staff_services, "saas-billing", disabled=True)
    alert, request_id = _refund_asked(client, settings, fake, engine, "I want a refund")
    before = len(channel.sent)
    assert post_update(client, settings, button_press(alert, f"rf:approve:{request_id}")) == 200
    assert _refused(fake.called("answerCallbackQuery")[-1])
    assert channel.sent[before:] == []
    with Session(engine) as session:
        assert session.exec(select(SubscriptionRequest)).one().state == "awaiting_staff"
