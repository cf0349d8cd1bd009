"""A campaign's state reason in the reader's language. The scheduler stores it as an English sentence for
logs and the API ("cancelled by the owner", "deferred to 2026-11-28T20:00:00+02:00: quiet hours (shabbat)");
the console showed that sentence as is on Hebrew and Russian pages. Known shapes get the words of
strings.yaml (state_reason.*); an unknown one is shown as stored rather than hidden."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.console.i18n import text
from bot.console.local_time import local_moment

FIXED = {
    "cancelled by the owner": "cancelled",
    "cancelled by the owner while sending": "cancelled_sending",
    "paused by the owner": "paused",
    "event already started": "event_started",
    "SMS balance ran out": "balance",
}
DEFERRED = re.compile(r"deferred to (\S+): (.*)")


def reason_words(reason: str | None, tz: ZoneInfo, lang: str) -> str:
    """The reason as a sentence in `lang` ("" for none)."""
    if not reason:
        return ""
    if reason in FIXED:
        return text(f"state_reason.{FIXED[reason]}", lang)
    if reason.startswith("missed:"):
        return text("state_reason.missed", lang)
    found = DEFERRED.fullmatch(reason)
    if found:
        try:
            at = local_moment(datetime.fromisoformat(found.group(1)), tz, lang)
        except ValueError:
            return reason
        why = "quiet" if found.group(2).startswith("quiet hours") else "provider"
        return text(f"state_reason.deferred_{why}", lang, at=at)
    return reason
