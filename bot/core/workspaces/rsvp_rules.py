"""The `rsvp:` section of a workspace file: free quotas, which answers count, quiet hours, retention.

The numbers come from the RSVP policy (seed 003): a free event may collect 100 answers (wedding),
50 (other private event) or 25 (business) before the owner must buy a package; which statuses
count differs between private and business events ("interested" exists only for business).
Keeping them here means a policy change is a YAML edit, not a code change.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EventTypeName = Literal["wedding", "private", "business"]
GUEST_STATUSES = ("not_invited", "message_sent", "coming", "not_coming", "maybe", "interested", "no_answer")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FreeQuota(_Strict):
    """Answers an event collects for free, by event type."""

    wedding: int = Field(default=100, ge=0)
    private: int = Field(default=50, ge=0)
    business: int = Field(default=25, ge=0)

    def for_type(self, event_type: str) -> int:
        return int(getattr(self, event_type if event_type in ("wedding", "private", "business") else "private"))


def _default_counted() -> dict[str, list[str]]:
    private = ["coming", "not_coming", "maybe", "no_answer"]
    return {"wedding": list(private), "private": list(private), "business": [*private, "interested"]}


class QuietHours(_Strict):
    """When no campaign message may go out, in the event's (or workspace's) local time."""

    start: time = time(22, 0)
    end: time = time(8, 0)
    shabbat: bool = True
    holidays: bool = True
    # Shabbat (and a holiday) is quiet from this time on its eve until this time on the day itself.
    shabbat_from: time = time(14, 0)
    shabbat_until: time = time(20, 0)

    @field_validator("start", "end", "shabbat_from", "shabbat_until", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = _CLOCK.match(value.strip())
            if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
                raise ValueError(f"'{value}' is not a time like 22:00")
            return time(int(match.group(1)), int(match.group(2)))
        return value


CampaignKindName = Literal["invitation", "second_round", "reminder", "on_the_way", "thank_you"]
# The values a campaign can put into an approved template, as in scheduler/campaigns/templates.py.
TemplateVariable = Literal["name", "event", "date", "time", "venue", "link", "table"]
LanguageName = Literal["he", "en", "ru"]
_CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")


class WhatsAppTemplate(_Strict):
    """An approved WhatsApp template (Twilio Content SID) for one campaign kind.

    WhatsApp accepts business-initiated messages outside the 24-hour customer-service window only as
    approved templates (Twilio error 63016 otherwise). `variables` are the campaign values that fill
    the template's {{1}}, {{2}}, ... in order. A Content SID is approved in one language, so `sid` may
    be one SID or one per language (a guest's language, else the workspace language, else any).
    """

    sid: str | dict[LanguageName, str]
    variables: list[TemplateVariable] = Field(default_factory=list, max_length=10)

    @field_validator("sid")
    @classmethod
    def _content_sid(cls, value: str | dict[str, str]) -> str | dict[str, str]:
        sids = [value] if isinstance(value, str) else list(value.values())
        if not sids:
            raise ValueError("give a Content SID (HX followed by 32 hex digits) or one per language")
        bad = [s for s in sids if not _CONTENT_SID.match(s)]
        if bad:
            raise ValueError(f"'{bad[0]}' is not a Twilio Content SID (HX followed by 32 hex digits)")
        return value

    def sid_for(self, lang: str, default_lang: str) -> str:
        if isinstance(self.sid, str):
            return self.sid
        by_lang: dict[str, str] = dict(self.sid)
        return by_lang.get(lang) or by_lang.get(default_lang) or next(iter(by_lang.values()))


class SmsPackage(_Strict):
    """An SMS package an owner can buy: how many billed messages it adds, and its price."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")
    messages: int = Field(ge=1, le=1_000_000)
    price: float | None = Field(default=None, ge=0, le=1_000_000)
    currency: str = Field(default="ILS", pattern=r"^[A-Z]{3}$")


