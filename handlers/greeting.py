"""Greeting: a message that is only a hello gets a welcome that says what the bot can do."""

from __future__ import annotations

from handlers.texts import text
from handlers.turn import Turn, TurnResult


def handle(turn: Turn) -> TurnResult | None:
    name = turn.contact.name
    reply = text("greeting", turn.lang, workspace=turn.workspace.name, name_part=f", {name}" if name else "")
    return turn.result(reply, intent="greeting")
