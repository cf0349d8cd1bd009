"""Owner-facing sentences of the RSVP area, kept as data (`messages.yaml`) in he, en and ru.

Also what an event is called in a guest's message: its title in the guest's language (event_texts.py),
or when it has none a phrase from its type ("החתונה", "the wedding", "свадьба"), never the owner's internal key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core.models import Event
from bot.core.phones import InvalidPhone
from handlers.texts import TextBook
from scheduler.rsvp.event_texts import event_title

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")
_BOOK = TextBook(MESSAGES_FILE)


def owner_text(name: str, lang: str, /, **values: Any) -> str:
    return _BOOK.text(name, lang, **values)


def phone_refusal(exc: InvalidPhone, value: str, lang: str) -> str:
    """Why a typed number is refused, in words, with what to fix: 'invalid phone number' alone left the
    owner guessing (054-1234567 is refused because no Israeli number begins 0541, not for its dash). One
    set of sentences for the import, the guest form, the login and the co-host invitation."""
    if exc.reason == "empty":
        return owner_text("missing_phone", lang)
    key = f"invalid_phone.{exc.reason}" + ("_any" if exc.reason == "not_in_use" and not exc.prefix else "")
    if key not in _BOOK.entries:
        return owner_text("invalid_phone", lang, value=value)
    return owner_text(key, lang, value=value.strip(), prefix=exc.prefix)


def type_name(event_type: str, lang: str) -> str:
    key = f"event_type.{event_type}"
    return _BOOK.text(key if key in _BOOK.entries else "event_type.other", lang)


def event_name(event: Event, lang: str) -> str:
    """The event as a guest's message names it: the owner's title, else what kind of event it is."""
    return event_title(event, lang) or type_name(event.type, lang)
