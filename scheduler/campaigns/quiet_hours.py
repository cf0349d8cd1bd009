"""When campaign messages may not go out: nights, Shabbat and holidays, in the workspace's time zone.

A send time inside a quiet period is refused with the next allowed time (scheduling), and a dispatch
that reaches one pauses until it ends. Shabbat runs from Friday `shabbat_from` to Saturday
`shabbat_until`; a holiday (the `holidays` package's calendar for the workspace country) the same way,
from its eve at `shabbat_from` to `shabbat_until` on the day, so two-day holidays block both days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays as holiday_calendars

from scheduler.campaigns.rules import CampaignRules

FRIDAY, SATURDAY = 4, 5


@lru_cache(maxsize=32)
def _holidays(country: str, year: int) -> dict[date, str]:
    return dict(holiday_calendars.country_holidays(country, years=year).items())


def holiday_name(country: str, day: date) -> str | None:
    return _holidays(country, day.year).get(day)


def _at(day: date, clock: time, rules: CampaignRules) -> datetime:
    return datetime.combine(day, clock, tzinfo=rules.tz)


def _quiet_window(rules: CampaignRules, at: datetime) -> tuple[str, datetime] | None:
    """(reason, when that quiet period ends) if `at` falls inside one."""
    local = at.astimezone(rules.tz)
    day, clock = local.date(), local.time()
    if rules.quiet_start is not None and rules.quiet_end is not None and rules.quiet_start != rules.quiet_end:
        start, end = rules.quiet_start, rules.quiet_end
        if start > end:  # wraps midnight: 22:00-08:00
            if clock >= start:
                return "night", _at(day + timedelta(days=1), end, rules)
            if clock < end:
                return "night", _at(day, end, rules)
        elif start <= clock < end:
            return "night", _at(day, end, rules)
    if rules.shabbat:
        if local.weekday() == FRIDAY and clock >= rules.shabbat_from:
            return "shabbat", _at(day + timedelta(days=1), rules.shabbat_until, rules)
        if local.weekday() == SATURDAY and clock < rules.shabbat_until:
            return "shabbat", _at(day, rules.shabbat_until, rules)
    if rules.holidays_country:
        today = holiday_name(rules.holidays_country, day)
        if today and clock < rules.shabbat_until:
            return f"holiday: {today}", _at(day, rules.shabbat_until, rules)
        tomorrow = holiday_name(rules.holidays_country, day + timedelta(days=1))
        if tomorrow and clock >= rules.shabbat_from:
            return f"holiday eve: {tomorrow}", _at(day + timedelta(days=1), rules.shabbat_until, rules)
    return None


def quiet_reason(rules: CampaignRules, at: datetime) -> str | None:
    """Why `at` is quiet ("night", "shabbat", "holiday: Yom Kippur"...), or None when sending is allowed."""
    window = _quiet_window(rules, at)
    return window[0] if window else None


def next_allowed(rules: CampaignRules, at: datetime) -> datetime:
    """The first moment at or after `at` when sending is allowed (UTC-aware, as given)."""
    current = at
    for _ in range(64):  # each step jumps to the end of one period; a week of holidays is a handful
        window = _quiet_window(rules, current)
        if window is None:
            return current
        current = window[1]
    raise RuntimeError("no allowed send time found within 64 quiet periods; check rsvp.quiet_hours")
