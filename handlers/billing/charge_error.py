"""A refund asked for a charge that should not have happened (billed twice, a wrong amount).

The seeds' refund rules (window, fee, pro rata) price a customer leaving; a duplicate or wrong
charge is not that: the policies put it under "exceptional circumstances", decided by a person, in
full or in part. So such a request goes to staff with no amount and no cancellation fee, and the
customer is never shown the fee arithmetic for money they should not have paid.

Said in this message ("refund the double charge"), or just before it: a refund asked right after
the bot answered the exceptional-refunds topic ("we got billed twice?" then "refund the extra one").
The words are data (`charge_error` in words.yaml), matched at word starts so Hebrew and Russian
endings and Hebrew prefixes need no list of forms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.billing.texts import words
from handlers.dialogue import flow as dialogue
from handlers.turn import Turn

TOPIC = "exceptional-refunds"
_WORD = re.compile(r"\w+", re.UNICODE)
_HEBREW_PREFIXES = ("ש", "ו", "ה", "ב", "כ", "ל", "מ")


@lru_cache(maxsize=1)
def _phrases() -> tuple[str, ...]:
    return tuple(" " + str(p).lower() for p in words().get("charge_error", []))


def _joined(message: str) -> str:
    """The message's words, each also without one Hebrew prefix letter ("שחויבתי" -> "חויבתי")."""
    out: list[str] = []
    for word in _WORD.findall(message.lower()):
        out.append(word)
        if len(word) > 3 and word[0] in _HEBREW_PREFIXES and "\u0590" <= word[1] <= "\u05ff":
            out.append(word[1:])
    return " " + " ".join(out) + " "


def says_charge_error(message: str) -> bool:
    joined = _joined(message)
    return any(p in joined for p in _phrases())


def is_charge_error(turn: Turn) -> bool:
    """This refund is about a charge in error: said now, or the last answer was about such charges."""
    if says_charge_error(turn.inbound.text):
        return True
    found = dialogue.reading(turn)
    return found is not None and found.state.topic == TOPIC
