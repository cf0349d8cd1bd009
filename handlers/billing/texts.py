"""The billing sentences in Hebrew, English and Russian, from `texts.yaml` next to this file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from handlers.texts import TextBook

WORDS_FILE = Path(__file__).with_name("words.yaml")
_BOOK = TextBook(Path(__file__).with_name("texts.yaml"))


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """Word lists (yes / no, plan-change verbs, month counts) owners may extend."""
    return dict(yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8")))


def text(key: str, lang: str, **values: Any) -> str:
    """The sentence `key` in `lang` (English if missing), with `values` filled in."""
    return _BOOK.text(key, lang, **values)


def keys() -> set[str]:
    return _BOOK.keys()


def entries() -> dict[str, dict[str, str]]:
    """Every sentence with its languages (for checks that none is missing)."""
    return _BOOK.entries


def russian_plural(n: int, one: str, few: str, many: str) -> str:
    """Russian picks the noun form by the last digits: 1 месяц, 2 месяца, 5 месяцев, 11 месяцев."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def months(n: int, lang: str) -> str:
    """"1 month" / "2 months" with each language's plural forms."""
    if lang == "he":
        return {1: "חודש אחד", 2: "חודשיים"}.get(n, f"{n} חודשים")
    if lang == "ru":
        return f"{n} {russian_plural(n, 'месяц', 'месяца', 'месяцев')}"
    return f"{n} month" if n == 1 else f"{n} months"


def days(n: int, lang: str) -> str:
    if lang == "he":
        return {1: "יום אחד", 2: "יומיים"}.get(n, f"{n} ימים")
    if lang == "ru":
        return f"{n} {russian_plural(n, 'день', 'дня', 'дней')}"
    return f"{n} day" if n == 1 else f"{n} days"


def business_days(n: int, lang: str) -> str:
    """As it follows "within" / "תוך" / "в течение" (Russian takes the genitive)."""
    if lang == "he":
        return "יום עסקים אחד" if n == 1 else f"{n} ימי עסקים"
    if lang == "ru":
        return f"{n} рабочего дня" if n % 10 == 1 and n % 100 != 11 else f"{n} рабочих дней"
    return "1 business day" if n == 1 else f"{n} business days"
