"""What to do while a ticket waits: "and meanwhile, what do I do?" right after a ticket was opened.

The knowledge base has no topic for it and the fallback would say "I don't know" to a customer who
has just been told a person will answer. With a live ticket (open or assigned) and the words of
waiting (`ticket_waiting.yaml`) in a message that asks something, the honest answer is the ticket's
state (where and when the answer comes) and that nothing is needed meanwhile but the details that help.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from bot.core.models import TicketStatus
from handlers import ticket_status
from handlers.dialogue.words import PhraseList, words_of
from handlers.texts import text
from handlers.tickets import live_ticket
from handlers.turn import Turn, TurnResult

WORDS_FILE = Path(__file__).with_name("ticket_waiting.yaml")


@cache
def _words() -> dict[str, PhraseList]:
    raw = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return {key: PhraseList.of(raw.get(key)) for key in ("meanwhile", "asks")}


def asks_what_meanwhile(message: str) -> bool:
    """Whether the message asks what to do while waiting (a waiting word, and a question)."""
    words = words_of(message)
    if not _words()["meanwhile"].find(words):
        return False
    return "?" in message or _words()["asks"].find(words)


def handle(turn: Turn) -> TurnResult | None:
    if not asks_what_meanwhile(turn.inbound.text):
        return None
    ticket = live_ticket(turn.session, turn.contact.id or 0)
    if ticket is None or ticket.status not in (TicketStatus.open, TicketStatus.assigned):
        return None
    status = ticket_status.handle(turn)
    reply = f"{status.reply}\n{text('support_ticket_meanwhile', turn.lang)}"
    return turn.result(reply, intent="ticket_status", ticket_number=ticket.number)
