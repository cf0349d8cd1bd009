"""The shape of a workspace YAML file: the business rules owners edit, validated on load.

Hours, plans, quotas and policy numbers live here as data so that changing a business rule never
means changing code. Sections owned by one capability (support, rsvp, billing) are their own models.
"""

from __future__ import annotations

import re
from datetime import time
from functools import cache
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.core.workspaces.billing_rules import BillingRules
from bot.core.workspaces.rsvp_rules import RsvpRules

Lang = Literal["he", "en", "ru"]
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


def check_timezone(value: str) -> str:
    """`value` if it names an IANA time zone; a validator-friendly ValueError otherwise."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"'{value}' is not an IANA time zone") from exc
    return value


class Strict(BaseModel):
    """Unknown keys are typos in owner-edited files: refuse them rather than ignore them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TimeSpan(Strict):
    start: time
    end: time  # 24:00 is written as 23:59 ... or "00:00" meaning midnight end

    @classmethod
    def parse(cls, text: str) -> TimeSpan:
        match = _SPAN.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a span like 09:00-17:00")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h2 == 24 and m2 == 0:
            h2, m2 = 23, 59
        if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60):
            raise ValueError(f"'{text}' has an impossible time")
        start, end = time(h1, m1), time(h2, m2)
        if end <= start:
            raise ValueError(f"'{text}' ends before it starts")
        return cls(start=start, end=end)


EveRule = Literal["regular", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Hours(Strict):
    """Weekly opening hours in the workspace's time zone; `always: true` means 24/7.

    `holiday_eve` is the short day on the eve of a holiday that closes support (Erev Rosh Hashana,
    Erev Yom Kippur...): a day name (`fri`, the default: an eve is worked like a Friday), spans
    (`["08:30-13:00"]`), `closed` (or `[]`), or `regular` (eves are ordinary days). On an eve a person
    is on duty only when both the day's own hours and the eve's hours say so, so an eve shortens a
    day and never opens a day that is normally closed.
    """

    always: bool = False
    week: dict[str, list[TimeSpan]] = Field(default_factory=dict)
    holiday_eve: EveRule | list[TimeSpan] = "fri"

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data: Any) -> Any:
        if data == "24/7":
            return {"always": True}
        if not isinstance(data, dict):
            raise ValueError("hours must be '24/7' or a mapping of day -> ['HH:MM-HH:MM', ...]")
        data = dict(data)
        eve: dict[str, Any] = {"holiday_eve": _parse_eve(data.pop("holiday_eve"))} if "holiday_eve" in data else {}
        if data.get("always"):
            return {"always": True, **eve}
        data.pop("always", None)
        week: dict[str, list[TimeSpan]] = {}
        for day, spans in data.items():
            if day not in DAYS:
                raise ValueError(f"unknown day '{day}' (use {', '.join(DAYS)}, or holiday_eve)")
            week[day] = _parse_spans(spans)
        return {"always": False, "week": week, **eve}


def _parse_spans(spans: Any) -> list[TimeSpan]:
    items = [spans] if isinstance(spans, str) else list(spans or [])
    return [s if isinstance(s, TimeSpan) else TimeSpan.parse(s) if isinstance(s, str) else TimeSpan(**s)
            for s in items]


def _parse_eve(value: Any) -> Any:
    """`holiday_eve:` as written -> a day name, `regular`, or a list of spans (`closed` is no spans)."""
    if value is None or value == "closed":
        return []
    if isinstance(value, str) and (value in DAYS or value == "regular"):
        return value
    if isinstance(value, str) and not _SPAN.match(value.strip()):
        raise ValueError(f"holiday_eve: '{value}' is not a day name ({', '.join(DAYS)}), regular, closed "
                         "or a span like 08:30-13:00")
    return _parse_spans(value)


class HolidayRules(Strict):
    """Which public holidays close human support, from the `holidays` package's calendars."""

    country: str | None = None         # e.g. IL, RU; None: no holiday calendar
    closed: Literal["all", "listed", "none"] = "all"
    only: list[str] = Field(default_factory=list)  # with closed=listed: names (substrings) that close

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value not in _holiday_countries():
            raise ValueError(f"'{value}' is not a country the holidays package knows")
        return value


