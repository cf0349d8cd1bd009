"""Opt-out before all: STOP / הסר / стоп stops campaign messages until the contact opts back in.

A guest who answers in the same message ("we won't come, and stop the reminders", "we'll be 2, stop the
reminders") has the answer recorded too (`rsvp_reply.answer_beside_opt_out`): both are what the guest said."""

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
        answered = rsvp_reply.answer_beside_opt_out(turn)
        if answered is not None:
            both = "\n".join(part for part in (answered.reply, reply) if part)  # the answer noted, then the opt-out
            return turn.result(both, intent="opt_out", rsvp_status=answered.rsvp_status,
                               party_size=answered.party_size, data=answered.data)
        return turn.result(reply, intent="opt_out")
    if contact.opted_out and _OPT_IN.match(turn.inbound.text):
        contact.opted_out = False
        contact.opted_out_at = None
        return turn.result(text("opted_in", turn.lang, workspace=turn.workspace.name), intent="opt_out")
    return None
