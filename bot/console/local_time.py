"""A moment as a planner reads it: the local date and time and the zone in their language.

The console showed the zone's database name ("Asia/Jerusalem") and, for the next time messages may go
out, an ISO date ("2026-12-02 08:00"). The zone's words live in strings.yaml (`time_zone.<IANA name>`);
a zone without words keeps its IANA name, which is still correct, only less friendly.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.console.i18n import has, text

FORMAT = "%d.%m.%Y %H:%M"  # the console's one date-and-time format (the lists and the report use it too)


def zone_words(tz: ZoneInfo, lang: str) -> str:
    """"Israel time", "שעון ישראל", "израильское время"; the IANA name for a zone we have no words for."""
    key = f"time_zone.{tz.key}"
    return text(key, lang) if has(key) else tz.key


def local_moment(value: datetime, tz: ZoneInfo, lang: str) -> str:
    """"02.12.2026 08:00, Israel time": the moment in the zone's local time, then the zone."""
    return text("local_time.moment", lang, at=value.astimezone(tz).strftime(FORMAT), zone=zone_words(tz, lang))
