"""Owner-facing sentences of the RSVP area, kept as data (`messages.yaml`) in he, en and ru."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handlers.texts import TextBook

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")
_BOOK = TextBook(MESSAGES_FILE)


def owner_text(name: str, lang: str, /, **values: Any) -> str:
    return _BOOK.text(name, lang, **values)
