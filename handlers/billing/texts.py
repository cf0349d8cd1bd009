"""The billing sentences in Hebrew, English and Russian, from `texts.yaml` next to this file."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from handlers.dialogue.words import PhraseList, words_of
from handlers.texts import TextBook
from knowledge.grammar.counts import count

WORDS_FILE = Path(__file__).with_name("words.yaml")
_BOOK = TextBook(Path(__file__).with_name("texts.yaml"))


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """Word lists (yes / no, plan-change verbs, month counts) owners may extend."""
    return dict(yaml.load(WORDS_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


@cache
def phrases(key: str) -> PhraseList:
    """The list `key` as phrases of consecutive words: a Hebrew word is found behind its glued prefixes
    and a Russian one in any case, so the lists hold dictionary forms only."""
    return PhraseList.of(words().get(key))


def says(key: str, message: str) -> bool:
    """Whether `message` says one of the phrases of the list `key`."""
    return phrases(key).find(words_of(message))


def text(key: str, lang: str, **values: Any) -> str:
    """The sentence `key` in `lang` (English if missing), with `values` filled in."""
    return _BOOK.text(key, lang, **values)


def keys() -> set[str]:
    return _BOOK.keys()


def entries() -> dict[str, dict[str, str]]:
    """Every sentence with its languages (for checks that none is missing)."""
    return _BOOK.entries


def months(n: int, lang: str) -> str:
    """"1 month" / "2 months" with each language's plural forms (knowledge/grammar/counts.yaml)."""
    return count(n, "month", lang)


def days(n: int, lang: str) -> str:
    return count(n, "day", lang)


def business_days(n: int, lang: str) -> str:
    """As it follows "within" / "תוך" / "в течение" (Russian takes the genitive)."""
    return count(n, "business_day.gen", lang)
