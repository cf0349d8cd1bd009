"""Hebrew one-letter prefixes and the two forms of address.

A prefix (ו, ה, ב, כ, ל, מ, ש and chains such as "ול", "וב", "מה") is written joined to the word, but
before a Latin word or a digit it takes a maqaf: "ל־Example Hall", "ל־24 ימים". After ל, ב
and כ the definite article ה is swallowed: "ל" + "החתונה" is "לחתונה", never "להחתונה".

A sentence that differs by the form of address carries both forms as `[singular|plural]`
("[הוזמנת|הוזמנתם]"); `choose` keeps one, so no reply mixes "לך" with "כתבו".
"""

from __future__ import annotations

import re

MAQAF = "\u05be"
HEBREW_LETTER = "\u05d0-\u05ea"
PREFIX_LETTERS = "ובכלמשה"
# A prefix chain standing at the start of a word, glued to a Latin letter or a digit (or
# joined with a plain hyphen): the place a maqaf belongs.
_GLUED = re.compile(rf"(?<![{HEBREW_LETTER}\w])([{PREFIX_LETTERS}]{{1,3}})(?:-|{MAQAF})?(?=[A-Za-z0-9])")
_ALTERNATIVES = re.compile(r"\[([^\[\]|{}]*)\|([^\[\]|{}]*)\]")
_SWALLOWS_ARTICLE = frozenset("בכל")


def _needs_maqaf(word: str) -> bool:
    return bool(re.match(r"[A-Za-z0-9]", word))


def attach(prefix: str, word: str) -> str:
    """`prefix` joined to `word`: "ל" + "החתונה" -> "לחתונה", "ל" + "Example Hall" -> "ל־Example Hall"."""
    word = word.strip()
    if _needs_maqaf(word):
        return f"{prefix}{MAQAF}{word}"
    if prefix and prefix[-1] in _SWALLOWS_ARTICLE and len(word) > 2 and word[0] == "ה":
        return prefix + word[1:]
    return prefix + word


def fix_glued(text: str) -> str:
    """Put a maqaf between a prefix and the Latin word or digit glued to it ("ל24" -> "ל־24")."""
    return _GLUED.sub(lambda m: m.group(1) + MAQAF, text)


_ENDS_WITH_PREFIX = re.compile(rf"(?<![{HEBREW_LETTER}\w])([{PREFIX_LETTERS}]{{1,3}})[-{MAQAF}]?$")


def glue(before: str, value: str) -> str:
    """`before` ready for `value`: a bare prefix at its end takes a maqaf when `value` starts with a Latin
    letter or a digit ("ל" + "Example" -> "ל־"); `value` itself is never rewritten."""
    match = _ENDS_WITH_PREFIX.search(before)
    if match is None or not re.match(r"[A-Za-z0-9]", value):
        return before
    return before[:match.start()] + match.group(1) + MAQAF


def choose(text: str, plural: bool) -> str:
    """Keep the singular or the plural side of every `[singular|plural]` in `text`."""
    return _ALTERNATIVES.sub(lambda m: m.group(2 if plural else 1), text)


def has_alternatives(text: str) -> bool:
    return bool(_ALTERNATIVES.search(text))
