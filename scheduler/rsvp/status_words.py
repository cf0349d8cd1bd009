"""A guest's status in the words an owner reads, in Hebrew, Russian and English (status_words.yaml).

The console's list, filter and dashboard and the XLSX/CSV export name a status alike, so the file's column
matches the page's filter. The words live here, below the console, because the export needs them and the
scheduler never imports an edge; the console merges them into its own words (bot/console/i18n.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

STATUS_WORDS_FILE = Path(__file__).with_name("status_words.yaml")


@lru_cache(maxsize=1)
def status_words() -> dict[str, dict[str, str]]:
    """`status.<status>` -> {language: word}; read once."""
    return dict(yaml.safe_load(STATUS_WORDS_FILE.read_text(encoding="utf-8")))


def status_word(status: str, lang: str) -> str:
    """The status's word in `lang` (English if missing); an unknown status shows itself."""
    texts = status_words().get(f"status.{status}")
    if texts is None:
        return status
    return texts.get(lang) or texts["en"]
