"""Business hours of a workspace: open now?, the next opening, and minutes that count as business time.

Hours are weekly spans in the workspace's time zone (or 24/7); public holidays from the `holidays`
package close whole civil dates in that zone (Yom Kippur closes 00:00-24:00 local time). The package
lists no eves, so an eve is computed: the local date before a holiday that closes, unless that date
closes itself (the first day of Rosh Hashanah is the eve of the second, and stays closed). On an eve
the workspace's `hours.holiday_eve` short day applies (default: its Friday hours), intersected with
the day's own hours, so an eve ends the day early but never opens a day that is normally closed.
Chol HaMoed is not a public holiday in the package: its days are ordinary, except the last one, which
is the eve of the seventh day of Pesach / Simchat Torah. Every answer (open now, next opening,
business minutes for the SLA, announcing queued tickets) goes through `_day_spans`, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays as holidays_pkg

from bot.core.workspaces import Workspace
from bot.core.workspaces.schema import DAYS, HolidayRules, TimeSpan

SEARCH_DAYS = 400  # how far ahead to look for an opening before saying "never"
_END_OF_DAY = time(23, 59)


@lru_cache(maxsize=64)
def _calendar(country: str, year: int) -> dict[date, str]:
    """The country's public holidays for one year, with English names (stable for `only:` matching)."""
    calendar = holidays_pkg.country_holidays(country, years=year, language="en_US")
    return dict(calendar.items())


def closing_holiday(rules: HolidayRules, day: date) -> str | None:
    """The name of the holiday that closes human support on this local date, if any."""
    if rules.country is None or rules.closed == "none":
        return None
    name = _calendar(rules.country, day.year).get(day)
    if name is None:
        return None
    if rules.closed == "all":
        return name
    wanted = [item.casefold() for item in rules.only]
    return name if any(item in name.casefold() for item in wanted) else None


def holiday_eve(rules: HolidayRules, day: date) -> str | None:
    """The closing holiday that begins on the evening of this local date (the date is its eve), if any."""
    if closing_holiday(rules, day) is not None:
        return None
    return closing_holiday(rules, day + timedelta(days=1))


Span = tuple[datetime, datetime]


def _spans(workspace: Workspace, day: date, spans: list[TimeSpan]) -> list[Span]:
    """Weekly-style spans placed on one local date, in UTC (so arithmetic is exact across DST)."""
    tz = workspace.tz
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    out = []
    for span in spans:
        start = datetime.combine(day, span.start, tzinfo=tz)
        end = next_midnight if span.end == _END_OF_DAY else datetime.combine(day, span.end, tzinfo=tz)
        out.append((start.astimezone(UTC), end.astimezone(UTC)))
    return out


def _whole_day(workspace: Workspace, day: date) -> list[Span]:
    tz = workspace.tz
    midnight = datetime.combine(day, time(0), tzinfo=tz)
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return [(midnight.astimezone(UTC), next_midnight.astimezone(UTC))]


def _weekly_spans(workspace: Workspace, day: date, weekday: str) -> list[Span]:
    """The spans the weekly hours give `weekday` (a DAYS name), placed on the date `day`."""
    if workspace.hours.always:
        return _whole_day(workspace, day)
    return _spans(workspace, day, workspace.hours.week.get(weekday, []))


def _eve_limit(workspace: Workspace, day: date) -> list[Span] | None:
    """The hours `holiday_eve` allows on an eve (None: no limit, eves are ordinary days)."""
    rule = workspace.hours.holiday_eve
    if rule == "regular":
        return None
    if isinstance(rule, str):  # a day name: the eve is worked like that day (default fri)
        return _weekly_spans(workspace, day, rule)
    return _spans(workspace, day, rule)


def _intersect(spans: list[Span], limit: list[Span]) -> list[Span]:
    out = [(max(a, c), min(b, d)) for a, b in spans for c, d in limit]
    return sorted((lo, hi) for lo, hi in out if lo < hi)


def _day_spans(workspace: Workspace, day: date) -> list[Span]:
    """Open intervals of one local date, in UTC; empty on a holiday, cut to the short day on its eve."""
    if closing_holiday(workspace.holidays, day) is not None:
        return []
    spans = _weekly_spans(workspace, day, DAYS[day.weekday()])
    if spans and holiday_eve(workspace.holidays, day) is not None:
        limit = _eve_limit(workspace, day)
        if limit is not None:
            spans = _intersect(spans, limit)
    return spans


def open_intervals(workspace: Workspace, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Open intervals overlapping [start, end), clipped to it, in order."""
    day = start.astimezone(workspace.tz).date() - timedelta(days=1)
    last = end.astimezone(workspace.tz).date()
    while day <= last:
        for a, b in _day_spans(workspace, day):
            lo, hi = max(a, start), min(b, end)
            if lo < hi:
                yield lo, hi
        day += timedelta(days=1)


def is_open(workspace: Workspace, now: datetime) -> bool:
    """Whether a person is on duty at `now` (weekly hours, minus closing holidays, eves cut short)."""
    return any(a <= now < b for a, b in _day_spans(workspace, now.astimezone(workspace.tz).date()))


def next_opening(workspace: Workspace, now: datetime) -> datetime | None:
    """`now` if open, else the start of the next open interval (in the workspace's zone); None if never."""
    local_day = now.astimezone(workspace.tz).date()
    for offset in range(SEARCH_DAYS):
        for a, b in _day_spans(workspace, local_day + timedelta(days=offset)):
            if a <= now < b:
                return now.astimezone(workspace.tz)
            if a > now:
                return a.astimezone(workspace.tz)
    return None


def business_minutes_between(workspace: Workspace, start: datetime, end: datetime) -> float:
    """Minutes of open time between two instants (0 when end is not after start)."""
    if end <= start:
        return 0.0
    return sum((b - a).total_seconds() for a, b in open_intervals(workspace, start, end)) / 60


def add_business_minutes(workspace: Workspace, start: datetime, minutes: float) -> datetime | None:
    """The instant when `minutes` of open time have passed since `start`; None if hours never open."""
    remaining = timedelta(minutes=minutes)
    day = start.astimezone(workspace.tz).date() - timedelta(days=1)
    for _ in range(SEARCH_DAYS + 2):
        for a, b in _day_spans(workspace, day):
            lo = max(a, start)
            if lo >= b:
                continue
            if lo + remaining <= b:
                return (lo + remaining).astimezone(workspace.tz)
            remaining -= b - lo
        day += timedelta(days=1)
    return None
