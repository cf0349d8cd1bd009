"""What staff do from Telegram - take, close, answer - as plain sync functions over the database.

The aiogram handlers (bot/staff/staff_chat.py) call these in a worker thread; every action checks that
the ticket belongs to the workspace whose staff chat it came from, so one business's staff can
never touch another's customers. Messages to the customer go out through the output channel,
honouring WhatsApp's 24-hour window (scheduler/customer_notice.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel import Session, col, select

from bot.core.db import session_scope
from bot.core.logs import masked
from bot.core.models import ConsoleUser, Contact, Conversation, Role, StaffNotification, Ticket, TicketStatus
from bot.core.workspaces import Workspace
from bot.services import Services
from handlers import inbox, satisfaction, tickets
from handlers.texts import text
from knowledge.grammar import address
from scheduler.customer_notice import Delivery, send_to_contact

log = logging.getLogger("bot.staff")


@dataclass(frozen=True)
class StaffMember:
    telegram_id: int
    first_name: str
    full_name: str

    @property
    def assignee(self) -> str:
        return f"{self.full_name} (tg:{self.telegram_id})"[:200]


@dataclass(frozen=True)
class Outcome:
    ok: bool
    toast: str                     # the short answer to the button press / the reply
    card_line: str | None = None   # appended to the ticket's card
    status: str | None = None      # the ticket's status after the action (for the buttons)


class Staff(Protocol):
    """Whoever acts: a Telegram member of the staff chat, or a console user (the same person, one name)."""

    @property
    def assignee(self) -> str: ...
    @property
    def first_name(self) -> str: ...
    @property
    def full_name(self) -> str: ...


@dataclass(frozen=True)
class Door:
    """Where an action comes from: the workspace's staff chat (`chat_id`) or the console (`workspace`)."""

    chat_id: str | None = None
    workspace: str | None = None

    def admits(self, workspace: Workspace) -> bool:
        if self.chat_id is not None:
            return workspace.support.staff_chat_id == self.chat_id
        return workspace.slug == self.workspace


@dataclass(frozen=True)
class Refused:
    """Why a Telegram member may not act here; `toast` is the polite answer in the chat's language."""

    key: str  # handlers/texts.yaml

    def toast(self, lang: str) -> str:
        return text(self.key, lang)


NOT_LINKED = Refused("support_staff_not_linked")
DISABLED = Refused("support_staff_account_disabled")
ACTING_ROLES = frozenset({Role.owner, Role.staff})


def as_known(session: Session, workspace: str, staff: Staff) -> Staff | Refused:
    """Who may act from the staff chat: only a Telegram member linked to an enabled owner or staff account of
    the workspace, and under the account's name, the name the console uses, so the staff chat, alerts and
    the inbox agree on who holds what. Being in the chat is not enough (anyone added to it, or a person who
    left the business but not the chat, would answer customers); disabling an account closes every door it
    had, the staff chat's buttons and replies included. Console users (the web door) are checked at login."""
    if not isinstance(staff, StaffMember):
        return staff
    user = session.exec(select(ConsoleUser).where(ConsoleUser.workspace == workspace,
                                                  ConsoleUser.telegram_user_id == staff.telegram_id)
                        .order_by(col(ConsoleUser.disabled_at).is_not(None), col(ConsoleUser.id))).first()
    if user is None or user.role not in ACTING_ROLES:
        return NOT_LINKED
    if user.disabled_at is not None:
        return DISABLED
    if not user.name.strip():
        return staff
    return StaffMember(telegram_id=staff.telegram_id, first_name=user.name.split()[0], full_name=user.name)


def _ticket_for_chat(session: Session, services: Services, ticket_id: int,
                     chat_id: str | Door) -> tuple[Ticket, Workspace] | None:
    door = chat_id if isinstance(chat_id, Door) else Door(chat_id=chat_id)
    ticket = session.get(Ticket, ticket_id)
    workspace = services.workspaces.by_slug(ticket.workspace) if ticket else None
    if ticket is None or workspace is None or not door.admits(workspace):
        return None
    return ticket, workspace


def chat_language(services: Services, chat_id: str) -> str:
    """The language to answer a staff chat in: its workspace's first language."""
    for workspace in services.workspaces:
        if workspace.support.staff_chat_id == chat_id:
            return workspace.default_language
    return "en"


def callback_url(services: Services) -> str | None:
    if services.channel.name == "console" or not services.settings.twilio_status_callback:
        return None
    return f"{services.settings.public_base_url}/webhooks/twilio/status"


def _tell_customer(session: Session, services: Services, workspace: Workspace, ticket: Ticket, key: str,
                   now: datetime, **values: object) -> Delivery:
    contact = session.get(Contact, ticket.contact_id)
    conversation = session.get(Conversation, ticket.conversation_id) if ticket.conversation_id else None
    assert contact is not None
    lang = (conversation.language if conversation else None) or contact.language or workspace.default_language
    address.use(workspace)  # the customer hears the workspace's one form of address
    body = text(key, lang, number=ticket.number, **values)
    return send_to_contact(session, services.channel, workspace, contact=contact, conversation=conversation,
                           body=body, purpose="notice", now=now, template_vars={"1": ticket.number, "2": body},
                           status_callback=callback_url(services))


def not_sent_line(workspace: Workspace, delivery: Delivery, purpose: str) -> str | None:
    if delivery.sent:
        return None
    lang = workspace.default_language
    why = text("support_staff_no_template", lang, purpose=purpose) if delivery.error == "no_template" \
        else (delivery.error or "-")
    return text("support_staff_not_sent", lang, why=why)


