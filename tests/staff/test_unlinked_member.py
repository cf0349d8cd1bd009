"""Being in the staff chat is not enough to act: a Telegram member with no console account linked (or linked
to an account that is not owner or staff) is refused politely on Take, Close, a reply and a refund
decision, through aiogram and the fake Telegram server, and nothing reaches the customer."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.console.auth.users import create_user
from bot.core.models import SubscriptionRequest
from bot.core.settings import Settings
from bot.services import Services
from handlers.texts import text
from tests.staff.conftest import MEMBERS, button_press, post_update, staff_user
from tests.staff.fake_telegram import FakeTelegram
from tests.staff.refusals import assert_card_refused, refused
from tests.staff.test_handover import _alert, _create_customer, _customer_says
from tests.staff.test_refund_approval import _refund_asked

STRANGER = 4040  # in the chat, but no console account is linked to this Telegram user
REFUSAL = text("support_staff_not_linked", "he")  # both staff chats answer in Hebrew


def _refused(answer: dict[str, Any]) -> bool:
    return refused(answer, REFUSAL)


def _event_owner_linked(services: Services, workspace: str, telegram_id: int) -> None:
    found = services.workspaces.by_slug(workspace)
    assert found is not None
    with Session(services.engine) as session:
        user = create_user(session, found, phone="+972523000088", name="Dana Owner", role="event_owner")
        user.telegram_user_id = telegram_id
        session.commit()


@pytest.mark.parametrize("linked_as", [None, "event_owner"])
def test_an_unlinked_member_cannot_take_close_or_reply(
    linked_as: str | None,
    staff_client: TestClient,
    staff_settings: Settings,
    staff_services: Services,
    fake_telegram: FakeTelegram,
    channel: ConsoleChannel,
) -> None:
    assert STRANGER not in MEMBERS
    client, settings, fake, engine = staff_client, staff_settings, fake_telegram, staff_services.engine
    if linked_as:
        _event_owner_linked(staff_services, "msg-software", STRANGER)
    stranger = staff_user(STRANGER, "Eve", "Outsider")
    _create_customer(client)
    _customer_says(client, settings, "I want to talk to a person")
    card = _alert(fake, engine)
    assert_card_refused(client, settings, fake, channel, engine, card, refusal=REFUSAL, reply="hi, Eve here",
                        member=stranger)

    # a linked member of the same chat still acts, under the account's name
    assert post_update(client, settings, button_press(card, "tk:take:1")) == 200
    assert MEMBERS[777] in fake.called("answerCallbackQuery")[-1]["text"]


def test_an_unlinked_member_cannot_decide_a_refund(
    staff_client: TestClient,
    staff_settings: Settings,
    staff_services: Services,
    fake_telegram: FakeTelegram,
    channel: ConsoleChannel,
) -> None:
    client, settings, fake, engine = staff_client, staff_settings, fake_telegram, staff_services.engine
    alert, request_id = _refund_asked(client, settings, fake, engine, "I want a refund")
    before = len(channel.sent)
    stranger = staff_user(STRANGER, "Eve", "Outsider")
    for decision in ("approve", "reject"):
        assert post_update(client, settings, button_press(alert, f"rf:{decision}:{request_id}", stranger)) == 200
        assert _refused(fake.called("answerCallbackQuery")[-1])
    assert channel.sent[before:] == []
    with Session(engine) as session:
        assert session.exec(select(SubscriptionRequest)).one().state == "awaiting_staff"
