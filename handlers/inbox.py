"""The staff inbox: conversations by state, searched by number, name and text, and one conversation whole.

Plain functions over the database, so the web console (and any later API) shows what Telegram staff
see. A conversation's inbox state is read from the conversation and its live ticket:
- `bot`: the bot is answering (no ticket open);
- `waiting`: a ticket is open and nobody took it yet;
- `held`: a person took it;
- `snoozed`: put aside until a time or until the customer writes (`wake_snoozed` ends a timed one);
- `resolved`: a person closed it; the customer's next message reopens it.
Internal notes between colleagues are stored beside the messages (direction `note`) and are never sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bot.core.models import (
    Contact,
    Conversation,
    ConversationStatus,
    Customer,
    Message,
    SatisfactionSurvey,
    Ticket,
    TicketStatus,
)
from bot.core.workspaces import Workspace
from handlers import inbox_counts, inbox_search
from handlers.customers import find_customer
from handlers.entitlement import Decision, decide
from handlers.staff_outbox import enqueue
from handlers.texts import text

STATES = ("bot", "waiting", "held", "snoozed", "resolved")
NOTE = "note"  # Message.direction of an internal note
PAGE = 50
# The states read from a live ticket: their few conversations are looked up from the tickets.
BY_TICKET = {"waiting": TicketStatus.open, "held": TicketStatus.assigned}


@dataclass(frozen=True)
class InboxRow:
    conversation: Conversation
    contact: Contact
    ticket: Ticket | None
    state: str
    last_text: str
    last_at: datetime


@dataclass
class ConversationView:
    conversation: Conversation
    contact: Contact
    state: str
    messages: list[Message]
    tickets: list[Ticket]
    ticket: Ticket | None
    customer: Customer | None
    entitlement: Decision
    extras: dict[str, object] = field(default_factory=dict)
    ratings: list[SatisfactionSurvey] = field(default_factory=list)  # the contact's answered ratings, newest first


def state_of(conversation: Conversation, ticket: Ticket | None) -> str:
    if conversation.status == ConversationStatus.resolved:
        return "resolved"
    if conversation.status == ConversationStatus.snoozed:
        return "snoozed"
    if ticket is not None and ticket.status == TicketStatus.assigned:
        return "held"
    if ticket is not None and ticket.status == TicketStatus.open:
        return "waiting"
    return "bot"


def _live_tickets(session: Session, conversation_ids: list[int]) -> dict[int, Ticket]:
    if not conversation_ids:
        return {}
    rows = session.exec(select(Ticket).where(col(Ticket.conversation_id).in_(conversation_ids),
                                             Ticket.status != TicketStatus.closed)).all()
    return {t.conversation_id: t for t in rows if t.conversation_id is not None}


def _state_filter(query, state: str | None):  # type: ignore[no-untyped-def]
    """Narrow a conversation query to one inbox state, in one query. Waiting and held start from their few live
    tickets (IN, by `ix_ticket_status_conversation`); the bot's, most of the inbox, by EXISTS on the walk."""
    live = select(Ticket.id).where(Ticket.conversation_id == Conversation.id, Ticket.status == TicketStatus.open)
    held = select(Ticket.id).where(Ticket.conversation_id == Conversation.id, Ticket.status == TicketStatus.assigned)
    active = col(Conversation.status).not_in([ConversationStatus.resolved, ConversationStatus.snoozed])
    if state == "resolved":
        return query.where(Conversation.status == ConversationStatus.resolved)
    if state == "snoozed":
        return query.where(Conversation.status == ConversationStatus.snoozed)
    if state in BY_TICKET:
        tickets = select(Ticket.conversation_id).where(Ticket.status == BY_TICKET[state])
        return query.where(active, col(Conversation.id).in_(tickets))
    if state == "bot":
        return query.where(active, ~live.exists(), ~held.exists())
    return query


