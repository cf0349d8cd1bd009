"""Tickets: open (or join the open one), take, record staff replies, close; numbered per workspace.

One live ticket per contact: a new request while one is open joins it (web-agency asks for this:
duplicates of an open request are refused). Numbers come from max(seq)+1 under the unique
(workspace, seq) key: on PostgreSQL a per-workspace advisory transaction lock queues concurrent
openings, and a clash (SQLite, or a lock-free path) is retried, so no two tickets share a number.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Exists, bindparam, exists, func, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.core.models import Contact, Conversation, ConversationStatus, Customer, Message, Ticket, TicketStatus
from bot.core.workspaces import Workspace
from handlers.hours import add_business_minutes
from handlers.read_memo import remember, remembered

LIVE = (TicketStatus.open, TicketStatus.assigned)
NUMBER_ATTEMPTS = 20
_LIVE_TICKET = (select(Ticket).where(Ticket.contact_id == bindparam("contact_id"), col(Ticket.status).in_(LIVE))
                .order_by(col(Ticket.id).desc()).limit(1))  # built once: every turn asks


def format_number(workspace: Workspace, seq: int) -> str:
    return f"{workspace.support.ticket_prefix}-{seq:05d}"


def live_ticket(session: Session, contact_id: int) -> Ticket | None:
    """The contact's open or assigned ticket, if any (asked by several handlers of a turn: read once
    until the session next writes)."""
    def read() -> Ticket | None:
        return session.exec(_LIVE_TICKET, params={"contact_id": contact_id}).first()

    return remembered(session, ("live_ticket", contact_id), read)


def live_ticket_exists(contact_id: ColumnElement[int]) -> Exists:
    """Whether `contact_id` has a live ticket, as an EXISTS that another read can carry (bot.inbound
    asks it with the contact, one statement instead of one more a turn)."""
    return exists().where(Ticket.contact_id == contact_id, col(Ticket.status).in_(LIVE))


def remember_no_live_ticket(session: Session, contact_id: int) -> None:
    """`live_ticket` answers None without a query until the session next writes (the caller has
    just read that there is none)."""
    remember(session, ("live_ticket", contact_id), None)


def latest_ticket(session: Session, contact_id: int) -> Ticket | None:
    return session.exec(select(Ticket).where(Ticket.contact_id == contact_id).order_by(col(Ticket.id).desc())).first()


def find_by_number(session: Session, workspace: str, number: str) -> Ticket | None:
    return session.exec(select(Ticket).where(Ticket.workspace == workspace, Ticket.number == number.upper())).first()


def first_response_due(workspace: Workspace, created: datetime) -> datetime | None:
    """When the first-response target is missed: business minutes where the workspace has hours."""
    minutes = workspace.support.first_response_minutes
    if minutes is None:
        return None
    if workspace.support.business_time_only:
        return add_business_minutes(workspace, created, minutes)
    return created + timedelta(minutes=minutes)


def _serialize_numbering(session: Session, workspace: str) -> None:
    """On PostgreSQL, take a per-workspace transaction lock so concurrent openings queue, not collide."""
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"ticket-seq:{workspace}".encode()) - 2**31  # any stable signed 32-bit key
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def _next_seq(session: Session, workspace: str) -> int:
    current = session.exec(select(func.max(Ticket.seq)).where(Ticket.workspace == workspace)).one()
    return int(current or 0) + 1


def create_ticket(session: Session, workspace: Workspace, *, contact: Contact, conversation: Conversation | None,
                  customer: Customer | None, handoff: str, reason: str, now: datetime) -> Ticket:
    """A new ticket with the next free number of the workspace."""
    _serialize_numbering(session, workspace.slug)
    for _ in range(NUMBER_ATTEMPTS):
        seq = _next_seq(session, workspace.slug)
        ticket = Ticket(
            workspace=workspace.slug, seq=seq, number=format_number(workspace, seq), contact_id=contact.id or 0,
            conversation_id=conversation.id if conversation else None,
            customer_id=customer.id if customer else None, handoff=handoff, reason=reason,
            due_at=first_response_due(workspace, now), last_customer_message_at=now, created_at=now,
        )
        try:
            with session.begin_nested():
                session.add(ticket)
                session.flush()
        except IntegrityError:
            continue  # another worker took this number; read the new maximum and try again
        return ticket
    raise RuntimeError(f"could not number a ticket for {workspace.slug} after {NUMBER_ATTEMPTS} attempts")


def open_or_join(session: Session, workspace: Workspace, *, contact: Contact, conversation: Conversation,
                 customer: Customer | None, handoff: str, reason: str, now: datetime) -> tuple[Ticket, bool]:
    """The contact's live ticket (joined), or a new one; (ticket, created)."""
    existing = live_ticket(session, contact.id or 0)
    if existing is not None:
        existing.last_customer_message_at = now
        if existing.conversation_id is None:
            existing.conversation_id = conversation.id
        return existing, False
    ticket = create_ticket(session, workspace, contact=contact, conversation=conversation, customer=customer,
                           handoff=handoff, reason=reason, now=now)
    conversation.status = ConversationStatus.open
    return ticket, True


def take(session: Session, ticket_id: int, staff: str, now: datetime) -> bool:
    """Claim an open ticket for one staff member; False if someone else was first or it is closed.

    A single conditional UPDATE, so two staff pressing Take at once cannot both win.
    """
    result = session.execute(
        update(Ticket).where(col(Ticket.id) == ticket_id, col(Ticket.status) == TicketStatus.open)
        .values(status=TicketStatus.assigned, assignee=staff)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    ticket = session.get(Ticket, ticket_id)
    assert ticket is not None
    session.refresh(ticket)
    conversation = session.get(Conversation, ticket.conversation_id) if ticket.conversation_id else None
    if conversation is not None:
        conversation.status = ConversationStatus.open
        conversation.assignee = staff
        conversation.updated_at = now
    return True


def record_staff_reply(session: Session, ticket: Ticket, now: datetime) -> None:
    """A person answered: the first-response clock stops and the inactivity clock starts."""
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    ticket.last_staff_message_at = now


def record_customer_message(ticket: Ticket, now: datetime) -> None:
    ticket.last_customer_message_at = now


def close(session: Session, ticket: Ticket, now: datetime, reason: str) -> bool:
    """Close the ticket and hand the conversation back to the bot; False if it was already closed."""
    if ticket.status == TicketStatus.closed:
        return False
    ticket.status = TicketStatus.closed
    ticket.closed_at = now
    ticket.close_reason = reason[:64]
    conversation = session.get(Conversation, ticket.conversation_id) if ticket.conversation_id else None
    if conversation is not None:
        conversation.status = ConversationStatus.pending
        conversation.assignee = None
        conversation.updated_at = now
    return True


def transcript(session: Session, ticket: Ticket, limit: int = 200) -> list[Message]:
    """The ticket's messages: its conversation from the ticket's opening to its closing, oldest first."""
    if ticket.conversation_id is None:
        return []
    query = select(Message).where(Message.conversation_id == ticket.conversation_id,
                                  col(Message.created_at) >= ticket.created_at)
    if ticket.closed_at is not None:
        query = query.where(col(Message.created_at) <= ticket.closed_at)
    rows = session.exec(query.order_by(col(Message.id).desc()).limit(limit)).all()
    return list(reversed(rows))
