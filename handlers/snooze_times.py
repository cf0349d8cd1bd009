"""When a snooze ends: the inbox's presets, read in the workspace's own time zone and business hours.

"In an hour" is an hour from now; "tomorrow morning" is the workspace's first opening on or after
tomorrow (its YAML `hours` and holidays, handlers.hours), so a snooze on Thursday in Israel wakes on
Sunday morning, not on Friday when nobody is there. A workspace open around the clock wakes at 09:00.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.core.workspaces import Workspace
from handlers.hours import next_opening

PRESETS = ("hour", "morning")
FALLBACK_MORNING = time(9, 0)


def tomorrow_morning(workspace: Workspace, now: datetime) -> datetime:
    """The first opening on or after tomorrow 00:00 in the workspace's zone (09:00 if always open)."""
    local = now.astimezone(workspace.tz)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0, 0), tzinfo=workspace.tz)
    opening = next_opening(workspace, midnight)
    if opening is None or opening.timetz().replace(tzinfo=None) == time(0, 0):
        return datetime.combine(midnight.date(), FALLBACK_MORNING, tzinfo=workspace.tz)
    return opening


def snooze_until(workspace: Workspace, preset: str, now: datetime) -> datetime | None:
    """The time a preset ends at; None for an unknown preset (then the snooze lasts until the customer writes)."""
    if preset == "hour":
        return now + timedelta(hours=1)
    if preset == "morning":
        return tomorrow_morning(workspace, now)
    return None
