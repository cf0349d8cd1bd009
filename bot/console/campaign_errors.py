"""A refused campaign in the console's language.

The scheduler's `CampaignError` speaks English to the API and the command line ("no messages may go out
at 2026-12-12T11:00:00+02:00 (shabbat); the next allowed time is ..."). A planner on the Hebrew or
Russian console must read why in their own words, so the console recognises each refusal here (by its
type, its `detail` and the start of its sentence, which the scheduler's tests pin) and words it from
`strings.yaml`; anything not recognised keeps the scheduler's sentence rather than hiding it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.console.i18n import text
from scheduler.campaigns.scheduling import CampaignConflict, QuietTimeError

_STATE = re.compile(r"\bis (?:already )?(draft|scheduled|sending|done|cancelled)\b")
_NAMES = re.compile(r"'([^']{1,40})'")
_NUMBERS = re.compile(r"\d+")
# (start of the scheduler's sentence, key under campaign_error. in strings.yaml)
_BY_START: tuple[tuple[str, str], ...] = (
    ("bad date", "bad_date"),
    ("send_at needs a time zone", "bad_date"),
    ("the template is empty", "template_empty"),
    ("'on the way with table number'", "on_the_way_text"),
    ("template syntax error", "template_syntax"),
    ("thank-you messages carry no personal link", "thank_you_link"),
    ("the template passes a limit", "template_limit"),
    ("the template does something not allowed", "template_limit"),
    ("nobody to resend to", "nothing_to_resend"),
)


def _quiet(reason: str, lang: str) -> str:
    """"shabbat", "night", "holiday: Yom Kippur", "holiday eve: Pesach" in words."""
    kind = reason.split(":", 1)[0].strip().replace(" ", "_")
    if kind not in ("night", "shabbat", "holiday", "holiday_eve"):
        kind = "other"
    return text("campaign_error.quiet", lang, reason=text(f"quiet_reason.{kind}", lang))


def campaign_error(exc: Exception, lang: str) -> str:
    """Why the campaign was refused, in `lang` (the scheduler's sentence when it is not one we know)."""
    message = str(exc)
    words: Callable[..., str] = lambda key, **values: text(f"campaign_error.{key}", lang, **values)  # noqa: E731
    if isinstance(exc, QuietTimeError):
        return _quiet(str(exc.detail.get("reason", "")), lang)
    if isinstance(exc, CampaignConflict):
        state = _STATE.search(message)
        return words("state", state=text(f"campaign_state.{state.group(1)}", lang) if state else "")
    for start, key in _BY_START:
        if message.startswith(start):
            return words(key)
    if message.endswith("is in the past"):
        return words("past")
    if "must go out before the event starts" in message:
        return words("before_event")
    if message.startswith("a thank-you goes out after the event"):
        return words("after_event")
    if message.startswith("the longest message is"):
        detail = getattr(exc, "detail", {})
        return words("segments", n=detail.get("segments", ""), limit=detail.get("max_segments", ""))
    if message.startswith("the template is") and "characters" in message:
        numbers = _NUMBERS.findall(message)
        return words("template_chars", n=numbers[0], limit=numbers[-1]) if len(numbers) >= 2 else message
    if message.startswith("unknown variable"):
        names = _NAMES.findall(message.split("; known:", 1)[0])
        return words("unknown_field", names=", ".join(names) or "?")
    return message