@cache
def _holiday_countries() -> frozenset[str]:
    """The country codes the holidays package knows, from its registry: its own
    `list_supported_countries()` imports all ~250 country modules to list their subdivisions
    (a tenth of a second of every start, for the two or three countries the workspaces name)."""
    import holidays

    registry = getattr(getattr(holidays, "registry", None), "COUNTRIES", None)
    if not registry:
        return frozenset(holidays.list_supported_countries())
    return frozenset(code for _, *codes in registry.values() for code in codes
                     if 2 <= len(code) <= 3 and code.isupper())


class Plan(Strict):
    """What a plan entitles: who may reach a person, and when."""

    name: dict[str, str] = Field(default_factory=dict)
    human: bool = False                 # may reach a person at all
    after_hours: bool = False           # priority: a person also outside hours, weekends, holidays
    requires_balance: bool = False      # prepaid: a person only while the balance is positive
    bot: bool = True                    # the bot answers (everyone may ask the bot)
    periods: list[Literal["monthly", "annual", "quarterly", "one-time"]] = Field(default_factory=list)
    note: dict[str, str] = Field(default_factory=dict)  # shown when a customer is denied


class SupportRules(Strict):
    """Ticket and handover numbers (web-agency closes silent tickets after two days, etc.)."""

    ticket_prefix: str = Field(default="T", pattern=r"^[A-Z]{1,6}$")
    inactive_close_days: float | None = None     # close a ticket the customer left silent this long
    first_response_minutes: int | None = None    # alert staff when nobody answered in time
    business_time_only: bool = True              # count SLA minutes only inside hours
    abuse_flag_after: int = 3                    # abusive messages before the flag is set
    staff_chat_id: str | None = None             # Telegram chat that gets alerts
    whatsapp_templates: dict[str, str] = Field(default_factory=dict)  # purpose -> Content SID (HX...)
    entitled_statuses: list[str] = Field(default_factory=lambda: ["active"])
    # Canned replies staff insert from the inbox: name -> text per language.
    canned_replies: dict[str, dict[Lang, str]] = Field(default_factory=dict)


class UnderstandingRules(Strict):
    """How this business's customers talk: their own words for a person ("טכנאי", "мастер",
    "technician"), read as a request for one like "agent" (handlers/intents.py)."""

    person_words: dict[Lang, list[str]] = Field(default_factory=dict)
    # The account action a knowledge-base topic tells how to do ("close-account": cancel_subscription):
    # right after that answer, "close it" / "תעשו את זה" / "давайте" asks for it (handlers/dialogue/flow.py).
    # "plan_change" names the rule a plan change follows; "do it" after it asks which plan, so it is no go-ahead.
    topic_actions: dict[str, Literal["cancel_subscription", "freeze_request", "refund_request", "ticket_close",
                                     "plan_change"]] = Field(default_factory=dict)

    def rule_topic(self, action: str) -> str | None:
        """The one topic whose rule `action` follows (`topic_actions` read backwards), so a reply that acts
        reports the rule it applied to the inbox and the stories; None when no topic, or several, tie."""
        tied = [topic for topic, tied_action in self.topic_actions.items() if tied_action == action]
        return tied[0] if len(tied) == 1 else None

    def all_person_words(self) -> tuple[str, ...]:
        return tuple(word for words in self.person_words.values() for word in words)


class Workspace(Strict):
    """One business on the shared server."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")
    name: str
    numbers: list[str] = Field(min_length=1)
    languages: list[Lang] = Field(min_length=1)
    # How Hebrew replies speak to a customer: one form per workspace, never mixed (docs/wording.md).
    form_of_address: Literal["singular", "plural"] = "plural"
    timezone: str
    hours: Hours
    holidays: HolidayRules = HolidayRules()
    plans: dict[str, Plan] = Field(min_length=1)
    support: SupportRules = SupportRules()
    api_token: str | None = Field(default=None, min_length=16)
    contact_email: str | None = None
    # Capability sections validated by their own modules (rsvp, billing); kept as data here.
    rsvp: RsvpRules = RsvpRules()
    billing: BillingRules = BillingRules()
    sms: dict[str, Any] = Field(default_factory=dict)
    understanding: UnderstandingRules = UnderstandingRules()

    @property
    def default_language(self) -> Lang:
        return self.languages[0]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return check_timezone(value)

    @field_validator("numbers")
    @classmethod
    def _e164(cls, values: list[str]) -> list[str]:
        from bot.core.phones import InvalidPhone, normalize_phone

        out = []
        for value in values:
            try:
                out.append(normalize_phone(value).e164)
            except InvalidPhone as exc:
                raise ValueError(f"'{value}': {exc}") from exc
        return out
