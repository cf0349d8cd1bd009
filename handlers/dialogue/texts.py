"""The dialogue layer's sentences (texts.yaml beside this file), through the shared `TextBook`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handlers.texts import TextBook

_BOOK = TextBook(Path(__file__).with_name("texts.yaml"))


def text(key: str, lang: str, **values: Any) -> str:
    return _BOOK.text(key, lang, **values)
