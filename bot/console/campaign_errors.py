"""A refused campaign in the console's language.

The scheduler's `CampaignError` speaks English to the API and the command line ("no messages may go out
at 2026-12-12T11:00:00+02:00 (shabbat); the next allowed time is ..."). A planner on the Hebrew or
Russian console must read why in their own words, so each refusal carries a `code` where it is raised
(`CampaignError.code`, `TemplateError.code`) and its particulars (`detail`, `values`), and the console
words the code from `strings.yaml` (`campaign_error.<code>`). Reading the English sentence broke each
time a sentence was reworded; a code no string knows keeps the scheduler's sentence rather than hiding it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.console.i18n import has, text
from scheduler.campaigns.scheduling import CampaignError, QuietTimeError
from scheduler.campaigns.templates import TemplateError
from scheduler.campaigns.whatsapp import MissingTemplate

_FIELD_CODES = frozenset({"unknown_field", "unknown_field_meant", "single_braces"})
_FIELD = re.compile(r"\{\{[^{}]*\}\}|\{[^{}]*\}")
NBSP = "\u00a0"
_QUIET_KINDS = frozenset({"night", "shabbat", "holiday", "holiday_eve"})
_VALUES: dict[str, tuple[str, ...]] = {  # code -> the values its sentence in strings.yaml names
    "state": ("state",), "segments": ("n", "limit"), "template_chars": ("n", "limit"),
    "unknown_field": ("names", "known"), "unknown_field_meant": ("names", "meant", "known"),
    "single_braces": ("typed", "fixed"),
    "twice": ("kind", "channel", "when", "id")}


def _reason(reason: str, lang: str) -> str:
    """"shabbat", "night", "holiday: Yom Kippur", "holiday eve: Pesach" in words."""
    kind = reason.split(":", 1)[0].strip().replace(" ", "_")
    return text(f"quiet_reason.{kind if kind in _QUIET_KINDS else 'other'}", lang)


def _quiet(reason: str, lang: str) -> str:
    return text("campaign_error.quiet", lang, reason=_reason(reason, lang))


def quiet_refusal(exc: QuietTimeError, tz: ZoneInfo, lang: str) -> str:
    """The whole refusal in one sentence, for the command line: the time asked for, why not, and the next
    allowed time, each as local date and time with the zone in words ('12.12.2026 11:00, Israel time'), as
    the console shows them; the scheduler's own sentence gives ISO times with offsets (for the API)."""
    from bot.console.local_time import local_moment

    return text("campaign_error.quiet_at", lang, at=local_moment(exc.at, tz, lang),
                reason=_reason(str(exc.detail.get("reason", "")), lang),
                next=local_moment(exc.next_allowed, tz, lang))


def _code_and_values(exc: Exception) -> tuple[str, dict[str, Any]]:
    if isinstance(exc, CampaignError):
        return exc.code, dict(exc.detail)
    if isinstance(exc, TemplateError):
        return exc.code, dict(exc.values)
    if isinstance(exc, MissingTemplate):
        return "whatsapp_template", {}
    return "", {}


def campaign_error(exc: Exception, lang: str) -> str:
    """Why the campaign was refused, in `lang` (the scheduler's sentence for a code we have no words for)."""
    code, values = _code_and_values(exc)
    if isinstance(exc, QuietTimeError) or code == "quiet":
        return _quiet(str(values.get("reason", "")), lang)
    if code == "state":
        state = str(values.get("state", ""))
        values["state"] = text(f"campaign_state.{state}", lang) if state else ""
    if code == "twice":
        when = datetime.fromisoformat(str(values.get("send_at")))
        values.update(kind=text(f"kind.{values.get('kind')}", lang),
                      channel=text(f"channel.{values.get('channel')}", lang),
                      when=when.strftime("%d.%m.%Y %H:%M"), id=values.get("campaign_id", ""))
    if code == "segments":
        values.update(n=values.get("segments", ""), limit=values.get("max_segments", ""))
    if code == "unknown_field" and values.get("meant"):
        code = "unknown_field_meant"
    if code in _FIELD_CODES:
        # each {{ field }} kept left to right inside a Hebrew sentence (else '}} name {{'), and on one line: a line
        # broken inside the isolate ends "{{ event" and starts the next "}}", so its spaces do not break
        values = {name: _FIELD.sub(lambda found: f"\u2066{found.group(0).replace(' ', NBSP)}\u2069", str(value))
                  for name, value in values.items()}
    key = f"campaign_error.{code}"
    if not code or not has(key):
        return str(exc)
    # only the values a sentence names: a sentence without any keeps its literal "{{ link }}"
    return text(key, lang, **{name: values.get(name, "") for name in _VALUES.get(code, ())})
