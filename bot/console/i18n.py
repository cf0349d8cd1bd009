"""The console's words in Hebrew, Russian and English (strings.yaml), and the page direction."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from scheduler.rsvp.status_words import status_words

STRINGS_FILE = Path(__file__).with_name("strings.yaml")
LANGUAGES = ("he", "ru", "en")
RTL = frozenset({"he"})


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    # libyaml when present (same safe constructor): 0.18 s -> 0.02 s on the first console page
    data = yaml.load(STRINGS_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    data.update(status_words())  # guest statuses: shared with the scheduler's export, which sits below the console
    for key, texts in data.items():
        missing = [lang for lang in LANGUAGES if lang not in texts]
        if missing:
            raise ValueError(f"strings.yaml: '{key}' has no {', '.join(missing)}")
    return data


def text(key: str, lang: str, /, **values: Any) -> str:
    """The sentence in `lang`; an unknown key shows itself (a visible bug, never a crash)."""
    texts = _strings().get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts["en"]
    return template.format(**values) if values else template


def has(key: str) -> bool:
    return key in _strings()


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


class Translator:
    """`t("key", n=3)` in templates and routes, bound to one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "he"

    def __call__(self, key: str, /, **values: Any) -> str:
        return text(key, self.lang, **values)

    def maybe(self, prefix: str, value: str | None) -> str:
        """`prefix.value` when known (a status, a reason), else the raw value."""
        if not value:
            return ""
        key = f"{prefix}.{value}"
        return text(key, self.lang) if has(key) else value
