"""A refund asked for a charge that should not have happened (billed twice, a wrong amount).

The seeds' refund rules (window, fee, pro rata) price a customer leaving; a duplicate or wrong
charge is not that: the policies put it under "exceptional circumstances", decided by a person, in
full or in part. So such a request goes to staff with no amount and no cancellation fee, and the
customer is never shown the fee arithmetic for money they should not have paid.

Said in this message ("refund the double charge"), or just before it: a refund asked right after
the bot answered the exceptional-refunds topic ("we got billed twice?" then "refund the extra one").
The words are data (`charge_error` in words.yaml), read with the dialogue layer's phrase lists, which
find a Hebrew word behind its glued prefixes and a Russian one in any case.
"""

from __future__ import annotations

from functools import lru_cache

from handlers.billing.texts import words
from handlers.dialogue import flow as dialogue
from handlers.dialogue.words import PhraseList, words_of
from handlers.turn import Turn

TOPIC = "exceptional-refunds"


@lru_cache(maxsize=1)
def _phrases() -> PhraseList:
    return PhraseList.of(words().get("charge_error"))


def says_charge_error(message: str) -> bool:
    return _phrases().find(words_of(message))


def is_charge_error(turn: Turn) -> bool:
    """This refund is about a charge in error: said now, or the last answer was about such charges."""
    if says_charge_error(turn.inbound.text):
        return True
    found = dialogue.reading(turn)
    return found is not None and found.state.topic == TOPIC
