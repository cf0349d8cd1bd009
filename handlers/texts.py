"""The bot's own sentences (not the knowledge base's), in each language, kept as YAML data.

Kept as data so wording can be changed without touching handlers; `{name}` style variables.
`TextBook` is the one loader every area's sentence file goes through (this folder's `texts.yaml`,
billing's, the RSVP owner messages). Blanks may carry grammar (`{when:с}`, `{event:ל}`,
`{days:day}`) and Hebrew sentences both forms of address (`[singular|plural]`): see
`knowledge.grammar.compose` and docs/wording.md.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from knowledge.grammar.compose import fill
from knowledge.kb import SAFE_LOADER

TEXTS_FILE = Path(__file__).with_name("texts.yaml")
FALLBACK_LANG = "en"


_OPENED: list[TextBook] = []  # every book made (one per sentence file), for `load`


class TextBook:
    """Sentences keyed by name, each in he/en/ru; a missing language falls back to English."""

    def __init__(self, path: Path) -> None:
        self.path = path
        _OPENED.append(self)

    @cached_property
    def entries(self) -> dict[str, dict[str, str]]:
        # libyaml's parser (same safe constructor): the pure-Python one took half a second for
        # texts.yaml, paid by the first reply of every process
        data = yaml.load(self.path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        return {key: dict(value) for key, value in data.items()}

    def text(self, key: str, lang: str, /, **values: Any) -> str:
        """The sentence `key` in `lang` (English if missing), with `values` filled in."""
        variants = self.entries[key]
        template = variants.get(lang) or variants[FALLBACK_LANG]
        return fill(template, lang if lang in variants else FALLBACK_LANG, values)

    def keys(self) -> set[str]:
        return set(self.entries)


_BOOK = TextBook(TEXTS_FILE)


def text(key: str, lang: str, **values: Any) -> str:
    """The sentence `key` in `lang` (English if missing), with `values` filled in."""
    return _BOOK.text(key, lang, **values)


def has_text(key: str) -> bool:
    return key in _BOOK.entries


def load() -> None:
    """Read every sentence file of the modules imported so far (bot.readiness does it before
    ready, so the first reply does not)."""
    for book in _OPENED:
        book.entries  # noqa: B018 - reading the cached property is the point