def take(services: Services, ticket_id: int, chat_id: str | Door, staff: Staff) -> Outcome:
    """Take pressed: claim the ticket (first press wins) and tell the customer a person is here."""
    now = services.now()
    with session_scope(services.engine) as session:
        found = _ticket_for_chat(session, services, ticket_id, chat_id)
        if found is None:
            return Outcome(False, "unknown ticket")
        ticket, workspace = found
        known = as_known(session, workspace.slug, staff)
        lang = workspace.default_language
        if isinstance(known, Refused):
            return Outcome(False, known.toast(lang))
        staff = known
        if not tickets.take(session, ticket.id or 0, staff.assignee, now):
            session.refresh(ticket)
            if ticket.status == TicketStatus.closed:
                return Outcome(False, text("support_staff_already_closed", lang), status=ticket.status)
            return Outcome(False, text("support_staff_already_taken", lang, staff=ticket.assignee or "-"),
                           status=ticket.status)
        delivery = _tell_customer(session, services, workspace, ticket, "support_staff_joined", now,
                                  staff=staff.first_name)
        line = text("support_staff_taken", lang, staff=staff.full_name)
        extra = not_sent_line(workspace, delivery, "notice")
        return Outcome(True, line, card_line=f"{line}\n{extra}" if extra else line, status=TicketStatus.assigned)


def _resolve(session: Session, ticket: Ticket, now: datetime) -> None:
    """A person closing the ticket resolves its conversation (the inbox's resolved tab) unless the
    customer has another live ticket in it; the customer's next message reopens it."""
    conversation = session.get(Conversation, ticket.conversation_id) if ticket.conversation_id else None
    if conversation is None or tickets.live_ticket(session, ticket.contact_id) is not None:
        return
    inbox.resolve(conversation, now)


def close(services: Services, ticket_id: int, chat_id: str | Door, staff: Staff) -> Outcome:
    """Close pressed: the ticket is closed and its conversation resolved (the bot answers if they write again)."""
    now = services.now()
    with session_scope(services.engine) as session:
        found = _ticket_for_chat(session, services, ticket_id, chat_id)
        if found is None:
            return Outcome(False, "unknown ticket")
        ticket, workspace = found
        known = as_known(session, workspace.slug, staff)
        lang = workspace.default_language
        if isinstance(known, Refused):
            return Outcome(False, known.toast(lang))
        staff = known
        if not tickets.close(session, ticket, now, reason="staff"):
            return Outcome(False, text("support_staff_already_closed", lang), status=TicketStatus.closed)
        _resolve(session, ticket, now)
        delivery = _tell_customer(session, services, workspace, ticket, "support_staff_closed", now)
        satisfaction.ask_after_close(session, services.channel, workspace, ticket, now, callback_url(services))
        line = text("support_staff_closed_by", lang, staff=staff.full_name)
        extra = not_sent_line(workspace, delivery, "notice")
        return Outcome(True, line, card_line=f"{line}\n{extra}" if extra else line, status=TicketStatus.closed)


def ticket_of_staff_message(session: Session, chat_id: str, message_id: int) -> int | None:
    """The ticket a bot message in the staff chat (card, relay, SLA alert) belongs to."""
    return session.exec(
        select(StaffNotification.ticket_id).where(
            StaffNotification.chat_id == chat_id, StaffNotification.telegram_message_id == message_id,
            col(StaffNotification.ticket_id).is_not(None))
    ).first()


def reply(services: Services, chat_id: str, reply_to_message_id: int, staff: StaffMember, body: str) -> Outcome:
    """A staff reply to a ticket's message: it goes to the customer (as a template outside the window)."""
    with session_scope(services.engine) as session:
        ticket_id = ticket_of_staff_message(session, chat_id, reply_to_message_id)
    if ticket_id is None:
        return Outcome(False, text("support_staff_unknown_reply", "en"))
    return reply_to_ticket(services, ticket_id, chat_id, staff, body)


def reply_to_ticket(services: Services, ticket_id: int, door: str | Door, staff: Staff, body: str) -> Outcome:
    """Send a person's answer on a ticket to the customer (as a template outside WhatsApp's window)."""
    now = services.now()
    with session_scope(services.engine) as session:
        found = _ticket_for_chat(session, services, ticket_id, door)
        if found is None:
            return Outcome(False, text("support_staff_unknown_reply", "en"))
        ticket, workspace = found
        known = as_known(session, workspace.slug, staff)
        lang = workspace.default_language
        if isinstance(known, Refused):
            return Outcome(False, known.toast(lang))
        staff = known
        if ticket.status == TicketStatus.closed:
            return Outcome(False, text("support_staff_already_closed", lang), status=ticket.status)
        if ticket.status == TicketStatus.open:
            tickets.take(session, ticket.id or 0, staff.assignee, now)  # answering is taking
        contact = session.get(Contact, ticket.contact_id)
        conversation = session.get(Conversation, ticket.conversation_id) if ticket.conversation_id else None
        assert contact is not None
        delivery = send_to_contact(session, services.channel, workspace, contact=contact, conversation=conversation,
                                   body=body, purpose="staff_reply", now=now,
                                   template_vars={"1": ticket.number, "2": body[:1000]},
                                   status_callback=callback_url(services))
        if not delivery.sent:
            log.warning("staff reply on %s not delivered to %s: %s", ticket.number, masked(contact.phone),
                        delivery.error)
            return Outcome(False, not_sent_line(workspace, delivery, "staff_reply") or "-", status=ticket.status)
        tickets.record_staff_reply(session, ticket, now)
        return Outcome(True, text("support_staff_sent", lang, how=delivery.how), status=ticket.status)
