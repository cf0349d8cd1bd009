"""A refund asked for a charge that should not have happened (billed twice, a wrong amount).

The seeds' refund rules (window, fee, pro rata) price a customer leaving; a duplicate or wrong
charge is not that: the policies put it under "exceptional circumstances", decided by a person, in
full or in part. So such a request goes to staff with no amount and no cancellation fee, and the
customer is never shown the fee arithmetic for money they should not have paid.

Said in this message ("refund the double charge"), in the customer's message just before it ("you
charged my card twice!" answered with an apology, then "do I get that money back?"), or a refund asked
right after the bot answered the charge-error topic ("we got billed twice?" then "refund the extra one").
The words are data (`charge_error` in words.yaml), read with the dialogue layer's phrase lists, which
find a Hebrew word behind its glued prefixes and a Russian one in any case; the topic is the
workspace's (`billing.refund.topics.charge_error`).
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from handlers.billing.texts import words
from handlers.dialogue import flow as dialogue
from handlers.dialogue.words import PhraseList, lexicon, words_of
from handlers.records import recent_messages
from handlers.turn import Turn


def topic(turn: Turn) -> str | None:
    """The knowledge-base topic of charges made in error, as the workspace names it."""
    refund = turn.workspace.billing.refund
    return refund.charge_error_topic if refund is not None else None


@lru_cache(maxsize=1)
def _phrases() -> PhraseList:
    return PhraseList.of(words().get("charge_error"))


def says_charge_error(message: str) -> bool:
    return _phrases().find(words_of(message))


def is_charge_error(turn: Turn) -> bool:
    """This refund is about a charge in error: said now, said in the customer's previous message, or
    the last answer was about such charges."""
    if says_charge_error(turn.inbound.text):
        return True
    found = dialogue.reading(turn)
    if found is not None and found.state.topic is not None and found.state.topic == topic(turn):
        return True
    since = turn.now - timedelta(minutes=lexicon().expire_after_minutes)  # as long as the dialogue remembers
    earlier = [m for m in recent_messages(turn.session, turn.conversation, 3)
               if m.direction == "inbound" and m.id != turn.message.id]
    return bool(earlier) and earlier[-1].created_at >= since and says_charge_error(earlier[-1].body)
