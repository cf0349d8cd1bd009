"""The workspace rules a campaign obeys, read from the workspace YAML in one place.

`rsvp:` (quiet hours, messages per second, retention) is typed by bot/core/workspaces/rsvp_rules.py;
`sms:` (billing characters per segment, Israeli-mobile-only) is free-form data read here with
checks, so a typo in an owner's file is a clear error rather than a silent default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.workspaces import Workspace
from bot.core.workspaces.rsvp_rules import WhatsAppTemplate

# Shabbat and holiday bounds: the policy says "no sends on Shabbat or holidays" without hours. We block
# from Friday (or a holiday eve) 14:00 until 20:00 on Saturday (or the holiday): early enough before
# candle lighting all year (winter sunset is about 16:35 in Jerusalem) and after nightfall all year
# (summer havdalah is about 20:25, and 22:00 starts the night quiet time anyway shortly after).
SHABBAT_FROM = time(14, 0)
SHABBAT_UNTIL = time(20, 0)
# A campaign whose time passed while the service was down still goes out this long after its time;
# later than that it is marked missed (an invitation a day late is worse than none: owners re-plan).
LATE_SEND_GRACE = timedelta(hours=6)
# WhatsApp's customer-service window (Meta's rule, not a business choice): free text is allowed this long
# after the customer's last message; afterwards only an approved template.
WHATSAPP_WINDOW = timedelta(hours=24)


class CampaignConfigError(ValueError):
    """A workspace file whose campaign settings cannot be used."""


@dataclass(frozen=True)
class CampaignRules:
    slug: str
    sender: str                         # the number messages go out from
    tz: ZoneInfo
    default_language: str
    messages_per_second: float
    chars_per_segment: int | None       # provider billing rule (event-rsvp: 134 characters a segment)
    israeli_mobile_only: bool           # SMS only to valid Israeli mobiles
    retention_days: int
    quiet_start: time | None
    quiet_end: time | None
    shabbat: bool
    holidays_country: str | None
    late_grace: timedelta = LATE_SEND_GRACE
    same_round: timedelta = timedelta(hours=24)  # rsvp.same_round_hours
    shabbat_from: time = SHABBAT_FROM
    shabbat_until: time = SHABBAT_UNTIL
    # rsvp.whatsapp_templates: campaign kind -> approved template for guests outside the 24-hour window
    whatsapp_templates: Mapping[str, WhatsAppTemplate] = field(default_factory=dict)
    # free text on WhatsApp only when the guest's last message is younger than this (24 h minus a margin)
    whatsapp_free_text_for: timedelta = timedelta(hours=24)
    # sms.max_segments: longest SMS a campaign may send (default: the CAMPAIGN_MAX_SEGMENTS setting)
    max_segments: int | None = None
    form_of_address: str = "plural"     # Hebrew "you" for one guest (a party is always plural)
    whatsapp_cost: int = 1              # rsvp.whatsapp_message_cost: balance a WhatsApp message takes


def _sms_value(sms: dict[str, Any], key: str, kind: type, slug: str) -> Any:
    value = sms.get(key)
    if value is None:
        return None
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
        raise CampaignConfigError(f"{slug}: sms.{key} must be a positive whole number, got {value!r}")
    if kind is bool and not isinstance(value, bool):
        raise CampaignConfigError(f"{slug}: sms.{key} must be true or false, got {value!r}")
    return value


def rules_for(workspace: Workspace) -> CampaignRules:
    rsvp = workspace.rsvp
    quiet = rsvp.quiet_hours
    sms = workspace.sms or {}
    return CampaignRules(
        slug=workspace.slug,
        sender=workspace.numbers[0],
        tz=workspace.tz,
        default_language=workspace.default_language,
        messages_per_second=float(rsvp.messages_per_second),
        chars_per_segment=_sms_value(sms, "billing_chars_per_segment", int, workspace.slug),
        israeli_mobile_only=bool(_sms_value(sms, "israeli_mobile_only", bool, workspace.slug)),
        retention_days=int(rsvp.retention_days),
        quiet_start=quiet.start,
        quiet_end=quiet.end,
        shabbat=quiet.shabbat,
        holidays_country=(workspace.holidays.country or "IL") if quiet.holidays else None,
        shabbat_from=quiet.shabbat_from,
        shabbat_until=quiet.shabbat_until,
        late_grace=timedelta(hours=float(rsvp.late_send_grace_hours)),
        same_round=timedelta(hours=float(rsvp.same_round_hours)),
        whatsapp_templates=dict(rsvp.whatsapp_templates),
        whatsapp_free_text_for=WHATSAPP_WINDOW - timedelta(minutes=rsvp.whatsapp_window_margin_minutes),
        max_segments=_sms_value(sms, "max_segments", int, workspace.slug),
        form_of_address=workspace.form_of_address,
        whatsapp_cost=int(rsvp.whatsapp_message_cost),
    )
