"""A conversation's messages speak the staff member's language: what the bot understood (the intent in
words, the topic's own title), how sure it was ("the bot is fairly sure", the percent only as a tooltip)
and what became of a reply ("answered", "delivered"), never "faq · support-hours · 0.90" or "replied"."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.console.config import config
from bot.console.i18n import LANGUAGES, has, text
from bot.console.pages.inbox import sureness
from bot.core.db import session_scope
from bot.core.models import Conversation, Message
from bot.services import Services
from handlers.intents import Intent
from handlers.pipeline import handle_message
from handlers.turn import Channel, Inbound, TurnContext
from tests.console.test_inbox import staff_client

# What Twilio's status callbacks and our own writes put in Message.status
STATUSES = (
    "received",
    "replied",
    "queued",
    "accepted",
    "scheduled",
    "sending",
    "sent",
    "delivered",
    "read",
    "failed",
    "undelivered",
    "unknown",
    "canceled",
)
RAW = ("faq", "support-hours", "replied", "received")


def _asked(engine: Engine, services: Services) -> tuple[int, Message, Message]:
    workspace = services.workspaces.by_slug("msg-software")
    assert workspace is not None
    with session_scope(engine) as session:  # with the knowledge bases, so the FAQ answers
        ctx = TurnContext(session=session, workspace=workspace, now=services.now(), knowledge=services.knowledge)
        handle_message(
            ctx, Inbound(workspace="msg-software", sender="+972502345678", text="מה שעות הפעילות של התמיכה?")
        )
    with Session(engine) as session:
        asked = session.exec(select(Message).where(Message.direction == "inbound")).one()
        answer = session.exec(select(Message).where(Message.direction == "outbound")).one()
        conversation = session.exec(select(Conversation)).one()
    assert conversation.id is not None and asked.topic == "support-hours" and asked.confidence is not None
    return conversation.id, asked, answer


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_turn_shows_intent_topic_and_sureness_in_words(
    lang: str, client: TestClient, engine: Engine, services: Services, channel: ConsoleChannel
) -> None:
    conv, asked, answer = _asked(engine, services)
    staff_client(client, engine, services, channel)
    client.get(f"/app/lang/{lang}?back=/app/inbox")
    page = client.get(f"/app/inbox/{conv}").text
    fragment = client.get(f"/app/inbox/{conv}/messages").text
    kb = services.knowledge.get("msg-software")
    title = kb.topics["support-hours"].title.get(lang)
    assert asked.confidence is not None
    for html in (page[page.index('id="messages"') : page.index("actions-card")], fragment):
        lines = re.findall(r'<div class="meta muted">(.*?)</div>', html, flags=re.S)
        assert len(lines) == 2
        shown = [re.sub(r"<[^>]+>", "", line) for line in lines]
        for raw in RAW:
            assert (
                not any(re.search(rf"(?<![\w-]){re.escape(raw)}(?![\w-])", words) for words in shown)
                or lang == "en"
                and raw == "received"
            ), (raw, shown)
        assert not any(re.search(r"(?<![\d.])[01]\.\d\d(?!\d)", words) for words in shown), shown
        customer, bot = lines  # the question, then the bot's answer
        assert text("inbox.intent.faq", lang) in customer and title in customer
        assert text(f"inbox.sure.{sureness(asked.confidence)}", lang) in customer
        assert f'title="{text("inbox.sure.title", lang, percent=round(asked.confidence * 100))}"' in customer
        assert title in bot and text(f"inbox.sent.{answer.status}", lang) in bot
    row = client.get("/app/inbox/list").text
    row = row[row.index(f'data-id="{conv}"') :]
    assert text("inbox.lang.he", lang) in row and "<span>he</span>" not in row  # the customer's language, named


def test_sureness_follows_the_console_numbers() -> None:
    limits = config()
    assert sureness(limits.sure) == "high" and sureness(1.0) == "high"
    assert sureness(limits.sure - 0.01) == "medium" and sureness(limits.fairly_sure) == "medium"
    assert sureness(limits.fairly_sure - 0.01) == "low" and sureness(0.0) == "low"


def test_every_intent_status_channel_and_language_has_words() -> None:
    """A new intent or status without strings would show its code (t.maybe's fallback)."""
    missing = [
        key
        for key in (
            *(f"inbox.intent.{i}" for i in get_args(Intent)),
            *(f"inbox.sent.{s}" for s in STATUSES),
            *(f"inbox.channel.{c}" for c in get_args(Channel)),
            *(f"inbox.lang.{lang}" for lang in LANGUAGES),
            *(f"inbox.sure.{level}" for level in ("high", "medium", "low")),
        )
        if not has(key)
    ]
    assert missing == []
