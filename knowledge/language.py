"""Guess the language of a customer message from the scripts it is written in.

Customers mix scripts all the time ("ה-WhatsApp לא עובד", "не работает WiFi"), so counting
letters would let one long product name outvote a short Hebrew or Russian sentence. Counting
words per script, and letting Hebrew or Cyrillic win unless Latin words clearly dominate, keeps
those messages in the customer's language while a genuinely English sentence that quotes one
Hebrew word stays English.
"""

from __future__ import annotations

import regex

from knowledge.types import Lang

_WORD = regex.compile(r"[\p{L}\p{M}]+")
_HEBREW = regex.compile(r"\p{Script=Hebrew}")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
_LATIN = regex.compile(r"\p{Script=Latin}")

# A non-Latin script wins when it has at least this share of the Latin word count.
_NON_LATIN_WEIGHT = 2.0


def _script_of(word: str) -> Lang | None:
    """Return the language a single word's letters point to (majority of its letters)."""
    counts: dict[Lang, int] = {
        "he": len(_HEBREW.findall(word)),
        "ru": len(_CYRILLIC.findall(word)),
        "en": len(_LATIN.findall(word)),
    }
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] else None


def detect_language(text: str, fallback: Lang | None = None) -> Lang:
    """Return "he", "ru" or "en" for `text`; `fallback` (else "en") when it has no letters.

    The fallback lets a caller keep the conversation's language for "3", "👍" or "?".
    """
    words: dict[Lang, int] = {"he": 0, "ru": 0, "en": 0}
    for word in _WORD.findall(text):
        lang = _script_of(word)
        if lang is not None:
            words[lang] += 1
    if not any(words.values()):
        return fallback or "en"
    non_latin: Lang = "he" if words["he"] >= words["ru"] else "ru"
    if words[non_latin] and words[non_latin] * _NON_LATIN_WEIGHT >= words["en"]:
        return non_latin
    if words["en"]:
        return "en"
    return fallback or "en"
