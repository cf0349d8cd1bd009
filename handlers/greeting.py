"""Greeting: a message that is only a hello gets a welcome that says what the bot can do; a
message that only thanks ("תודה רבה!", "спасибо") is answered as thanks, not with the welcome.

The welcome mentions a person only to someone who may reach one (handlers/human.entitlement_of, as
the fallback decides): a bot-only plan, an expired one or an unknown number is not promised an agent
the next turn would refuse."""

from __future__ import annotations

from handlers.human import entitlement_of
from handlers.intents import is_thanks
from handlers.texts import text
from handlers.turn import Turn, TurnResult


def handle(turn: Turn) -> TurnResult | None:
    if is_thanks(turn.inbound.text):
        return turn.result(text("thanks", turn.lang), intent="greeting", data={"thanks": True})
    name = turn.contact.name
    _, decision = entitlement_of(turn)
    key = "greeting" if decision.entitled else "greeting_bot_only"
    reply = text(key, turn.lang, workspace=turn.workspace.name, name_part=f", {name}" if name else "")
    return turn.result(reply, intent="greeting")
