"""Opt-out before all: STOP / הסר / стоп stops campaign messages until the contact opts back in."""

from __future__ import annotations

import re

from handlers.texts import text
from handlers.turn import Turn, TurnResult

_OPT_IN = re.compile(r"^\s*(start|unstop|subscribe|yes start|הצטרף|חזרה|старт|подписаться)\s*[.!]*\s*$",
                     re.IGNORECASE)


def handle(turn: Turn) -> TurnResult | None:
    contact = turn.contact
    if turn.intent == "opt_out":
        contact.opted_out = True
        contact.opted_out_at = turn.now
        return turn.result(text("opted_out", turn.lang, workspace=turn.workspace.name), intent="opt_out")
    if contact.opted_out and _OPT_IN.match(turn.inbound.text):
        contact.opted_out = False
        contact.opted_out_at = None
        return turn.result(text("opted_in", turn.lang, workspace=turn.workspace.name), intent="opt_out")
    return None
