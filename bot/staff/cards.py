"""Keeping a ticket's card in the staff chat true to the ticket after something was done in the browser.

The Telegram buttons edit their own card when pressed (bot/staff/staff_chat.py). An action taken in the
web inbox has no Telegram message in hand, and the web worker has no event loop of the bot, so it queues
a `card` row in the durable outbox (in the action's own transaction, like any alert); the delivery loop
edits the card (editMessageText) instead of posting: the card's text with a line on who holds it or who
closed it, and the buttons the ticket's status calls for *when the edit is sent*, so the last state wins
even when several edits wait out an outage together.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.core.models import StaffNotification, Ticket, TicketStatus
from bot.core.workspaces import Workspace
from handlers.staff_outbox import HANDOFF, TELEGRAM_TEXT_LIMIT, enqueue
from handlers.texts import text

CARD_EDIT = "card"  # StaffNotification.kind of an edit of the ticket's card (never posted as a message)


def card_text(session: Session, ticket_id: int) -> str | None:
    """The card as it was posted (the ticket's newest handover alert), None when it never was."""
    return session.exec(select(StaffNotification.text).where(
        StaffNotification.ticket_id == ticket_id, StaffNotification.kind == HANDOFF)
        .order_by(col(StaffNotification.id).desc())).first()


def refresh_card(session: Session, workspace: Workspace, ticket: Ticket, line: str, now: datetime) -> bool:
    """Queue the edit of the ticket's card to end with `line` (who holds it, who closed it); False when
    the ticket has no card to edit (no staff chat, or it was never announced)."""
    base = card_text(session, ticket.id or 0)
    if base is None:
        return False
    body = f"{base}\n\n{line}"
    if len(body) > TELEGRAM_TEXT_LIMIT:
        body = f"{base[:TELEGRAM_TEXT_LIMIT - len(line) - 3]}…\n\n{line}"
    return enqueue(session, workspace, kind=CARD_EDIT, text=body, now=now, ticket_id=ticket.id,
                   buttons=True) is not None


def holder_name(assignee: str | None) -> str:
    """`Yael Cohen (tg:4242)` -> `Yael Cohen`: the card names the person, as the Telegram buttons do."""
    return (assignee or "-").rsplit(" (", 1)[0]


def holder_line(ticket: Ticket, lang: str) -> str | None:
    """Who holds the ticket now, in the words of the Telegram Take button; None while nobody does."""
    if ticket.status != TicketStatus.assigned:
        return None
    return text("support_staff_taken", lang, staff=holder_name(ticket.assignee))
