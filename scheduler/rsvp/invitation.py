"""What a guest's invitation page shows beside the form: the Hebrew date, map links, a calendar entry.

The Hebrew date comes from pyluach (a Jewish-calendar library; an evening event still shows the civil
day's Hebrew date, as invitations print it). The calendar entry is a standard iCalendar file
(icalendar), so "add to calendar" works on phones without any account.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from pyluach import dates

from bot.core.models import Event

EVENT_LENGTH = timedelta(hours=5)  # the entry's end; invitations rarely give one


def hebrew_date(event: Event) -> str:
    """"ג׳ אדר ב׳ תשפ״ז" for the event's local civil date."""
    local = event.starts_at.astimezone(ZoneInfo(event.timezone)).date()
    return dates.GregorianDate(local.year, local.month, local.day).to_heb().hebrew_date_string()


def map_links(venue: str) -> dict[str, str]:
    query = quote_plus(venue)
    return {"waze": f"https://waze.com/ul?q={query}&navigate=yes",
            "google": f"https://www.google.com/maps/search/?api=1&query={query}"}


def calendar_file(event: Event, title: str, uid: str, now: datetime, location: str | None = None) -> bytes:
    """One VEVENT for the event, times in UTC (every calendar app converts to its own zone); `location`: the
    venue in the guest's language (default: the event's venue)."""
    from icalendar import Calendar  # on the first download, not in every process's start-up
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//messaging-back-office//rsvp//EN")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    entry.add("uid", uid)
    entry.add("dtstamp", now)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.starts_at + EVENT_LENGTH)
    entry.add("summary", title)
    entry.add("location", location or event.venue)
    calendar.add_component(entry)
    return calendar.to_ical()
