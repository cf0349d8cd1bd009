"""The `events:` block of a conversation-story file, created through the owner API's own code.

Events go through `create_event` (duplicate rule included) and guests through the import checks,
so a story cannot set up a guest the real product would refuse (a landline, a bad number).
Statuses and party sizes are then set as the owner's table would hold them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, select

from bot.core.models import Guest, GuestStatus
from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import RsvpError
from scheduler.rsvp.events import EventIn, OwnerIn, account_of, create_event
from scheduler.rsvp.guest_import import ImportPreview, apply_import, validate_records

STORY_OWNER = OwnerIn(name="Story owner", phone="+972522000098")


class StoryGuest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phone: str
    name: str
    status: GuestStatus = GuestStatus.message_sent
    party_size: int | None = Field(default=None, ge=0)
    invited: int | None = Field(default=None, ge=1)
    language: Literal["he", "en", "ru"] | None = None
    group: str | None = None
    table: str | None = None


class StoryOwner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = STORY_OWNER.name
    phone: str = STORY_OWNER.phone
    plan: str = "free"
    package_bought: bool = False


class StoryEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str
    type: Literal["wedding", "private", "business"] = "wedding"
    date: datetime
    venue: str
    title: str = ""
    timezone: str | None = None
    owner: StoryOwner = StoryOwner()
    guests: list[StoryGuest] = Field(default_factory=list)


def load_story_events(session: Session, workspace: Workspace, events: list[dict[str, Any]], now: datetime) -> None:
    """Create each event and its guests; a bad entry raises ValueError naming it."""
    for index, raw in enumerate(events, start=1):
        try:
            spec = StoryEvent.model_validate(raw)
            _load_one(session, workspace, spec, now)
        except (ValidationError, RsvpError) as exc:
            raise ValueError(f"events[{index}]: {exc}") from exc


def _load_one(session: Session, workspace: Workspace, spec: StoryEvent, now: datetime) -> None:
    event = create_event(session, workspace, EventIn(
        key=spec.id, type=spec.type, title=spec.title, starts_at=spec.date, venue=spec.venue,
        timezone=spec.timezone or workspace.timezone,
        owner=OwnerIn(name=spec.owner.name, phone=spec.owner.phone)), lang="en")
    account = account_of(session, event)
    account.plan, account.package_bought = spec.owner.plan, spec.owner.package_bought
    records = [(number, {"name": g.name, "phone": g.phone, "invited": g.invited or g.party_size or 1,
                         "language": g.language, "group": g.group, "table": g.table})
               for number, g in enumerate(spec.guests, start=2)]
    rows = validate_records(session, workspace, event, records, "en")
    bad = [f"guest {r.row - 1}: {'; '.join(e.message for e in r.errors)}" for r in rows if r.errors]
    if bad:
        raise ValueError(f"event {spec.id}: " + " | ".join(bad))
    apply_import(session, workspace, event, ImportPreview(rows=rows), now, "en")
    by_phone = {g.phone: g for g in session.exec(select(Guest).where(Guest.event_id == event.id)).all()}
    for row, guest_spec in zip(rows, spec.guests, strict=True):
        guest = by_phone[row.phone or ""]
        guest.status = guest_spec.status.value
        if guest_spec.party_size is not None:
            guest.party_size = guest_spec.party_size
        if guest_spec.status not in (GuestStatus.not_invited, GuestStatus.message_sent):
            guest.answered_at, guest.answer_source = now, "owner"
    session.flush()