def list_conversations(session: Session, workspace: str, *, state: str | None = None, q: str = "",
                       channel: str | None = None, language: str | None = None, limit: int = PAGE,
                       offset: int = 0) -> list[InboxRow]:
    """Newest activity first; `q` matches the number, the name or any message text (`handlers.inbox_search`)."""
    query = (select(Conversation, Contact).join(Contact, col(Contact.id) == col(Conversation.contact_id))
             .where(inbox_search.scope(session, workspace, q, by_key=state in BY_TICKET)))
    query = _state_filter(query, state)
    if channel:
        query = query.where(Conversation.channel == channel)
    if language:
        query = query.where(Conversation.language == language)
    rows = session.exec(query.order_by(col(Conversation.updated_at).desc(), col(Conversation.id).desc())
                        .offset(offset).limit(limit)).all()
    ids = [c.id for c, _ in rows if c.id is not None]
    tickets = _live_tickets(session, ids)
    last = _last_messages(session, ids)
    out = []
    for conversation, contact in rows:
        ticket = tickets.get(conversation.id or 0)
        text, at = last.get(conversation.id or 0, ("", conversation.updated_at))
        out.append(InboxRow(conversation, contact, ticket, state_of(conversation, ticket), text, at))
    return out


def _last_messages(session: Session, ids: list[int]) -> dict[int, tuple[str, datetime]]:
    if not ids:
        return {}
    newest = (select(Message.conversation_id, func.max(Message.id).label("last_id"))
              .where(col(Message.conversation_id).in_(ids), Message.direction != NOTE)
              .group_by(col(Message.conversation_id)).subquery())
    rows = session.exec(select(Message).join(newest, col(Message.id) == newest.c.last_id)).all()
    return {m.conversation_id: (m.body, m.created_at) for m in rows if m.conversation_id is not None}


def activity_mark(session: Session, workspace: str) -> str:
    """Changes whenever the inbox list may have: a conversation's activity (messages, take, close, snooze
    all move `updated_at`) or a new conversation. Two index lookups, so a browser can ask every half second."""
    newest = session.exec(select(func.max(Conversation.updated_at)).where(Conversation.workspace == workspace)).one()
    last_id = session.exec(select(func.max(Conversation.id))).one()
    return f"{newest.timestamp() if newest else 0:.6f}-{last_id or 0}"


def counts_by_state(session: Session, workspace: str) -> dict[str, int]:
    """The tab counts, from the indexes rather than a scan per state (`handlers.inbox_counts`)."""
    found = inbox_counts.count_states(session, workspace)
    return {state: found.get(state, 0) for state in STATES}


def conversation_view(session: Session, workspace: Workspace, conversation_id: int, now: datetime,
                      limit: int = 500) -> ConversationView | None:
    """The whole history (bot turns with intent and topic, notes), the customer card and the tickets."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.workspace != workspace.slug:
        return None
    contact = session.get(Contact, conversation.contact_id)
    assert contact is not None
    messages = list(session.exec(select(Message).where(Message.conversation_id == conversation_id)
                                 .order_by(col(Message.id).desc()).limit(limit)).all())[::-1]
    tickets = list(session.exec(select(Ticket).where(Ticket.contact_id == contact.id)
                                .order_by(col(Ticket.id).desc())).all())
    live = next((t for t in tickets if t.conversation_id == conversation_id and t.status != TicketStatus.closed), None)
    customer = find_customer(session, workspace.slug, contact.phone)
    return ConversationView(conversation, contact, state_of(conversation, live), messages, tickets, live, customer,
                            decide(workspace, customer, now), ratings=ratings_of(session, contact.id or 0))


def ratings_of(session: Session, contact_id: int, limit: int = 20) -> list[SatisfactionSurvey]:
    """The customer's answered satisfaction questions, newest first (the card shows them with the ticket)."""
    return list(session.exec(select(SatisfactionSurvey).where(SatisfactionSurvey.contact_id == contact_id,
                                                              col(SatisfactionSurvey.rating).is_not(None))
                             .order_by(col(SatisfactionSurvey.id).desc()).limit(limit)).all())


