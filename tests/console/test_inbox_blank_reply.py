"""A reply or a note of only spaces or line breaks is refused in words: the reply box's `required` lets
"   " through, and an empty message went to the customer through the channel (an empty note was kept)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.console.i18n import text
from bot.core.models import Message
from bot.services import Services
from tests.console.test_inbox import CUSTOMER, waiting_for_staff


def test_a_blank_reply_sends_nothing(client: TestClient, engine: Engine, services: Services,
                                     channel: ConsoleChannel) -> None:
    csrf, conv = waiting_for_staff(client, engine, services, channel)
    before = len(channel.sent)
    with Session(engine) as session:
        stored = len(session.exec(select(Message).where(Message.conversation_id == conv)).all())
    answer = client.post(f"/app/inbox/{conv}/reply", data={"csrf": csrf, "body": " \n\t "})
    assert answer.status_code == 200
    assert text("inbox.blank", "he") in answer.text
    assert [m for m in channel.sent[before:] if m.to == CUSTOMER] == []
    noted = client.post(f"/app/inbox/{conv}/note", data={"csrf": csrf, "body": "   "})
    assert text("inbox.blank", "he") in noted.text
    with Session(engine) as session:
        assert len(session.exec(select(Message).where(Message.conversation_id == conv)).all()) == stored
