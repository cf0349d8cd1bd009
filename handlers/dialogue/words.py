"""The dialogue layer's word lists (words.yaml), compiled once into phrase look-ups.

A phrase matches consecutive words of a message; a Hebrew word also matches behind its glued
prefixes ("ולשלושה" is "שלושה"), so the lists hold base forms only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

from knowledge.normalize import hebrew_prefix_variants, normalize_text, normalize_word

WORDS_FILE = Path(__file__).with_name("words.yaml")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*|&")
_HEBREW = regex.compile(r"^\p{Script=Hebrew}+$")


_GLUED_NUMBER = regex.compile(r"(?<=\p{L})[-־](?=\d)|(?<=\p{Script=Hebrew})[-־](?=[A-Za-z])")  # "ל-4", "ל־Essential"


def words_of(message: str) -> tuple[str, ...]:
    return tuple(normalize_word(w) for w in _WORD.findall(normalize_text(_GLUED_NUMBER.sub(" ", message))))


_HE_PREFIXES = "והבכלמש"
_MAX_PREFIXES = 3


@lru_cache(maxsize=20_000)
def readings(word: str) -> tuple[str, ...]:
    """The word and, for Hebrew, the word without each of its glued prefixes.

    Two letters may remain ("ולבר" is "בר" of "בר מצווה"); the phrase lists are what decide.
    """
    if not _HEBREW.match(word):
        return (word,)
    out = hebrew_prefix_variants(word)
    for cut in range(1, _MAX_PREFIXES + 1):
        if len(word) - cut < 2 or word[cut - 1] not in _HE_PREFIXES:
            break
        if word[cut:] not in out:
            out.append(word[cut:])
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PhraseList:
    """Phrases indexed by their first word, for finding them in a message's words."""

    by_first: dict[str, tuple[tuple[str, ...], ...]]

    @classmethod
    def of(cls, raw: list[Any] | None) -> PhraseList:
        grouped: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for entry in raw or []:
            phrase = words_of(str(entry))
            if phrase:
                grouped[phrase[0]].append(phrase)
        return cls({first: tuple(sorted(set(group), key=len, reverse=True)) for first, group in grouped.items()})

    def spans(self, words: tuple[str, ...]) -> list[tuple[int, int]]:
        """(start, end) of every occurrence, longest first at each start."""
        found = []
        for i, word in enumerate(words):
            for first in readings(word):
                for phrase in self.by_first.get(first, ()):
                    end = i + len(phrase)
                    if end <= len(words) and words[i + 1:end] == phrase[1:]:
                        found.append((i, end))
                        break
        return found

    def find(self, words: tuple[str, ...]) -> bool:
        return bool(self.spans(words))

    def starts(self, words: tuple[str, ...]) -> bool:
        return any(start == 0 for start, _ in self.spans(words))

    def covers(self, words: tuple[str, ...]) -> list[bool]:
        mask = [False] * len(words)
        for start, end in self.spans(words):
            mask[start:end] = [True] * (end - start)
        return mask


@dataclass(frozen=True, slots=True)
class Lexicon:
    expire_after_minutes: int
    reply_budget: dict[str, dict[str, int]]
    openers: PhraseList
    references: PhraseList
    more: PhraseList
    corrections: PhraseList
    correction_phrases: PhraseList
    cheapest: PhraseList
    periods: dict[str, PhraseList]
    events: dict[str, PhraseList]
    plan_aliases: dict[str, PhraseList]
    numbers: dict[int, PhraseList]
    month_words: PhraseList
    dual_months: frozenset[str]


@cache
def lexicon(path: Path = WORDS_FILE) -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Lexicon(
        expire_after_minutes=int(raw["expire_after_minutes"]),
        reply_budget={k: dict(v) for k, v in (raw.get("reply_budget") or {}).items()},
        openers=PhraseList.of(raw["followup_openers"]),
        references=PhraseList.of(raw["followup_references"]),
        more=PhraseList.of(raw["more"]),
        corrections=PhraseList.of(raw["corrections"]),
        correction_phrases=PhraseList.of(raw.get("correction_phrases")),
        cheapest=PhraseList.of(raw["cheapest"]),
        periods={k: PhraseList.of(v) for k, v in raw["periods"].items()},
        events={k: PhraseList.of(v) for k, v in raw["events"].items()},
        plan_aliases={k: PhraseList.of(v) for k, v in raw["plan_aliases"].items()},
        numbers={int(k): PhraseList.of(v) for k, v in raw["numbers"].items()},
        month_words=PhraseList.of(raw["month_words"]),
        dual_months=frozenset(str(w) for w in raw.get("dual_months") or []),
    )
