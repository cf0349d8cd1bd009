"""Fallback: the honest "I don't know", with a way forward (rephrase, or ask for a person)."""

from __future__ import annotations

from handlers.texts import text
from handlers.turn import Turn, TurnResult


def handle(turn: Turn) -> TurnResult | None:
    if not turn.inbound.text.strip():
        return turn.result(text("empty", turn.lang), intent="unknown")
    return turn.result(text("unknown", turn.lang), intent="unknown", topic=None)
