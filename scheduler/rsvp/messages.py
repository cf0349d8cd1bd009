"""Owner-facing sentences of the RSVP area, kept as data (`messages.yaml`) in he, en and ru.

Also what an event is called in a guest's message: its title in the guest's language (event_texts.py),
or when it has none a phrase from its type ("החתונה", "the wedding", "свадьба"), never the owner's internal key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core.models import Event
from handlers.texts import TextBook
from scheduler.rsvp.event_texts import event_title

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")
_BOOK = TextBook(MESSAGES_FILE)


def owner_text(name: str, lang: str, /, **values: Any) -> str:
    return _BOOK.text(name, lang, **values)


def type_name(event_type: str, lang: str) -> str:
    key = f"event_type.{event_type}"
    return _BOOK.text(key if key in _BOOK.entries else "event_type.other", lang)


def event_name(event: Event, lang: str) -> str:
    """The event as a guest's message names it: the owner's title, else what kind of event it is."""
    return event_title(event, lang) or type_name(event.type, lang)
