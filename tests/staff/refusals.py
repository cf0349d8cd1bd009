"""What a refused staff member's Take, Close and reply must leave behind: a polite alert or message,
nothing sent to the customer, no card edited and the ticket untouched. Shared by the tests of
unlinked members and of disabled accounts, which differ only in who presses and in the words."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.models import Ticket
from bot.core.settings import Settings
from tests.staff.conftest import button_press, post_update, staff_reply
from tests.staff.fake_telegram import FakeTelegram


def refused(answer: dict[str, Any], refusal: str) -> bool:
    return answer.get("show_alert") in ("true", True) and answer["text"] == refusal


def assert_card_refused(client: TestClient, settings: Settings, fake: FakeTelegram, channel: ConsoleChannel,
                        engine: Engine, card: dict[str, Any], *, refusal: str, reply: str,
                        member: dict[str, Any] | None = None) -> None:
    before = len(channel.sent)
    for press in ("tk:take:1", "tk:close:1"):
        assert post_update(client, settings, button_press(card, press, member)) == 200
        assert refused(fake.called("answerCallbackQuery")[-1], refusal)
    assert post_update(client, settings, staff_reply(card, reply, member)) == 200
    assert fake.sent()[-1]["text"] == refusal
    assert channel.sent[before:] == []  # the customer heard nothing
    assert not fake.called("editMessageText")
    with Session(engine) as session:
        ticket = session.exec(select(Ticket)).one()
        assert (ticket.status, ticket.assignee, ticket.first_response_at) == ("open", None, None)
