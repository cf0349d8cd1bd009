"""Business hours of a workspace: open now?, the next opening, and minutes that count as business time.

Hours are weekly spans in the workspace's time zone (or 24/7); public holidays from the `holidays`
package close whole civil dates in that zone. Decision: a Jewish holiday is closed for its whole
civil date only, not from the previous evening (the package marks the date, and owners who want
the eve closed can list it as a span-free day later); so Yom Kippur closes 00:00-24:00 local time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays as holidays_pkg

from bot.workspaces import Workspace
from bot.workspaces.schema import DAYS, HolidayRules

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


def _day_spans(workspace: Workspace, day: date) -> list[tuple[datetime, datetime]]:
    """Open intervals of one local date, in UTC (so arithmetic is exact across DST); empty on a holiday."""
    if closing_holiday(workspace.holidays, day) is not None:
        return []
    tz = workspace.tz
    midnight = datetime.combine(day, time(0), tzinfo=tz)
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    if workspace.hours.always:
        return [(midnight.astimezone(UTC), next_midnight.astimezone(UTC))]
    spans = []
    for span in workspace.hours.week.get(DAYS[day.weekday()], []):
        start = datetime.combine(day, span.start, tzinfo=tz)
        end = next_midnight if span.end == _END_OF_DAY else datetime.combine(day, span.end, tzinfo=tz)
        spans.append((start.astimezone(UTC), end.astimezone(UTC)))
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
    """Whether a person is on duty at `now` (weekly hours, minus closing holidays)."""
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
