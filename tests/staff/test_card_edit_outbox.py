"""The outbox's card edits (bot/staff/cards.py) against the fake Telegram server: an edit queued before
its card was posted edits it once posted, never posts a message of its own, and a ticket without a card
is no error (issue 16)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.db import session_scope
from bot.core.models import StaffNotification, Ticket
from bot.core.settings import Settings
from bot.services import Services
from bot.staff.cards import refresh_card
from bot.staff.outbox import deliver_due
from bot.staff.telegram import build_bot
from handlers.staff_outbox import enqueue
from tests.conftest import FixedClock
from tests.console.test_inbox import customer_asks_for_a_person
from tests.staff.conftest import STAFF_CHAT
from tests.staff.fake_telegram import FakeTelegram


def _deliver(settings: Settings, engine: Engine, clock: FixedClock) -> int:
    async def run() -> int:
        bot = build_bot(settings)
        try:
            return await deliver_due(bot, engine, clock())
        finally:
            await bot.session.close()
    return asyncio.run(run())


def _ticket_with_card_queued(engine: Engine, services: Services, *, posted_later: bool) -> int:
    customer_asks_for_a_person(engine, services)
    workspace = services.workspaces.by_slug("msg-software")
    assert workspace is not None
    with session_scope(engine) as session:
        ticket = session.exec(select(Ticket)).one()
        card = enqueue(session, workspace, kind="handoff", text="🔔 MS-00001 card", ticket_id=ticket.id,
                       buttons=True, now=services.now())
        assert card is not None
        if posted_later:  # the card waits out a Telegram outage
            card.next_attempt_at = services.now() + timedelta(minutes=1)
        ticket.assignee, ticket.status = "Yael Cohen (web:1)", "assigned"
        assert refresh_card(session, workspace, ticket, "✅ Taken by Yael Cohen", services.now())
        return ticket.id or 0


def _rows(engine: Engine, kind: str) -> list[StaffNotification]:
    with Session(engine) as session:
        return list(session.exec(select(StaffNotification).where(StaffNotification.kind == kind)).all())


def test_an_edit_queued_before_its_card_waits_and_then_edits_it(
        staff_settings: Settings, services: Services, engine: Engine, fake_telegram: FakeTelegram,
        clock: FixedClock) -> None:
    _ticket_with_card_queued(engine, services, posted_later=True)
    assert _deliver(staff_settings, engine, clock) == 0
    assert fake_telegram.called("editMessageText") == [] and fake_telegram.sent() == []
    assert _rows(engine, "card")[0].status == "pending"  # waits for the card, not given up

    clock.set(clock() + timedelta(minutes=2))
    assert _deliver(staff_settings, engine, clock) == 2
    card = fake_telegram.sent(STAFF_CHAT)
    assert [c["text"] for c in card] == ["🔔 MS-00001 card"]  # the edit posted nothing of its own
    posted = next(iter(fake_telegram.messages.values()))
    edit = fake_telegram.called("editMessageText")[-1]
    assert int(edit["message_id"]) == posted["message_id"]
    assert edit["text"] == "🔔 MS-00001 card\n\n✅ Taken by Yael Cohen"
    assert [b["callback_data"] for b in edit["reply_markup"]["inline_keyboard"][0]] == ["tk:close:1"]


def test_a_ticket_never_announced_gets_no_edit(staff_settings: Settings, services: Services, engine: Engine,
                                               fake_telegram: FakeTelegram) -> None:
    customer_asks_for_a_person(engine, services)
    workspace = services.workspaces.by_slug("msg-software")
    assert workspace is not None
    with session_scope(engine) as session:
        ticket = session.exec(select(Ticket)).one()
        assert not refresh_card(session, workspace, ticket, "✅ Taken by Yael Cohen", services.now())
    assert _rows(engine, "card") == []