def add_note(session: Session, conversation: Conversation, author: str, body: str, now: datetime) -> Message:
    """An internal note: kept with the conversation for colleagues, never sent to the customer."""
    note = Message(workspace=conversation.workspace, conversation_id=conversation.id,
                   contact_id=conversation.contact_id, direction=NOTE, channel=conversation.channel,
                   sender=author[:64], body=body, status=NOTE, processed=True, created_at=now, updated_at=now)
    session.add(note)
    conversation.updated_at = now
    return note


def snooze(conversation: Conversation, now: datetime, until: datetime | None = None) -> None:
    """Snoozed until `until` (None: until the customer writes); a new inbound message wakes it either way."""
    conversation.status, conversation.snoozed_until, conversation.updated_at = ConversationStatus.snoozed, until, now


def wake_snoozed(session: Session, workspace: Workspace, now: datetime) -> int:
    """Conversations whose snooze time has passed go back to waiting (a person held it) or to the bot,
    and the staff chat is told, in its language, under the ticket's card when there is one.

    Run before the inbox reads its states and by the scheduler's support scan, so a snooze ends at its
    time with nobody looking. A read first: nothing is written (no write lock taken) unless a snooze is
    due. Each wake is a conditional UPDATE, so when two processes wake the same snooze only one does,
    and the note is posted once.
    """
    due = session.exec(select(Conversation).where(
        Conversation.workspace == workspace.slug, Conversation.status == ConversationStatus.snoozed,
        col(Conversation.snoozed_until).is_not(None), col(Conversation.snoozed_until) <= now)).all()
    woken = 0
    for conversation in due:
        status = ConversationStatus.open if conversation.assignee else ConversationStatus.pending
        won = session.execute(update(Conversation).where(
            col(Conversation.id) == conversation.id, col(Conversation.status) == ConversationStatus.snoozed,
            col(Conversation.snoozed_until) == conversation.snoozed_until,
        ).values(status=status, snoozed_until=None, updated_at=now)).rowcount  # type: ignore[attr-defined]
        if won == 1:
            woken += 1
            _tell_snooze_over(session, workspace, conversation, now)
    return woken


def _tell_snooze_over(session: Session, workspace: Workspace, conversation: Conversation, now: datetime) -> None:
    """The staff chat's note that a timed snooze ended (the alerts' language: the workspace's first)."""
    contact = session.get(Contact, conversation.contact_id)
    ticket = session.exec(select(Ticket).where(Ticket.conversation_id == conversation.id,
                                               Ticket.status != TicketStatus.closed)).first()
    customer = find_customer(session, workspace.slug, contact.phone) if contact else None
    name = (customer.name if customer else None) or (contact.name if contact else None) or ""
    note = text("support_staff_snooze_over", workspace.default_language,
                name=name, phone=contact.phone if contact else "",
                number_part=f" ({ticket.number})" if ticket else "")
    enqueue(session, workspace, kind="notice", text=" ".join(note.split()), now=now,
            ticket_id=ticket.id if ticket else None)


def resolve(conversation: Conversation, now: datetime) -> None:
    """Resolved: a person finished with it; the customer's next message reopens it (handlers.records)."""
    conversation.status, conversation.assignee, conversation.snoozed_until = ConversationStatus.resolved, None, None
    conversation.updated_at = now


def hand_back(session: Session, conversation: Conversation, now: datetime) -> None:
    """The bot answers again: a live ticket is closed ("handed back") and nobody holds the conversation."""
    from handlers.tickets import close

    for ticket in session.exec(select(Ticket).where(Ticket.conversation_id == conversation.id,
                                                    Ticket.status != TicketStatus.closed)).all():
        close(session, ticket, now, reason="handed_back")
    conversation.status, conversation.assignee, conversation.updated_at = ConversationStatus.pending, None, now
    conversation.snoozed_until = None
