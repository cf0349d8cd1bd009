"""Intent `ticket_status`: what became of my request? Answered from the contact's latest ticket.
Intent `ticket_close`: the customer closes their own open request."""

from __future__ import annotations

from bot.core.models import TicketStatus
from handlers import support_texts as say
from handlers.hours import is_open, next_opening
from handlers.human import entitlement_of
from handlers.inbox import resolve
from handlers.texts import text
from handlers.tickets import close, latest_ticket, live_ticket
from handlers.turn import Turn, TurnResult


def _may_ask(turn: Turn) -> bool:
    """Whether the reply may tell the customer to write "agent": only when the next turn would honour it."""
    return entitlement_of(turn)[1].entitled


def handle(turn: Turn) -> TurnResult:
    ticket = latest_ticket(turn.session, turn.contact.id or 0)
    lang = turn.lang
    offer = "" if _may_ask(turn) else "_bot_only"
    if ticket is None:
        return turn.result(text("support_ticket_none" + offer, lang), intent="ticket_status")
    opening = None
    if ticket.status == TicketStatus.open and not is_open(turn.workspace, turn.now):
        opening = next_opening(turn.workspace, turn.now)
    if ticket.status == TicketStatus.closed:
        closed = ticket.closed_at or turn.now
        reply = text("support_ticket_closed" + offer, lang, number=ticket.number,
                     date=say.say_date(closed.astimezone(turn.workspace.tz).date(), lang))
    elif ticket.status == TicketStatus.assigned:
        reply = text("support_ticket_assigned", lang, number=ticket.number)
    elif opening is None:  # open now, or no opening ahead to name: waiting, without a made-up time
        reply = text("support_ticket_waiting", lang, number=ticket.number)
    else:
        zone = say.customer_zone(turn.workspace, turn.contact.phone)
        when = say.say_when(opening, lang, zone, turn.workspace.tz)
        reply = text("support_ticket_queued", lang, number=ticket.number, when=when)
    return turn.result(reply, intent="ticket_status", ticket_number=ticket.number)


def close_request(turn: Turn) -> TurnResult:
    """Intent `ticket_close` ("הסתדרתי לבד, תבטלו את הקריאה"): the customer no longer needs the open
    service call. It closes that ticket - never the account - and says so."""
    ticket = live_ticket(turn.session, turn.contact.id or 0)
    if ticket is None:
        offer = "" if _may_ask(turn) else "_bot_only"
        return turn.result(text("support_ticket_none" + offer, turn.lang), intent="ticket_close")
    close(turn.session, ticket, turn.now, reason="customer")
    resolve(turn.conversation, turn.now)  # the customer ended it: resolved until they write again
    return turn.result(text("support_ticket_closed_by_customer", turn.lang, number=ticket.number),
                       intent="ticket_close", ticket="closed", ticket_number=ticket.number)
