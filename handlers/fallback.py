"""Fallback: the honest "I don't know", with a way forward the next turn will honour.

Who may reach a person is decided before the reply is written (handlers/human.entitlement_of):
an entitled customer is offered a person, and a "yes" takes the offer (a pending proposal in the
dialogue state); a customer the next turn would refuse (no plan, a bot-only plan, an expired
subscription, an unknown number) is only asked to rephrase; a guest of an event is pointed to
the hosts. A message that tells a problem or asks for help in so many words ("would be great if someone
had a peek", "сама не разберусь. Поможете?") is not offered a person but handed over at once, or told at
once that its plan has none (`handlers.intents.needs_a_person`): no policy answered it, and a second
turn to say "yes" is a turn the customer should not need.

One case gets its own answer: an RSVP answer ("מגיעים 3") from a number that is on no guest list
of a workspace that runs events. The knowledge base would explain RSVP rules to the host instead;
the sender needs to hear that their answer was NOT recorded, and where to answer instead.
"""

from __future__ import annotations

from sqlmodel import col, select

from bot.core.models import Event
from handlers import human
from handlers.dialogue.texts import text as dialogue_text
from handlers.human import entitlement_of, event_owner
from handlers.intents import is_rsvp_answer, needs_a_person
from handlers.texts import text
from handlers.turn import Turn, TurnResult
from scheduler.rsvp.links import LINK_OPEN_AFTER_START


def handle(turn: Turn) -> TurnResult | None:
    if not turn.inbound.text.strip():
        return turn.result(text("empty", turn.lang), intent="unknown")
    if turn.intent == "unknown" and is_rsvp_answer(turn.inbound.text) and _has_open_event(turn):
        return turn.result(text("fallback_no_invitation", turn.lang), intent="unknown", topic=None,
                           data={"fallback": "no_invitation"})
    customer, decision = entitlement_of(turn)
    if customer is None:
        owner = event_owner(turn)
        if owner is not None:
            return turn.result(dialogue_text("unknown_guest", turn.lang, owner=owner), intent="unknown",
                               topic=None, data={"fallback": "guest"})
    if needs_a_person(turn.inbound.text, turn.workspace.understanding.all_person_words()):
        return human.handle(turn)
    if not decision.entitled:
        return turn.result(dialogue_text("unknown_bot_only", turn.lang), intent="unknown", topic=None,
                           data={"fallback": "no_person", "reason": decision.reason})
    return turn.result(dialogue_text("unknown_offer_person", turn.lang), intent="unknown", topic=None,
                       data={"fallback": "offer_person", "proposal": {"kind": "human"}})


def _has_open_event(turn: Turn) -> bool:
    """The workspace has an event still taking answers (the same window as the personal links)."""
    query = select(Event.id).where(
        Event.workspace == turn.workspace.slug, col(Event.starts_at) >= turn.now - LINK_OPEN_AFTER_START
    )
    return turn.session.exec(query.limit(1)).first() is not None
