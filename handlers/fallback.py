"""Fallback: the honest "I don't know", with a way forward (rephrase, or ask for a person).

One case gets its own answer: an RSVP answer ("מגיעים 3") from a number that is on no guest list
of a workspace that runs events. The knowledge base would explain RSVP rules to the host instead;
the sender needs to hear that their answer was NOT recorded, and where to answer instead.
"""

from __future__ import annotations

from sqlmodel import col, select

from bot.core.models import Event
from handlers.intents import is_rsvp_answer
from handlers.texts import text
from handlers.turn import Turn, TurnResult
from scheduler.rsvp.links import LINK_OPEN_AFTER_START


def handle(turn: Turn) -> TurnResult | None:
    if not turn.inbound.text.strip():
        return turn.result(text("empty", turn.lang), intent="unknown")
    if turn.intent == "unknown" and is_rsvp_answer(turn.inbound.text) and _has_open_event(turn):
        return turn.result(text("fallback_no_invitation", turn.lang), intent="unknown", topic=None,
                           data={"fallback": "no_invitation"})
    return turn.result(text("unknown", turn.lang), intent="unknown", topic=None)


def _has_open_event(turn: Turn) -> bool:
    """The workspace has an event still taking answers (the same window as the personal links)."""
    query = select(Event.id).where(
        Event.workspace == turn.workspace.slug, col(Event.starts_at) >= turn.now - LINK_OPEN_AFTER_START
    )
    return turn.session.exec(query.limit(1)).first() is not None
