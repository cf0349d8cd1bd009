"""The bot's own sentences (not the knowledge base's), in each language, from `texts.yaml`.

Kept as data so wording can be changed without touching handlers; `{name}` style variables.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

TEXTS_FILE = Path(__file__).with_name("texts.yaml")
FALLBACK_LANG = "en"


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))
    return {key: dict(value) for key, value in data.items()}


def text(key: str, lang: str, **values: Any) -> str:
    """The sentence `key` in `lang` (English if missing), with `values` filled in."""
    variants = _texts()[key]
    template = variants.get(lang) or variants[FALLBACK_LANG]
    return template.format(**values) if values else template


def has_text(key: str) -> bool:
    return key in _texts()
