"""The tickets board: a workspace's live tickets by priority, with the timers staff work against.

Open tickets (nobody took them) come before assigned ones; within each, the one whose first-response
target falls first. A queued ticket (it came outside business hours) shows when the next opening is,
i.e. when people will see it. The inactive-close timer runs only where the workspace sets
`support.inactive_close_days` and only while the customer owes the answer (staff wrote last), the same
rule scheduler/support_jobs.py closes by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case
from sqlmodel import Session, col, select

from bot.core.models import Contact, Ticket, TicketStatus
from bot.core.workspaces import Workspace
from handlers.hours import next_opening
from handlers.tickets import LIVE

LIMIT = 200


@dataclass(frozen=True)
class BoardRow:
    ticket: Ticket
    contact: Contact
    due_at: datetime | None          # first-response target, while nobody has answered yet
    overdue: bool
    left: timedelta | None           # until due_at (negative once overdue)
    answered_from: datetime | None   # a queued ticket: the next opening, when people see it
    closes_at: datetime | None       # the inactive-close timer, when it runs


def _closes_at(workspace: Workspace, ticket: Ticket) -> datetime | None:
    days = workspace.support.inactive_close_days
    staff, customer = ticket.last_staff_message_at, ticket.last_customer_message_at
    if not days or staff is None or (customer is not None and customer > staff):
        return None
    return staff + timedelta(days=days)


def board(session: Session, workspace: Workspace, now: datetime, limit: int = LIMIT) -> list[BoardRow]:
    """Open before assigned, then by first-response target (none last), then oldest first."""
    rank = case((col(Ticket.status) == TicketStatus.open, 0), else_=1)
    no_due = case((col(Ticket.due_at).is_(None), 1), else_=0)
    rows = session.exec(select(Ticket, Contact).join(Contact, col(Contact.id) == col(Ticket.contact_id))
                        .where(Ticket.workspace == workspace.slug, col(Ticket.status).in_(LIVE))
                        .order_by(rank, no_due, col(Ticket.due_at), col(Ticket.created_at), col(Ticket.id))
                        .limit(limit)).all()
    opening = next_opening(workspace, now) if any(t.handoff == "queued" for t, _ in rows) else None
    out = []
    for ticket, contact in rows:
        due = ticket.due_at if ticket.first_response_at is None else None
        waiting = (ticket.handoff == "queued" and ticket.status == TicketStatus.open and ticket.alerted_at is None
                   and opening is not None and opening > now)  # nobody took it yet: people see it at opening
        out.append(BoardRow(ticket, contact, due, due is not None and due <= now, due - now if due else None,
                            opening if waiting else None, _closes_at(workspace, ticket)))
    return out


def span(delta: timedelta) -> tuple[int, int]:
    """Whole hours and minutes of a duration, sign dropped (the page says 'left' or 'overdue')."""
    minutes = int(abs(delta.total_seconds()) // 60)
    return minutes // 60, minutes % 60
