"""The order in which handlers see a turn; like aiogram's `get_routers()`, the fallback comes last.

Interceptors run before intent routing (opt-out before all, a rating answering the satisfaction
question, a staff-held conversation, a question awaiting its answer);
then each intent goes to its handlers in order until one answers.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers import (
    abuse,
    fallback,
    faq,
    greeting,
    human,
    opt_out,
    rsvp_event_info,
    rsvp_reply,
    satisfaction,
    staff_hold,
    ticket_status,
    ticket_waiting,
)
from handlers.billing import cancel as billing_cancel
from handlers.billing import confirm as billing_confirm
from handlers.billing import freeze as billing_freeze
from handlers.billing import plan_change as billing_plan_change
from handlers.billing import prices as billing_prices
from handlers.billing import refund as billing_refund
from handlers.billing import status as billing_status
from handlers.turn import Turn, TurnResult

Handler = Callable[[Turn], TurnResult | None]


def get_interceptors() -> list[Handler]:
    return [opt_out.handle, satisfaction.handle, staff_hold.handle, rsvp_reply.which_event_answer,
            rsvp_reply.awaiting_answer, billing_confirm.handle]


def _intent_table() -> dict[str, list[Handler]]:
    return {
        "greeting": [rsvp_reply.acknowledge, rsvp_reply.clarify, greeting.handle],
        "faq": [rsvp_reply.acknowledge, rsvp_reply.clarify, rsvp_event_info.handle, billing_plan_change.handle,
                billing_freeze.question, billing_prices.handle, ticket_waiting.handle, faq.handle],
        "rsvp_reply": [rsvp_reply.handle],
        "human": [human.handle],
        "ticket_status": [ticket_status.handle],
        "ticket_close": [ticket_status.close_request],
        "abuse": [abuse.handle],
        "subscription_status": [billing_status.handle],
        "cancel_subscription": [billing_cancel.handle],
        "refund_request": [billing_refund.handle],
        "freeze_request": [billing_freeze.handle, faq.handle],  # a prospect's "can I freeze ...?": the rule
        # classified as not answerable (e.g. a stranger's RSVP answer): straight to the fallback, but a
        # guest's emoji alone ("❤️") is thanked
        "unknown": [rsvp_reply.acknowledge, billing_prices.handle, ticket_waiting.handle],
    }


def handlers_for(intent: str) -> list[Handler]:
    return _intent_table().get(intent, [faq.handle])


def fall_back(turn: Turn) -> TurnResult:
    result = fallback.handle(turn)
    assert result is not None
    return result


def is_known_guest(turn: Turn) -> bool:
    """Only a guest of one of the workspace's events may have a message read as an RSVP answer."""
    return rsvp_reply.is_known_guest(turn)
