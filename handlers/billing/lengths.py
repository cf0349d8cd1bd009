"""How long a freeze the customer asks for when no number says it: "the max", "по максимуму", "המקסימום".

The words are data (`most_allowed` in words.yaml). The freeze handler turns `MOST` into the longest
freeze the workspace's policy allows for this customer now, so the number is never in code.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handlers.billing.texts import words

MOST = "most"  # a length read as "as long as allowed"
_WORD = re.compile(r"\w+", re.UNICODE)
_HEBREW_PREFIXES = ("ה", "ל", "ול", "וה", "לה", "ב", "ו")


@lru_cache(maxsize=1)
def _most_words() -> tuple[frozenset[str], tuple[str, ...]]:
    listed = [str(w).lower() for w in words().get("most_allowed", [])]
    return frozenset(w for w in listed if " " not in w), tuple(w for w in listed if " " in w)


def asks_most(message: str) -> bool:
    """Whether the message asks for the longest allowed ("ok, the max then", "тогда на максимум")."""
    singles, phrases = _most_words()
    lowered = message.lower()
    tokens = _WORD.findall(lowered)
    if any(t in singles or any(t.startswith(p) and t[len(p) :] in singles for p in _HEBREW_PREFIXES) for t in tokens):
        return True
    joined = " " + " ".join(tokens) + " "
    return any(f" {p} " in joined for p in phrases)
