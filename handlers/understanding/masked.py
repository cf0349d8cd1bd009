"""Profanity with letters masked ("f***ing", "sh*t", "a**holes", "бл*ть", "п***ец") read as the word it hides.

People soften a swear word by hiding some of its letters, and the word-list reading splits such a
word at the mask ("f***ing" becomes "f" and "ing") so the abuse list never sees it. A masked word is
compared here with the abuse list's own single words: each run of masks stands for one to a few
letters, a list word that ends in "*" (a prefix) may go on past the masked word's letters, and a word
of the list written with "=" must be matched whole. Only the abuse list is compared, so an ordinary
word with a star ("*urgent*", "3*4") says nothing: it hides no word of that list.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from knowledge.normalize import normalize_text

MASKS = "*#$%"  # not "@" (e-mail addresses) and not "." (abbreviations, prices)
# A word with a mask after at least one letter; "!" only between letters ("sh!t", not "stop!").
_MASKED = regex.compile(r"(?<![\p{L}\p{N}])\p{L}+(?:(?:[*#$%]+|!+(?=\p{L}))\p{L}*)+")
_RUN = regex.compile(r"[*#$%!]+")
EXTRA_LETTERS = 2  # a run of k masks stands for 1..k+2 letters ("f*ing" for "fucking" too)
MIN_HIDDEN = 2  # a word showing one letter hides at least this many ("f***", "х**"; not "a*")


@cache
def _pattern_of(token: str) -> regex.Pattern[str]:
    parts = _RUN.split(token)
    runs = _RUN.findall(token)
    body = "".join(
        regex.escape(part) + (rf"\p{{L}}{{1,{len(run) + EXTRA_LETTERS}}}" if k < len(runs) else "")
        for k, (part, run) in enumerate(zip(parts, [*runs, ""], strict=True))
    )
    return regex.compile(body)


def _hides(token: str, pattern: str) -> bool:
    """Whether the masked `token` could be the list word `pattern` ("=x" whole, "x*" a prefix)."""
    word = pattern.strip("=*")
    if not word or word[0] != token[0]:
        return False
    compiled = _pattern_of(token)
    if pattern.endswith("*"):
        return compiled.fullmatch(word, partial=True) is not None  # "a**holes" may be "asshole..."
    if pattern.startswith("="):
        return compiled.fullmatch(word) is not None
    return any(compiled.fullmatch(word + end) is not None for end in ("", "s", "es"))


def masked_words(text: str) -> list[str]:
    """The words of `text` that hide letters behind masks, lower-cased."""
    out = []
    for token in _MASKED.findall(normalize_text(text)):
        letters = sum(ch.isalpha() for ch in token)
        hidden = sum(len(run) for run in _RUN.findall(token))
        if letters >= 2 or hidden >= MIN_HIDDEN:
            out.append(token)
    return out


def hides_any(text: str, patterns: Iterable[str]) -> bool:
    """Whether a masked word of `text` stands for one of the single-word `patterns`."""
    tokens = masked_words(text)
    if not tokens:
        return False
    listed = tuple(patterns)
    return any(_hides(token, pattern) for token in tokens for pattern in listed)
