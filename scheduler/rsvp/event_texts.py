"""An event's title and venue in the guest's language, when the owner gave them.

`Event.title` and `Event.venue` are the default every language falls back to; `Event.localized` holds
the other versions, {"en": {"title": "Dana & Avi's wedding", "venue": "Garden Hall"}}. The guest page,
the calendar entry and every message to a guest ask here, so a Russian-speaking guest reads the
Russian title where there is one and the owner's own words where there is not.
"""

from __future__ import annotations

from typing import Any

from bot.core.models import Event

LANGUAGES = ("he", "ru", "en")
FIELDS = ("title", "venue")
MAX_LENGTH = 200


def localized(event: Event, field: str, lang: str | None) -> str:
    """The field in `lang` when the owner gave it, else the default."""
    versions: dict[str, Any] = event.localized or {}
    given = (versions.get(lang or "") or {}).get(field)
    if isinstance(given, str) and given.strip():
        return given.strip()
    return str(getattr(event, field))


def event_title(event: Event, lang: str | None) -> str:
    """The title in `lang`, else the default title ("" for an untitled event)."""
    return localized(event, "title", lang).strip()


def event_venue(event: Event, lang: str | None) -> str:
    return localized(event, "venue", lang)


def set_localized(event: Event, versions: dict[str, dict[str, str]]) -> None:
    """Replace the per-language versions: blank ones are dropped, each kept to 200 characters."""
    kept: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        fields = {f: " ".join((versions.get(lang) or {}).get(f, "").split())[:MAX_LENGTH] for f in FIELDS}
        fields = {f: v for f, v in fields.items() if v}
        if fields:
            kept[lang] = fields
    event.localized = kept  # a new dict, so the JSON column is seen as changed
