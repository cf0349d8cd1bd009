"""Support sentences that need dates, plans and holidays said in the customer's language and zone.

Weekday and month names, zone labels and sentence shapes are data in `texts.yaml` (`support_*`);
this module only picks the zone (the customer's, from the phone number when it has one) and fills
the blanks; a day and time after a preposition is inflected by `knowledge.grammar`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import holidays as holidays_pkg
import phonenumbers
from phonenumbers import timezone as phone_zones

from bot.core.workspaces import Workspace
from handlers.texts import has_text, text
from knowledge.grammar.compose import with_preposition

HOLIDAY_LANGS = {"he": "he", "ru": "ru", "en": "en_US"}


def customer_zone(workspace: Workspace, phone: str | None) -> ZoneInfo:
    """The customer's zone when the number's country has a single one, else the workspace's."""
    if phone:
        try:
            zones = phone_zones.time_zones_for_number(phonenumbers.parse(phone))
        except phonenumbers.NumberParseException:
            zones = ()
        if len(zones) == 1 and zones[0] != "Etc/Unknown":
            return ZoneInfo(zones[0])
    return workspace.tz


def zone_label(zone: ZoneInfo, moment: datetime, lang: str) -> str:
    key = f"support_tz_{zone.key}"
    if has_text(key):
        return text(key, lang)
    offset = moment.astimezone(zone).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


@dataclass(frozen=True)
class Moment:
    """A day and time said in `lang`: plain ("Wednesday 22 November at 08:30") or after a preposition.

    Sentences write the preposition as the blank's spec (`{when:с}`, `{when:מ}`, `{when:from}`), so
    Russian gets "со среды, 22 ноября, с 08:30" and Hebrew "מיום רביעי", never "с среда".
    """

    moment: datetime
    lang: str
    zone: ZoneInfo
    home: ZoneInfo | None = None  # the business's zone, said beside the customer's when the clocks differ

    def _values(self) -> dict[str, object]:
        local = self.moment.astimezone(self.zone)
        weekdays = text("support_weekdays", self.lang).split(",")
        months = text("support_months", self.lang).split(",")
        zone = zone_label(self.zone, local, self.lang)
        if self.home is not None and self.home.key != self.zone.key:
            there = self.moment.astimezone(self.home)
            if there.strftime("%H:%M") != local.strftime("%H:%M"):
                # "10:00 (Israel time, 11:00 Moscow time)": the hours the business publishes are in its own zone
                zone = text("support_zone_both", self.lang, zone=zone, time=there.strftime("%H:%M"),
                            home=zone_label(self.home, there, self.lang))
        return {"weekday": weekdays[local.weekday()].strip(), "day": local.day,
                "month": months[local.month - 1].strip(), "time": local.strftime("%H:%M"), "zone": zone}

    def __str__(self) -> str:
        return text("support_when", self.lang, **self._values())

    def __format__(self, spec: str) -> str:
        return self.after(spec) if spec else str(self)

    def after(self, preposition: str) -> str:
        values = self._values()
        values["weekday"] = with_preposition(str(values["weekday"]), preposition)
        if self.lang == "ru":  # the hour takes the same preposition: "со среды ... с 08:30"
            values["time"] = with_preposition(str(values["time"]), preposition)
        return text("support_when_after", self.lang, **values)


def say_when(moment: datetime, lang: str, zone: ZoneInfo, home: ZoneInfo | None = None) -> Moment:
    """'Sunday 22 November at 08:30 (Israel time)' in `lang`, in `zone`; see `Moment`. With `home` (the
    business's zone) the time there is said too when it differs: the customer compares it with the published
    hours ("11:00-18:00 Moscow time")."""
    return Moment(moment, lang, zone, home)


def say_date(day: date, lang: str) -> str:
    months = text("support_months", lang).split(",")
    return text("support_date", lang, day=day.day, month=months[day.month - 1].strip(), year=day.year)


def holiday_name(workspace: Workspace, day: date, lang: str, fallback: str) -> str:
    """The holiday's name in `lang` where the calendar has it, else the English name."""
    country = workspace.holidays.country
    if country is None:
        return fallback
    calendar = holidays_pkg.country_holidays(country, years=day.year)
    language = HOLIDAY_LANGS.get(lang, "en_US")
    if language not in calendar.supported_languages:
        return fallback
    return holidays_pkg.country_holidays(country, years=day.year, language=language).get(day) or fallback


def plan_name(workspace: Workspace, plan_id: str, lang: str) -> str:
    plan = workspace.plans.get(plan_id)
    if plan is None:
        return plan_id
    return plan.name.get(lang) or plan.name.get("en") or plan_id


def plans_with_person(workspace: Workspace, lang: str) -> str:
    return ", ".join(plan_name(workspace, pid, lang) for pid, plan in workspace.plans.items() if plan.human)
