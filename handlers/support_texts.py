"""Support sentences that need dates, plans and holidays said in the customer's language and zone.

Weekday and month names, zone labels and sentence shapes are data in `texts.yaml` (`support_*`);
this module only picks the zone (the customer's, from the phone number when it has one) and fills
the blanks.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import holidays as holidays_pkg
import phonenumbers
from phonenumbers import timezone as phone_zones

from bot.core.workspaces import Workspace
from handlers.texts import has_text, text

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


def say_when(moment: datetime, lang: str, zone: ZoneInfo) -> str:
    """'Sunday 22 November at 08:30 (Israel time)' in `lang`, in `zone`."""
    local = moment.astimezone(zone)
    weekdays = text("support_weekdays", lang).split(",")
    months = text("support_months", lang).split(",")
    return text("support_when", lang, weekday=weekdays[local.weekday()].strip(), day=local.day,
                month=months[local.month - 1].strip(), time=local.strftime("%H:%M"),
                zone=zone_label(zone, local, lang))


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
