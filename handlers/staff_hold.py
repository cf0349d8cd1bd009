"""Interceptor: while a staff member holds the customer's ticket, the bot is silent and relays.

Every message of a contact with a live ticket also restarts the ticket's customer clock, which the
inactivity job reads (a customer who writes is not silent).
"""

from __future__ import annotations

from bot.core.models import TicketStatus
from handlers.human import relay_line
from handlers.tickets import live_ticket, record_customer_message
from handlers.turn import StaffAlert, Turn, TurnResult


def handle(turn: Turn) -> TurnResult | None:
    ticket = live_ticket(turn.session, turn.contact.id or 0)
    if ticket is None:
        return None
    record_customer_message(ticket, turn.now)
    if ticket.status != TicketStatus.assigned:
        return None
    alert = StaffAlert(kind="relay", text=relay_line(turn, ticket), ticket_id=ticket.id)
    return turn.result(None, handoff="human", ticket="updated", ticket_number=ticket.number, alerts=[alert],
                       data={"held_by": ticket.assignee})
