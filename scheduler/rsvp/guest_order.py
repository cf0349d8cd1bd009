"""The order of a guest list: names by the Unicode Collation Algorithm, table numbers and party sizes as numbers.

A database orders text by code point (SQLite) or by the server's collation (PostgreSQL), so the list read
'Bob' before 'adam', 'ёлка' after 'яблоко', the final 'ך' before 'כ', and table '10' before table '9'.
Here names go by the UCA's default table (pyuca, the DUCET: case and accents only break ties, Russian 'ё'
sorts with 'е', Hebrew final letters with their plain forms), the reader's own script first (as CLDR's
Hebrew and Russian orders put Hebrew and Cyrillic first), and digits inside a name or a table as numbers
('Table 9' before 'Table 10').
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Protocol

SORTS = ("name", "table", "party_size")
_DIGITS = re.compile(r"(\d+)")
_SCRIPT_OF_LANGUAGE = {"he": "HEBREW", "ru": "CYRILLIC", "en": "LATIN"}


class Sortable(Protocol):
    """What the order reads of a guest (a Guest, or a row of just these columns)."""

    id: int | None
    name: str
    table_number: str | None
    party_size: int
    status: str


@lru_cache(maxsize=1)
def _collator() -> Any:
    """The DUCET collator, loaded on first use (about 0.3 s and 11 MB, so not at import)."""
    from pyuca import Collator

    return Collator()


def _script(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "").split(" ", 1)[0]
    return ""


@lru_cache(maxsize=20_000)
def natural_key(text: str) -> tuple[tuple[int, Any], ...]:
    """Runs of digits as numbers (0, n), the rest by the collation (1, key): 'שולחן 9' < 'שולחן 10'."""
    collate = _collator().sort_key
    parts: list[tuple[int, Any]] = []
    for index, part in enumerate(_DIGITS.split(text.strip())):
        if index % 2:
            parts.append((0, int(part)))
        elif part:
            parts.append((1, collate(part)))
    return tuple(parts)


def name_key(name: str, lang: str) -> tuple[int, tuple[tuple[int, Any], ...], str]:
    """The reader's script first (a Hebrew page lists Hebrew names before Latin ones), then the collation;
    the raw name last, so two names the collation calls equal still have one fixed order."""
    own = _SCRIPT_OF_LANGUAGE.get(lang)
    return (0 if own and _script(name) == own else 1, natural_key(name), name)


def _table_key(table: str | None) -> tuple[int, tuple[tuple[int, Any], ...]]:
    text = (table or "").strip()
    return (1, ()) if not text else (0, natural_key(text))


def shown_party_size(guest: Sortable) -> int | None:
    """The count the list shows: only an answer of 'coming' or 'maybe' has one."""
    return guest.party_size if guest.status in ("coming", "maybe") else None


def sort_key(by: str, lang: str) -> Callable[[Sortable], tuple[Any, ...]]:
    """The key for `sorted`: by name, by table (guests without one last) or by party size (largest first,
    guests without an answer's count last); the name breaks ties, then the id."""

    def by_name(guest: Sortable) -> tuple[Any, ...]:
        return (name_key(guest.name, lang), guest.id or 0)

    if by == "table":
        return lambda guest: (_table_key(guest.table_number), *by_name(guest))
    if by == "party_size":
        def by_party(guest: Sortable) -> tuple[Any, ...]:
            size = shown_party_size(guest)
            return ((1, 0) if size is None else (0, -size), *by_name(guest))
        return by_party
    return by_name


def sort_guests(guests: Sequence[Any], by: str, lang: str) -> list[Any]:
    return sorted(guests, key=sort_key(by if by in SORTS else "name", lang))