class RsvpRules(_Strict):
    """Typed `rsvp:` section. Every key is optional; defaults are the seed policy's numbers."""

    free_quota: FreeQuota = FreeQuota()
    # Statuses whose guests count toward the free quota (and are hidden beyond it), per event type.
    quota_statuses: dict[EventTypeName, list[str]] = Field(default_factory=_default_counted)
    # Plans that include unlimited answers (the SMS package gives "unlimited RSVPs" as a gift).
    unlimited_plans: list[str] = Field(default_factory=lambda: ["digital", "full-service"])
    max_party_size: int = Field(default=20, ge=1, le=500)
    max_import_rows: int = Field(default=20000, ge=1)
    quiet_hours: QuietHours = QuietHours()
    retention_days: int = Field(default=183, ge=1)
    messages_per_second: float = Field(default=10, gt=0)
    # A campaign whose send time passed while the service was down still goes out this late; later
    # than this it is closed as missed for the owner to re-plan (a reminder a day late is worse than none).
    late_send_grace_hours: float = Field(default=6, gt=0, le=72)
    # Two open campaigns of one kind for an event this close together are one round sent twice (an
    # invitation by SMS and one by WhatsApp for the same morning, a double click): the second is refused.
    same_round_hours: float = Field(default=24, gt=0, le=720)
    link_languages: list[Literal["he", "en", "ru"]] = Field(default_factory=lambda: ["he", "en", "ru"])
    # Campaign kind -> approved WhatsApp template, used for guests outside the 24-hour window. A
    # WhatsApp campaign of a kind with no template here is refused when it is previewed or scheduled.
    whatsapp_templates: dict[CampaignKindName, WhatsAppTemplate] = Field(default_factory=dict)
    # Free text only when the guest's last message is at least this far inside the 24-hour window, so a
    # message queued at the provider does not arrive just after the window closed.
    whatsapp_window_margin_minutes: int = Field(default=15, ge=0, le=720)
    # SMS packages the operator sells; buying one adds its messages to the owner's balance and, as the
    # policy gives, unlimited answers (the owner's plan becomes `package_plan` if it was the free one).
    sms_packages: list[SmsPackage] = Field(default_factory=list)
    package_plan: str = "digital"
    # Co-hosts (console accounts that run an event with its owner; anyone may then ask a login code by
    # SMS for their number): at most this many on one event at once (0: none), and at most this many new
    # ones invited by one account in 24 hours over all its events, removed ones included (review, fifth
    # look: unlimited invitations made the business send login codes to any number of strangers).
    max_cohosts: int = Field(default=8, ge=0, le=100)
    # Events not yet over that one event owner's account may hold; creating more from the console is refused
    # until one is over or deleted (review N14: one account made 50 events in 0.6 s, each able to hold 20,000
    # guests and 8 co-hosts). Workspace owners and the command line are not held.
    max_upcoming_events: int = Field(default=20, ge=1, le=10000)
    # What one WhatsApp campaign message takes from the owner's message balance. The packages count
    # messages and say nothing of WhatsApp, so one, as an SMS of one segment (0: WhatsApp is free).
    # WhatsApp sends were not charged at all before (review, fifth look).
    whatsapp_message_cost: int = Field(default=1, ge=0, le=100)
    cohost_invites_per_day: int = Field(default=10, ge=1, le=1000)
    # Event owners get one message summing up new answers at most this often (0: never); not in quiet hours.
    owner_digest_minutes: int = Field(default=120, ge=0, le=10080)

    def package(self, package_id: str) -> SmsPackage | None:
        return next((p for p in self.sms_packages if p.id == package_id), None)

    @field_validator("quota_statuses")
    @classmethod
    def _known_statuses(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        merged = {**_default_counted(), **value}
        for kind, statuses in merged.items():
            unknown = [s for s in statuses if s not in GUEST_STATUSES]
            if unknown:
                raise ValueError(f"{kind}: unknown status {', '.join(unknown)} (known: {', '.join(GUEST_STATUSES)})")
        return merged

    @field_validator("whatsapp_templates")
    @classmethod
    def _template_policy(cls, value: dict[str, WhatsAppTemplate]) -> dict[str, WhatsAppTemplate]:
        for kind, template in value.items():
            if kind == "thank_you" and "link" in template.variables:
                raise ValueError("thank_you: thank-you messages carry no personal link (policy); remove 'link'")
            if kind != "on_the_way" and "table" in template.variables:
                # Only "on the way" guests surely have a table; WhatsApp refuses empty template values.
                raise ValueError(f"{kind}: 'table' is only known for on_the_way messages")
        return value

    @model_validator(mode="before")
    @classmethod
    def _none_is_empty(cls, data: Any) -> Any:
        return {} if data is None else data

    def counted_statuses(self, event_type: str) -> list[str]:
        return list(self.quota_statuses.get(event_type, self.quota_statuses["private"]))  # type: ignore[call-overload]

    def quota_for(self, event_type: str) -> int:
        return self.free_quota.for_type(event_type)
