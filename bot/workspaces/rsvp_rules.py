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
    link_languages: list[Literal["he", "en", "ru"]] = Field(default_factory=lambda: ["he", "en", "ru"])

    @field_validator("quota_statuses")
    @classmethod
    def _known_statuses(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        merged = {**_default_counted(), **value}
        for kind, statuses in merged.items():
            unknown = [s for s in statuses if s not in GUEST_STATUSES]
            if unknown:
                raise ValueError(f"{kind}: unknown status {', '.join(unknown)} (known: {', '.join(GUEST_STATUSES)})")
        return merged

    @model_validator(mode="before")
    @classmethod
    def _none_is_empty(cls, data: Any) -> Any:
        return {} if data is None else data

    def counted_statuses(self, event_type: str) -> list[str]:
        return list(self.quota_statuses.get(event_type, self.quota_statuses["private"]))  # type: ignore[call-overload]

    def quota_for(self, event_type: str) -> int:
        return self.free_quota.for_type(event_type)
