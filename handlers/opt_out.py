"""Opt-out before all: STOP / הסר / стоп stops campaign messages until the contact opts back in.

A guest who declines in the same message ("we won't come, and stop the reminders") is recorded as not
coming too (`rsvp_reply.decline_beside_opt_out`): both are what the guest said."""

from __future__ import annotations

import re

from handlers import rsvp_reply
from handlers.texts import text
from handlers.turn import Turn, TurnResult

_OPT_IN = re.compile(r"^\s*(start|unstop|subscribe|yes start|הצטרף|חזרה|старт|подписаться)\s*[.!]*\s*$",
                     re.IGNORECASE)


def handle(turn: Turn) -> TurnResult | None:
    contact = turn.contact
    if turn.intent == "opt_out":
        contact.opted_out = True
        contact.opted_out_at = turn.now
        reply = text("opted_out", turn.lang, workspace=turn.workspace.name)
        declined = rsvp_reply.decline_beside_opt_out(turn)
        if declined is not None:
            both = "\n".join(part for part in (declined.reply, reply) if part)  # the decline noted, then the opt-out
            return turn.result(both, intent="opt_out", rsvp_status=declined.rsvp_status,
                               party_size=declined.party_size, data=declined.data)
        return turn.result(reply, intent="opt_out")
    if contact.opted_out and _OPT_IN.match(turn.inbound.text):
        contact.opted_out = False
        contact.opted_out_at = None
        return turn.result(text("opted_in", turn.lang, workspace=turn.workspace.name), intent="opt_out")
    return None
