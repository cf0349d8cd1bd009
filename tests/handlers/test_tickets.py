"""Tickets: per-workspace numbers (unique under concurrency), one live ticket per contact, take, close."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.db import session_scope
from bot.core.models import Contact, Conversation, Ticket
from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces
from handlers import tickets
from handlers.records import current_conversation, get_or_create_contact, store_inbound, store_outbound
from handlers.turn import Inbound
from tests.conftest import FixedClock

WS = load_workspaces(ROOT / "workspaces")
MSG = WS.by_slug("msg-software")
WEB = WS.by_slug("web-agency")


def _open(engine: Engine, workspace, phone: str, now) -> tuple[str, bool]:  # type: ignore[no-untyped-def]
    with session_scope(engine) as session:
        contact = get_or_create_contact(session, workspace.slug, phone)
        conversation = current_conversation(session, contact, "whatsapp", now)
        ticket, created = tickets.open_or_join(session, workspace, contact=contact, conversation=conversation,
                                               customer=None, handoff="human", reason="in_hours", now=now)
        return ticket.number, created


def test_numbers_are_per_workspace_and_padded(engine: Engine, clock: FixedClock) -> None:
    assert _open(engine, MSG, "+972502345678", clock.now) == ("MS-00001", True)
    assert _open(engine, MSG, "+972502345679", clock.now) == ("MS-00002", True)
    assert _open(engine, WEB, "+972502345678", clock.now) == ("WA-00001", True)


def test_a_new_request_joins_the_open_ticket(engine: Engine, clock: FixedClock) -> None:
    assert _open(engine, MSG, "+972502345678", clock.now) == ("MS-00001", True)
    later = clock.now + timedelta(hours=1)
    assert _open(engine, MSG, "+972502345678", later) == ("MS-00001", False)
    with Session(engine) as session:
        ticket = session.exec(select(Ticket)).one()
        assert ticket.last_customer_message_at == later
        assert session.get(Conversation, ticket.conversation_id).status == "open"  # type: ignore[union-attr]


def test_concurrent_openings_never_share_a_number(engine: Engine, clock: FixedClock) -> None:
    phones = [f"+9725023456{n:02d}" for n in range(12)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(lambda p: _open(engine, MSG, p, clock.now)[0], phones))
    assert sorted(numbers) == [f"MS-{n:05d}" for n in range(1, 13)]


def test_take_once_close_once_and_back_to_the_bot(engine: Engine, clock: FixedClock) -> None:
    _open(engine, MSG, "+972502345678", clock.now)
    with session_scope(engine) as session:
        ticket = session.exec(select(Ticket)).one()
        assert tickets.take(session, ticket.id, "Avi", clock.now)  # type: ignore[arg-type]
        assert not tickets.take(session, ticket.id, "Maya", clock.now)  # type: ignore[arg-type]
    with session_scope(engine) as session:
        ticket = session.exec(select(Ticket)).one()
        conversation = session.get(Conversation, ticket.conversation_id)
        assert ticket.status == "assigned" and ticket.assignee == "Avi" and conversation.assignee == "Avi"  # type: ignore[union-attr]
        assert tickets.close(session, ticket, clock.now, reason="staff")
        assert not tickets.close(session, ticket, clock.now, reason="staff")
        assert not tickets.take(session, ticket.id, "Maya", clock.now)  # type: ignore[arg-type]
    with Session(engine) as session:
        conversation = session.exec(select(Conversation)).one()
        assert conversation.status == "pending" and conversation.assignee is None
    # after closing, a new request opens a new ticket
    assert _open(engine, MSG, "+972502345678", clock.now + timedelta(minutes=5)) == ("MS-00002", True)


def test_transcript_is_the_tickets_part_of_the_conversation(engine: Engine, clock: FixedClock) -> None:
    phone = "+972502345678"
    with session_scope(engine) as session:
        store_inbound(session, Inbound(workspace=MSG.slug, sender=phone, text="before the ticket"),
                      clock.now - timedelta(days=1))
        contact = session.exec(select(Contact)).one()
        conversation = current_conversation(session, contact, "whatsapp", clock.now)
        session.exec(select(Conversation)).one()
        first, _ = store_inbound(session, Inbound(workspace=MSG.slug, sender=phone, text="agent please"), clock.now)
        first.conversation_id = conversation.id
        ticket, _ = tickets.open_or_join(session, MSG, contact=contact, conversation=conversation, customer=None,
                                         handoff="human", reason="in_hours", now=clock.now)
        store_outbound(session, workspace=MSG.slug, contact=contact, conversation=conversation, body="hi, Avi here",
                       channel="whatsapp", now=clock.now + timedelta(minutes=3))
        tickets.close(session, ticket, clock.now + timedelta(minutes=10), reason="staff")
        store_outbound(session, workspace=MSG.slug, contact=contact, conversation=conversation, body="after close",
                       channel="whatsapp", now=clock.now + timedelta(minutes=20))
        bodies = [m.body for m in tickets.transcript(session, ticket)]
    assert bodies == ["agent please", "hi, Avi here"]


def test_find_by_number_ignores_case(engine: Engine, clock: FixedClock) -> None:
    _open(engine, MSG, "+972502345678", clock.now)
    with Session(engine) as session:
        assert tickets.find_by_number(session, "msg-software", "ms-00001") is not None
        assert tickets.find_by_number(session, "web-agency", "MS-00001") is None
