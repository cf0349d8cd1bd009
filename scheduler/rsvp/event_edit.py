"""Changing an event, and the rule that an event is in the future (deleting one: event_delete.py).

A past date is almost always a typo of the year (2025 for 2026): accepting it would send nothing and
let retention delete the event with its guests.
Shared by the web console, the API and the CLI.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session

from bot.core.models import Event, EventType
from bot.core.workspaces import Workspace
from bot.core.workspaces.schema import check_timezone
from scheduler.rsvp.errors import DuplicateEvent, RsvpError
from scheduler.rsvp.events import check_future, find_duplicate, venue_key


class EventChanges(BaseModel):
    """An event's editable facts; a naive `starts_at` is read in `timezone`."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    type: EventType = EventType.wedding
    starts_at: datetime
    timezone: str = "Asia/Jerusalem"
    venue: str = Field(min_length=1, max_length=200)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return check_timezone(value)

    @field_validator("title", "venue")
    @classmethod
    def _stripped(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    def aware_start(self) -> datetime:
        if self.starts_at.tzinfo is None:
            return self.starts_at.replace(tzinfo=ZoneInfo(self.timezone))
        return self.starts_at


def update_event(session: Session, workspace: Workspace, event: Event, changes: EventChanges, *,
                 now: datetime, lang: str | None = None) -> Event:
    """Apply the changes; the date must be in the future and the venue/date not another account's event."""
    starts_at = changes.aware_start()
    if starts_at != event.starts_at:
        check_future(starts_at, changes.timezone, now, lang or workspace.default_language)
    key = venue_key(changes.venue)
    if not key:
        raise RsvpError("venue must contain letters or digits", code="bad_venue")
    duplicate = find_duplicate(session, workspace, event.account_id, starts_at, changes.timezone, key)
    if duplicate is not None and duplicate.id != event.id:
        raise DuplicateEvent(f"another account has an event at {changes.venue} on that date")
    event.title, event.type, event.venue, event.venue_key = changes.title, changes.type.value, changes.venue, key
    event.starts_at, event.timezone = starts_at, changes.timezone
    session.add(event)
    session.flush()
    return event
